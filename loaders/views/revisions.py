"""Revisions view: each annual figure's value in every vintage that published it, with the change between them."""
from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.query import Query
from loaders.store.snapshot import Snapshot
from loaders.views.common import SERIES_KEY, annual, filter_flow_basis, in_years, pair_totals, series_label
from loaders.views.memo import memo
from loaders.views.names import series_names

REVISION_COLUMNS = ["series", "series_name", *SERIES_KEY, "year", "vintage", "value_usd", "months_covered", "partial",
                    "change_usd", "change_pct", "first_value_usd", "latest_value_usd", "revised", "source_url", "note"]


def revisions(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """Figures published in two or more vintages. A change is computed only between two complete-year values."""
    every = memo(snapshot.records, ("annual, every vintage", q.pair), lambda: annual(pair_totals(snapshot.records, q)))
    per_vintage = filter_flow_basis(in_years(every, q.years), q).reset_index(drop=True)
    key = [*SERIES_KEY, "year"]
    counts = per_vintage.groupby(key, dropna=False)["vintage"].transform("nunique")
    out = per_vintage[counts >= 2].sort_values([*key, "vintage"], kind="stable")
    if out.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in REVISION_COLUMNS})
    grouped = out.groupby(key, dropna=False, sort=False)
    prev_value = grouped["value_usd"].shift(1)
    prev_partial = grouped["partial"].shift(1, fill_value=True).astype(bool)
    comparable = ~out["partial"] & ~prev_partial
    change = (out["value_usd"] - prev_value).where(comparable)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = (change / prev_value).where(prev_value > 0)
    complete = out["value_usd"].where(~out["partial"])
    out = out.assign(
        change_usd=change,
        change_pct=pct,
        first_value_usd=grouped["value_usd"].transform("first"),
        latest_value_usd=grouped["value_usd"].transform("last"),
        revised=complete.round(2).groupby([out[k] for k in key], dropna=False).transform("nunique") > 1,
    )
    out = out.assign(series=series_label(out), series_name=series_names(out))
    return out[REVISION_COLUMNS].reset_index(drop=True)
