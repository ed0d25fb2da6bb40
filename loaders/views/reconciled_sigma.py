"""Each reporter's σ for a reconciled row: the estimate of the window of years that holds the row's year (the latest
window for later years, the earliest for earlier ones) from the snapshot's reporter_sigma table, else DEFAULT_SIGMA;
with where it came from, in words."""
from __future__ import annotations

import pandas as pd

# NB used where the table has no estimate for a reporter (under 10 partners compared, or no table at all): equal σ
# for both sides gives equal weights (w_X = ½)
DEFAULT_SIGMA = 0.5


def sigma_of(reporters: pd.Series, years: pd.Series, table: pd.DataFrame | None) -> tuple[pd.Series, pd.Series]:
    """σ per row for ``reporters`` in ``years``, and its origin ('IMF DOTS mirror gaps 2016–2020, 68 partners' or
    'default 0.5: …')."""
    if table is None or table.empty:
        found = [(DEFAULT_SIGMA, f"default {DEFAULT_SIGMA}: no reliability table in the data")] * len(reporters)
    else:
        spans, estimates = _lookups(table)
        found = [_one(reporter, int(year), spans, estimates) for reporter, year in zip(reporters, years, strict=True)]
    return (pd.Series([sigma for sigma, _ in found], index=reporters.index, dtype="float64"),
            pd.Series([origin for _, origin in found], index=reporters.index, dtype="str"))


def _one(reporter: str, year: int, spans: list[tuple[int, int]], estimates: dict) -> tuple[float, str]:
    first, last = next(((a, b) for a, b in spans if year <= b), spans[-1])  # NB spans sorted and contiguous
    if (first, reporter) not in estimates:
        return DEFAULT_SIGMA, f"default {DEFAULT_SIGMA}: no estimate for {reporter} in {first}–{last} (under 10 partners)"
    sigma, partners = estimates[(first, reporter)]
    nearest = "" if first <= year <= last else f", the nearest window to {year}"
    return sigma, f"IMF DOTS mirror gaps {first}–{last}, {partners} partners{nearest}"


_LAST: tuple = (None, None, None)


def _lookups(table: pd.DataFrame) -> tuple[list[tuple[int, int]], dict[tuple[int, str], tuple[float, int]]]:
    """The table's windows, sorted, and its (first year, reporter) -> (σ, partners); kept for the last table seen
    (reporter_sigma hands out one shared frame per file state)."""
    global _LAST
    if _LAST[0] is not table:
        spans = table[["first_year", "last_year"]].drop_duplicates().sort_values("last_year")
        estimates = {(int(first), str(reporter)): (float(sigma), int(partners)) for first, reporter, sigma, partners
                     in table[["first_year", "reporter", "sigma", "partners_compared"]].itertuples(index=False)}
        _LAST = (table, [(int(a), int(b)) for a, b in spans.itertuples(index=False)], estimates)
    return _LAST[1], _LAST[2]
