"""The world store's year-ordered companion: mirror_flows' rows in year order, used only beside the store it was built
from, a year read from its own row groups, a broken companion named on the World page's error."""
import importlib
import itertools
import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pyarrow.parquet as pq
import pytest

from loaders.query import Query
from loaders.store.world import FLOWS_NAME, WorldStoreError, flows_file
from loaders.world import queries

# NB loaders.views exports a function named world, which hides the module of that name from attribute access
world_views = importlib.import_module("loaders.views.world")
ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "data" / "world"
WORLD, FLOWS, MANIFEST = FOLDER / "imf_dots_world.parquet", FOLDER / FLOWS_NAME, FOLDER / "imf_dots_world.json"


@pytest.fixture
def copy(tmp_path):
    """A snapshot folder holding a copy of the world store, its companion and manifest."""
    (tmp_path / "world").mkdir()
    for path in (WORLD, FLOWS, MANIFEST):
        shutil.copy(path, tmp_path / "world" / path.name)
    world_views._computed.cache_clear()
    yield tmp_path
    world_views._computed.cache_clear()


def test_the_manifest_names_the_companion_as_it_is():
    facts = json.loads(MANIFEST.read_text())
    assert facts["flows"]["file"] == FLOWS_NAME and facts["flows"]["bytes"] == FLOWS.stat().st_size
    assert facts["flows"]["rows"] == pq.ParquetFile(FLOWS).metadata.num_rows
    assert flows_file(ROOT / "data", WORLD.stat().st_size) == FLOWS


def test_the_companion_is_in_year_order_and_each_years_row_groups_are_its_own():
    table = pq.read_table(FLOWS, columns=["year", "exporter", "importer"]).to_pandas()
    assert list(pq.read_schema(FLOWS).names) == queries.FLOW_COLUMNS
    keys = table["year"].astype(str) + table["exporter"] + table["importer"]
    assert keys.is_unique and keys.is_monotonic_increasing
    meta = pq.ParquetFile(FLOWS).metadata
    column = meta.schema.names.index("year")
    spans = [(meta.row_group(g).column(column).statistics.min, meta.row_group(g).column(column).statistics.max)
             for g in range(meta.num_row_groups)]
    # NB no two row groups overlap by more than a boundary year: a year's filter skips all but a few
    assert all(a_max <= b_min for (_, a_max), (b_min, _) in itertools.pairwise(spans))
    assert sum(low <= 2020 <= high for low, high in spans) <= 5 < meta.num_row_groups


def test_duckdb_reads_only_the_years_row_groups():
    import ibis

    con = ibis.duckdb.connect()
    flows = con.read_parquet(FLOWS, table_name="flows")
    sql = ibis.to_sql(queries.world_of_flows(flows, (2020, 2020), 0.06), dialect="duckdb")
    plan = "\n".join(str(cell) for row in con.raw_sql(f"EXPLAIN ANALYZE {sql}").fetchall() for cell in row)
    scanned, total = map(int, re.search(r"Row Groups Scanned: (\d+) / (\d+)", plan).groups())
    assert total == pq.ParquetFile(FLOWS).metadata.num_row_groups and scanned <= 5


@pytest.mark.parametrize("year", [1985, 2020])
def test_a_years_world_view_from_the_companion_equals_the_one_from_the_store(year):
    import ibis

    con = ibis.duckdb.connect()
    from_flows = queries.world_of_flows(con.read_parquet(FLOWS, table_name="flows"), (year, year), 0.06)
    from_store = queries.world(queries.store(WORLD), (year, year), 0.06)
    a, b = from_flows.to_pyarrow().to_pandas(), from_store.to_pyarrow().to_pandas()
    assert len(a) > 10_000
    pd.testing.assert_frame_equal(a, b)


def test_the_finnish_exports_to_the_ussr_in_1985_are_the_stores_figure(copy):
    world = world_views.world(SimpleNamespace(folder=copy), Query(years=(1985, 1985)))
    row = world.set_index(["exporter", "importer"]).loc[("FIN", "SUN")]
    assert row["x_value_usd"] == 2_947_380_000.0 and bool(row["m_estimated"])


def test_a_companion_the_manifest_does_not_name_is_not_used_and_the_store_answers(copy):
    flows = copy / "world" / FLOWS_NAME
    flows.write_bytes(flows.read_bytes()[:-10])  # NB truncated: its size is no longer the manifest's
    assert flows_file(copy, WORLD.stat().st_size) is None
    assert world_views._state(SimpleNamespace(folder=copy))[:2] == ("records", str(copy / "world" / WORLD.name))
    (copy / "world" / FLOWS_NAME).unlink()
    assert flows_file(copy, WORLD.stat().st_size) is None
    reporters = world_views.reporters(SimpleNamespace(folder=copy), Query(years=(2016, 2020)))
    expected = world_views.reporters(SimpleNamespace(folder=ROOT / "data"), Query(years=(2016, 2020)))
    pd.testing.assert_frame_equal(reporters, expected)


def test_a_store_the_manifest_does_not_describe_is_read_without_its_companion(copy):
    manifest = copy / "world" / "imf_dots_world.json"
    manifest.write_text(manifest.read_text().replace('"bytes": 15', '"bytes": 25', 1))
    assert flows_file(copy, WORLD.stat().st_size) is None


def test_a_garbled_companion_of_the_right_size_is_named_in_the_error(copy):
    flows = copy / "world" / FLOWS_NAME
    raw = bytearray(flows.read_bytes())
    raw[4:-8] = bytes(len(raw) - 12)  # NB same size, same magic bytes at both ends, nothing readable between
    flows.write_bytes(bytes(raw))
    with pytest.raises(WorldStoreError, match=FLOWS_NAME):
        world_views.world(SimpleNamespace(folder=copy), Query(years=(2020, 2020)))


def test_a_companion_with_other_columns_is_refused(copy):
    flows = copy / "world" / FLOWS_NAME
    table = pq.read_table(FLOWS).drop_columns(["imputed"])
    pq.write_table(table, flows)
    manifest = copy / "world" / "imf_dots_world.json"
    facts = json.loads(manifest.read_text())
    facts["flows"]["bytes"] = flows.stat().st_size
    manifest.write_text(json.dumps(facts))
    with pytest.raises(WorldStoreError, match=f"{FLOWS_NAME}: not the world store's companion"):
        world_views.world(SimpleNamespace(folder=copy), Query(years=(2020, 2020)))
