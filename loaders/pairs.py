"""Which country pairs and years a dataset covers, for the pair and year pickers."""
from __future__ import annotations

import functools

import pandas as pd

from loaders.query import DEFAULT_PAIR, country_name
from loaders.store.snapshot import Snapshot, coverage_of
from loaders.store.world import world_years
from loaders.views.memo import memo


def coverage(snapshot: Snapshot) -> pd.DataFrame:
    """Per reporter and partner of the whole folder: records, first and last year (also for a pair's snapshot)."""
    return snapshot.coverage if snapshot.coverage is not None else coverage_of(snapshot.records)


def available_pairs(snapshot: Snapshot) -> list[str]:
    """'AAA-BBB' codes (alphabetical within a pair) of every pair with at least one record: the default pair first, then
    by country names, so a picker that searches by name lists them in reading order."""
    codes = coverage(snapshot)
    return memo(codes, "available pairs", lambda: _ordered_pairs(codes))


def _ordered_pairs(codes: pd.DataFrame) -> list[str]:
    if codes.empty:
        return ["-".join(DEFAULT_PAIR)]
    pairs = {"-".join(sorted((r, p))) for r, p in zip(codes["reporter"], codes["partner"])}
    default = "-".join(DEFAULT_PAIR)
    ordered = sorted(pairs - {default}, key=pair_label)
    return [default, *ordered] if default in pairs else ordered


@functools.lru_cache(maxsize=4096)
def pair_label(pair: str) -> str:
    """'ARM-KAZ' -> 'Armenia – Kazakhstan'."""
    a, _, b = pair.partition("-")
    return f"{country_name(a)} – {country_name(b)}"


def year_span(snapshot: Snapshot) -> tuple[int, int]:
    """First and last year with any record, the world store's included (the whole dataset, so the year picker does
    not jump with the pair)."""
    codes = coverage(snapshot)
    spans = [] if codes.empty else [(int(codes["first_year"].min()), int(codes["last_year"].max()))]
    if (world := world_years(snapshot.folder)) is not None:
        spans.append(world)
    if not spans:
        return 1990, 2025
    return min(lo for lo, _ in spans), max(hi for _, hi in spans)


def record_count(snapshot: Snapshot) -> int:
    """How many records the whole folder holds (a pair's snapshot holds fewer in memory)."""
    return int(coverage(snapshot)["records"].sum())
