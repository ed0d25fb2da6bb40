"""Every figure a statement could mean: each series' value per period, year and vintage, and the growth ratios and
shares that can be formed from them within one series and vintage."""
from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.views.common import SERIES_KEY
from loaders.views.statement_claims import Claim

TARGET_COLUMNS = ["claim", "statement", "reporter", "partner", "flow", "first", "last", "year"]
ANY_YEAR = -1


def _targets(claims: dict[str, Claim], pair: tuple[str, str], numerator_only: bool = False) -> pd.DataFrame:
    """Which (reporter, partner, flow) rows each claim reads: both reporters' view of a flow or of the turnover."""
    rows = []
    for key, claim in claims.items():
        period = claim.period or (claim.base.shifted(ANY_YEAR) if claim.base else None)
        first, last, year = (period.first, period.last, period.year) if period else (1, 12, ANY_YEAR)
        if claim.exporter is None:
            views = [(pair[0], pair[1], "turnover"), (pair[1], pair[0], "turnover")]
        else:
            views = [(claim.exporter, claim.importer, "export"), (claim.importer, claim.exporter, "import")]
        rows += [(key, claim.statement_id, reporter, partner, flow, first, last, year)
                 for reporter, partner, flow in views]
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


def _read(figures: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    found = targets.merge(figures, on=["reporter", "partner", "flow", "first", "last"], suffixes=("_target", ""))
    return found[(found["year_target"] == ANY_YEAR) | (found["year"] == found["year_target"])].drop(
        columns="year_target")


def level_candidates(figures: pd.DataFrame, claims: dict[str, Claim], pair: tuple[str, str]) -> pd.DataFrame:
    found = _read(figures, _targets(claims, pair))
    return found.assign(value=found["value_usd"], base_year=np.nan, excluded=found["quotes"] == found["statement"])


def ratio_candidates(figures: pd.DataFrame, claims: dict[str, Claim], pair: tuple[str, str]) -> pd.DataFrame:
    """Value in the claimed period over value in EVERY earlier year's same months, same series and vintage;
    ``at_stated_base`` marks the base the statement names (or is read to mean)."""
    current = _read(figures, _targets(claims, pair))
    base = figures.rename(columns={"year": "base_year", "value_usd": "base_usd", "quotes": "base_quotes"})
    both = current.merge(base[[*SERIES_KEY, "vintage", "first", "last", "base_year", "base_usd", "base_quotes"]],
                         on=[*SERIES_KEY, "vintage", "first", "last"])
    both = both[(both["base_year"] < both["year"]) & (both["base_usd"] > 0)]
    stated_base = both["claim"].map({k: c.base.year for k, c in claims.items()})
    return both.assign(value=both["value_usd"] / both["base_usd"], at_stated_base=both["base_year"] == stated_base,
                       excluded=(both["quotes"] == both["statement"]) | (both["base_quotes"] == both["statement"]))


def share_candidates(figures: pd.DataFrame, claims: dict[str, Claim], pair: tuple[str, str]) -> pd.DataFrame:
    """The claimed flow over the same reporter's turnover (each import basis) of the same source, period, vintage."""
    flow = _read(figures, _targets(claims, pair))
    totals = figures[figures["flow"] == "turnover"].rename(
        columns={"value_usd": "total_usd", "partner_basis": "total_basis", "quotes": "total_quotes"})
    both = flow.merge(totals[["source", "reporter", "partner", "year", "first", "last", "vintage", "total_usd",
                              "total_basis", "total_quotes"]],
                      on=["source", "reporter", "partner", "year", "first", "last", "vintage"])
    both = both[both["total_usd"] > 0]
    return both.assign(value=both["value_usd"] / both["total_usd"], partner_basis=both["total_basis"],
                       base_year=np.nan,
                       excluded=(both["quotes"] == both["statement"]) | (both["total_quotes"] == both["statement"]))
