"""Reconciled view: per year and direction, one estimate per recognised method and the band (min–max) they span.

X = exporter-reported (FOB); M = importer-reported (CIF); M_fob = M / (1 + margin) with the query's margin.
For turnover rows X is the first country's total and M the second's; each total has one CIF and one FOB leg, so
no margin applies (M_fob = M).

Methods (docs/methods.md#reconciled):
- importer_preferred = M_fob; exporter_preferred = X; mean = (X + M_fob) / 2;
- ots_max = max{X, M / 1.08} (Open Trade Statistics; its fixed 8 % margin; M for turnover rows);
- baci = w_X·X + (1 − w_X)·M_fob with inverse-variance weights w_X = V_M / (V_X + V_M) and
  V = e^{σ²}(e^{σ²} − 1), the variance of a lognormal error with log-s.d. σ of the reporter.
  Orientation: each side is weighted by the *other* side's variance, so a perfect exporter (σ_X = 0, V_X = 0) gets
  w_X = 1. σ per reporter and window of years comes from the snapshot's reporter_sigma table (built from the IMF
  world store's mirror gaps, loaders/world/reliability.py); a reporter without an estimate gets DEFAULT_SIGMA.
One-sided years (BACI step G): X where only the exporter reported, M_fob where only the importer did; methods that
need the missing side are left empty. The band is the min–max of the estimates a year has.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.query import Query
from loaders.store.reporter_sigma import reporter_sigma
from loaders.store.snapshot import Snapshot
from loaders.views.mirror import mirror
from loaders.views.reconciled_sigma import sigma_of

OTS_MARGIN = 0.08
METHODS = ["importer_preferred_usd", "exporter_preferred_usd", "mean_usd", "ots_max_usd", "baci_usd"]
RECONCILED_COLUMNS = ["year", "direction", "measure", "x_reporter", "x_basis", "x_value_usd", "x_source", "x_vintage",
                      "x_source_url", "m_reporter", "m_basis", "m_value_usd", "m_source", "m_vintage", "m_source_url",
                      "margin_pct", "m_fob_usd", "reported_by",
                      "sigma_x", "sigma_m", "sigma_x_from", "sigma_m_from", "baci_weight_x", *METHODS, "low_usd",
                      "high_usd", "rule"]


def lognormal_variance(sigma: np.ndarray | float) -> np.ndarray:
    """V = e^{σ²}(e^{σ²} − 1): the variance of a lognormal error whose log has standard deviation σ."""
    s2 = np.square(np.asarray(sigma, dtype="float64"))
    with np.errstate(over="ignore"):  # NB σ beyond ~19 overflows to inf: an infinitely unreliable report
        return np.exp(s2) * np.expm1(s2)


def inverse_variance_weight(sigma_x: np.ndarray | float, sigma_m: np.ndarray | float) -> np.ndarray:
    """w_X = V_M / (V_X + V_M), in [0, 1]; ½ when both sides are perfect (σ = 0), where neither is preferred."""
    sigma_x, sigma_m = np.asarray(sigma_x, dtype="float64"), np.asarray(sigma_m, dtype="float64")
    if np.any(sigma_x < 0) or np.any(sigma_m < 0):
        raise ValueError("a reliability σ cannot be negative")
    v_x, v_m = lognormal_variance(sigma_x), lognormal_variance(sigma_m)
    total = v_x + v_m
    with np.errstate(invalid="ignore", divide="ignore"):
        weight = np.where(total > 0, v_m / total, 0.5)
    # NB an infinite variance (overflow) means no weight at all for that side.
    weight = np.where(np.isinf(v_m) & ~np.isinf(v_x), 1.0, weight)
    weight = np.where(np.isinf(v_x) & ~np.isinf(v_m), 0.0, weight)
    return np.where(np.isinf(v_x) & np.isinf(v_m), 0.5, weight)


def reconcile(rows: pd.DataFrame, sigma_table: pd.DataFrame | None) -> pd.DataFrame:
    """Add every method's estimate and the band to mirror rows (year, x_reporter, m_reporter, x_value_usd,
    m_value_usd, m_fob_usd, measure), each reporter's σ taken from ``sigma_table`` (reconciled_sigma.sigma_of)."""
    x = rows["x_value_usd"].astype("float64")
    m = rows["m_value_usd"].astype("float64")
    m_fob = rows["m_fob_usd"].astype("float64")
    is_flow = rows["measure"] == "exports vs mirror imports"
    sigma_x, sigma_x_from = sigma_of(rows["x_reporter"], rows["year"], sigma_table)
    sigma_m, sigma_m_from = sigma_of(rows["m_reporter"], rows["year"], sigma_table)
    w = pd.Series(inverse_variance_weight(sigma_x.to_numpy(), sigma_m.to_numpy()), index=rows.index)
    both, x_only, m_only = x.notna() & m.notna(), x.notna() & m.isna(), x.isna() & m.notna()
    ots_m = (m / (1.0 + OTS_MARGIN)).where(is_flow, m)
    estimates = pd.DataFrame({
        "importer_preferred_usd": m_fob,
        "exporter_preferred_usd": x,
        "mean_usd": ((x + m_fob) / 2).where(both),
        "ots_max_usd": pd.concat([x, ots_m], axis=1).max(axis=1, skipna=True),
        "baci_usd": (w * x + (1 - w) * m_fob).where(both, x.where(x_only, m_fob.where(m_only))),
    })
    reported_by = np.select([both, x_only, m_only],
                            ["both", "only " + rows["x_reporter"], "only " + rows["m_reporter"]], default="neither")
    rule = np.select([both, x_only, m_only],
                     ["both sides reported: every method applies",
                      "one-sided (exporter only): X, as BACI does; methods that need M are empty",
                      "one-sided (importer only): M_fob, as BACI does; methods that need X are empty"], default="")
    return rows.assign(reported_by=reported_by, sigma_x=sigma_x, sigma_m=sigma_m, sigma_x_from=sigma_x_from,
                       sigma_m_from=sigma_m_from, baci_weight_x=w.where(both),
                       **estimates, low_usd=estimates.min(axis=1, skipna=True),
                       high_usd=estimates.max(axis=1, skipna=True), rule=rule)


def reconciled(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """One row per year, direction and basis pairing of the mirror view, with every method's estimate."""
    out = reconcile(mirror(snapshot, q), reporter_sigma(snapshot.folder))
    return out[RECONCILED_COLUMNS].reset_index(drop=True)
