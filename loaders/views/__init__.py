"""Views: pure functions (snapshot, query) -> frame. Each backs one chart or table, its download and the CLI."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from loaders.query import Query
from loaders.snapshot import Snapshot
from loaders.views.bridge import bridge
from loaders.views.dataset import dataset
from loaders.views.mirror import mirror
from loaders.views.products import products
from loaders.views.reconciled import reconciled
from loaders.views.reconciled_band import reconciled_band
from loaders.views.revisions import revisions
from loaders.views.series import series
from loaders.views.sources import sources
from loaders.views.statements import statements
from loaders.views.summary import summary

View = Callable[[Snapshot, Query], pd.DataFrame]

VIEWS: dict[str, View] = {
    "dataset": dataset,
    "series": series,
    "mirror": mirror,
    "revisions": revisions,
    "sources": sources,
    "summary": summary,
    "bridge": bridge,
    "reconciled": reconciled,
    "reconciled_band": reconciled_band,
    "products": products,
    "statements": statements,
}


def run_view(name: str, snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """Run a view by name; a KeyError names the known views."""
    if name not in VIEWS:
        raise KeyError(f"unknown view {name!r}; known: {', '.join(sorted(VIEWS))}")
    return VIEWS[name](snapshot, q)
