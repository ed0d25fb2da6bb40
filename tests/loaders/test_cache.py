"""The cache: atomic Parquet + sidecar, verified reads, safe names, vintages kept, never pickle."""
from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from loaders.schema import RECORD_COLUMNS, RecordError
from loaders.sources.comtrade import normalize_records
from loaders.store import cache
from tests.loaders.conftest import FIXTURES

WHEN = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
REQUEST = {"pair": "ARM-KAZ", "years": [2023, 2023], "freq": "A", "hs": "TOTAL"}


def records(day: date = date(2026, 11, 28), name: str = "preview_A_51_398_2023.json") -> pd.DataFrame:
    data = json.loads((FIXTURES / "comtrade" / name).read_text())["data"]
    return normalize_records(data, source_url="https://comtradeapi.un.org/x", retrieved=day)[0]


def write(folder: Path, frame: pd.DataFrame | None = None) -> Path:
    return cache.write_entry(records() if frame is None else frame, source="comtrade", key="ARM-KAZ_A_TOTAL",
                             urls=["https://comtradeapi.un.org/x"], retrieved_at=WHEN, request=REQUEST, folder=folder)


def test_write_then_read_round_trips_with_a_complete_sidecar(tmp_path):
    sidecar = write(tmp_path)
    meta = json.loads(sidecar.read_text())
    data_file = sidecar.parent / meta["data_file"]
    assert meta["sha256"] == hashlib.sha256(data_file.read_bytes()).hexdigest() and meta["rows"] == 2
    assert meta["retrieved_at"] == "2026-11-28T09:30:00+00:00" and meta["urls"] == ["https://comtradeapi.un.org/x"]
    assert meta["request"] == REQUEST and meta["schema_version"] == 1
    entries, problems = cache.read_entries(tmp_path)
    assert problems == [] and len(entries) == 1
    pd.testing.assert_frame_equal(entries[0].records, cache.validate_records(records(), origin="x"))
    assert sorted(p.name for p in sidecar.parent.iterdir()) == sorted([sidecar.name, meta["data_file"]])


def test_a_new_vintage_is_added_and_the_same_vintage_replaced(tmp_path):
    write(tmp_path, records(date(2026, 1, 5)))
    first_file = json.loads((tmp_path / "comtrade" / "ARM-KAZ_A_TOTAL.json").read_text())["data_file"]
    write(tmp_path, records(date(2026, 11, 28)))
    write(tmp_path, records(date(2026, 11, 28)).assign(value_usd=lambda f: f["value_usd"] + 1))
    entry = cache.read_entries(tmp_path)[0][0]
    assert sorted(entry.records["vintage"].dt.strftime("%Y-%m-%d").unique()) == ["2026-01-05", "2026-11-28"]
    latest = entry.records[entry.records["vintage"] == pd.Timestamp(2026, 11, 28)]
    assert sorted(latest["value_usd"]) == [12345679.0, 23456790.0] and len(entry.records) == 4
    assert not (tmp_path / "comtrade" / first_file).exists()  # the superseded data file is gone


@pytest.mark.parametrize("damage, reason", [
    ("truncate", "checksum"),
    ("zero", "empty"),
    ("delete", "missing"),
    ("swap", "checksum"),
    ("sidecar-garbage", "not valid JSON"),
    ("sidecar-version", "schema version"),
    ("sidecar-traversal", "names no valid data file"),
    ("symlink", "symbolic link"),
])
def test_damaged_entries_are_skipped_with_a_reason(tmp_path, damage, reason):
    sidecar = write(tmp_path)
    meta = json.loads(sidecar.read_text())
    data_file = sidecar.parent / meta["data_file"]
    if damage == "truncate":
        data_file.write_bytes(data_file.read_bytes()[:-20])
    elif damage == "zero":
        data_file.write_bytes(b"")
    elif damage == "delete":
        data_file.unlink()
    elif damage == "swap":
        records().assign(value_usd=1.0).to_parquet(data_file)
    elif damage == "sidecar-garbage":
        sidecar.write_text('{"schema_version": 1, ')
    elif damage == "sidecar-version":
        sidecar.write_text(json.dumps(meta | {"schema_version": 2}))
    elif damage == "sidecar-traversal":
        sidecar.write_text(json.dumps(meta | {"data_file": "../../data/records/armstat.csv"}))
    elif damage == "symlink":
        real = tmp_path / "elsewhere.parquet"
        data_file.rename(real)
        data_file.symlink_to(real)
    entries, problems = cache.read_entries(tmp_path)
    assert entries == [] and len(problems) == 1 and reason in problems[0]
    assert "comtrade/ARM-KAZ_A_TOTAL.json" in problems[0]


