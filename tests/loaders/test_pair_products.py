"""A pair's product rows from the product store join the dataset: only its partitions are read, no figure twice."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from loaders.query import Query
from loaders.schema import validate_records
from loaders.store.bulk_ingest import ingest_folder
from loaders.store.bulk_store import write_pair_rows
from loaders.store.dataset import load_dataset
from loaders.store.pair_products import pair_product_rows, pair_store_signature, with_store_products
from loaders.views import run_view
from tests.unit.gap_snapshot import rec

BULK_GOOD = Path(__file__).resolve().parent / "fixtures" / "comtrade_bulk" / "good"
PAIR = ("ARM", "KAZ")


def store_of(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    ingest_folder(BULK_GOOD, store)
    return store


def test_only_the_pairs_partitions_are_read(tmp_path):
    store = store_of(tmp_path)
    alien = store / "year=2023" / "reporter=DEU"
    alien.mkdir(parents=True)
    (alien / "part-0.parquet").write_bytes(b"not parquet: reading it would fail")
    to_germany = rec("ARM", "export", "2023", 7e6, hs="87", source="comtrade") | {"partner": "DEU"}
    write_pair_rows(store, validate_records(pd.DataFrame([to_germany]), origin="test"), "2")  # ARM's partition
    rows = pair_product_rows(store, PAIR)
    assert set(rows["reporter"]) == {"ARM", "KAZ"} and set(rows["partner"]) == {"ARM", "KAZ"}
    assert (rows["hs_code"] != "TOTAL").all() and len(rows) == 25 - 9  # hand count: the fixture rows less the TOTAL ones
    assert pair_product_rows(tmp_path / "nowhere", PAIR).empty


def test_the_signature_follows_the_pairs_files_only(tmp_path):
    store = store_of(tmp_path)
    before = pair_store_signature(store, PAIR)
    (store / "year=2023" / "reporter=DEU").mkdir(parents=True)
    (store / "year=2023" / "reporter=DEU" / "part-0.parquet").write_bytes(b"x")
    assert pair_store_signature(store, PAIR) == before
    (store / "year=2023" / "reporter=KAZ" / "refresh-ARM-A-hs2.parquet").write_bytes(b"x")
    assert pair_store_signature(store, PAIR) != before


def test_a_publication_already_in_the_records_is_not_added_again(tmp_path):
    store_rows = pair_product_rows(store_of(tmp_path), PAIR)
    records = store_rows[store_rows["reporter"] == "ARM"].reset_index(drop=True)
    merged = with_store_products(records, store_rows)
    assert len(merged) == len(store_rows)  # the ARM rows once, the KAZ rows added
    assert merged.duplicated().sum() == 0


def test_the_products_view_compares_the_stores_lines(tmp_path):
    dataset = load_dataset(cache_folder=tmp_path / "cache", pair=PAIR, store=store_of(tmp_path))
    out = run_view("products", dataset, Query()).set_index(["year", "hs_code"])
    arm_to_kaz = out[out["direction"] == "ARM→KAZ"]
    # 2022: KAZ itemises HS2 only (CIF 550k and FOB 540k: CIF compared); ARM's annual rows win over its months
    assert arm_to_kaz.loc[(2022, "87"), ["x_value_usd", "m_value_usd", "gap_usd"]].tolist() == [5e5, 5.5e5, 5e4]
    # 2023 at HS6, both sides' finest: 870323 340k − 300k; 870324 0 − 200k
    assert arm_to_kaz.loc[2023, "gap_usd"].to_dict() == {"870323": 4e4, "870324": -2e5}
    assert arm_to_kaz.loc[(2023, "870324"), "explains_most"]
    assert (arm_to_kaz["x_source"] == "comtrade").all()
    assert pd.Timestamp("2024-05-01") in set(arm_to_kaz["x_vintage"])
