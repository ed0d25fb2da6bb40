"""The reporters' σ per window of years (world/reporter_sigma.csv, built by tools/build_snapshot.py): read on first
use, checked, and kept while the file is unchanged."""
from __future__ import annotations

import functools
import logging
import math
import os
from pathlib import Path

import pandas as pd

from loaders.schema import RecordError, check_links
from loaders.store.safe_files import NotARegularFile, open_folder, open_text
from loaders.store.world import WORLD_FOLDER

SIGMA_FILE = "reporter_sigma.csv"
NUMBERS = ["first_year", "last_year", "partners_compared", "gap_effect", "sigma"]
COLUMNS = ["first_year", "last_year", "reporter", "partners_compared", "gap_effect", "sigma", "method", "source",
           "source_url", "vintage"]
_LOG = logging.getLogger(__name__)


def reporter_sigma(folder: Path) -> pd.DataFrame | None:
    """The snapshot folder's σ table (shared, read-only); None where it is missing or bad (with a log line): the
    reconciled view then uses its default σ and says so."""
    try:
        info = os.stat(Path(folder) / WORLD_FOLDER / SIGMA_FILE)
    except OSError:
        return None
    return _read(str(folder), info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=4)
def _read(folder: str, mtime_ns: int, size: int) -> pd.DataFrame | None:
    try:
        with (open_folder(Path(folder)) as root, open_folder(WORLD_FOLDER, parent_fd=root, follow=False) as world_dir,
              open_text(SIGMA_FILE, world_dir) as handle):
            table = pd.read_csv(handle, dtype=str, keep_default_na=False, na_values=[""])
        return _checked(table)
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, NotARegularFile, RecordError, pd.errors.ParserError,
            pd.errors.EmptyDataError) as exc:
        _LOG.warning("%s: %s; the reconciled view uses its default σ", SIGMA_FILE, exc)
        return None


def _checked(table: pd.DataFrame) -> pd.DataFrame:
    """The table with numbers as numbers, or a RecordError naming the first bad row."""
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise RecordError(f"missing columns {missing}")
    numbers = table[COLUMNS].assign(**{c: pd.to_numeric(table[c], errors="coerce") for c in NUMBERS})
    bad = (~numbers["reporter"].fillna("").str.fullmatch(r"[A-Z]{3}") | numbers[NUMBERS].isna().any(axis=1)
           | (numbers["sigma"] < 0) | ~numbers["sigma"].map(math.isfinite).astype(bool)
           | (numbers["first_year"] > numbers["last_year"]))
    if bad.any():
        raise RecordError(f"row {int(bad.to_numpy().argmax()) + 2} is not a reporter, years and a finite σ >= 0")
    check_links(numbers, "source_url", SIGMA_FILE)
    return numbers.astype({"first_year": "int64", "last_year": "int64", "partners_compared": "int64"})
