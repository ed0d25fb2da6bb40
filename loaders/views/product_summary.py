"""The products behind one bridge: which lines of the products view to show for a year and direction, and in words."""
from __future__ import annotations

import pandas as pd

from loaders.views.names import country_name

SHOWN_LINES = 10
# NB a year and direction whose lines fall in this few HS headings is named by them: a dataset may hold one heading's
# rows only (the bundled ARM-KAZ rows are HS 8703, cars, from UN Comtrade), and its 'largest lines' are not the trade's.
NAMED_HEADINGS = 3


def composition(lines: pd.DataFrame, year: int | None, direction: str) -> pd.DataFrame:
    """The products view's lines of ``year`` (None: the newest with lines) and ``direction`` ('ARM→KAZ'; a turnover
    direction 'ARM↔KAZ' takes both): where both sides compare, the fewest lines explaining most of the gap, by |gap|;
    else the largest reported lines. At most SHOWN_LINES per direction."""
    if lines.empty:
        return lines
    year = int(lines["year"].max()) if year is None else year
    rows = lines[lines["year"] == year]
    if "↔" not in direction:
        rows = rows[rows["direction"] == direction]
    parts = []
    for _, part in rows.groupby("direction", sort=True):
        if part["explains_most"].any():
            part = part[part["explains_most"]].sort_values("gap_rank")
        else:
            reported = part["x_value_usd"].fillna(part["m_value_usd"])
            part = part.assign(_reported=reported).sort_values(["_reported", "hs_code"], ascending=[False, True])
            part = part.drop(columns="_reported")
        parts.append(part.head(SHOWN_LINES))
    return pd.concat(parts, ignore_index=True) if parts else rows.iloc[0:0]


def composition_title(lines: pd.DataFrame, shown: pd.DataFrame) -> str:
    """The chart's title: what its bars are, for which year and direction(s), and their HS headings if few."""
    if shown.empty:
        return "No product-level figures for this selection"
    first = shown.iloc[0]
    year = int(first["year"])
    headings = _few_headings(_lines_of(lines, shown))
    only = f", {headings} only" if headings else ""
    if shown["direction"].nunique() > 1:
        return (f"Product lines of both directions, {year}{only}: exports (X) and imports (M) as each side reports "
                "them")
    exporter, importer = country_name(first["exporter"]), country_name(first["importer"])
    if first["compared"] == "both sides":
        return (f"{exporter} → {importer}, {year}{only}: the lines explaining most of the gap, {exporter}'s exports "
                f"(X) against {importer}'s imports (M)")
    if first["compared"] == "exporter only":
        return f"{exporter}'s exports to {importer} by product, {year}{only} ({importer} publishes no product lines)"
    if first["compared"] == "importer only":
        return f"{importer}'s imports from {exporter} by product, {year}{only} ({exporter} publishes no product lines)"
    return f"{exporter} → {importer}, {year}{only}: product lines over different periods (not compared)"


def _lines_of(lines: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame:
    """Every line of the shown lines' year and direction(s)."""
    return lines[(lines["year"] == shown["year"].iloc[0]) & lines["direction"].isin(shown["direction"])]


def _few_headings(every: pd.DataFrame) -> str:
    """'HS 8703' where the lines fall in at most NAMED_HEADINGS HS headings (chapters for HS2 lines), else ''."""
    headings = sorted(every["hs_code"].str[:4].unique())
    return f"HS {', '.join(headings)}" if len(headings) <= NAMED_HEADINGS else ""


def composition_name(shown: pd.DataFrame, direction: str) -> str:
    """What a download of the shown lines is cut to, for its file name: '2023_ARM-to-KAZ'."""
    year = int(shown["year"].iloc[0]) if not shown.empty else "none"
    return f"{year}_{direction.replace('→', '-to-').replace('↔', '-and-')}"


def composition_sentence(lines: pd.DataFrame, shown: pd.DataFrame, pair: tuple[str, str]) -> str:
    """What the shown lines say about the gap, in words, for each direction shown (or why nothing is shown)."""
    names = " and ".join(country_name(c) for c in pair)
    if lines.empty:
        return (f"No product-level figures for {names} in this dataset, so the gap cannot be split by product. "
                "A refresh from UN Comtrade at HS2 or HS4 (Data page), or a bulk ingest, adds them.")
    if shown.empty:
        return f"No product-level figures for {names} in this year and direction."
    return " ".join(_direction_sentence(lines, part) for _, part in shown.groupby("direction", sort=True))


def _direction_sentence(lines: pd.DataFrame, shown: pd.DataFrame) -> str:
    first = shown.iloc[0]
    exporter, importer = country_name(first["exporter"]), country_name(first["importer"])
    level, year = f"HS{int(first['hs_level'])}", int(first["year"])
    every = _lines_of(lines, shown)
    headings = _few_headings(every)
    only = f" This dataset holds product rows for {year} in this direction in {headings} only." if headings else ""
    if first["compared"] == "both sides":
        gross, net = every["gap_usd"].abs().sum(), every["gap_usd"].sum()
        return (f"{exporter} → {importer}, {year}: {len(shown)} of {len(every)} {level} lines explain "
                f"{shown['cumulative_abs_share'].max():.0%} of the product-level gap (the sum of |M − X| over the "
                f"lines, {gross / 1e6:,.1f} M USD; M − X over all lines: {net / 1e6:+,.1f} M USD).{only}")
    if first["compared"] == "exporter only":
        return (f"{exporter} → {importer}, {year}: {importer} publishes no product-level imports from {exporter}, so "
                f"this gap cannot be split by product. Shown: {exporter}'s own exports in its {len(shown)} largest "
                f"of {len(every)} {level} lines over {_months(first['x_months'])}.{only}")
    if first["compared"] == "importer only":
        return (f"{exporter} → {importer}, {year}: {exporter} publishes no product-level exports to {importer}, so "
                f"this gap cannot be split by product. Shown: {importer}'s own imports in its {len(shown)} largest "
                f"of {len(every)} {level} lines over {_months(first['m_months'])}.{only}")
    return (f"{exporter} → {importer}, {year}: the two sides itemise different periods ({int(first['x_months'])} "
            f"and {int(first['m_months'])} months), so their lines are shown, not compared.")


def _months(count: int) -> str:
    return "the whole year" if int(count) == 12 else f"{int(count)} months with product rows (not a whole year)"
