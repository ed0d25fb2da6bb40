"""The IMF world store (world/imf_dots_world.parquet in the snapshot folder): its location, its year-ordered companion
and one pair's records."""
from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

import pandas as pd
import pyarrow

from loaders.schema import RECORD_COLUMNS, RecordError, check_served
from loaders.store.safe_files import open_bytes, open_folder
from loaders.store.snapshot_cache import cached_records

WORLD_FOLDER = "world"
WORLD_NAME = "imf_dots_world.parquet"
MANIFEST_NAME = "imf_dots_world.json"
FLOWS_NAME = "imf_dots_world_flows.parquet"
# NB a figure the small files already hold (the ARM-KAZ rows of the same IMF edition) is kept once, from those files
SAME_FIGURE = ["source", "reporter", "partner", "flow", "partner_basis", "period_start", "vintage"]
_LOG = logging.getLogger(__name__)


class WorldStoreError(RecordError):
    """The world store is missing or cannot be read; pages that need it say so, the rest of the app works on."""


def world_file(folder: Path) -> Path:
    """Where a snapshot folder keeps its world store."""
    return Path(folder) / WORLD_FOLDER / WORLD_NAME


def flows_file(folder: Path, store_size: int) -> Path | None:
    """The store's year-ordered companion (mirror_flows' rows, tools/build_snapshot.py) where the manifest describes
    both it and the store as they are (their sizes in bytes), else None: the world views then read the store."""
    path = Path(folder) / WORLD_FOLDER / FLOWS_NAME
    try:
        facts = _manifest((path.parent / MANIFEST_NAME).read_bytes()[:4096], store_size)
        flows = facts["flows"] if facts is not None else None
        size = path.stat().st_size if path.is_file() else None
    except (OSError, TypeError, KeyError):
        return None
    if isinstance(flows, dict) and flows.get("file") == FLOWS_NAME and size is not None and flows.get("bytes") == size:
        return path
    if size is not None:
        _stale_companion(str(path), size, store_size)
    return None


@functools.lru_cache(maxsize=8)  # NB said once per state of the two files, not on every view call
def _stale_companion(path: str, size: int, store_size: int) -> None:
    _LOG.warning("%s (%d bytes) is not the companion the manifest names for the %d-byte %s: the world views read the "
                 "store itself", path, size, store_size, WORLD_NAME)


