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
from loaders.store.world import WorldStoreError, with_world, world_records

BUNDLED_DIR = Path(__file__).resolve().parents[2] / "data"
STATEMENT_COLUMNS = ["statement_id", "published", "speaker_or_outlet", "side", "measure", "period", "value_usd",
                     "source_url", "note", "stated_ratio", "ratio_note", "pair"]
EVENT_COLUMNS = ["event_id", "date", "end_date", "date_precision", "label", "description", "source_url"]
# Text columns are read as text; only these are numbers or flags. Everything else stays a string (HS codes keep zeros).
NUMERIC_COLUMNS = {"value_usd": "float64"}
FLAGS = {"True": True, "False": False, "true": True, "false": False}
MAX_PATH_CHARS = 4096
_LOG = logging.getLogger(__name__)


class SnapshotError(RecordError):
    """A snapshot folder that cannot be read: missing, unreadable or malformed files."""


@dataclass(frozen=True)
class Snapshot:
    """``records``: every record, or with a pair, the small sources' records and the bulk sources' rows of that pair.
    ``coverage``: per reporter and partner of the whole folder, the record count and first and last year (None: derive
    it from ``records``, as for a snapshot made in memory)."""

    records: pd.DataFrame
    statements: pd.DataFrame
    events: pd.DataFrame
    folder: Path
    coverage: pd.DataFrame | None = None
    world_problem: str | None = None


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


def _parse_parquet(handle, name: str, pair: tuple[str, str] | None = None) -> pd.DataFrame:
    import pyarrow.dataset  # NB imported here: the start-up reads no bulk file before the first chart
    import pyarrow.parquet as pq

    # NB with a pair, only its rows are read: the bulk files are sorted by reporter and partner in small row groups,
    # so the filter skips every other group unread.
    rows = None
    if pair is not None:
        a, b = (pyarrow.dataset.field(c) for c in ("reporter", "partner"))
        rows = ((a == pair[0]) & (b == pair[1])) | ((a == pair[1]) & (b == pair[0]))
    try:
        with handle:
            frame = pq.read_table(handle, filters=rows).to_pandas()
    except (OSError, ValueError, pyarrow.ArrowException) as exc:
        raise SnapshotError(f"{name}: cannot be read as Parquet ({type(exc).__name__})") from None
    missing = [c for c in RECORD_COLUMNS if c not in frame.columns]
    if missing:
        raise SnapshotError(f"{name}: missing columns {missing}")
    return frame[RECORD_COLUMNS]


def read_records(name: str, folder_fd: int, pair: tuple[str, str] | None = None) -> pd.DataFrame:
    """One records file (CSV, or Parquet for a bulk source: with a pair, its rows only) of an open records/ folder,
    coerced and validated."""
    if name.endswith(".parquet"):
        return validate_records(_parse_parquet(open_bytes(name, folder_fd), name, pair), origin=name)
    frame = _parse(open_text(name, folder_fd), name, RECORD_COLUMNS)
    try:
        frame = frame.astype(NUMERIC_COLUMNS)
    except ValueError:
        bad = pd.to_numeric(frame["value_usd"], errors="coerce").isna() & frame["value_usd"].notna()
        row = int(bad.to_numpy().argmax()) + 2
        raise SnapshotError(f"{name}: row {row}, column value_usd: not a number "
                            f"({str(frame['value_usd'].iloc[row - 2])[:40]!r})") from None
    return validate_records(frame.assign(estimated=_flags(frame["estimated"], name)), origin=name)


def _flags(column: pd.Series, name: str) -> pd.Series:
    """True/False cells as booleans (a plain cast would read the text 'False' as true)."""
    flags = column.map(FLAGS)
    if flags.isna().any():
        row = int(flags.isna().to_numpy().argmax())
        raise SnapshotError(f"{name}: row {row + 2}, column estimated: not True or False "
                            f"({str(column.iloc[row])[:20]!r})")
    return flags.astype("bool")


def read_snapshot(folder: Path | None = None, pair: tuple[str, str] | None = None) -> Snapshot:
    """Read and validate every file of a snapshot folder; raise SnapshotError naming the bad file.

    With ``pair``, the bulk (Parquet) files give only that pair's rows: no page or export needs the others, and the
    whole of them costs far more to hold than one pair. ``coverage`` still describes every record of the folder.
    With ``pair``, the world store's rows of the pair are added too (never the whole world); a world store that
    cannot be read is named in ``world_problem`` and leaves the rest of the snapshot as it is.
    Only plain files directly inside the folder and its records/ folder are read: a symbolic link, FIFO or device
    planted there is skipped, and a records/ folder that is a symbolic link is refused.
    """
    folder = Path(folder) if folder is not None else data_dir()
    try:
        with open_folder(folder) as root:
            records, coverage = _read_record_folder(root, folder.name, pair)
            world_problem = None
            if pair is not None:
                try:
                    records = with_world(records, world_records(root, pair, held=records))
                except WorldStoreError as exc:
                    _LOG.warning("snapshot: %s", exc)
                    world_problem = str(exc)
            statements = _optional("statements.csv", root, STATEMENT_COLUMNS)
            events = _optional("events.csv", root, EVENT_COLUMNS)
    except (FileNotFoundError, NotADirectoryError):
        raise SnapshotError(f"snapshot folder {folder.name[:60]!r} does not exist") from None
    except OSError as exc:
        raise SnapshotError(f"snapshot folder {folder.name[:60]!r} cannot be read ({type(exc).__name__})") from None
    check_links(statements, "source_url", "statements.csv", citations=True)
    check_links(events, "source_url", "events.csv")
    return Snapshot(records=records, statements=statements, events=events, folder=folder, coverage=coverage,
                    world_problem=world_problem)