def test_a_parquet_of_the_wrong_columns_is_refused_even_with_a_matching_checksum(tmp_path):
    sidecar = write(tmp_path)
    meta = json.loads(sidecar.read_text())
    data_file = sidecar.parent / meta["data_file"]
    records().drop(columns="note").to_parquet(data_file)
    sidecar.write_text(json.dumps(meta | {"sha256": hashlib.sha256(data_file.read_bytes()).hexdigest()}))
    problems = cache.read_entries(tmp_path)[1]
    assert len(problems) == 1 and "record columns" in problems[0]


@pytest.mark.parametrize("pair, freq, hs", [
    (("../", "KAZ"), "A", "TOTAL"), (("ARM", "/et"), "A", "TOTAL"), (("ARM", "KAZ"), "A/..", "TOTAL"),
    (("ARM", "KAZ"), "A", "TOTAL/../../x"), (("arm", "KAZ"), "A", "TOTAL"), (("AR\x00", "KAZ"), "A", "TOTAL"),
])
def test_keys_are_built_only_from_validated_codes(pair, freq, hs):
    with pytest.raises(cache.CacheError):
        cache.entry_key(pair, freq, hs)


def test_keys_are_the_same_for_both_orders_of_a_pair():
    assert cache.entry_key(("KAZ", "ARM"), "M", "6") == cache.entry_key(("ARM", "KAZ"), "M", "6") == "ARM-KAZ_M_HS6"


@pytest.mark.parametrize("source, key", [("../x", "ARM-KAZ_A_TOTAL"), ("comtrade", "../../etc/passwd"),
                                         ("comtrade", "/abs"), ("Comtrade", "ARM-KAZ_A_TOTAL")])
def test_write_refuses_names_not_built_from_codes(tmp_path, source, key):
    with pytest.raises(cache.CacheError, match="^refusing a cache name not built from validated codes$"):
        cache.write_entry(records(), source=source, key=key, urls=[], retrieved_at=WHEN, request={}, folder=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_refused_record_is_named_by_the_refresh_it_came_from(tmp_path):
    # the first row is line 2 of the records as a person reads them (after the header)
    with pytest.raises(RecordError, match="^comtrade refresh: row 2, column value_usd: "):
        write(tmp_path, records().assign(value_usd=[-1.0, 5.0]))


def test_the_data_file_holds_exactly_the_record_columns(tmp_path):
    meta = json.loads(write(tmp_path).read_text())
    names = pq.read_schema(tmp_path / "comtrade" / meta["data_file"]).names
    assert names == RECORD_COLUMNS  # no index column for other Parquet readers (DuckDB, pyarrow) to trip on


def test_write_refuses_a_symlinked_cache_folder(tmp_path):
    (tmp_path / "target").mkdir()
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "comtrade").symlink_to(tmp_path / "target")
    with pytest.raises(cache.CacheError, match="symbolic link"):
        write(tmp_path / "cache")
    assert list((tmp_path / "target").iterdir()) == []


def test_the_signature_changes_with_every_write(tmp_path):
    assert cache.signature(tmp_path / "absent") == ()
    write(tmp_path, records(date(2026, 1, 5)))
    first = cache.signature(tmp_path)
    write(tmp_path, records(date(2026, 11, 28)))
    assert first and cache.signature(tmp_path) != first


def test_ages_come_from_the_sidecars(tmp_path):
    assert cache.source_ages(tmp_path) == {}
    write(tmp_path)
    assert cache.source_ages(tmp_path) == {"comtrade": WHEN}


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TRADE_CACHE_DIR", str(tmp_path))
    assert cache.cache_dir() == tmp_path
    monkeypatch.delenv("TRADE_CACHE_DIR")
    assert cache.cache_dir() == Path(cache.__file__).resolve().parents[2] / ".cache"


def test_no_loader_module_can_unpickle():
    sources = "\n".join(p.read_text() for p in Path(cache.__file__).parent.rglob("*.py"))
    unpickling = r"import pickle|pickle\.loads?\(|read_pickle|persist=.disk|import shelve|marshal\.load"
    assert not re.search(unpickling, sources)