def pair_table(handle, pair: tuple[str, str]) -> pd.DataFrame:
    """Both directions' rows of a pair: the file is sorted by reporter and partner, so the row groups' statistics
    name the one or two groups each direction can lie in, and only those are read, never the rest of the world.
    Checked as a cache hit is (check_served): the build validated every row with the full schema."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        with handle:
            info = os.fstat(handle.fileno())
            meta, ranges = _footer(handle, (info.st_size, info.st_mtime_ns, info.st_ino))
            groups = sorted({g for a, b in (pair, pair[::-1]) for g in _groups_holding(ranges, a, b)})
            table = pq.ParquetFile(handle, metadata=meta).read_row_groups(groups, columns=RECORD_COLUMNS)
    except (OSError, ValueError, pyarrow.ArrowException) as exc:
        raise WorldStoreError(f"{WORLD_NAME}: cannot be read as Parquet ({type(exc).__name__})") from None
    a, b = pair
    reporter, partner = table["reporter"], table["partner"]
    mine = pc.or_(pc.and_(pc.equal(reporter, a), pc.equal(partner, b)),
                  pc.and_(pc.equal(reporter, b), pc.equal(partner, a)))
    frame = table.filter(mine).to_pandas()
    if list(frame.columns) != RECORD_COLUMNS or (problem := check_served(frame)) is not None:
        raise WorldStoreError(f"{WORLD_NAME}: not in the record schema ({problem or 'columns differ'})")
    return frame


_FOOTERS: dict[tuple, tuple] = {}


def _footer(handle, state: tuple) -> tuple:
    """The file's Parquet footer and, per row group, its reporter and partner range: parsed once per state of the
    file."""
    import pyarrow.parquet as pq

    if state not in _FOOTERS:
        meta = pq.ParquetFile(handle).metadata
        r_col, p_col = meta.schema.names.index("reporter"), meta.schema.names.index("partner")
        ranges = []
        for g in range(meta.num_row_groups):
            rs, ps = meta.row_group(g).column(r_col).statistics, meta.row_group(g).column(p_col).statistics
            # NB a group without statistics could hold anything: it is always read
            ranges.append((rs.min, rs.max, ps.min, ps.max) if rs is not None and ps is not None and rs.has_min_max
                          and ps.has_min_max else ("", "\uffff", "", "\uffff"))
        _FOOTERS.clear()
        _FOOTERS[state] = meta, ranges
    return _FOOTERS[state]


def _groups_holding(ranges: list[tuple[str, str, str, str]], reporter: str, partner: str) -> list[int]:
    """Row groups whose statistics allow a (reporter, partner) row: its reporter's groups, narrowed by partner where
    a group holds that reporter alone. (A loop over ~900 tuples: ~0.3 ms, against ~3 ms for the same test as pandas
    operations on a frame of the ranges.)"""
    return [group for group, (r_min, r_max, p_min, p_max) in enumerate(ranges)
            if r_min <= reporter <= r_max and (r_min != r_max or p_min <= partner <= p_max)]


def world_records(root: int, pair: tuple[str, str], held: pd.DataFrame | None = None) -> pd.DataFrame | None:
    """A pair's records from the world store of an open snapshot folder; None where the folder has no world store, or
    where ``held`` (the small files' records) already has both directions at the store's edition, so the store is
    not opened at all (the default pair's first chart). Served from the validated copy while the file is unchanged
    (snapshot_cache), so a start reads it once."""
    try:
        with open_folder(WORLD_FOLDER, parent_fd=root, follow=False) as world_dir:
            try:
                info = os.stat(WORLD_NAME, dir_fd=world_dir, follow_symlinks=False)
            except FileNotFoundError:
                return None
            if held is not None and _both_directions_held(held, pair, _edition(world_dir, info.st_size)):
                return None
            return cached_records([(WORLD_NAME, info)], lambda: pair_table(open_bytes(WORLD_NAME, world_dir), pair),
                                  variant="world-" + "-".join(pair))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WorldStoreError(f"{WORLD_FOLDER}/ cannot be read ({type(exc).__name__})") from None


def _edition(world_dir: int, size: int) -> tuple[str, pd.Timestamp] | None:
    """The store's source and vintage from its manifest, where the manifest describes the file as it is."""
    try:
        with open_bytes(MANIFEST_NAME, world_dir) as handle:
            facts = _manifest(handle.read(4096), size)
        return None if facts is None else (str(facts["source"]), pd.Timestamp(facts["vintage"]))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _both_directions_held(records: pd.DataFrame, pair: tuple[str, str], edition: tuple | None) -> bool:
    """Whether ``records`` has rows of the store's edition for both directions of the pair.

    NB records/imf_dots.csv copies both reporters' whole rows of a pair from the same edition (data/README.md), so one
    row of a direction stands for all of them; tests/unit/test_world_pairs.py checks that the store adds none."""
    if edition is None:
        return False
    source, vintage = edition
    same = records[(records["source"] == source) & (records["vintage"] == vintage)]
    return all(((same["reporter"] == a) & (same["partner"] == b)).any() for a, b in (pair, pair[::-1]))


def with_world(records: pd.DataFrame, world: pd.DataFrame | None) -> pd.DataFrame:
    """The snapshot's records plus the world store's figures they do not already hold."""
    if world is None or world.empty:
        return records
    held = records.loc[records["source"].isin(world["source"].unique()), SAME_FIGURE].drop_duplicates()
    fresh = world.merge(held, on=SAME_FIGURE, how="left", indicator=True)["_merge"].eq("left_only").to_numpy()
    return pd.concat([records, world[fresh]], ignore_index=True)


def world_years(folder: Path) -> tuple[int, int] | None:
    """First and last year of the world store: from its manifest where that describes the file as it is (same size),
    else from its row groups' statistics; None without a store."""
    path = world_file(folder)
    try:
        info = path.stat()
    except OSError:
        return None
    return _manifest_years(path.parent / MANIFEST_NAME, info.st_size) or _years_of(str(path), info.st_mtime_ns,
                                                                                  info.st_size)


def _manifest_years(manifest: Path, size: int) -> tuple[int, int] | None:
    try:
        facts = _manifest(manifest.read_bytes()[:4096], size)
        return None if facts is None else (int(facts["first_year"]), int(facts["last_year"]))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _manifest(raw: bytes, size: int) -> dict | None:
    """The manifest's facts where they describe the store as it is (same size in bytes), else None."""
    import json

    try:
        facts = json.loads(raw)
    except ValueError:
        return None
    return facts if isinstance(facts, dict) and facts.get("bytes") == size else None


@functools.lru_cache(maxsize=4)
def _years_of(path: str, mtime_ns: int, size: int) -> tuple[int, int] | None:
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
        column = meta.schema.names.index("period_start")
        stats = [meta.row_group(i).column(column).statistics for i in range(meta.num_row_groups)]
        return min(s.min for s in stats).year, max(s.max for s in stats).year
    except (OSError, ValueError, AttributeError, pyarrow.ArrowException):
        return None  # NB a broken store is reported by the views that read it, not by the year picker
