"""Read a snapshot folder (records/*.csv, statements.csv, events.csv) into validated frames."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from loaders.schema import RECORD_COLUMNS, RecordError, empty_records, validate_records

BUNDLED_DIR = Path(__file__).resolve().parents[1] / "data"
STATEMENT_COLUMNS = ["statement_id", "published", "speaker_or_outlet", "side", "measure", "period", "value_usd",
                     "source_url", "note", "stated_ratio", "ratio_note"]
EVENT_COLUMNS = ["event_id", "date", "end_date", "date_precision", "label", "description", "source_url"]
# Text columns are read as text; only these are numbers. Everything else stays a string (HS codes keep zeros).
NUMERIC_COLUMNS = {"value_usd": "float64"}


class SnapshotError(RecordError):
    """A snapshot folder that cannot be read: missing, unreadable or malformed files."""


@dataclass(frozen=True)
class Snapshot:
    records: pd.DataFrame
    statements: pd.DataFrame
    events: pd.DataFrame
    folder: Path


def data_dir() -> Path:
    """The snapshot folder: TRADE_DATA_DIR if set, else the bundled data/."""
    configured = os.environ.get("TRADE_DATA_DIR", "").strip()
    return Path(configured).expanduser() if configured else BUNDLED_DIR


def _read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise SnapshotError(f"{path.name}: cannot be read as UTF-8 CSV ({type(exc).__name__})") from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SnapshotError(f"{path.name}: missing columns {missing}")
    return frame


def read_records(path: Path) -> pd.DataFrame:
    frame = _read_csv(path, RECORD_COLUMNS)[RECORD_COLUMNS]
    try:
        frame = frame.astype(NUMERIC_COLUMNS)
    except ValueError:
        bad = pd.to_numeric(frame["value_usd"], errors="coerce").isna() & frame["value_usd"].notna()
        row = int(bad.to_numpy().argmax()) + 2
        raise SnapshotError(f"{path.name}: row {row}, column value_usd: not a number "
                            f"({str(frame['value_usd'].iloc[row - 2])[:40]!r})") from None
    return validate_records(frame, origin=path.name)


def read_snapshot(folder: Path | None = None) -> Snapshot:
    """Read and validate every file of a snapshot folder; raise SnapshotError naming the bad file."""
    folder = Path(folder) if folder is not None else data_dir()
    record_dir = folder / "records"
    if not record_dir.is_dir():
        raise SnapshotError(f"snapshot folder {folder.name!r} has no records/ folder")
    files = sorted(p for p in record_dir.glob("*.csv") if p.is_file() and not p.is_symlink())
    parts = [read_records(p) for p in files]
    records = pd.concat(parts, ignore_index=True) if parts else empty_records()
    statements = _optional(folder / "statements.csv", STATEMENT_COLUMNS)
    events = _optional(folder / "events.csv", EVENT_COLUMNS)
    return Snapshot(records=records, statements=statements, events=events, folder=folder)


def _optional(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.is_file():
        return pd.DataFrame({c: pd.Series(dtype="str") for c in columns})
    return _read_csv(path, columns)[columns]
