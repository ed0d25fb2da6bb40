"""Sources view: each source in the pair's data with its URL, vintages, coverage and record count."""
from __future__ import annotations

import pandas as pd

from loaders.query import Query
from loaders.store.snapshot import Snapshot
from loaders.views.common import pair_records

SOURCE_COLUMNS = ["source", "reporter", "source_url", "first_period", "last_period", "vintages", "latest_vintage",
                  "records", "confidence"]


def sources(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """One row per source, reporter and URL, so every figure on the pages can be traced to where it was read."""
    recs = pair_records(snapshot.records, q, totals_only=False, every_valuation=True)
    if recs.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in SOURCE_COLUMNS})
    grouped = recs.groupby(["source", "reporter", "source_url"], sort=True)
    out = grouped.agg(first_period=("period_start", "min"), last_period=("period_end", "max"),
                      vintages=("vintage", "nunique"), latest_vintage=("vintage", "max"),
                      records=("value_usd", "size"),
                      confidence=("confidence", lambda c: "/".join(sorted(set(c))))).reset_index()
    return out[SOURCE_COLUMNS]
