"""IMF International Trade in Goods by partner (IMTS, formerly DOTS) of a country pair, via the IMF SDMX 2.1 API.

API: https://api.imf.org/external/sdmx/2.1 (dataflow IMF.STA:IMTS); formats: reference/api-formats.md §2.3-2.5.
"""
from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Callable
from datetime import date

import pandas as pd

from loaders import http
from loaders.http import TradeSession
from loaders.live import BadResponse, LoadResult
from loaders.schema import RECORD_COLUMNS

SOURCE = "imf_imts"
DEFAULT_BASE_URL = "https://api.imf.org/external/sdmx/2.1"
DATAFLOW = "IMF.STA,IMTS"  # no version: the latest stable one
ACCEPT = "application/vnd.sdmx.data+csv;version=1.0.0"  # SDMX-CSV 1.0: one observation a row, read by column name
INDICATORS = {"XG_FOB_USD": ("export", "destination", "FOB"), "MG_CIF_USD": ("import", "origin", "CIF")}
REQUIRED = ("COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY", "FREQUENCY", "TIME_PERIOD", "OBS_VALUE")
MONTH = re.compile(r"^(\d{4})-M?(\d{2})$")  # NB IMTS writes months as 2023-M01


def base_url() -> str:
    return os.environ.get("IMF_BASE_URL", "").strip().rstrip("/") or DEFAULT_BASE_URL


def request_for(pair: tuple[str, str], years: tuple[int, int], freq: str) -> tuple[str, dict[str, str]]:
    """URL and parameters of one call that returns both flows in both directions (the two reports of the mirror)."""
    areas = "+".join(pair)
    key = f"{areas}.{'+'.join(INDICATORS)}.{areas}.{freq}"
    return f"{base_url()}/data/{DATAFLOW}/{key}", {"startPeriod": str(years[0]), "endPeriod": str(years[1])}


def fetch_imts(pair: tuple[str, str], years: tuple[int, int], freq: str, *, session: TradeSession) -> tuple[str, str]:
    """The SDMX-CSV text ('' when the IMF answers 204 No Content) and the URL it came from."""
    url, params = request_for(pair, years, freq)
    response = http.get(session, url, params=params, accept=ACCEPT)
    clean_url = http.url_without_secrets(response.url)
    if response.status_code == 204 or not response.content.strip():
        return "", clean_url
    return http.text_body(response, "csv"), clean_url


def normalize_imts(text: str, *, pair: tuple[str, str], years: tuple[int, int], freq: str, source_url: str,
                   retrieved: date) -> tuple[pd.DataFrame, list[str]]:
    """Records from SDMX-CSV. Rows for other countries, indicators or frequencies refuse the answer (BadResponse);
    rows outside the years are left out and counted; trailing metadata-only rows are skipped."""
    if not text.strip():
        return pd.DataFrame(columns=RECORD_COLUMNS), []
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        raise BadResponse("the IMF answer is not readable CSV") from None
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise BadResponse(f"the IMF answer lacks column(s) {', '.join(missing)}: the format may have changed")
    table = table[~_metadata_only(table)]
    _check_rows(table, pair, freq)
    rows, outside = [], 0
    for item in table.to_dict("records"):
        start, end = _period(item["TIME_PERIOD"], freq)
        if not years[0] <= start.year <= years[1]:
            outside += 1  # NB the API may ignore startPeriod; filter again here
            continue
        flow, basis, valuation = INDICATORS[item["INDICATOR"]]
        estimate = item.get("STATUS", "") == "e"
        rows.append({
            "source": SOURCE, "reporter": item["COUNTRY"], "partner": item["COUNTERPART_COUNTRY"], "flow": flow,
            "partner_basis": basis, "valuation": valuation, "freq": freq, "period_start": start, "period_end": end,
            "hs_code": "TOTAL", "value_usd": _value(item["OBS_VALUE"]), "vintage": pd.Timestamp(retrieved),
            "source_url": source_url, "confidence": "C" if estimate else "A", "estimated": estimate,
            # NB OBS_VALUE is plain US dollars; SCALE "6" is only a display hint (the legacy DOT API sent millions)
            "note": f"IMF IMTS {item.get('DATAFLOW', '')[:30]} {item['INDICATOR']}; US dollars"
                    + ("; IMF estimate (STATUS e), possibly from the partner's report" if estimate else ""),
        })
    frame = pd.DataFrame(rows, columns=RECORD_COLUMNS).astype({"value_usd": "float64", "estimated": "bool"})
    gaps = int(frame["value_usd"].isna().sum())
    warnings = [f"{gaps} observation(s) without a value kept as gaps"] if gaps else []
    if outside:
        warnings.append(f"{outside} observation(s) outside {years[0]}-{years[1]} left out (the IMF sent more years "
                        "than asked)")
    return frame, warnings


def _metadata_only(table: pd.DataFrame) -> pd.Series:
    """NB the IMF may end the CSV with a row that only describes an indicator: no country, period or value."""
    return (table["COUNTRY"] == "") & (table["TIME_PERIOD"] == "") & (table["OBS_VALUE"] == "")


def _check_rows(table: pd.DataFrame, pair: tuple[str, str], freq: str) -> None:
    """Refuse the answer (BadResponse, one line) if a row is for another pair, indicator or frequency than asked."""
    a, b = pair
    pairs = table["COUNTRY"].str[:20] + "->" + table["COUNTERPART_COUNTRY"].str[:20]
    checks = (
        ("countries", pairs, pairs.isin([f"{a}->{b}", f"{b}->{a}"]), f"{a}->{b}, {b}->{a}"),
        ("indicator", table["INDICATOR"], table["INDICATOR"].isin(list(INDICATORS)), ", ".join(INDICATORS)),
        ("frequency", table["FREQUENCY"], table["FREQUENCY"] == freq, freq),
    )
    for what, values, fits, asked in checks:
        if not fits.all():
            got = values[~fits].iloc[0][:42]
            raise BadResponse(f"the IMF answered {a}-{b} ({freq}) with rows for {what} {got} (asked {asked})")


def load_pair(pair: tuple[str, str], years: tuple[int, int], *, session: TradeSession, freq: str = "A",
              progress: Callable[[int, int], None] | None = None, today: date | None = None) -> LoadResult:
    """Exports FOB and imports CIF as both countries report them (or as the IMF estimates them) for the years."""
    text, url = fetch_imts(pair, years, freq, session=session)
    frame, warnings = normalize_imts(text, pair=pair, years=years, freq=freq, source_url=url,
                                     retrieved=today or date.today())
    if progress:
        progress(1, 1)
    return LoadResult(frame, tuple(warnings), (url,))


def _period(text: str, freq: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    if freq == "A" and re.fullmatch(r"\d{4}", text):
        year = int(text)
        return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    match = MONTH.match(text)
    if freq == "M" and match and 1 <= int(match[2]) <= 12:
        start = pd.Timestamp(int(match[1]), int(match[2]), 1)
        return start, start + pd.offsets.MonthEnd(0)
    raise BadResponse(f"IMF TIME_PERIOD {text[:12]!r} does not fit frequency {freq}")


def _value(text: str) -> float | None:
    if text.strip() in ("", "NaN", "NA"):
        return None
    try:
        value = float(text)
    except ValueError:
        raise BadResponse(f"IMF OBS_VALUE {text[:20]!r} is not a number") from None
    if not 0 <= value < math.inf:
        raise BadResponse(f"IMF OBS_VALUE {text[:20]!r} is not a trade value")
    return value
