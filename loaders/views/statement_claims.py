"""Read what a published statement claims: measure, countries, period, base period, stated value and its rounding."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pycountry

MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                      "dec"], start=1)}
FLOW_MEASURE = re.compile(r"^(exports|imports)_([a-z]{2})_(to|from)_([a-z]{2})$")
OVER = re.compile(r"\b(over|more than|above)\s+\$?\d", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    """Months first..last of one calendar year (full year: 1..12)."""
    year: int
    first: int = 1
    last: int = 12

    def shifted(self, year: int) -> "Period":
        return Period(year, self.first, self.last)

    @property
    def label(self) -> str:
        if (self.first, self.last) == (1, 12):
            return str(self.year)
        names = list(MONTHS)
        return f"{names[self.first - 1].title()}–{names[self.last - 1].title()} {self.year}"


@dataclass(frozen=True)
class Claim:
    """One checkable claim. kind: 'level' (USD), 'ratio' (period / base period) or 'share' (flow / turnover)."""
    statement_id: str
    kind: str
    side: str | None  # ISO3 of the country whose data the statement cites, if stated
    exporter: str | None  # for a directional flow or a share: the exporting country; None for turnover
    importer: str | None
    period: Period | None  # None: the statement does not say which period
    base: Period | None  # ratios only
    stated: float
    low: float  # the interval the statement's own rounding (or threshold) allows
    high: float
    base_read: str = ""  # how the base period was read, when the statement does not name it


def iso3(code: str) -> str | None:
    country = pycountry.countries.get(alpha_2=str(code).strip().upper()) if len(str(code).strip()) == 2 else None
    return country.alpha_3 if country else None


def parse_period(text: str) -> Period | None:
    """'2023', '2010-01..2010-10', '2025-H1', 'Jan-Nov 2023'; None when the text names no period of one year."""
    text = str(text).strip()
    if m := re.fullmatch(r"(\d{4})", text):
        return Period(int(m[1]))
    if (m := re.fullmatch(r"(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})", text)) and m[1] == m[3]:
        return Period(int(m[1]), int(m[2]), int(m[4]))
    if m := re.fullmatch(r"(\d{4})-H([12])", text):
        return Period(int(m[1]), 1 if m[2] == "1" else 7, 6 if m[2] == "1" else 12)
    if (m := re.fullmatch(r"([A-Za-z]{3})-([A-Za-z]{3}) (\d{4})", text)) and m[1].lower() in MONTHS \
            and m[2].lower() in MONTHS:
        return Period(int(m[3]), MONTHS[m[1].lower()], MONTHS[m[2].lower()])
    return None


def value_tolerance(value: float) -> float:
    """Half a unit of the last non-zero digit, the digits of the millions (or thousands) all counting:
    104000000 → ±500000 ('104 million'), 100400000 → ±50000 ('100.4 million'), 100000000 → ±500000."""
    whole = int(round(abs(value)))
    if whole == 0:
        return 0.5
    zeros = len(str(whole)) - len(str(whole).rstrip("0"))
    unit = 1e6 if whole >= 1e6 else 1e3 if whole >= 1e3 else 1.0
    return min(0.5 * 10 ** zeros, 0.5 * unit)


def ratio_bounds(stated: float, note: str) -> tuple[float, float]:
    """The interval a stated ratio allows: '>0.6667' a threshold; '+23%' ±0.5 pp; '2.4x', '2.40' ±½ last digit."""
    note = str(note).strip()
    if note.startswith((">", "≥")):
        return stated, math.inf
    if note.startswith(("<", "≤")):
        return -math.inf, stated
    percent = re.search(r"[+−-]?(\d+(?:\.(\d+))?)\s*%", note)
    if percent:
        decimals = len(percent[2] or "")
        half = 0.5 * 10 ** -decimals / 100
        return stated - half, stated + half
    number = re.search(r"(\d+(?:\.(\d+))?)", note)
    decimals = len(number[2] or "") if number else 0
    half = 0.5 * 10 ** -decimals
    return stated - half, stated + half


def base_of(ratio_note: str, period: Period | None) -> tuple[Period | None, str]:
    """'vs 2022' names the base year; otherwise (y/y, +23%, 2.4x) the same months a year earlier are read."""
    named = re.search(r"vs\.?\s+(\d{4})\b", str(ratio_note))
    if named:
        return (period or Period(0)).shifted(int(named[1])), ""
    if period is None:
        return None, ""
    return period.shifted(period.year - 1), "base not named: read as the same months a year earlier"


def _number(text: object) -> float | None:
    try:
        value = float(str(text).strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _flow_countries(measure: str) -> tuple[str | None, str | None] | None:
    """'exports_am_to_kz' → ('ARM', 'KAZ'): exporter, importer; None when the measure is not a directional flow."""
    m = FLOW_MEASURE.fullmatch(measure)
    if not m:
        return None
    first, second = iso3(m[2]), iso3(m[4])
    return (first, second) if m[1] == "exports" else (second, first)


def claims_of(row: dict, pair: tuple[str, str]) -> tuple[Claim | None, Claim | None, str]:
    """The statement's main claim, a ratio stated beside a level (if any), and why there is no claim (if none)."""
    sid, measure, side = row["statement_id"], str(row["measure"]).strip(), iso3(row["side"])
    value, ratio = _number(row["value_usd"]), _number(row["stated_ratio"])
    ratio_note = row["ratio_note"] if isinstance(row["ratio_note"], str) else str(row["stated_ratio"])
    other = {pair[0]: pair[1], pair[1]: pair[0]}
    if measure == "turnover_growth_ratio" and ratio is not None:
        current, _, base = str(row["period"]).partition(" vs ")
        period, base_period = parse_period(current), parse_period(base)
        if period is None or base_period is None:
            return None, None, f"the period '{row['period']}' is not one this checker can read"
        return Claim(sid, "ratio", side, None, None, period, base_period, ratio, *ratio_bounds(ratio, ratio_note)), \
            None, ""
    if measure == "exports_share_of_turnover" and ratio is not None:
        if side not in other:
            return None, None, "the statement does not say whose exports"
        return Claim(sid, "share", side, side, other[side], parse_period(row["period"]), None, ratio,
                     *ratio_bounds(ratio, ratio_note)), None, ""
    flow = (None, None) if measure == "turnover" else _flow_countries(measure)
    if flow is None or value is None:
        return None, None, f"the measure '{measure}' has no stated level or is not one this checker knows"
    period, tolerance = parse_period(row["period"]), value_tolerance(value)
    # NB 'over 53 million' is read as 53 to 54 million, not as any figure above 53 million.
    low, high = (value, value + 2 * tolerance) if OVER.search(str(row["note"])) else (value - tolerance,
                                                                                      value + tolerance)
    level = Claim(sid, "level", side, *flow, period, None, value, low, high)
    if ratio is None:
        return level, None, ""
    base, read = base_of(ratio_note, period)
    secondary = Claim(sid, "ratio", side, *flow, period, base, ratio, *ratio_bounds(ratio, ratio_note), read) \
        if base is not None else None
    return level, secondary, ""


def statement_pair(row: dict) -> frozenset[str]:
    """The two countries whose trade the statement is about ('ARM-KAZ', either order); empty if it names none."""
    codes = str(row.get("pair") or "").strip().upper().split("-")
    return frozenset(codes) if len(codes) == 2 and all(len(c) == 3 and c.isalpha() for c in codes) else frozenset()
