"""Every view run, as the CLI exports it, for every pair of the data or for one pair per data shape."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from loaders.csv_export import to_csv_bytes
from loaders.pairs import available_pairs
from loaders.query import Query, parse_pair
from loaders.store.snapshot import Snapshot
from loaders.store.world import world_years
from loaders.views import VIEWS, WORLD_VIEWS, run_view

# What makes two pairs' data the same shape for the views: which side reports what, from which source, how.
SHAPE_COLUMNS = ["side", "source", "flow", "partner_basis", "valuation", "freq", "product_level", "estimated",
                 "confidence", "missing_value"]


@dataclass(frozen=True)
class ViewFailure:
    pair: str
    view: str
    error: str

    def __str__(self) -> str:
        return f"{self.pair} {self.view}: {self.error}"


def pair_shapes(records: pd.DataFrame) -> pd.Series:
    """Per pair code ('AAA-BBB', alphabetical): the set of shape rows (SHAPE_COLUMNS) its records have."""
    first = records["reporter"].where(records["reporter"] < records["partner"], records["partner"])
    second = records["partner"].where(records["reporter"] < records["partner"], records["reporter"])
    rows = pd.DataFrame({
        "pair": first + "-" + second,
        "side": (records["reporter"] == first).map({True: "first", False: "second"}),
        **{c: records[c] for c in ("source", "flow", "partner_basis", "valuation", "freq", "estimated",
                                   "confidence")},
        "product_level": records["hs_code"].str.len().where(records["hs_code"] != "TOTAL", 0),
        "missing_value": records["value_usd"].isna(),
    }).drop_duplicates()
    text = rows[SHAPE_COLUMNS].astype(str).agg("|".join, axis=1)
    return text.groupby(rows["pair"]).agg(lambda shape: tuple(sorted(shape)))


def one_pair_per_shape(snapshot: Snapshot) -> list[str]:
    """The first pair (in the picker's order) of each shape of data, so a check covers every shape at little cost."""
    shapes = pair_shapes(snapshot.records)
    seen, chosen = set(), []
    for pair in available_pairs(snapshot):
        if shapes.get(pair) not in seen:
            seen.add(shapes.get(pair))
            chosen.append(pair)
    return chosen


def check_views(snapshot: Snapshot, pairs: Iterable[str], views: Iterable[str] | None = None) -> list[ViewFailure]:
    """Run each view (default: all) for each pair and write it as the export does; every exception becomes a
    ViewFailure. The world views, which no pair changes, run once, for the world store's last year (where the
    snapshot folder has one)."""
    views = list(views if views is not None else VIEWS)
    failures, pairs = [], list(pairs)
    for pair in pairs:
        query = Query(pair=parse_pair(pair))
        failures += _run(snapshot, pair, [v for v in views if v not in WORLD_VIEWS], query)
    span = world_years(snapshot.folder)
    if pairs and span is not None:
        query = Query(pair=parse_pair(pairs[0]), years=(span[1], span[1]))
        failures += _run(snapshot, pairs[0], [v for v in views if v in WORLD_VIEWS], query)
    return failures


def _run(snapshot: Snapshot, pair: str, views: list[str], query: Query) -> list[ViewFailure]:
    failures = []
    for view in views:
        try:
            to_csv_bytes(run_view(view, snapshot, query))
        except Exception as exc:  # noqa: BLE001 - the check reports every failure, whatever its kind
            failures.append(ViewFailure(pair, view, f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
                                        if str(exc) else type(exc).__name__))
    return failures
