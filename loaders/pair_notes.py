"""What a pair's data is made of, in plain sentences for the pages: no data, only the IMF, only one side, estimates."""
from __future__ import annotations

import pandas as pd

from loaders.query import country_name
from loaders.views.common import pair_rows


def pair_notes(records: pd.DataFrame, pair: tuple[str, str]) -> list[str]:
    """Sentences a reader needs before the figures of this pair (none where both sides report, not only by the IMF)."""
    rows = pair_rows(records, pair)
    a, b = (country_name(code) for code in pair)
    if rows.empty:
        return [f"No source in this snapshot has figures for {a} – {b}: every chart and table is empty."]
    notes = []
    if set(rows["source"]) == {"imf_dots"}:
        notes.append("Only the IMF's Direction of Trade Statistics covers this pair: neither country's own statistics "
                     "office table is bundled for it.")
    reporters = set(rows["reporter"])
    if len(reporters) == 1:
        (only,) = reporters
        other = b if only == pair[0] else a
        notes.append(f"Only {country_name(only)} reports trade with {other}; {other}'s side is missing, so no mirror "
                     "comparison can be made.")
    estimated = int(rows["estimated"].sum())
    if estimated:
        notes.append(f"{estimated} of this pair's {len(rows)} figures are IMF estimates (flag e), not figures a country "
                     "reported: drawn as open diamonds, and never counted as a second report that agrees.")
    return notes
