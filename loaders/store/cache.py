"""Refreshed records on disk: a Parquet file plus a JSON sidecar per entry, written atomically, verified on each read.

Layout: <cache>/<source>/<key>.json names <key>.<sha16>.parquet. The sidecar is written last, by os.replace, so it is
the commit point: a crash or a failed refresh leaves the previous entry whole. Nothing is ever pickled.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from loaders.live import LoaderError
from loaders.schema import RECORD_COLUMNS, validate_records
from loaders.store.safe_files import atomic_write, read_plain_file

SCHEMA_VERSION = 1
DEFAULT_DIR = Path(__file__).resolve().parents[2] / ".cache"
SOURCE_NAME = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
KEY_NAME = re.compile(r"^[A-Z]{3}-[A-Z]{3}_[AM]_(TOTAL|HS[246])$")
DATA_NAME = re.compile(r"^([A-Z]{3}-[A-Z]{3}_[AM]_(TOTAL|HS[246]))\.[0-9a-f]{16}\.parquet$")
MAX_SIDECAR_BYTES = 1_000_000
# A figure is the same figure when all of these agree; a refresh replaces same-vintage rows, older vintages stay.
IDENTITY = ["source", "reporter", "partner", "flow", "partner_basis", "valuation", "freq", "period_start", "hs_code",
            "vintage"]


class CacheError(LoaderError):
    """A cache entry that cannot be trusted: missing, truncated, altered, symlinked or of another schema."""


@dataclass(frozen=True)
class CacheEntry:
    source: str
    key: str
    records: pd.DataFrame
    meta: dict


def cache_dir() -> Path:
    """TRADE_CACHE_DIR if set, else .cache/ beside data/."""
    configured = os.environ.get("TRADE_CACHE_DIR", "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_DIR


def store_dir() -> Path:
    """The product store: TRADE_STORE_DIR if set, else store/ inside the cache folder."""
    configured = os.environ.get("TRADE_STORE_DIR", "").strip()
    return Path(configured).expanduser() if configured else cache_dir() / "store"


def entry_key(pair: tuple[str, str], freq: str, hs: str) -> str:
    """'ARM-KAZ_A_TOTAL': built only from validated codes, the same for both orders of the pair."""
    a, b = sorted(pair)
    key = f"{a}-{b}_{freq}_{'TOTAL' if hs == 'TOTAL' else 'HS' + hs}"
    if not KEY_NAME.match(key):
        raise CacheError(f"not a valid cache key: {key[:40]!r}")
    return key


def write_entry(records: pd.DataFrame, *, source: str, key: str, urls: list[str] | tuple[str, ...],
                retrieved_at: datetime, request: dict, folder: Path | None = None) -> Path:
    """Validate, merge with the entry's earlier vintages, and write atomically; return the sidecar path."""
    if not SOURCE_NAME.match(source) or not KEY_NAME.match(key):
        raise CacheError("refusing a cache name not built from validated codes")
    folder = _source_folder(folder or cache_dir(), source)
    previous = _previous(folder / f"{key}.json")
    records = validate_records(records, origin=f"{source} refresh")
    if previous is not None:
        old = previous.records.merge(records[IDENTITY], on=IDENTITY, how="left", indicator=True)
        records = pd.concat([old[old["_merge"] == "left_only"][RECORD_COLUMNS], records], ignore_index=True)
    buffer = io.BytesIO()
    records.to_parquet(buffer, engine="pyarrow", index=False)
    payload = buffer.getvalue()
    digest = hashlib.sha256(payload).hexdigest()
    data_name = f"{key}.{digest[:16]}.parquet"
    meta = {"schema_version": SCHEMA_VERSION, "source": source, "key": key, "data_file": data_name,
            "sha256": digest, "rows": len(records), "retrieved_at": retrieved_at.isoformat(timespec="seconds"),
            "request": request, "urls": list(urls)}
    fresh = not (folder / data_name).exists()
    _write_durably(folder / data_name, payload)
    try:
        _write_durably(folder / f"{key}.json", json.dumps(meta, indent=1, sort_keys=True).encode("utf-8"))
    except BaseException:
        if fresh:
            (folder / data_name).unlink(missing_ok=True)
        raise
    if previous is not None and previous.meta["data_file"] != data_name:
        (folder / previous.meta["data_file"]).unlink(missing_ok=True)
    return folder / f"{key}.json"


