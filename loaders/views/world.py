"""World views: every exporter-importer-year mirror of the IMF world store (``world``) and reporter reliability
(``reporters``), computed in place by loaders/world/queries.py; the pair's own records are not used."""
from __future__ import annotations

import functools
import threading
from pathlib import Path

import pandas as pd

from loaders.query import Query
from loaders.store.snapshot import Snapshot
from loaders.store.world import FLOWS_NAME, WORLD_FOLDER, WORLD_NAME, WorldStoreError, flows_file, world_file

# NB one margin for every pair of the world, the IMF's own CIF/FOB factor (1.06, DOTS Yearbook [I1]): the sidebar's
# margin is one pair's (10.2 % for CIS partners without a common border) and would misstate most others
WORLD_MARGIN = 0.06


def _state(snapshot: Snapshot) -> tuple[str, str, int, int, str]:
    """What the views read — the store's year-ordered companion where the manifest vouches for it, else the store —
    as (kind, path, mtime, size, engine): a new file or engine is a new state."""
    path = world_file(snapshot.folder)
    try:
        info = path.stat()
    except OSError:
        info = None
    if info is None or not path.is_file():
        raise WorldStoreError(f"the snapshot folder {snapshot.folder.name[:60]!r} has no world store "
                              f"({WORLD_FOLDER}/{WORLD_NAME}); build it with python tools/build_snapshot.py")
    from loaders.world.engine import engine_name

    if (flows := flows_file(snapshot.folder, info.st_size)) is not None:
        try:
            flows_info = flows.stat()
            return "flows", str(flows), flows_info.st_mtime_ns, flows_info.st_size, engine_name()
        except OSError:
            pass  # NB gone since it was checked: the store answers
    return "records", str(path), info.st_mtime_ns, info.st_size, engine_name()


_CONNECTIONS = threading.local()


def _store(state: tuple[str, str, int, int, str]):
    """The file's Ibis table on this thread's connection to the engine (a DuckDB connection is not shared across
    threads; opening one and its view of a file costs ~0.1-0.3 s, so each thread keeps its own)."""
    from loaders.world import queries

    if getattr(_CONNECTIONS, "state", None) != state:
        kind, path = state[:2]
        table = queries.flows(Path(path)) if kind == "flows" else queries.store(Path(path))
        if kind == "flows" and list(table.columns) != queries.FLOW_COLUMNS:
            raise WorldStoreError(f"{FLOWS_NAME}: not the world store's companion (columns differ); rebuild it with "
                                  "python tools/build_snapshot.py")
        _CONNECTIONS.table, _CONNECTIONS.state = table, state
    return _CONNECTIONS.table


@functools.lru_cache(maxsize=4)  # NB every year at once is ~1 M rows: keep few
def _computed(state: tuple[str, str, int, int, str], view: str, years: tuple[int, int] | None) -> pd.DataFrame:
    """A world view's frame, once per state of the file, engine and query (shared, read-only: views never modify it)."""
    # NB imported here: the start-up and every pair page run without DuckDB, Ibis or Spark
    from loaders.world import queries
    from loaders.world.engine import query_errors

    of = queries.world_of_flows if state[0] == "flows" else queries.world
    try:
        # NB reliability aggregates the rows: their sort would be discarded
        rows = of(_store(state), years, WORLD_MARGIN, ordered=view != "reporters")
        # NB through Arrow: Ibis's own to_pandas re-converts every column in Python (~0.3 s on a year's 30,000 rows)
        return (queries.reporters(rows) if view == "reporters" else rows).to_pyarrow().to_pandas()
    except query_errors() as exc:
        raise WorldStoreError(f"{Path(state[1]).name}: cannot be read ({type(exc).__name__})") from None


def world(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """One row per exporter, importer and year of the query's years: both IMF reports, M_fob at the IMF's factor,
    ln(M_fob/X), (X − M)/(X + M), the IMF estimate flags and whether one side is an imputation from the other."""
    return _computed(_state(snapshot), "world", q.years)


def reporters(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """Per reporter over the query's years: partners compared, median |ln(M_fob/X)|, share of imputed mirrors,
    reliability in (0, 1] (NA with too few genuine partners) and the method."""
    return _computed(_state(snapshot), "reporters", q.years)
