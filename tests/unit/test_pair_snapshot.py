"""A pair's snapshot (what the app and the CLI load): the bulk files' rows of that pair only, yet the same view frames
as the whole snapshot (plus the world store's rows of that pair, which only a pair's snapshot reads), and the whole
folder's coverage for the pickers."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from loaders.query import Query
from loaders.store.snapshot import coverage_of, read_snapshot
from loaders.store.world import pair_table, with_world, world_file
from loaders.views import VIEWS, run_view
from loaders.views.common import pair_rows

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def whole():
    return read_snapshot(DATA)


def with_pairs_world(whole, pair):
    """The whole snapshot with the world store's rows of the pair, as a pair's snapshot holds them."""
    world = pair_table(open(world_file(DATA), "rb"), pair)
    return dataclasses.replace(whole, records=with_world(whole.records, world))


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns), kind="stable").reset_index(drop=True)


@pytest.mark.parametrize("pair", [("ARM", "KAZ"), ("KAZ", "ARM"), ("ARM", "GEO"), ("KAZ", "KGZ")])
def test_a_pairs_snapshot_holds_exactly_the_pairs_rows_of_the_bulk_files(whole, pair):
    scoped = read_snapshot(DATA, pair)
    assert len(scoped.records) < len(whole.records) / 10
    expected = with_pairs_world(whole, pair).records
    pd.testing.assert_frame_equal(ordered(pair_rows(scoped.records, pair)), ordered(pair_rows(expected, pair)))
    bulk = scoped.records[scoped.records["source"] == "armstat"]
    assert set(map(frozenset, zip(bulk["reporter"], bulk["partner"]))) <= {frozenset(pair)}


def test_coverage_describes_the_whole_folder(whole):
    scoped = read_snapshot(DATA, ("ARM", "GEO"))
    expected = coverage_of(whole.records)
    pd.testing.assert_frame_equal(scoped.coverage.reset_index(drop=True), expected.reset_index(drop=True),
                                  check_dtype=False)
    # Armstat's 255 names in five copies: Georgia is a partner of Armenia in every year 2007-2024.
    georgia = expected[(expected["reporter"] == "ARM") & (expected["partner"] == "GEO")].iloc[0]
    assert (georgia["first_year"], georgia["last_year"]) == (2007, 2024)


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_every_view_gives_the_same_frame_on_the_pairs_snapshot(whole, name):
    q = Query(pair=("ARM", "GEO"))
    expected = run_view(name, with_pairs_world(whole, q.pair), q)
    pd.testing.assert_frame_equal(run_view(name, read_snapshot(DATA, q.pair), q), expected)
