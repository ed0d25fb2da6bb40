"""Read a snapshot folder (records/*.csv and *.parquet, statements.csv, events.csv) into validated frames."""
from __future__ import annotations

import errno
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow

from loaders.schema import RECORD_COLUMNS, RecordError, check_links, empty_records, validate_records
from loaders.store.safe_files import NotARegularFile, open_bytes, open_folder, open_text, regular_files
from loaders.store.snapshot_cache import cached_records

BUNDLED_DIR = Path(__file__).resolve().parents[2] / "data"
STATEMENT_COLUMNS = ["statement_id", "published", "speaker_or_outlet", "side", "measure", "period", "value_usd",
                     "source_url", "note", "stated_ratio", "ratio_note", "pair"]
EVENT_COLUMNS = ["event_id", "date", "end_date", "date_precision", "label", "description", "source_url"]
# Text columns are read as text; only these are numbers. Everything else stays a string (HS codes keep zeros).
NUMERIC_COLUMNS = {"value_usd": "float64"}
MAX_PATH_CHARS = 4096
_LOG = logging.getLogger(__name__)


class SnapshotError(RecordError):
    """A snapshot folder that cannot be read: missing, unreadable or malformed files."""


@dataclass(frozen=True)
class Snapshot:
    records: pd.DataFrame
    statements: pd.DataFrame
    events: pd.DataFrame
    folder: Path


def data_dir() -> Path:
    """The snapshot folder: TRADE_DATA_DIR if set, else the bundled data/; a SnapshotError if it is not a folder."""
    configured = os.environ.get("TRADE_DATA_DIR", "").strip()
    if not configured:
        return BUNDLED_DIR
    # NB the message names the folder, never its full path: it is shown to every visitor of the dashboard.
    try:
        if len(configured) > MAX_PATH_CHARS:
            raise OSError(errno.ENAMETOOLONG, "path too long")
        folder = Path(configured).expanduser()
        is_dir = folder.is_dir()
    except (OSError, RuntimeError, ValueError) as exc:
        raise SnapshotError(f"TRADE_DATA_DIR cannot be used as the snapshot folder ({type(exc).__name__})") from None
    if not is_dir:
        raise SnapshotError(f"TRADE_DATA_DIR names no folder ({folder.name[:60]!r} does not exist or is a file)")
    if not os.access(folder, os.R_OK | os.X_OK):
        raise SnapshotError(f"TRADE_DATA_DIR folder {folder.name[:60]!r} is not readable by the dashboard")
    return folder


def _parse(handle, name: str, columns: list[str]) -> pd.DataFrame:
    try:
        with handle:
            frame = pd.read_csv(handle, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise SnapshotError(f"{name}: cannot be read as UTF-8 CSV ({type(exc).__name__})") from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SnapshotError(f"{name}: missing columns {missing}")
    return frame[columns]


def _parse_parquet(handle, name: str) -> pd.DataFrame:
    try:
        with handle:
            frame = pd.read_parquet(handle, engine="pyarrow")
    except (OSError, ValueError, pyarrow.ArrowException) as exc:
        raise SnapshotError(f"{name}: cannot be read as Parquet ({type(exc).__name__})") from None
    missing = [c for c in RECORD_COLUMNS if c not in frame.columns]
    if missing:
        raise SnapshotError(f"{name}: missing columns {missing}")
    return frame[RECORD_COLUMNS]


def read_records(name: str, folder_fd: int) -> pd.DataFrame:
    """One records file (CSV, or Parquet for a bulk source) of an open records/ folder, coerced and validated."""
    if name.endswith(".parquet"):
        return validate_records(_parse_parquet(open_bytes(name, folder_fd), name), origin=name)
    frame = _parse(open_text(name, folder_fd), name, RECORD_COLUMNS)
    try:
        frame = frame.astype(NUMERIC_COLUMNS)
    except ValueError:
        bad = pd.to_numeric(frame["value_usd"], errors="coerce").isna() & frame["value_usd"].notna()
        row = int(bad.to_numpy().argmax()) + 2
        raise SnapshotError(f"{name}: row {row}, column value_usd: not a number "
                            f"({str(frame['value_usd'].iloc[row - 2])[:40]!r})") from None
    return validate_records(frame, origin=name)


def read_snapshot(folder: Path | None = None) -> Snapshot:
    """Read and validate every file of a snapshot folder; raise SnapshotError naming the bad file.

    Only plain files directly inside the folder and its records/ folder are read: a symbolic link, FIFO or device
    planted there is skipped, and a records/ folder that is a symbolic link is refused.
    """
    folder = Path(folder) if folder is not None else data_dir()
    try:
        with open_folder(folder) as root:
            records = _read_record_folder(root, folder.name)
            statements = _optional("statements.csv", root, STATEMENT_COLUMNS)
            events = _optional("events.csv", root, EVENT_COLUMNS)
    except (FileNotFoundError, NotADirectoryError):
        raise SnapshotError(f"snapshot folder {folder.name[:60]!r} does not exist") from None
    except OSError as exc:
        raise SnapshotError(f"snapshot folder {folder.name[:60]!r} cannot be read ({type(exc).__name__})") from None
    check_links(statements, "source_url", "statements.csv", citations=True)
    check_links(events, "source_url", "events.csv")
    return Snapshot(records=records, statements=statements, events=events, folder=folder)


def _read_record_folder(root: int, name: str) -> pd.DataFrame:
    try:
        kind = os.stat("records", dir_fd=root, follow_symlinks=False).st_mode
    except FileNotFoundError:
        kind = 0
    if stat.S_ISLNK(kind):
        raise SnapshotError(f"snapshot folder {name[:60]!r}: records/ is a symbolic link; not followed")
    if not stat.S_ISDIR(kind):
        raise SnapshotError(f"snapshot folder {name[:60]!r} has no records/ folder")
    with open_folder("records", parent_fd=root, follow=False) as record_dir:
        files = regular_files(record_dir, ".csv") + regular_files(record_dir, ".parquet")

        def read_all() -> pd.DataFrame:
            parts = [read_records(file, record_dir) for file in files]
            return pd.concat(parts, ignore_index=True) if parts else empty_records()

        # NB files unchanged since the last load come from their validated Parquet copy: no parsing, no pandera.
        return cached_records([(f, os.stat(f, dir_fd=record_dir, follow_symlinks=False)) for f in files], read_all)


def _optional(name: str, root: int, columns: list[str]) -> pd.DataFrame:
    try:
        return _parse(open_text(name, root), name, columns)
    except FileNotFoundError:
        pass
    except NotARegularFile as exc:
        _LOG.warning("snapshot: %s; ignored", exc)
    return pd.DataFrame({c: pd.Series(dtype="str") for c in columns})
