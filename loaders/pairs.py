"""Which country pairs and years a dataset covers, for the pair and year pickers."""
from __future__ import annotations

import pandas as pd

from loaders.query import DEFAULT_PAIR, country_name


def available_pairs(records: pd.DataFrame) -> list[str]:
    """'AAA-BBB' codes (alphabetical within a pair) of every pair with at least one record: the default pair first, then
    by country names, so a picker that searches by name lists them in reading order."""
    if records.empty:
        return ["-".join(DEFAULT_PAIR)]
    codes = records[["reporter", "partner"]].drop_duplicates()
    pairs = {"-".join(sorted((r, p))) for r, p in codes.itertuples(index=False)}
    default = "-".join(DEFAULT_PAIR)
    ordered = sorted(pairs - {default}, key=pair_label)
    return [default, *ordered] if default in pairs else ordered


def pair_label(pair: str) -> str:
    """'ARM-KAZ' -> 'Armenia – Kazakhstan'."""
    a, _, b = pair.partition("-")
    return f"{country_name(a)} – {country_name(b)}"


def year_span(records: pd.DataFrame) -> tuple[int, int]:
    """First and last year with any record (the whole dataset, so the year picker does not jump with the pair)."""
    if records.empty:
        return 1990, 2025
    years = records["period_start"].dt.year
    return int(years.min()), int(years.max())