def read_entries(folder: Path | None = None) -> tuple[list[CacheEntry], list[str]]:
    """Every trustworthy entry under the cache folder, and one reason per entry that was skipped."""
    root = folder or cache_dir()
    if not root.is_dir():
        return [], []
    entries, problems = [], []
    for sidecar in sorted(root.glob("*/*.json")):
        try:
            entries.append(read_entry(sidecar))
        except CacheError as exc:
            problems.append(str(exc))
    return entries, problems


def read_entry(sidecar: Path) -> CacheEntry:
    """One entry, checked: sidecar shape, data file name, no symlinks, sha256, row count, then the record schema."""
    where = f"cache {sidecar.parent.name}/{sidecar.name}"
    meta = _json(_read_bytes(sidecar, where, MAX_SIDECAR_BYTES), where)
    name = meta.get("data_file")
    if meta.get("schema_version") != SCHEMA_VERSION or meta.get("source") != sidecar.parent.name \
            or not isinstance(name, str) or not DATA_NAME.match(name) or DATA_NAME.match(name)[1] != sidecar.stem:
        raise CacheError(f"{where}: sidecar is not of this schema version or names no valid data file; skipped")
    payload = _read_bytes(sidecar.parent / name, where, None)
    if hashlib.sha256(payload).hexdigest() != meta.get("sha256"):
        raise CacheError(f"{where}: data file does not match its checksum (truncated or changed); skipped")
    try:
        frame = pd.read_parquet(io.BytesIO(payload), engine="pyarrow")
        if list(frame.columns) != RECORD_COLUMNS or len(frame) != meta.get("rows"):
            raise CacheError(f"{where}: data file does not have the record columns and row count; skipped")
        records = validate_records(frame, origin=where)
    except CacheError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever pyarrow or pandera raise, a bad file is skipped, never fatal
        raise CacheError(f"{where}: unreadable data file ({type(exc).__name__}); skipped") from None
    return CacheEntry(meta["source"], meta["key"], records, meta)


def signature(folder: Path | None = None) -> tuple:
    """Changes whenever an entry is written or removed: for app-level caches keyed on the data's version."""
    root = folder or cache_dir()
    sidecars = sorted(root.glob("*/*.json")) if root.is_dir() else []
    return tuple((p.parent.name, p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sidecars if p.is_file())


def source_ages(folder: Path | None = None) -> dict[str, datetime]:
    """Per source, when its most recent good entry was retrieved (for the 'data age' display)."""
    ages: dict[str, datetime] = {}
    for entry in read_entries(folder)[0]:
        when = datetime.fromisoformat(entry.meta["retrieved_at"])
        ages[entry.source] = max(ages.get(entry.source, when), when)
    return ages


def _source_folder(root: Path, source: str) -> Path:
    folder = root / source
    for path in (root, folder):
        if path.is_symlink():
            raise CacheError(f"cache folder {path.name!r} is a symbolic link; refusing to write")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _previous(sidecar: Path) -> CacheEntry | None:
    if not sidecar.exists() and not sidecar.is_symlink():
        return None
    try:
        return read_entry(sidecar)
    except CacheError:
        return None  # a damaged entry is replaced whole, not merged


def _read_bytes(path: Path, where: str, limit: int | None) -> bytes:
    try:
        data = read_plain_file(path, limit)
    except OSError:
        raise CacheError(f"{where}: {path.name} is missing, unreadable, not a plain file or a symbolic link; "
                         "skipped") from None
    if not data or (limit and len(data) > limit):
        raise CacheError(f"{where}: {path.name} is empty or too large; skipped")
    return data


def _json(data: bytes, where: str) -> dict:
    try:
        meta = json.loads(data)
    except (ValueError, RecursionError):
        raise CacheError(f"{where}: sidecar is not valid JSON; skipped") from None
    if not isinstance(meta, dict):
        raise CacheError(f"{where}: sidecar is not a JSON object; skipped")
    return meta


def _write_durably(path: Path, data: bytes) -> None:
    """Atomic replace (temp file in the same folder, fsync, os.replace), then flush the folder entry too."""
    atomic_write(path, data)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
