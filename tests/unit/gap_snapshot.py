"""Tiny hand-made snapshots for the gap views' tests: a few records written out by hand, validated like real ones."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from loaders.schema import validate_records
from loaders.store.snapshot import EVENT_COLUMNS, STATEMENT_COLUMNS, Snapshot

VALUATION = {"export": "FOB", "import": "CIF", "turnover": "unknown"}
BASIS = {"export": "destination", "turnover": "unknown"}


def rec(reporter: str, flow: str, start: str, value: float | None, *, vintage: str = "2024-02-01",
        source: str = "armstat", basis: str | None = None, freq: str = "A", hs: str = "TOTAL", note: str = "",
        confidence: str = "A", estimated: bool = False) -> dict:
    """One record of the pair ARM–KAZ; ``start`` is 'YYYY' for a year or 'YYYY-MM' for a month."""
    period = pd.Period(start, freq="Y" if freq == "A" else "M")
    return {"source": source, "reporter": reporter, "partner": "KAZ" if reporter == "ARM" else "ARM", "flow": flow,
            "partner_basis": basis or BASIS.get(flow, "origin"), "valuation": VALUATION[flow], "freq": freq,
            "period_start": period.start_time.normalize(), "period_end": period.end_time.normalize(), "hs_code": hs,
            "value_usd": value, "vintage": pd.Timestamp(vintage), "source_url": "https://example.org/data",
            "confidence": confidence, "estimated": estimated, "note": note}


def months(reporter: str, flow: str, year: int, values: list[float], **kwargs) -> list[dict]:
    """Monthly records from January of ``year`` on, one per value."""
    return [rec(reporter, flow, f"{year}-{m:02d}", v, freq="M", **kwargs) for m, v in enumerate(values, start=1)]


def statement(statement_id: str, side: str, measure: str, period: str, value: float | None = None,
              ratio: float | None = None, ratio_note: str = "", note: str = "", pair: str = "ARM-KAZ") -> dict:
    return {"statement_id": statement_id, "published": "2024", "speaker_or_outlet": "test", "side": side,
            "measure": measure, "period": period, "value_usd": "" if value is None else str(int(value)),
            "source_url": "https://example.org/s", "note": note, "stated_ratio": "" if ratio is None else str(ratio),
            "ratio_note": ratio_note, "pair": pair}


def snapshot(records: list[dict], statements: list[dict] | None = None) -> Snapshot:
    frame = validate_records(pd.DataFrame(records), origin="test")
    rows = pd.DataFrame(statements or [], columns=STATEMENT_COLUMNS).astype("str").replace({"": float("nan")})
    return Snapshot(records=frame, statements=rows, events=pd.DataFrame(columns=EVENT_COLUMNS), folder=Path("test"))
