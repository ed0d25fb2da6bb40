"""Dataset assembly: the bundled (or TRADE_DATA_DIR) snapshot plus every valid cached refresh, all records kept."""
from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from loaders.store.cache import read_entries, store_dir
from loaders.store.pair_products import pair_product_rows, with_store_products
from loaders.store.snapshot import Snapshot, coverage_of, merge_coverage, read_snapshot


@dataclass(frozen=True)
class Dataset(Snapshot):
    """A snapshot with the cached live records merged in; ``cache_problems`` says which cache files were skipped."""

    cache_problems: tuple[str, ...] = ()


def load_dataset(folder: Path | None = None, cache_folder: Path | None = None,
                 pair: tuple[str, str] | None = None, store: Path | None = None) -> Dataset:
    """The records the app and CLI work on: with ``pair``, the bulk sources' rows of that pair only (read_snapshot)
    and the product store's (``store``; default store/ in ``cache_folder``, else store_dir()) rows of that pair that are not already in them.

    Snapshot and cache records are concatenated, never collapsed: the same figure from several places stays as
    several rows told apart by ``source`` and ``vintage``. A cache entry that fails its checks is skipped and named
    in ``cache_problems``; it never stops the snapshot from loading.
    """
    snapshot = read_snapshot(folder, pair)
    entries, problems = read_entries(cache_folder)
    base = {f.name: getattr(snapshot, f.name) for f in fields(Snapshot)}
    if entries:
        dtypes = snapshot.records.dtypes.to_dict()
        cached = [e.records.astype(dtypes) for e in entries]
        base["records"] = pd.concat([snapshot.records, *cached], ignore_index=True)
        base["coverage"] = merge_coverage([snapshot.coverage, *(coverage_of(e.records) for e in entries)])
    if pair is not None:
        store = store or (cache_folder / "store" if cache_folder else store_dir())
        try:
            base["records"] = with_store_products(base["records"], pair_product_rows(store, pair))
        except (OSError, ValueError) as exc:  # NB pyarrow's ArrowInvalid is a ValueError
            problems = [*problems, f"product store: {type(exc).__name__}; its rows were skipped"]
    return Dataset(**base, cache_problems=tuple(problems))
