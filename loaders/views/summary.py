"""Summary view: the latest year in which both countries published a turnover, as each reports it."""
from __future__ import annotations

import pandas as pd

from loaders.query import Query
from loaders.store.snapshot import Snapshot
from loaders.views.mirror import MIRROR_COLUMNS, mirror

BASIS_ORDER = {"origin": 0, "unknown": 1, "consignment": 2, "destination": 3}


def summary(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """At most one mirror row: turnover vs turnover, both reported, latest year, origin basis preferred."""
    rows = mirror(snapshot, q.with_(flow="turnover", basis="all"))
    rows = rows[rows["status"] == "both sides reported"]
    if rows.empty:
        return rows[MIRROR_COLUMNS]
    ranked = rows.assign(_b=rows["x_basis"].map(BASIS_ORDER).fillna(9), _m=rows["m_basis"].map(BASIS_ORDER).fillna(9))
    ranked = ranked.sort_values(["year", "_b", "_m"], ascending=[False, True, True], kind="stable")
    return ranked.head(1)[MIRROR_COLUMNS].reset_index(drop=True)
