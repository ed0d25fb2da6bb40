"""A validated Parquet copy of the snapshot's records, so that a start-up on unchanged CSV files skips parsing them."""
from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import pyarrow

from loaders.schema import RECORD_COLUMNS, check_served
from loaders.store.cache import cache_dir
from loaders.store.safe_files import atomic_write, read_plain_file

FORMAT = 1
KEEP = 16  # entries kept (the small files' and each recently loaded pair's bulk rows); older ones deleted on write
STALE_TEMP_SECONDS = 600
# NB the key covers the code that parses and validates, so a changed rule never serves rows the old rule let through.
CODE_FILES = ("schema.py", "record_model.py", "store/snapshot.py", "store/snapshot_cache.py", "store/world.py")
ENTRY = re.compile(r"^records-([0-9a-f]{32})\.([0-9a-f]{16})\.parquet$")
DATE_COLUMNS = ("period_start", "period_end", "vintage")
_LOADERS = Path(__file__).resolve().parents[1]
_LOG = logging.getLogger(__name__)


def cache_folder() -> Path:
    """snapshot/ under TRADE_CACHE_DIR if set, else under .cache/ beside data/."""
    return cache_dir() / "snapshot"


def cache_key(files: Sequence[tuple[str, os.stat_result]], variant: str = "") -> str:
    """Changes when any records file is edited, replaced, added or removed, or when the reading code changes;
    ``variant`` names what was read of them (e.g. one pair's rows of a bulk file)."""
    digest = hashlib.sha256(f"{FORMAT} pandas {pd.__version__} pyarrow {pyarrow.__version__} {variant}\n".encode())
    for name in CODE_FILES:
        digest.update((_LOADERS / name).read_bytes())
    for name, info in files:
        # NB ctime and inode too: a restored mtime (touch -d, some copy tools) does not hide an edit.
        digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}\n".encode())
    return digest.hexdigest()[:32]


def cached_records(files: Sequence[tuple[str, os.stat_result]], build: Callable[[], pd.DataFrame],
                   variant: str = "") -> pd.DataFrame:
    """The records of these files from the cache if a sound entry exists, else ``build()`` (then stored)."""
    key = cache_key(files, variant)
    folder = cache_folder()
    records = _read(folder, key)
    if records is None:
        records = build()
        _write(folder, key, records)
    return records


def _read(folder: Path, key: str) -> pd.DataFrame | None:
    try:
        names = [n for n in os.listdir(folder) if (m := ENTRY.match(n)) and m[1] == key]
    except OSError:
        return None
    for name in names:
        try:
            return _checked(read_plain_file(folder / name), ENTRY.match(name)[2])
        except Exception as exc:  # noqa: BLE001 - whatever is wrong with an entry, it is ignored and rebuilt
            _LOG.warning("snapshot cache: %s ignored (%s)", name, exc)
    return None


def _checked(payload: bytes, digest: str) -> pd.DataFrame:
    if hashlib.sha256(payload).hexdigest()[:16] != digest:
        raise ValueError("content does not match its checksum")
    frame = pd.read_parquet(io.BytesIO(payload), engine="pyarrow")
    if list(frame.columns) != RECORD_COLUMNS:
        raise ValueError("columns are not the record schema's")
    for column in RECORD_COLUMNS:
        kind = frame[column].dtype
        ok = (pd.api.types.is_datetime64_dtype(kind) if column in DATE_COLUMNS
              else kind == "float64" if column == "value_usd" else kind == "bool" if column == "estimated"
              else pd.api.types.is_string_dtype(kind))
        if not ok:
            raise ValueError(f"column {column} has type {kind}")
    # NB the same value checks as a fresh load: an entry written under a consistent name by anyone else than this
    # module is never served on its name and checksum alone.
    problem = check_served(frame)
    if problem is not None:
        raise ValueError(problem)
    return frame


def _write(folder: Path, key: str, records: pd.DataFrame) -> None:
    buffer = io.BytesIO()
    records.to_parquet(buffer, engine="pyarrow", index=False)
    payload = buffer.getvalue()
    name = f"records-{key}.{hashlib.sha256(payload).hexdigest()[:16]}.parquet"
    try:
        if folder.is_symlink() or folder.parent.is_symlink():
            raise OSError("the cache folder is a symbolic link")
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / name, payload)
        _prune(folder, key, name)
    except OSError as exc:
        # NB the cache only saves time: a read-only or full disk must not stop the dashboard.
        _LOG.warning("snapshot cache not written (%s)", exc)


def _prune(folder: Path, key: str, keep: str) -> None:
    """Drop other files of this key (damaged), all but the newest KEEP entries, and temp files of crashed writes."""
    entries, now = [], time.time()
    for path in folder.iterdir():
        match = ENTRY.match(path.name)
        if match and path.name != keep:
            if match[1] == key:
                path.unlink(missing_ok=True)
            else:
                entries.append(path)
        elif path.name.startswith(".tmp-") and now - path.lstat().st_mtime > STALE_TEMP_SECONDS:
            path.unlink(missing_ok=True)
    entries.sort(key=lambda p: p.lstat().st_mtime, reverse=True)
    for path in entries[KEEP - 1:]:
        path.unlink(missing_ok=True)
