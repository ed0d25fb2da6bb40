"""Mirror view: per year and direction, the exporter's and the importer's figure side by side with gap indices.

X is the exporter-reported value (FOB), M the importer-reported value (CIF). M_fob = M / (1 + margin).
Indices: mirror ratio M/X, log gap ln(M_fob/X), discrepancy index (X - M)/(X + M).
Turnover rows compare the two countries' turnovers as published: each has one CIF and one FOB leg, so the margins
mostly cancel and none is applied; the turnover bridge's valuation step measures what is left (bridge_steps.valuation).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.query import Query
from loaders.store.snapshot import Snapshot
from loaders.views.common import in_years, official_first, pick_best_source
from loaders.views.memo import memo
from loaders.views.series import annual_series

SIDE_FIELDS = ["reporter", "flow", "partner_basis", "valuation", "value_usd", "estimated", "source", "vintage",
               "source_url"]
MIRROR_COLUMNS = [
    "year", "direction", "measure",
    "x_reporter", "x_flow", "x_basis", "x_valuation", "x_value_usd", "x_estimated", "x_source", "x_vintage",
    "x_source_url",
    "m_reporter", "m_flow", "m_basis", "m_valuation", "m_value_usd", "m_estimated", "m_source", "m_vintage",
    "m_source_url",
    "margin_pct", "m_fob_usd", "mirror_ratio", "log_gap", "discrepancy_index", "status",
]


def _side(best: pd.DataFrame, reporter: str, partner: str, flow: str, prefix: str) -> pd.DataFrame:
    best = best[(best["reporter"] == reporter) & (best["partner"] == partner) & (best["flow"] == flow)]
    renamed = best[["year", *SIDE_FIELDS]].rename(columns={c: f"{prefix}_{c}" for c in SIDE_FIELDS})
    return renamed.rename(columns={f"{prefix}_partner_basis": f"{prefix}_basis"})


def _pairing(x: pd.DataFrame, m: pd.DataFrame, x_who: tuple[str, str], m_who: tuple[str, str]) -> pd.DataFrame:
    """Every X basis against every M basis of the same year; a missing side keeps its reporter, not a value."""
    both = x.merge(m, on="year", how="outer").assign(
        x_reporter=x_who[0], x_flow=x_who[1], m_reporter=m_who[0], m_flow=m_who[1])
    return both.sort_values(["year", "x_basis", "m_basis"], kind="stable", na_position="last")


def _pairs(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """Each year's X and M figures side by side for every year and direction (no rows if nothing is reported)."""
    full = annual_series(snapshot, q.with_(flow="all", years=None))
    # NB the best source per reporter, partner, flow, year and basis, chosen once for all six sides.
    full = official_first(full[~full["partial"]], ["reporter", "partner", "flow", "year"])
    full = pick_best_source(full, ["reporter", "partner", "flow", "year", "partner_basis"])
    a, b = q.pair
    parts = []
    for exporter, importer in ((a, b), (b, a)):
        pairs = _pairing(_side(full, exporter, importer, "export", "x"), _side(full, importer, exporter, "import", "m"),
                         (exporter, "export"), (importer, "import"))
        parts.append(pairs.assign(direction=f"{exporter}→{importer}", measure="exports vs mirror imports"))
    turnover = _pairing(_side(full, a, b, "turnover", "x"), _side(full, b, a, "turnover", "m"),
                        (a, "turnover"), (b, "turnover"))
    parts.append(turnover.assign(direction=f"{a}↔{b}", measure="turnover vs turnover"))
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def mirror(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """Four-number panel and gap indices; only complete years (partial periods are not comparable)."""
    # NB paired once for every year per pair, vintage mode and basis (each year pairs on its own, so picking years
    # afterwards gives the same rows); a new margin or year range only recomputes the indices.
    every = memo(snapshot.records, ("mirror", q.pair, q.vintage, q.basis), lambda: _pairs(snapshot, q))
    out = in_years(every, q.years) if not every.empty else every
    if out.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in MIRROR_COLUMNS})
    if q.flow in ("export", "import"):
        out = out[out["measure"] == "exports vs mirror imports"]
    elif q.flow == "turnover":
        out = out[out["measure"] == "turnover vs turnover"]
    if q.basis != "all":
        out = out[~out["x_basis"].isin(["origin", "consignment"]) | (out["x_basis"] == q.basis)]
        out = out[~out["m_basis"].isin(["origin", "consignment"]) | (out["m_basis"] == q.basis)]
    return _indices(out, q.margin)[MIRROR_COLUMNS].reset_index(drop=True)


def _indices(out: pd.DataFrame, margin: float) -> pd.DataFrame:
    x = out["x_value_usd"].astype("float64")
    m = out["m_value_usd"].astype("float64")
    is_flow = (out["measure"] == "exports vs mirror imports").to_numpy()
    m_fob = np.where(is_flow, m / (1.0 + margin), m)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(x > 0, m / x, np.nan)
        log_gap = np.where((x > 0) & (m_fob > 0), np.log(m_fob / x), np.nan)
        di = np.where((x + m) > 0, (x - m) / (x + m), np.nan)
    x_missing = "no " + out["x_reporter"] + " " + out["x_flow"] + " figure"
    m_missing = "no " + out["m_reporter"] + " " + out["m_flow"] + " figure"
    # NB an estimate is the publisher's stand-in for a missing report (IMF flag e), not that side's own figure
    x_estimated = out["x_estimated"].fillna(False).astype(bool)
    m_estimated = out["m_estimated"].fillna(False).astype(bool)
    estimate = np.select([x_estimated & m_estimated, x_estimated, m_estimated],
                         ["both figures are estimates", out["x_reporter"] + "'s figure is an estimate",
                          out["m_reporter"] + "'s figure is an estimate"], default="")
    both = x.notna() & m.notna()
    status = np.select([both & (estimate == ""), both, x.isna() & m.notna(), x.notna() & m.isna()],
                       ["both sides reported", "both sides, but " + estimate, x_missing, m_missing],
                       default="neither side reported")
    return out.assign(margin_pct=np.where(is_flow, round(margin * 100, 4), np.nan), m_fob_usd=m_fob, mirror_ratio=ratio,
                      log_gap=log_gap, discrepancy_index=di, status=status)