def _read_record_folder(root: int, name: str, pair: tuple[str, str] | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    try:
        kind = os.stat("records", dir_fd=root, follow_symlinks=False).st_mode
    except FileNotFoundError:
        kind = 0
    if stat.S_ISLNK(kind):
        raise SnapshotError(f"snapshot folder {name[:60]!r}: records/ is a symbolic link; not followed")
    if not stat.S_ISDIR(kind):
        raise SnapshotError(f"snapshot folder {name[:60]!r} has no records/ folder")
    with open_folder("records", parent_fd=root, follow=False) as record_dir:
        files = regular_files(record_dir, ".csv")
        bulk_files = regular_files(record_dir, ".parquet")

        def read_small() -> pd.DataFrame:
            parts = [read_records(file, record_dir) for file in files]
            return pd.concat(parts, ignore_index=True) if parts else empty_records()

        def read_bulk() -> pd.DataFrame:
            return pd.concat([read_records(file, record_dir, pair) for file in bulk_files], ignore_index=True)

        def state(names: list[str]) -> list[tuple[str, os.stat_result]]:
            return [(f, os.stat(f, dir_fd=record_dir, follow_symlinks=False)) for f in names]

        # NB files unchanged since the last load (of this pair, for the bulk files) come from their validated Parquet
        # copy: no parsing, no pandera.
        small = cached_records(state(files), read_small, variant="csv")
        coverage = [coverage_of(small), *(_bulk_coverage_once(file, record_dir) for file in bulk_files)]
        if not bulk_files:
            return small, coverage[0]
        bulk = cached_records(state(bulk_files), read_bulk, variant="-".join(pair) if pair else "all")
    records = pd.concat([small, bulk], ignore_index=True)
    return records, merge_coverage(coverage)


COVERAGE_COLUMNS = ["reporter", "partner", "records", "first_year", "last_year"]


def coverage_of(records: pd.DataFrame) -> pd.DataFrame:
    """Per reporter and partner: the number of records and the first and last year they cover."""
    years = records["period_start"].dt.year
    grouped = records.assign(year=years).groupby(["reporter", "partner"], sort=True)
    out = grouped.agg(records=("year", "size"), first_year=("year", "min"), last_year=("year", "max"))
    return out.reset_index()[COVERAGE_COLUMNS].astype({"records": "int64", "first_year": "int64", "last_year": "int64"})


_BULK_COVERAGE: dict[tuple, pd.DataFrame] = {}


def _bulk_coverage_once(name: str, folder_fd: int) -> pd.DataFrame:
    """bulk_coverage, computed once per state of the file (each pair's load would otherwise repeat it)."""
    info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    key = (name, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    if key not in _BULK_COVERAGE:
        if len(_BULK_COVERAGE) >= 16:
            _BULK_COVERAGE.clear()
        _BULK_COVERAGE[key] = bulk_coverage(name, folder_fd)
    return _BULK_COVERAGE[key]


def bulk_coverage(name: str, folder_fd: int) -> pd.DataFrame:
    """coverage_of a bulk file, read from its reporter, partner and period columns only."""
    import pyarrow.parquet as pq

    try:
        with open_bytes(name, folder_fd) as handle:
            table = pq.read_table(handle, columns=["reporter", "partner", "period_start"])
    except (OSError, ValueError, pyarrow.ArrowException) as exc:
        raise SnapshotError(f"{name}: cannot be read as Parquet ({type(exc).__name__})") from None
    # NB aggregated in Arrow: turning every row's codes into Python strings would cost more than the whole read.
    grouped = table.group_by(["reporter", "partner"]).aggregate(
        [("period_start", "count"), ("period_start", "min"), ("period_start", "max")]).to_pandas()
    return pd.DataFrame({
        "reporter": grouped["reporter"], "partner": grouped["partner"], "records": grouped["period_start_count"],
        "first_year": pd.to_datetime(grouped["period_start_min"]).dt.year,
        "last_year": pd.to_datetime(grouped["period_start_max"]).dt.year,
    })[COVERAGE_COLUMNS].astype({"records": "int64", "first_year": "int64", "last_year": "int64"})


def merge_coverage(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """One coverage row per reporter and partner from several files' coverage."""
    both = pd.concat(parts, ignore_index=True).groupby(["reporter", "partner"], sort=True)
    out = both.agg(records=("records", "sum"), first_year=("first_year", "min"), last_year=("last_year", "max"))
    return out.reset_index()[COVERAGE_COLUMNS]


def _optional(name: str, root: int, columns: list[str]) -> pd.DataFrame:
    try:
        return _parse(open_text(name, root), name, columns)
    except FileNotFoundError:
        pass
    except NotARegularFile as exc:
        _LOG.warning("snapshot: %s; ignored", exc)
    return pd.DataFrame({c: pd.Series(dtype="str") for c in columns})
