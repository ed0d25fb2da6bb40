"""The refresh cache's commit point is its sidecar: the data file is written first, so a failed data write leaves no
sidecar naming a file that is not there, and an earlier entry stays as it was."""
from __future__ import annotations

import os
from datetime import date

import pytest

from loaders.store import cache
from tests.loaders.conftest import fail_replacing, folder_hash
from tests.loaders.test_cache import records, write


def test_a_failed_data_write_leaves_no_sidecar(tmp_path, monkeypatch):
    fail_replacing(monkeypatch, ".parquet")
    with pytest.raises(OSError):
        write(tmp_path)
    assert list((tmp_path / "comtrade").glob("*.json")) == []
    assert cache.read_entries(tmp_path) == ([], [])


@pytest.mark.parametrize("failing", [".parquet", ".json"])  # the data file, then the sidecar
def test_a_failed_write_leaves_the_previous_entry_byte_for_byte(tmp_path, monkeypatch, failing):
    write(tmp_path, records(date(2026, 1, 5)))
    before = folder_hash(tmp_path)
    fail_replacing(monkeypatch, failing)
    with pytest.raises(OSError):
        write(tmp_path, records(date(2026, 11, 28)))
    assert folder_hash(tmp_path) == before


def test_the_data_file_is_replaced_before_the_sidecar(tmp_path, monkeypatch):
    real_replace, order = os.replace, []

    def recording_replace(src, dst):
        order.append(os.path.basename(dst).rsplit(".", 1)[1])
        return real_replace(src, dst)

    monkeypatch.setattr(cache.os, "replace", recording_replace)
    write(tmp_path)
    assert order == ["parquet", "json"]
