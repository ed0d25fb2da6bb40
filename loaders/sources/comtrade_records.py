"""UN Comtrade data rows -> records: one per reported valuation; breakdown and non-country rows counted, never summed.

Field list, types and quirks: reference/api-formats.md §1.5-1.7 (parse by key name, never by position).
"""
from __future__ import annotations

import math
from datetime import date

import pandas as pd

from loaders.live import BadResponse
from loaders.schema import RECORD_COLUMNS
from loaders.sources.comtrade_codes import iso3_of

SOURCE = "comtrade"
FLOWS = {"X": "export", "M": "import", "RX": "re-export", "RM": "re-import"}
# NB Comtrade records exports by (last known) destination and imports by country of origin (UN IMTS 2010)
PARTNER_BASIS = {"export": "destination", "re-export": "destination", "import": "origin", "re-import": "origin"}
# NB these flags mark estimated quantities and weights, not values: they go into the note, never change a figure
QUANTITY_ESTIMATES = {"isQtyEstimated": "quantity", "isAltQtyEstimated": "alternate quantity",
                      "isNetWgtEstimated": "net weight", "isGrossWgtEstimated": "gross weight"}
REQUIRED = ("freqCode", "refYear", "refMonth", "reporterCode", "partnerCode", "partner2Code", "flowCode", "cmdCode",
            "customsCode", "motCode", "cifvalue", "fobvalue", "primaryValue", "classificationCode")


def normalize_records(data: list[dict], *, source_url: str, retrieved: date) -> tuple[pd.DataFrame, list[str]]:
    """Records (one per reported valuation) from Comtrade rows; breakdown and non-country partner rows are skipped
    and counted in the warnings, never summed into anything."""
    rows, skipped = [], {"breakdown": 0, "aggregate partner": 0, "other flow": 0}
    for item in data:
        require_fields(item, REQUIRED)
        if (str(item["customsCode"]), _int(item["motCode"]), _int(item["partner2Code"])) != ("C00", 0, 0) \
                or str(item.get("mosCode", "0")) != "0":
            skipped["breakdown"] += 1
            continue
        reporter, partner = iso3_of(item["reporterCode"]), iso3_of(item["partnerCode"])
        if reporter is None:
            code = str(item["reporterCode"])[:12]
            raise BadResponse(f"Comtrade reporter code {code!r} is not in its reference table")
        if partner is None:
            skipped["aggregate partner"] += 1
            continue
        flow = FLOWS.get(str(item["flowCode"]))
        if flow is None:
            skipped["other flow"] += 1
            continue
        start, end, freq = _period(item)
        base = {"source": SOURCE, "reporter": reporter, "partner": partner, "flow": flow,
                "partner_basis": PARTNER_BASIS[flow], "freq": freq, "period_start": start, "period_end": end,
                "hs_code": str(item["cmdCode"]), "vintage": pd.Timestamp(retrieved), "source_url": source_url,
                "confidence": "A", "estimated": False}
        flags = (f"UN Comtrade ({str(item['classificationCode'])[:4]}); isReported={item.get('isReported') is True}, "
                 f"isAggregate={item.get('isAggregate') is True}{_estimation_note(item)}")
        for valuation, value, field in _valuations(item):
            rows.append({**base, "valuation": valuation, "value_usd": value, "note": f"{flags}; value from {field}"})
    frame = pd.DataFrame(rows, columns=RECORD_COLUMNS).astype({"value_usd": "float64", "estimated": "bool"})
    warnings = [f"{n} {what} row(s) skipped (not summed)" for what, n in skipped.items() if n]
    return _check_duplicates(frame), warnings


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _estimation_note(item: dict) -> str:
    """'; net weight estimated (isNetWgtEstimated), legacyEstimationFlag 4 (quantities, not the value)' or ''."""
    found = [f"{what} estimated ({key})" for key, what in QUANTITY_ESTIMATES.items() if item.get(key) is True]
    legacy = item.get("legacyEstimationFlag")
    if isinstance(legacy, int) and not isinstance(legacy, bool) and legacy != 0:
        found.append(f"legacyEstimationFlag {legacy}")
    return f"; {', '.join(found)} (quantities, not the value)" if found else ""


def _period(item: dict) -> tuple[pd.Timestamp, pd.Timestamp, str]:
    year, month, freq = _int(item["refYear"]), _int(item["refMonth"]), str(item["freqCode"])
    if year is None or not 1900 < year < 2200:
        raise BadResponse(f"Comtrade refYear {str(item['refYear'])[:12]!r} is not a year")
    if freq == "A":  # NB annual rows carry refMonth 52
        return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31), "A"
    if freq == "M" and month is not None and 1 <= month <= 12:
        start = pd.Timestamp(year, month, 1)
        return start, start + pd.offsets.MonthEnd(0), "M"
    raise BadResponse(f"Comtrade period {freq!r}/{str(item['refMonth'])[:4]!r} is neither annual nor a month")


def _valuations(item: dict) -> list[tuple[str, float | None, str]]:
    """(valuation, value, field): one per non-empty cifvalue/fobvalue; else primaryValue with 'unknown'."""
    primary = _money(item["primaryValue"], "primaryValue")
    found = []
    for valuation, field in (("CIF", "cifvalue"), ("FOB", "fobvalue")):
        value = _money(item[field], field)
        # NB 0.0 beside a non-zero primaryValue means "not compiled", not zero trade
        if value is not None and not (value == 0 and primary not in (None, 0.0)):
            found.append((valuation, value, field))
    return found or [("unknown", primary, "primaryValue")]


def _money(value: object, field: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < math.inf:
        raise BadResponse(f"Comtrade {field} {str(value)[:20]!r} is not a non-negative number")
    return float(value)


def _check_duplicates(frame: pd.DataFrame) -> pd.DataFrame:
    key = ["reporter", "partner", "flow", "valuation", "freq", "period_start", "hs_code"]
    frame = frame.drop_duplicates(subset=[*key, "value_usd"])
    clash = frame[frame.duplicated(subset=key, keep=False)]
    if not clash.empty:
        row = clash.iloc[0]
        raise BadResponse(f"Comtrade sent two different values for {row['reporter']} {row['flow']} "
                          f"{row['period_start']:%Y-%m} HS {row['hs_code']}")
    return frame.reset_index(drop=True)


def require_fields(item: object, fields: tuple[str, ...]) -> dict:
    """A Comtrade data row as a dict holding every one of ``fields``; a BadResponse names what is missing."""
    if not isinstance(item, dict):
        raise BadResponse("Comtrade sent a record that is not an object")
    missing = [k for k in fields if k not in item]
    if missing:
        raise BadResponse(f"Comtrade records lack field(s) {', '.join(missing)}: the format may have changed")
    return item
