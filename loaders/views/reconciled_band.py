"""Reconciled band view: per year, the min–max of the reconciled estimates of the turnover comparison (Overview)."""
from __future__ import annotations

import pandas as pd

from loaders.query import Query
from loaders.store.snapshot import Snapshot
from loaders.views.mirror import mirror
from loaders.views.reconciled import reconcile

BAND_COLUMNS = ["year", "direction", "low_usd", "high_usd", "comparisons", "note"]
BAND_NOTE = ("min–max over the methods (importer-preferred, exporter-preferred, mean, OTS max rule, BACI-style "
             "inverse-variance) and over the import bases shown, turnover vs turnover")


def reconciled_band(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """The band the Overview draws in its turnover panel; empty for monthly charts (the estimates are annual) and
    when the query's flow leaves turnover out."""
    if q.flow not in ("all", "turnover") or q.freq != "A":
        return pd.DataFrame({c: pd.Series(dtype="object") for c in BAND_COLUMNS})
    # NB the BACI estimate is a weighted mean of X and M_fob, so whatever the reporters' σ it never moves the min–max:
    # the band does without the σ table, which the first chart then need not read
    rows = reconcile(mirror(snapshot, q.with_(flow="turnover")), sigma_table=None)
    rows = rows.dropna(subset=["low_usd"])
    band = rows.groupby(["year", "direction"], sort=True).agg(
        low_usd=("low_usd", "min"), high_usd=("high_usd", "max"), comparisons=("low_usd", "size")).reset_index()
    return band.assign(note=BAND_NOTE)[BAND_COLUMNS]
