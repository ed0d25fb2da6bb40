"""The snapshot cache's key covers the code that parses and validates records: editing any of it changes the key, so
rows the old rules let through are never served under new rules."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loaders.store import snapshot_cache

LOADERS = Path(snapshot_cache.__file__).resolve().parents[1]
READING_CODE = ["schema.py", "record_model.py", "store/snapshot.py", "store/snapshot_cache.py", "store/world.py"]


@pytest.fixture
def code_copy(tmp_path, monkeypatch) -> Path:
    for name in READING_CODE:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(LOADERS / name, tmp_path / name)
    monkeypatch.setattr(snapshot_cache, "_LOADERS", tmp_path)
    return tmp_path


def test_the_key_is_stable_while_nothing_changes(code_copy):
    assert snapshot_cache.cache_key([]) == snapshot_cache.cache_key([])


@pytest.mark.parametrize("name", READING_CODE)
def test_editing_the_reading_code_changes_the_key(code_copy, name):
    before = snapshot_cache.cache_key([])
    with open(code_copy / name, "a", encoding="utf-8") as handle:
        handle.write("\n# a changed rule\n")
    assert snapshot_cache.cache_key([]) != before


def test_the_variant_changes_the_key(code_copy):
    assert snapshot_cache.cache_key([], "ARM-KAZ") != snapshot_cache.cache_key([], "ARM-KGZ")
