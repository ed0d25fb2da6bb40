"""Any pair of the world store comes out as the usual record frame, so every pair view and export works for it."""
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from loaders.cli import main
from loaders.query import Query
from loaders.store.dataset import load_dataset
from loaders.views import run_view
from loaders.world import queries

ROOT = Path(__file__).resolve().parents[2]
WORLD = ROOT / "data" / "world" / "imf_dots_world.parquet"


def parquet_rows(a, b):
    r, p = ds.field("reporter"), ds.field("partner")
    return pq.read_table(WORLD, filters=((r == a) & (p == b)) | ((r == b) & (p == a))).to_pandas()


def ordered(frame):
    return frame.sort_values(["reporter", "partner", "flow", "period_start"]).reset_index(drop=True)


@pytest.mark.parametrize("pair", [("DEU", "FRA"), ("FIN", "SUN"), ("KGZ", "CHN")])
def test_a_pairs_world_records_are_its_parquet_rows(pair):
    loaded = load_dataset(pair=pair).records
    world = ordered(loaded[(loaded["source"] == "imf_dots") & loaded["reporter"].isin(pair) & loaded["partner"].isin(pair)])
    pd.testing.assert_frame_equal(world, ordered(parquet_rows(*pair)), check_dtype=False)


def test_the_ibis_pair_query_gives_the_same_rows():
    rows = queries.pair_rows(queries.store(WORLD), "FRA", "DEU").to_pandas()
    pd.testing.assert_frame_equal(ordered(rows), ordered(parquet_rows("DEU", "FRA")), check_dtype=False)


def test_armenia_kazakhstan_figures_are_not_counted_twice():
    records = load_dataset(pair=("ARM", "KAZ")).records
    imf = records[records["source"] == "imf_dots"]
    assert not imf.duplicated(["reporter", "partner", "flow", "period_start", "vintage"]).any()
    assert len(imf) == len(pd.read_csv(ROOT / "data" / "records" / "imf_dots.csv"))


def test_the_store_is_not_opened_where_the_small_files_hold_the_pair_and_would_add_nothing(monkeypatch):
    from loaders.store import world

    held = load_dataset(pair=("ARM", "KAZ")).records
    assert len(world.with_world(held, world.pair_table(WORLD.open("rb"), ("ARM", "KAZ")))) == len(held)

    def no_store(*_, **__):
        raise AssertionError("the world store was read")

    monkeypatch.setattr(world, "pair_table", no_store)
    monkeypatch.setattr(world, "cached_records", no_store)
    assert len(load_dataset(pair=("ARM", "KAZ")).records) == len(held)
    with pytest.raises(AssertionError, match="was read"):
        load_dataset(pair=("ARM", "DEU"))


def export(tmp_path, *args):
    out = tmp_path / "out.csv"
    assert main(["export", *args, "--out", str(out)]) == 0
    return pd.read_csv(out)


def test_mirror_of_germany_and_france_gives_both_sides_dots_figures(tmp_path):
    rows = export(tmp_path, "mirror", "--pair", "DEU-FRA", "--years", "2019-2019").set_index("direction")
    # DOTS_77.xlsx (Germany) exports FOB to France 2019: 119,301.750239 M; DOTS_72.xlsx (France) imports CIF from
    # Germany: 115,411.969774 M; France's exports to Germany 79,247.502299 M; Germany's imports 78,301.578773 M
    assert rows.loc["DEU→FRA", ["x_value_usd", "m_value_usd"]].tolist() == [119_301_750_239.0, 115_411_969_774.0]
    assert rows.loc["FRA→DEU", ["x_value_usd", "m_value_usd"]].tolist() == [79_247_502_299.0, 78_301_578_773.0]
    assert set(rows["x_source"]) == set(rows["m_source"]) == {"imf_dots"}


def test_finland_and_the_ussr_in_1985_flag_the_ussrs_estimated_figures(tmp_path):
    rows = export(tmp_path, "mirror", "--pair", "FIN-SUN", "--years", "1985-1985").set_index("direction")
    assert rows.loc["FIN→SUN", ["x_value_usd", "x_estimated", "m_estimated"]].tolist() == [2_947_380_000.0, False, True]
    assert rows.loc["SUN→FIN", ["x_estimated", "m_estimated"]].tolist() == [True, False]


def test_world_and_reporters_export_with_their_columns(tmp_path):
    world = export(tmp_path, "world", "--years", "2019-2019")
    assert list(world.columns) == queries.WORLD_COLUMNS
    assert set(world["year"]) == {2019}
    row = world.set_index(["exporter", "importer"]).loc[("DEU", "FRA")]
    assert (row["x_value_usd"], row["m_value_usd"]) == (119_301_750_239.0, 115_411_969_774.0)
    reporters = export(tmp_path, "reporters", "--years", "2019-2019")
    assert list(reporters.columns) == queries.REPORTER_COLUMNS
    assert reporters["reliability"].dropna().between(0, 1).all()


def test_a_snapshot_without_a_world_store_loads_and_the_world_views_say_why(tmp_path):
    import shutil

    from loaders.store.world import WorldStoreError

    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("world"))
    snapshot = load_dataset(tmp_path / "data", pair=("DEU", "FRA"))
    assert not (snapshot.records["reporter"] == "DEU").any()
    with pytest.raises(WorldStoreError, match="no world store"):
        run_view("world", snapshot, Query(years=(2019, 2019)))


def test_a_corrupted_world_store_leaves_the_pair_pages_working(tmp_path):
    import shutil

    from loaders.store.world import WorldStoreError

    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "world" / "imf_dots_world.parquet").write_bytes(b"PAR1 not really")
    snapshot = load_dataset(tmp_path / "data", pair=("ARM", "KAZ"))
    assert "cannot be read" in snapshot.world_problem
    assert not run_view("mirror", snapshot, Query()).empty
    with pytest.raises(WorldStoreError, match="cannot be read"):
        run_view("world", snapshot, Query(years=(2019, 2019)))


def test_only_the_row_groups_whose_statistics_allow_the_direction_are_read():
    from loaders.store.world import _groups_holding

    ranges = [("ARM", "ARM", "AFG", "KAZ"), ("ARM", "ARM", "KEN", "ZWE"),  # one reporter each: partner ranges count
              ("ARM", "AUS", "AFG", "ZWE"),  # two reporters: any partner of either may lie in it
              ("AUS", "AUS", "AFG", "USA"),
              ("", "\uffff", "", "\uffff")]  # no statistics: could hold anything
    assert _groups_holding(ranges, "ARM", "KAZ") == [0, 2, 4]
    assert _groups_holding(ranges, "AUS", "ZWE") == [2, 4]
    assert _groups_holding(ranges, "KAZ", "ARM") == [4]
