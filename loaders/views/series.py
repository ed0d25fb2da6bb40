"""Series view: each source's figures per reporter, flow and partner basis, annual or monthly."""
from __future__ import annotations

import pandas as pd

from loaders.query import Query
from loaders.store.snapshot import Snapshot
from loaders.views.common import (
    ANNUAL_COLUMNS,
    annual,
    choose_vintage,
    direction,
    filter_flow_basis,
    in_years,
    pair_totals,
    series_label,
)
from loaders.views.memo import memo

SERIES_COLUMNS = ["series", "direction", *ANNUAL_COLUMNS]


def selected_records(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """The pair's total-goods records, derived turnover added, one vintage per series and year."""
    chosen = memo(snapshot.records, ("vintage", q.pair, q.vintage),
                  lambda: choose_vintage(pair_totals(snapshot.records, q), q.vintage))
    return filter_flow_basis(in_years(chosen, q.years), q)


def annual_series(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """Annual figures (monthly sums, annual and partial-period rows) of the chosen vintage."""
    # NB summed once for every year, flow and basis: each of them picks whole groups, so filtering afterwards gives
    # the same rows in the same order.
    every = memo(snapshot.records, ("annual", q.pair, q.vintage),
                 lambda: annual(selected_records(snapshot, q.with_(years=None, flow="all", basis="all"))))
    return filter_flow_basis(in_years(every, q.years), q).reset_index(drop=True)


def series(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """One row per series and period. A year with fewer than 12 months is marked partial, never filled."""
    if q.freq == "A":
        out = annual_series(snapshot, q)
    else:
        recs = selected_records(snapshot, q)
        out = recs[recs["freq"] == "M"].assign(months_covered=1, partial=False)[ANNUAL_COLUMNS]
    out = out.assign(series=series_label(out), direction=direction(out, q.pair))[SERIES_COLUMNS]
    return out.sort_values(["direction", "series", "period_start"], kind="stable").reset_index(drop=True)
