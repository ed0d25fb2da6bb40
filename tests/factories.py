"""Small hand-made records and snapshots for unit tests (values chosen so results can be computed by hand)."""
from __future__ import annotations

import calendar
from pathlib import Path

import pandas as pd

from loaders.schema import RECORD_COLUMNS, validate_records
from loaders.store.snapshot import EVENT_COLUMNS, STATEMENT_COLUMNS, Snapshot

BASE = {
    "source": "armstat", "reporter": "ARM", "partner": "KAZ", "flow": "export", "partner_basis": "destination",
    "valuation": "FOB", "freq": "A", "hs_code": "TOTAL", "value_usd": 100.0, "vintage": "2024-01-01",
    "source_url": "https://example.org/stats", "confidence": "A", "estimated": False, "note": None,
}


def annual(year: int, **fields) -> dict:
    return {**BASE, "period_start": f"{year}-01-01", "period_end": f"{year}-12-31", **fields}


def monthly(year: int, month: int, **fields) -> dict:
    last = calendar.monthrange(year, month)[1]
    return {**BASE, "freq": "M", "period_start": f"{year}-{month:02d}-01", "period_end": f"{year}-{month:02d}-{last}",
            **fields}


def months(year: int, count: int = 12, **fields) -> list[dict]:
    return [monthly(year, m, **fields) for m in range(1, count + 1)]


def records(rows: list[dict]) -> pd.DataFrame:
    return validate_records(pd.DataFrame(rows, columns=RECORD_COLUMNS), origin="test")


def snapshot(rows: list[dict], statements: list[dict] | None = None, events: list[dict] | None = None) -> Snapshot:
    return Snapshot(
        records=records(rows),
        statements=pd.DataFrame(statements or [], columns=STATEMENT_COLUMNS),
        events=pd.DataFrame(events or [], columns=EVENT_COLUMNS),
        folder=Path("test-snapshot"),
    )


def write_snapshot(folder: Path, rows: list[dict]) -> Path:
    """A snapshot folder on disk with one records file (text exactly as a person would write it)."""
    (folder / "records").mkdir(parents=True)
    pd.DataFrame(rows, columns=RECORD_COLUMNS).to_csv(folder / "records" / "test.csv", index=False)
    return folder
