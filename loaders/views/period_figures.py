"""Each series' value per period shape (months first..last of one year), year and vintage, turnover derived.

Monthly rows are summed over a shape only when every month of it is published (a missing month is never filled);
annual and partial-period rows count as the shape they cover. Turnover is derived as exports + imports (one row per
import basis) of the same source, period and vintage, unless a turnover is published for them. ``quotes`` names the
statement a quoted figure was copied from (the record's note says so), so that a statement is not checked against
itself.
"""
from __future__ import annotations

import pandas as pd

from loaders.query import Query
from loaders.views.common import SERIES_KEY, export_import_pairs, pair_records, weaker_confidence
from loaders.views.memo import memo

QUOTE = r"\(statement ([\w.-]+)\)"
FIGURE_COLUMNS = [*SERIES_KEY, "year", "first", "last", "vintage", "value_usd", "confidence", "derived", "quotes"]
SAME_FIGURE = ["source", "reporter", "partner", "year", "first", "last", "vintage"]


def pair_figures(records: pd.DataFrame, pair: tuple[str, str], shapes: set[tuple[int, int]]) -> pd.DataFrame:
    """period_figures of the pair's all-goods records of every year, built once per records frame (shared: never
    modify it); the CIF/FOB margin and the other query settings do not change it."""
    shapes = frozenset(shapes)
    return memo(records, ("period figures", pair, shapes),
                lambda: period_figures(pair_records(records, Query(pair=pair)), shapes))


def period_figures(records: pd.DataFrame, shapes: set[tuple[int, int]]) -> pd.DataFrame:
    """Figures of the given records (one pair's all-goods rows) for every (first month, last month) shape."""
    recs = records[records["value_usd"].notna()]
    start, end = recs["period_start"], recs["period_end"]
    recs = recs.assign(year=start.dt.year, first=start.dt.month, last=end.dt.month)
    single = recs[(recs["freq"] != "M") & (end.dt.year == start.dt.year)]
    parts = [single.assign(derived=False, quotes=single["note"].str.extract(QUOTE, expand=False))]
    monthly = recs[recs["freq"] == "M"]
    groups = monthly.groupby([*SERIES_KEY, "year", "vintage"], sort=False)
    # NB one row per series, year and vintage, one column per month: a shape is a row sum over its months.
    by_month = monthly.groupby([*SERIES_KEY, "year", "vintage", "first"], sort=False)["value_usd"].sum().unstack()
    by_month = by_month.reindex(columns=range(1, 13))
    confidence = groups["confidence"].max().reindex(by_month.index)
    for first, last in sorted(shapes):
        months = by_month.loc[:, first:last]
        value = months.sum(axis=1, min_count=last - first + 1).where(months.notna().all(axis=1))
        summed = pd.DataFrame({"value_usd": value, "confidence": confidence}).dropna(subset=["value_usd"])
        parts.append(summed.reset_index().assign(first=first, last=last, derived=False, quotes=pd.NA))
    figures = pd.concat(parts, ignore_index=True)[FIGURE_COLUMNS]
    return pd.concat([figures, _derived_turnover(figures)], ignore_index=True)


def _derived_turnover(figures: pd.DataFrame) -> pd.DataFrame:
    both = export_import_pairs(figures, SAME_FIGURE)
    derived = both.assign(flow="turnover", partner_basis=both["partner_basis_imp"], valuation=both["valuation_imp"],
                          value_usd=both["value_usd"] + both["value_usd_imp"], derived=True, quotes=pd.NA,
                          confidence=weaker_confidence(both))
    return derived[FIGURE_COLUMNS]
