"""The world store: the IMF's tables read exactly (estimates flagged, aggregates dropped), built deterministically."""
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from loaders.sources.files import SourceFileError
from loaders.sources.imf_dots_world import parse_value, to_records

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference"
WORLD = ROOT / "data" / "world" / "imf_dots_world.parquet"


def pair_rows(path, a, b):
    r, p = ds.field("reporter"), ds.field("partner")
    return pq.read_table(path, filters=((r == a) & (p == b)) | ((r == b) & (p == a))).to_pandas()


def test_values_and_the_estimate_flag():
    assert parse_value(2.5, ("f", "s", 8, "1990")) == (2.5, False)
    assert parse_value("1,234.50 e", ("f", "s", 8, "1990")) == (1234.5, True)
    assert parse_value("", ("f", "s", 8, "1990")) == (None, False)
    with pytest.raises(SourceFileError, match="DOTS_9.xlsx, sheet 'Exports, FOB', row 12, column 1995"):
        parse_value("n.a.", ("DOTS_9.xlsx", "Exports, FOB", 12, "1995"))


def raw(rows):
    return pd.DataFrame(rows, columns=["reporter_name", "partner_name", "flow", "partner_basis", "valuation", "year",
                                       "millions", "estimated", "sheet", "file"])


ROW = ["Armenia, Rep. of", "Kazakhstan, Rep. of", "export", "destination", "FOB", 2019, 1.5, False, "Exports, FOB",
       "DOTS_9.xlsx"]


def test_aggregates_are_dropped_and_a_twice_published_table_counts_once():
    records = to_records(raw([ROW, ROW[:-1] + ["DOTS_10.xlsx"], [ROW[0], "World", *ROW[2:]],
                              [ROW[0], "Euro Area", *ROW[2:]], ["USSR", "Finland", *ROW[2:6], 2.0, True, *ROW[8:]]]))
    assert list(zip(records["reporter"], records["partner"], records["value_usd"], records["estimated"])) == [
        ("ARM", "KAZ", 1_500_000.0, False), ("SUN", "FIN", 2_000_000.0, True)]


def test_two_different_values_for_one_figure_stop_the_build():
    with pytest.raises(SourceFileError, match="ARM->KAZ export 2019"):
        to_records(raw([ROW, [*ROW[:6], 1.6, *ROW[7:]]]))


def test_the_store_is_sorted_by_reporter_and_partner():
    table = pq.read_table(WORLD, columns=["reporter", "partner"]).to_pandas()
    keys = table["reporter"] + table["partner"]
    assert keys.is_monotonic_increasing
    assert len(table) > 1_800_000


def test_armenia_kazakhstan_equal_the_bundled_imf_rows_of_the_same_edition():
    world = pair_rows(WORLD, "ARM", "KAZ")
    bundled = pd.read_csv(ROOT / "data" / "records" / "imf_dots.csv").query("vintage == '2022-02-02'")
    merged = world.assign(period_start=world["period_start"].dt.strftime("%Y-%m-%d")).merge(
        bundled, on=["reporter", "partner", "flow", "period_start"], suffixes=("_world", "_csv"))
    assert len(merged) == len(world) == len(bundled) == 112
    assert (merged["value_usd_world"] == merged["value_usd_csv"]).all()
    assert (merged["estimated_world"] == merged["estimated_csv"]).all()


def test_the_ussrs_1985_figures_with_finland_are_imf_estimates():
    rows = pair_rows(WORLD, "FIN", "SUN")
    rows = rows[rows["period_start"].dt.year == 1985].set_index(["reporter", "flow"])
    assert rows.loc[("FIN", "export"), "value_usd"] == 2_947_380_000.0
    assert not rows.loc[("FIN", "export"), "estimated"]
    assert rows.loc[("SUN", "export"), "estimated"] and rows.loc[("SUN", "import"), "estimated"]


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference is not beside this checkout")
def test_the_store_is_built_byte_for_byte_alike_and_holds_each_workbooks_rows(tmp_path):
    from tools.build_snapshot import world_parquet

    folder = tmp_path / "imf_dots_world"
    folder.mkdir()
    for name in ("DOTS_9.xlsx", "DOTS_103.xlsx", "DOTS_203.xlsx"):  # Armenia, Kazakhstan, USSR
        shutil.copy(REFERENCE / "imf_dots_world" / name, folder / name)
    first, second = world_parquet(tmp_path), world_parquet(tmp_path)
    assert first == second
    (tmp_path / "part.parquet").write_bytes(first)
    part = pq.read_table(tmp_path / "part.parquet").to_pandas()
    bundled = pq.read_table(WORLD, filters=ds.field("reporter").isin(["ARM", "KAZ", "SUN"])).to_pandas()
    pd.testing.assert_frame_equal(part, bundled)


def test_the_year_span_comes_from_the_manifest_and_from_the_footer_when_they_differ(tmp_path):
    from loaders.store.world import world_years

    assert world_years(ROOT / "data") == (1960, 2020)
    (tmp_path / "world").mkdir()
    shutil.copy(WORLD, tmp_path / "world" / WORLD.name)
    (tmp_path / "world" / "imf_dots_world.json").write_text('{"bytes": 1, "first_year": 1999, "last_year": 2000}')
    assert world_years(tmp_path) == (1960, 2020)  # NB the manifest is not this file's: its statistics decide
    assert world_years(tmp_path / "nowhere") is None
