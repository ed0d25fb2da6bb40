"""A pair's snapshot (what the app and the CLI load): the bulk files' rows of that pair only, yet the same view frames
as the whole snapshot, and the whole folder's coverage for the pickers."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from loaders.query import Query
from loaders.store.snapshot import coverage_of, read_snapshot
from loaders.views import VIEWS, run_view
from loaders.views.common import pair_rows

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def whole():
    return read_snapshot(DATA)


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns), kind="stable").reset_index(drop=True)


@pytest.mark.parametrize("pair", [("ARM", "KAZ"), ("KAZ", "ARM"), ("ARM", "GEO"), ("KAZ", "KGZ")])
def test_a_pairs_snapshot_holds_exactly_the_pairs_rows_of_the_bulk_files(whole, pair):
    scoped = read_snapshot(DATA, pair)
    assert len(scoped.records) < len(whole.records) / 10
    pd.testing.assert_frame_equal(ordered(pair_rows(scoped.records, pair)), ordered(pair_rows(whole.records, pair)))
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
    pd.testing.assert_frame_equal(run_view(name, read_snapshot(DATA, q.pair), q), run_view(name, whole, q))
