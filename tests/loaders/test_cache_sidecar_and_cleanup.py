"""The refresh cache's sidecar is text a person can read and diff, and cleaning up after a write never fails it."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest

from loaders.store import cache
from tests.loaders.test_cache import records, write


def test_the_sidecar_has_one_key_a_line_in_sorted_order(tmp_path):
    text = write(tmp_path).read_text(encoding="utf-8")
    assert re.findall(r'^ "(\w+)":', text, flags=re.MULTILINE) == [
        "data_file", "key", "request", "retrieved_at", "rows", "schema_version", "sha256", "source", "urls"]


def test_a_failed_sidecar_write_reports_its_own_error_when_its_data_file_is_already_gone(tmp_path, monkeypatch):
    real_write = cache._write_durably

    def data_lost_then_sidecar_fails(path, data):
        if path.suffix == ".json":
            for written in path.parent.glob("*.parquet"):
                written.unlink()
            raise OSError("disk full")
        real_write(path, data)

    monkeypatch.setattr(cache, "_write_durably", data_lost_then_sidecar_fails)
    with pytest.raises(OSError, match="^disk full$"):
        write(tmp_path)


def test_a_superseded_data_file_someone_already_removed_does_not_fail_the_write(tmp_path, monkeypatch):
    write(tmp_path, records(date(2026, 1, 5)))
    real_previous = cache._previous

    def previous_then_removed(sidecar):
        entry = real_previous(sidecar)
        (sidecar.parent / entry.meta["data_file"]).unlink()
        return entry

    monkeypatch.setattr(cache, "_previous", previous_then_removed)
    sidecar = write(tmp_path, records(date(2026, 11, 28)))
    assert json.loads(sidecar.read_text(encoding="utf-8"))["rows"] == 4  # both vintages, two rows each
