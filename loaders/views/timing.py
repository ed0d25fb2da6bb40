"""Timing effect of one direction of trade from monthly data: the importer's recording lag and what it moves.

For each year, the lag L ∈ {0, 1, 2} months minimising Σ_t |X(t) − M_fob(t + L)| over the year's 12 months is taken
as the importer's recording lag (docs/methods.md#timing). The timing step is what that lag moves
across the year boundary: Σ_{t ∈ year} M(t) − Σ_{t ∈ year} M(t + L). A year has a timing figure only when all of
its 12 months of X and of M, and M's two months after it, are published, so that every lag is compared fairly.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

LAGS = (0, 1, 2)
TIMING_COLUMNS = ["year", "lag_months", "timing_usd", "months_compared"]


def _monthly(values: pd.DataFrame) -> pd.Series:
    """A month-indexed series over the full span, a missing month as NaN (never filled)."""
    if values.empty:
        return pd.Series(dtype="float64")
    months = values["period_start"].dt.to_period("M")
    series = values.assign(_month=months).groupby("_month")["value_usd"].sum(min_count=1)
    span = pd.period_range(series.index.min(), series.index.max() + max(LAGS), freq="M")
    return series.reindex(span)


def timing_effect(x_monthly: pd.DataFrame, m_monthly: pd.DataFrame, margin: float) -> pd.DataFrame:
    """Per year: the best lag and the timing step (USD); years without the months it needs are left out.

    ``x_monthly`` and ``m_monthly`` hold one direction's exporter and importer monthly rows (period_start, value_usd).
    """
    x, m = _monthly(x_monthly), _monthly(m_monthly)
    if x.empty or m.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in TIMING_COLUMNS})
    span = x.index.union(m.index)
    span = pd.period_range(span.min(), span.max(), freq="M")
    x, m = x.reindex(span), m.reindex(span)
    year = pd.Series(span.year, index=span)
    errors, shifted_sums = {}, {}
    for lag in LAGS:
        m_later = m.shift(-lag)
        gap = (x - m_later / (1.0 + margin)).abs()
        errors[lag] = gap.groupby(year).sum(min_count=12).where(gap.groupby(year).count() == 12)
        shifted_sums[lag] = m_later.groupby(year).sum(min_count=12)
    errors = pd.DataFrame(errors).dropna(how="any")
    if errors.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in TIMING_COLUMNS})
    best = errors.idxmin(axis=1).astype("int64")
    shifted = pd.DataFrame(shifted_sums).loc[best.index]
    chosen = shifted.to_numpy()[np.arange(len(best)), best.map(LAGS.index).to_numpy()]
    out = pd.DataFrame({"year": best.index.astype("int64"), "lag_months": best.to_numpy(),
                        "timing_usd": shifted[0].to_numpy() - chosen, "months_compared": 12})
    return out.reset_index(drop=True)
