"""One query, two engines: each world and product query run by DuckDB and by local Spark over the same small store
(one file and the partitioned folder) gives the same rows, floats within a relative 1e-9."""
from __future__ import annotations

import pandas as pd
import pytest

from loaders.schema import RECORD_COLUMNS
from loaders.world import engine, product_queries, queries

pytestmark = pytest.mark.spark

MARGIN = 0.06
# NB ten countries: a reliability needs a few genuine partners here, not the real data's ten
MIN_PARTNERS = 3
QUERIES = {
    "world": lambda records: queries.world(records, None, MARGIN),
    "world 2020": lambda records: queries.world(records, (2020, 2020), MARGIN),
    "reporters": lambda records: queries.reporters(queries.world(records, None, MARGIN), MIN_PARTNERS),
    "genuine gaps": lambda records: queries.genuine_gaps(queries.world(records, None, MARGIN)),
    "pair rows": lambda records: queries.pair_rows(records, "ARM", "KAZ").select(*RECORD_COLUMNS),
    "product mirror": lambda records: product_queries.product_mirror(records, "ARM", "KAZ"),
    "product mirror HS4": lambda records: product_queries.product_mirror(records, "TUR", "GEO", (2020, 2020), 4),
    "explaining products": lambda records: product_queries.explaining_products(
        product_queries.product_mirror(records, "CHN", "DEU")),
    "largest product gaps": lambda records: product_queries.largest_product_gaps(records, 2020, limit=5),
}


def run(query: str, layout: str, stores, engine_name: str, monkeypatch) -> pd.DataFrame:
    monkeypatch.setenv("TRADE_ENGINE", engine_name)
    out = QUERIES[query](engine.read_store(stores[layout])).to_pyarrow().to_pandas()
    return comparable(out)


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in one order (every column a sort key), times as naive microseconds, nulls as NA, keys as plain numbers."""
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.tz_localize(None) if frame[column].dt.tz else frame[column]
            frame[column] = frame[column].astype("datetime64[us]")
        elif pd.api.types.is_integer_dtype(frame[column]) or pd.api.types.is_bool_dtype(frame[column]):
            frame[column] = frame[column].astype("float64")
    return frame.sort_values(list(frame.columns), kind="stable", na_position="last").reset_index(drop=True)


@pytest.mark.parametrize("layout", ["file", "folder"])
@pytest.mark.parametrize("query", sorted(QUERIES))
def test_duckdb_and_spark_give_the_same_rows(query, layout, stores, spark, monkeypatch):
    on_duckdb = run(query, layout, stores, "duckdb", monkeypatch)
    on_spark = run(query, layout, stores, "spark", monkeypatch)
    assert len(on_duckdb) > 0
    pd.testing.assert_frame_equal(on_spark, on_duckdb, check_dtype=False, rtol=1e-9, atol=0.0)


@pytest.mark.parametrize("years", [(2020, 2020), None])
def test_the_world_view_from_the_year_ordered_companion_is_the_same_on_both_engines(years, stores, flows_store, spark,
                                                                                    monkeypatch):
    outs = {}
    for name in ("duckdb", "spark"):
        monkeypatch.setenv("TRADE_ENGINE", name)
        flows = queries.world_of_flows(engine.read_store(flows_store), years, MARGIN)
        outs[name] = comparable(flows.to_pyarrow().to_pandas())
    monkeypatch.setenv("TRADE_ENGINE", "duckdb")
    from_records = comparable(queries.world(engine.read_store(stores["file"]), years, MARGIN).to_pyarrow().to_pandas())
    assert len(from_records) > 0
    pd.testing.assert_frame_equal(outs["duckdb"], from_records, check_dtype=False, rtol=1e-9, atol=0.0)
    pd.testing.assert_frame_equal(outs["spark"], from_records, check_dtype=False, rtol=1e-9, atol=0.0)


def test_both_layouts_hold_the_same_records(stores, frame, monkeypatch):
    monkeypatch.setenv("TRADE_ENGINE", "duckdb")
    counts = {layout: engine.read_store(stores[layout]).count().execute() for layout in stores}
    assert counts == {"file": len(frame), "folder": len(frame)}


def test_spark_reads_the_stores_nanosecond_timestamps_as_the_dates_they_are(stores, frame, spark, monkeypatch):
    monkeypatch.setenv("TRADE_ENGINE", "spark")
    dates = engine.read_store(stores["folder"]).select("period_start", "vintage").distinct().to_pyarrow().to_pandas()
    expected = frame[["period_start", "vintage"]].drop_duplicates()
    assert comparable(dates).equals(comparable(expected.reset_index(drop=True)))
