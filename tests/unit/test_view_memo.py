"""Views share per-pair frames: filtering the shared annual sums gives exactly what summing the filtered records gives,
and the shared frames go with the records frame they came from."""
import gc
import itertools

import pandas as pd
import pytest

from loaders.query import Query
from loaders.store.snapshot import read_snapshot
from loaders.views import memo as memo_module
from loaders.views.common import (
    annual,
    choose_vintage,
    filter_flow_basis,
    pair_records,
    pair_rows,
    with_derived_turnover,
)
from loaders.views.series import annual_series, selected_records
from tests.factories import annual as annual_row
from tests.factories import snapshot

QUERIES = [Query(years=years, flow=flow, basis=basis, vintage=vintage)
           for years, flow, basis, vintage in itertools.product(
               [None, (2015, 2020), (2023, 2023), (2050, 2060)], ["all", "export", "import", "turnover"],
               ["all", "origin", "consignment"], ["latest", "first"])]


@pytest.fixture(scope="module")
def bundled():
    return read_snapshot()


def unshared(snap, q):
    """The annual series as composed before the sharing: the query's records first, then every step."""
    recs = with_derived_turnover(pair_records(snap.records, q))
    return filter_flow_basis(choose_vintage(recs, q.vintage), q)


@pytest.mark.parametrize("q", QUERIES, ids=str)
def test_filtering_the_shared_sums_equals_summing_the_filtered_records(bundled, q):
    direct = annual(unshared(bundled, q)).reset_index(drop=True)
    pd.testing.assert_frame_equal(annual_series(bundled, q), direct, check_exact=True)
    chosen = selected_records(bundled, q).reset_index(drop=True)
    pd.testing.assert_frame_equal(chosen, unshared(bundled, q).reset_index(drop=True), check_exact=True)


def test_callers_get_a_new_frame_never_the_shared_one(bundled):
    q = Query()
    assert annual_series(bundled, q) is not annual_series(bundled, q)
    assert pair_records(bundled.records, q) is not pair_records(bundled.records, q)


def test_shared_frames_go_with_their_records_frame():
    snap = snapshot([annual_row(2023), annual_row(2022, reporter="KAZ", partner="ARM", flow="import")])
    key = id(snap.records)
    assert len(pair_rows(snap.records, ("ARM", "KAZ"))) == 2
    assert key in memo_module._MEMO
    del snap
    gc.collect()
    assert key not in memo_module._MEMO
