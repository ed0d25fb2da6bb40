"""A statement's figures and the series checked against it, in words ("Armstat: Armenia's exports to Kazakhstan, …")."""
from __future__ import annotations

import pandas as pd

from loaders.query import country_name
from loaders.views.names import day, possessive, source_name
from loaders.views.statement_claims import FLOW_MEASURE, Claim, Period, iso3

MINUS = "\u2212"
MEASURE_WORDS = {"turnover": "turnover", "turnover_growth_ratio": "turnover growth",
                 "exports_share_of_turnover": "exports as a share of turnover"}


def signed(text: str) -> str:
    """A typographic minus for a leading '-' (as Plotly draws negative numbers)."""
    return MINUS + text[1:] if text.startswith("-") else text


def value_text(kind: str, value: float) -> str:
    """A figure in its own unit: '100.48 M USD' (level), '71.0 %' (share), '×2.377' (ratio)."""
    if kind == "level":
        return signed(f"{value / 1e6:,.2f} M USD")
    return signed(f"{value:.1%}".replace("%", " %")) if kind == "share" else f"×{value:.3f}".rstrip("0").rstrip(".")


def stated_text(claim: Claim) -> str:
    """The stated figure as the statement gave it: '104 M USD', '×2.4', '66.7 %'."""
    if claim.kind == "level":
        return f"{claim.stated / 1e6:g} M USD"
    return f"{claim.stated:.1%}".replace("%", " %") if claim.kind == "share" else f"×{claim.stated:g}"


def bound_text(claim: Claim) -> str:
    """'more than 66.7 %' for a threshold, else the stated figure."""
    if claim.high == float("inf"):
        return f"more than {stated_text(claim)}"
    if claim.low == float("-inf"):
        return f"less than {stated_text(claim)}"
    return stated_text(claim)


def allowed_text(claim: Claim) -> str:
    """What the statement's own rounding allows: '±0.05 M USD', '53–54 M USD' ('over 53 million'), '±0.05'."""
    if abs(claim.high) == float("inf") or abs(claim.low) == float("inf"):
        return bound_text(claim)
    half = (claim.high - claim.low) / 2
    if claim.kind == "level":
        centre = (claim.high + claim.low) / 2
        return (f"±{half / 1e6:g} M USD" if abs(centre - claim.stated) < 1e-6 * claim.stated
                else f"{claim.low / 1e6:g}–{claim.high / 1e6:g} M USD")
    return f"±{half:.4g}"


def series_words(row: pd.Series, kind: str) -> str:
    """'Armenia's turnover (exports + imports by origin)': which figure of which country."""
    whose = possessive(row["reporter"])
    basis = row["partner_basis"]
    if kind == "share":
        return f"{whose} {row['flow']}s as a share of its turnover (imports by {basis})"
    if row["flow"] == "turnover":
        imports = "exports + imports, basis not stated" if basis == "unknown" else f"exports + imports by {basis}"
        return f"{whose} turnover ({imports if row['derived'] else 'as published'})"
    if row["flow"] == "export":
        return f"{whose} exports to {country_name(row['partner'])}"
    how = "basis not stated" if basis == "unknown" else f"by {basis}"
    return f"{whose} imports from {country_name(row['partner'])} ({how})"


def period_text(row: pd.Series) -> str:
    label = Period(int(row["year"]), int(row["first"]), int(row["last"])).label
    if pd.notna(row.get("base_year", float("nan"))):
        label += " vs " + Period(int(row["base_year"]), int(row["first"]), int(row["last"])).label
    return label


def series_text(row: pd.Series, kind: str) -> str:
    """"Armenia's turnover (exports + imports by origin), Armstat, 2023, edition of 13 Feb 2024"."""
    quoted = f" (a quoted figure, grade {row['confidence']})" if row["confidence"] in ("B", "C") else ""
    return (f"{series_words(row, kind)}{quoted}, {source_name(row['source'])}, {period_text(row)}, "
            f"edition of {day(row['vintage'])}")


def describe(row: pd.Series, kind: str) -> str:
    """series_text and the figure: '…, edition of 13 Feb 2024: 100.48 M USD'."""
    return f"{series_text(row, kind)}: {value_text(kind, row['value'])}"


def difference_text(rel_diff: float) -> str:
    """'the stated figure is 48.8 % lower' (relative to the series' figure)."""
    if round(abs(rel_diff), 3) == 0:
        return "the stated figure differs by less than 0.05 %"
    return f"the stated figure is {abs(rel_diff):.1%} {'lower' if rel_diff < 0 else 'higher'}".replace("%", " %")


def measure_words(measure: str) -> str:
    """'exports_am_to_kz' -> "Armenia's exports to Kazakhstan"; a measure this checker does not know stays as given."""
    measure = str(measure).strip()
    flow = FLOW_MEASURE.fullmatch(measure)
    countries = (iso3(flow[2]), iso3(flow[4])) if flow else (None, None)
    if flow and None not in countries:
        return f"{possessive(countries[0])} {flow[1]} {flow[3]} {country_name(countries[1])}"
    return MEASURE_WORDS.get(measure, measure)
