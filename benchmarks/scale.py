"""A SYNTHETIC snapshot for load and view timings at scale, written to a temporary folder only (never to data/)."""
from __future__ import annotations

import calendar
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry

from loaders.schema import RECORD_COLUMNS

REPORTERS = ("ARM", "KAZ")
PARTNERS_PER_REPORTER = 125  # 2 reporters x 125 partners = 250 partner series
YEARS = range(1995, 2025)  # 30 years
BASES = (("export", "destination", "FOB"), ("import", "origin", "CIF"), ("import", "consignment", "CIF"))
VINTAGES = ("2025-03-01", "2025-09-01")  # the last year appears in both, so the revisions view has work
URL = "https://example.org/synthetic-benchmark-data"
NOTE = "SYNTHETIC benchmark figure: not a real statistic"


def _partners(reporter: str, other: str) -> list[str]:
    codes = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in REPORTERS)
    return [other, *codes[:PARTNERS_PER_REPORTER - 1]]


def _frame(reporter: str, partners: list[str], rng: np.random.Generator) -> pd.DataFrame:
    months = [(y, m) for y in YEARS for m in range(1, 13)]
    starts = [f"{y}-{m:02d}-01" for y, m in months]
    ends = [f"{y}-{m:02d}-{calendar.monthrange(y, m)[1]}" for y, m in months]
    last = [y == YEARS[-1] for y, _ in months]
    parts = []
    for flow, basis, valuation in BASES:
        for partner in partners:
            for vintage in VINTAGES:
                keep = np.ones(len(months), bool) if vintage == VINTAGES[-1] else np.array(last)
                n = int(keep.sum())
                parts.append(pd.DataFrame({
                    "source": "synthetic", "reporter": reporter, "partner": partner, "flow": flow,
                    "partner_basis": basis, "valuation": valuation, "freq": "M",
                    "period_start": np.array(starts)[keep], "period_end": np.array(ends)[keep], "hs_code": "TOTAL",
                    "value_usd": rng.uniform(1e5, 1e8, n).round(1), "vintage": vintage, "source_url": URL,
                    "confidence": "C", "estimated": False, "note": NOTE}))
    return pd.concat(parts, ignore_index=True)[RECORD_COLUMNS]


def write_synthetic_snapshot(folder: Path, seed: int = 5) -> int:
    """Write records/<reporter>.csv, statements.csv and events.csv under ``folder``; return the record count."""
    rng = np.random.default_rng(seed)
    (folder / "records").mkdir(parents=True)
    total = 0
    for reporter, other in (REPORTERS, REPORTERS[::-1]):
        frame = _frame(reporter, _partners(reporter, other), rng)
        frame.to_csv(folder / "records" / f"synthetic_{reporter.lower()}.csv", index=False)
        total += len(frame)
    (folder / "statements.csv").write_text("statement_id,published,speaker_or_outlet,side,measure,period,value_usd,"
                                           "source_url,note,stated_ratio,ratio_note,pair\n", encoding="utf-8")
    (folder / "events.csv").write_text("event_id,date,end_date,date_precision,label,description,source_url\n",
                                       encoding="utf-8")
    return total
