"""Dataset assembly: bundled snapshot plus valid cache entries, every source and vintage kept, bad entries skipped."""
from __future__ import annotations

import json
import pickle
import time
from datetime import UTC, date, datetime

import pandas as pd

from loaders.store import cache
from loaders.store.dataset import Dataset, load_dataset
from loaders.store.snapshot import read_snapshot
from tests.loaders.test_cache import records


def cached(folder, frame: pd.DataFrame, key: str = "ARM-KAZ_M_HS4") -> None:
    cache.write_entry(frame, source="comtrade", key=key, urls=["https://comtradeapi.un.org/x"],
                      retrieved_at=datetime(2026, 11, 28, tzinfo=UTC), request={}, folder=folder)


def bundled_8703_row() -> pd.DataFrame:
    snapshot = read_snapshot()
    rows = snapshot.records[(snapshot.records["source"] == "comtrade") & (snapshot.records["hs_code"] == "8703")]
    return rows.head(1)


def test_without_a_cache_the_dataset_is_the_snapshot(tmp_path):
    dataset = load_dataset(cache_folder=tmp_path / "absent")
    assert isinstance(dataset, Dataset) and dataset.cache_problems == ()
    pd.testing.assert_frame_equal(dataset.records, read_snapshot().records)


def test_cached_records_are_added_and_the_same_figure_is_kept_per_vintage(tmp_path):
    again = bundled_8703_row().assign(vintage=pd.Timestamp(2026, 11, 28), note="refetched")
    cached(tmp_path, again)
    dataset = load_dataset(cache_folder=tmp_path)
    snapshot = read_snapshot()
    assert len(dataset.records) == len(snapshot.records) + 1
    same = dataset.records.merge(bundled_8703_row()[["reporter", "partner", "flow", "period_start", "hs_code",
                                                     "value_usd"]])
    assert sorted(same["vintage"].dt.strftime("%Y-%m-%d")) == ["2024-01-19", "2026-11-28"]
    assert dataset.records.dtypes.equals(snapshot.records.dtypes)


def test_several_entries_and_sources_merge(tmp_path):
    cached(tmp_path, records(date(2026, 11, 28)), key="ARM-KAZ_A_TOTAL")
    cache.write_entry(records(date(2026, 11, 20)).assign(source="imf_imts"), source="imf_imts",
                      key="ARM-KAZ_A_TOTAL", urls=[], retrieved_at=datetime(2026, 11, 20, tzinfo=UTC),
                      request={}, folder=tmp_path)
    dataset = load_dataset(cache_folder=tmp_path)
    fresh = dataset.records[dataset.records["vintage"] >= pd.Timestamp(2026, 11, 1)]
    assert sorted(fresh["source"]) == ["comtrade", "comtrade", "imf_imts", "imf_imts"]


def test_a_bad_entry_is_skipped_with_its_reason_and_the_rest_still_loads(tmp_path):
    cached(tmp_path, records(), key="ARM-KAZ_A_TOTAL")
    cached(tmp_path, bundled_8703_row().assign(vintage=pd.Timestamp(2026, 11, 28)), key="ARM-KAZ_M_HS4")
    sidecar = tmp_path / "comtrade" / "ARM-KAZ_M_HS4.json"
    (sidecar.parent / json.loads(sidecar.read_text())["data_file"]).write_bytes(b"PAR1")
    (tmp_path / "comtrade" / "evil.pkl").write_bytes(pickle.dumps({"boom": 1}))
    dataset = load_dataset(cache_folder=tmp_path)
    assert len(dataset.records) == len(read_snapshot().records) + 2
    assert len(dataset.cache_problems) == 1 and "ARM-KAZ_M_HS4" in dataset.cache_problems[0]


def test_the_cache_folder_defaults_to_trade_cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADE_CACHE_DIR", str(tmp_path))
    cached(tmp_path, records(), key="ARM-KAZ_A_TOTAL")
    assert len(load_dataset().records) == len(read_snapshot().records) + 2


def test_loading_stays_cheap(tmp_path):
    cached(tmp_path, records(), key="ARM-KAZ_A_TOTAL")
    load_dataset(cache_folder=tmp_path)
    started = time.perf_counter()
    load_dataset(cache_folder=tmp_path / "absent")
    bundled = time.perf_counter() - started
    started = time.perf_counter()
    load_dataset(cache_folder=tmp_path)
    with_cache = time.perf_counter() - started
    # NB a ratio to the same machine's bundled load, 10x plus 1 s of slack: a loaded machine slows both loads alike,
    # so this cannot flake (it measured 2.6 s against 1.7 s on a busy 2-core machine), but an order-of-magnitude slip
    # (the snapshot parsed again for a cache entry) still fails it. Speed itself is measured by benchmarks/run.py.
    assert with_cache < 10 * bundled + 1.0
