"""Dataset view: the pair's records exactly as stored, in the record schema, filterable by years, flow and basis."""
from __future__ import annotations

import pandas as pd

from loaders.query import Query
from loaders.schema import RECORD_COLUMNS
from loaders.store.snapshot import Snapshot
from loaders.views.common import filter_flow_basis, pair_records


def dataset(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """Every stored record of the pair (all vintages, all product codes), record-schema columns only."""
    recs = filter_flow_basis(pair_records(snapshot.records, q, totals_only=False, every_valuation=True), q)
    order = ["source", "reporter", "flow", "partner_basis", "hs_code", "period_start", "vintage"]
    return recs.sort_values(order, kind="stable")[RECORD_COLUMNS].reset_index(drop=True)


def rows_containing(frame: pd.DataFrame, text: str) -> pd.DataFrame:
    """The rows in which any cell, as shown (dates as YYYY-MM-DD), contains every word of ``text`` (any case)."""
    words = str(text).lower().split()
    if not words or frame.empty:
        return frame
    shown = frame.astype(str).fillna("").apply(lambda column: column.str.replace(" 00:00:00", "", regex=False))
    row_text = shown.agg(" | ".join, axis=1).str.lower()
    keep = pd.Series(True, index=frame.index)
    for word in words:
        keep &= row_text.str.contains(word, regex=False)
    return frame.loc[keep]
