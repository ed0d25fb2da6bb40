"""Views: pure functions (snapshot, query) -> frame. Each backs one chart or table, its download and the CLI."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from loaders.query import Query
from loaders.store.snapshot import Snapshot
from loaders.views.answer import answer
from loaders.views.bridge import bridge
from loaders.views.dataset import dataset
from loaders.views.mirror import mirror
from loaders.views.product_gaps import products
from loaders.views.products import product_shares
from loaders.views.reconciled import reconciled
from loaders.views.reconciled_band import reconciled_band
from loaders.views.revisions import revisions
from loaders.views.series import series
from loaders.views.sources import sources
from loaders.views.statements import statements
from loaders.views.summary import summary
from loaders.views.world import reporters, world

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
    "product_lines": product_shares,
    "statements": statements,
    "answer": answer,
    "world": world,
    "reporters": reporters,
}


# Views over the whole IMF world store: they read the query's years, never its pair (nor its margin: WORLD_MARGIN).
WORLD_VIEWS = ("world", "reporters")

# The query fields each view reads besides the pair (which all read): a cache keyed on only these holds one frame where
# a key on the whole query would hold the same frame once per unrelated setting. A test checks that changing any other
# field leaves every view's frame unchanged.
QUERY_FIELDS: dict[str, tuple[str, ...]] = {
    "dataset": ("years", "flow", "basis"),
    "series": ("years", "flow", "basis", "freq", "vintage"),
    "mirror": ("years", "flow", "basis", "margin", "vintage"),
    "revisions": ("years", "flow", "basis"),
    "sources": ("years",),
    "summary": ("years", "vintage"),
    "bridge": ("years", "flow", "basis", "margin", "vintage"),
    "reconciled": ("years", "flow", "basis", "margin", "vintage"),
    "reconciled_band": ("years", "flow", "basis", "freq", "vintage"),
    "products": ("years",),
    "product_lines": ("years",),
    "statements": (),
    "answer": ("years", "margin", "vintage"),
    "world": ("years",),
    "reporters": ("years",),
}


def view_query(name: str, q: Query) -> Query:
    """The query with every field the view does not read at its default: equal for queries the view answers alike."""
    return Query(pair=q.pair, **{field: getattr(q, field) for field in QUERY_FIELDS[name]})


def run_view(name: str, snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """Run a view by name; a KeyError names the known views."""
    if name not in VIEWS:
        raise KeyError(f"unknown view {name!r}; known: {', '.join(sorted(VIEWS))}")
    return VIEWS[name](snapshot, q)
