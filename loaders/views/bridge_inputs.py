"""Inputs of the bridge steps, looked up for every bridge at once: figures by vintage, re-export lines, timing."""
from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.query import Query
from loaders.store.snapshot import Snapshot
from loaders.views.common import SERIES_KEY, choose_vintage, pair_records, pick_best_source
from loaders.views.period_figures import pair_figures
from loaders.views.products import product_lines
from loaders.views.timing import TIMING_COLUMNS, timing_effect

VALUE_KEY = ["source", "reporter", "flow", "partner_basis", "year", "vintage"]


def figures_by_vintage(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """Complete calendar-year figures of every series in every vintage, turnover derived on each import basis."""
    figures = pair_figures(snapshot.records, q.pair, {(1, 12)})
    keep = (figures["first"] == 1) & (figures["last"] == 12)
    if q.years is not None:
        keep &= figures["year"].between(*q.years)
    return figures[keep]


QUOTED = ("B", "C")  # confidence of a figure quoted by officials or the press, not a statistical series


def quoted_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """Per reporter, flow and year: the newest quoted full-year figure (confidence B or C), with its source."""
    quotes = figures[figures["confidence"].isin(QUOTED) & ~figures["derived"]]
    quotes = quotes.sort_values("vintage", kind="stable").drop_duplicates(["reporter", "flow", "year"], keep="last")
    return quotes[["reporter", "flow", "year", "value_usd", "source", "vintage"]].rename(
        columns={"value_usd": "quote_usd", "source": "quote_source", "vintage": "quote_vintage"})


def with_quotes(w: pd.DataFrame, figures: pd.DataFrame, side: str) -> pd.DataFrame:
    """The bridge rows with the quoted figure for the start ('x') or end ('m') side's reporter, flow and year."""
    quotes = quoted_figures(figures).rename(columns={"reporter": f"{side}_reporter", "flow": f"{side}_flow"})
    quotes = quotes.rename(columns={c: f"{side}_{c}" for c in ("quote_usd", "quote_source", "quote_vintage")})
    return w.merge(quotes, on=[f"{side}_reporter", f"{side}_flow", "year"], how="left").set_axis(w.index)


def index_by_key(figures: pd.DataFrame, column: str) -> dict:
    """figures[column] keyed by VALUE_KEY tuples: a dict over this small aggregated table is far faster to look up
    than a pandas MultiIndex."""
    return dict(zip(figures[VALUE_KEY].itertuples(index=False, name=None), figures[column]))


def value_at(index: dict, **keys) -> np.ndarray:
    """The indexed values at the given keys (columns or scalars, one per VALUE_KEY name); NaN where there is none."""
    length = max(len(v) for v in keys.values() if not np.isscalar(v))
    columns = [np.broadcast_to(np.asarray(keys[k], dtype=object), length) for k in VALUE_KEY]
    return np.array([index.get(key, np.nan) for key in zip(*columns)], dtype=object)


def vintage_as_of(figures: pd.DataFrame, bridges: pd.DataFrame) -> pd.Series:
    """Per bridge: the latest vintage of the start series published on or before the end figure's vintage (else NaT)."""
    left = bridges[["x_source", "x_reporter", "x_flow", "x_basis", "year", "m_vintage"]].reset_index(names="_row")
    left = left.dropna(subset=["x_source", "m_vintage"])
    right = figures.rename(columns={"source": "x_source", "reporter": "x_reporter", "flow": "x_flow",
                                    "partner_basis": "x_basis"})
    both = left.merge(right[["x_source", "x_reporter", "x_flow", "x_basis", "year", "vintage"]],
                      on=["x_source", "x_reporter", "x_flow", "x_basis", "year"])
    both = both[both["vintage"] <= both["m_vintage"]]
    found = both.groupby("_row")["vintage"].max()
    return found.reindex(range(len(bridges))).set_axis(bridges.index)


def reexport_lines(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """Per exporter, importer and year: re-export-suspected exports, the months with product rows, the lines."""
    lines = product_lines(snapshot.records, q)
    lines = lines[lines["flow"] == "export"]
    flagged = lines["product_value_usd"].where(lines["re_export_suspected"], 0.0)
    return lines.assign(_flagged=flagged).groupby(["reporter", "partner", "year"], sort=True).agg(
        flagged_usd=("_flagged", "sum"), months_with_rows=("period_start", "nunique"),
        first_month=("period_start", "min"), last_month=("period_start", "max"),
        hs_codes=("hs_code", "first"),
        product_source=("source", "first"), product_vintage=("vintage", "first")).reset_index()


def timing_by_direction(snapshot: Snapshot, q: Query, directions: pd.DataFrame) -> pd.DataFrame:
    """Timing effect per (exporter, importer, import basis) in ``directions``, from the chosen vintage's months."""
    columns = [*SERIES_KEY, "freq", "period_start", "hs_code", "vintage", "value_usd"]
    recs = pair_records(snapshot.records, q.with_(years=None))[columns]
    recs = recs[(recs["freq"] == "M") & recs["flow"].isin(["export", "import"])]
    sides = set(recs[["reporter", "flow"]].drop_duplicates().itertuples(index=False, name=None))
    directions = directions.drop_duplicates()
    directions = directions[[(x, "export") in sides and (m, "import") in sides
                             for x, m in zip(directions["x_reporter"], directions["m_reporter"])]]
    columns = ["x_reporter", "m_reporter", "m_basis", "year", "lag_months", "timing_usd"]
    if directions.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c in TIMING_COLUMNS else "str") for c in columns})
    monthly = pick_best_source(choose_vintage(recs, q.vintage), ["reporter", "flow", "partner_basis", "period_start"])
    parts = []
    for exporter, importer, basis in directions.itertuples(index=False):
        x = monthly[(monthly["reporter"] == exporter) & (monthly["partner"] == importer)
                    & (monthly["flow"] == "export")]
        m = monthly[(monthly["reporter"] == importer) & (monthly["partner"] == exporter) & (monthly["flow"] == "import")
                    & (monthly["partner_basis"] == basis)]
        effect = timing_effect(x, m, q.margin)
        parts.append(effect.assign(x_reporter=exporter, m_reporter=importer, m_basis=basis))
    return pd.concat(parts, ignore_index=True)[columns]
