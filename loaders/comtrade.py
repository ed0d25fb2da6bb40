"""UN Comtrade goods trade of a country pair (public preview, or the keyed API), fetched and normalised into records.

API docs: https://uncomtrade.org/docs/un-comtrade-api/ ; formats and limits: reference/api-formats.md §1.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from loaders import http
from loaders.comtrade_codes import comtrade_code, iso3_of
from loaders.http import TradeSession
from loaders.live import BadResponse, LoadResult
from loaders.schema import RECORD_COLUMNS

SOURCE = "comtrade"
DEFAULT_BASE_URL = "https://comtradeapi.un.org"
PREVIEW_PATH = "/public/v1/preview/C/{freq}/HS"
KEYED_PATH = "/data/v1/get/C/{freq}/HS"
KEY_HEADER = "Ocp-Apim-Subscription-Key"  # a header, never the subscription-key query parameter: URLs get logged
PREVIEW_CAP = 500  # NB the preview stops at 500 rows without saying so, and ignores maxRecords
KEYED_CAP = 100_000  # free key: "up to 100,000 records per call"; a full page means truncated
KEYED_PERIODS = 12  # periods per keyed call (comtradr's limit); the preview takes exactly one
FLOWS = {"X": "export", "M": "import", "RX": "re-export", "RM": "re-import"}
PARTNER_BASIS = {"export": "destination", "re-export": "destination", "import": "origin", "re-import": "origin"}
HS_LEVELS = {"TOTAL": "TOTAL", "2": "AG2", "4": "AG4", "6": "AG6"}
REQUIRED = ("freqCode", "refYear", "refMonth", "reporterCode", "partnerCode", "partner2Code", "flowCode", "cmdCode",
            "customsCode", "motCode", "cifvalue", "fobvalue", "primaryValue", "classificationCode")


class Truncated(BadResponse):
    """A call returned as many rows as the endpoint's cap: the answer is probably cut, so it is not used."""


@dataclass(frozen=True)
class ComtradeRequest:
    reporter: str
    partner: str
    freq: str
    periods: tuple[str, ...]
    cmd: str = "TOTAL"
    flows: tuple[str, ...] = ("X", "M")

    def params(self) -> dict[str, str]:
        # NB without partner2Code=0, customsCode=C00 and motCode=0 the rows come split by those breakdowns
        return {"reporterCode": str(comtrade_code(self.reporter)), "partnerCode": str(comtrade_code(self.partner)),
                "partner2Code": "0", "period": ",".join(self.periods), "cmdCode": self.cmd,
                "flowCode": ",".join(self.flows), "customsCode": "C00", "motCode": "0", "includeDesc": "true"}

    def split(self) -> list[ComtradeRequest]:
        """Two smaller requests covering this one (periods first, then flows); [] when it cannot shrink."""
        for name in ("periods", "flows"):
            values = getattr(self, name)
            if len(values) > 1:
                half = len(values) // 2
                return [replace(self, **{name: values[:half]}), replace(self, **{name: values[half:]})]
        return []

    def label(self) -> str:
        return f"{self.reporter}->{self.partner} {self.periods[0]}" + (f"-{self.periods[-1]}" if len(self.periods) > 1 else "")


def api_key_from_env() -> str | None:
    """COMTRADE_API_KEY from the environment, or None (the public preview needs no key)."""
    return os.environ.get("COMTRADE_API_KEY", "").strip() or None


def base_url() -> str:
    return os.environ.get("COMTRADE_BASE_URL", "").strip().rstrip("/") or DEFAULT_BASE_URL


def plan_requests(pair: tuple[str, str], years: tuple[int, int], *, freq: str = "A", hs: str = "TOTAL",
                  keyed: bool = False, today: date | None = None) -> list[ComtradeRequest]:
    """One request per reporter (both directions, so both sides of the mirror) and period chunk; no future periods."""
    today = today or date.today()
    if freq == "A":
        periods = [str(y) for y in range(years[0], min(years[1], today.year) + 1)]
    else:
        periods = [f"{y}{m:02d}" for y in range(years[0], years[1] + 1) for m in range(1, 13)
                   if (y, m) <= (today.year, today.month)]
    size = KEYED_PERIODS if keyed else 1
    chunks = [tuple(periods[i:i + size]) for i in range(0, len(periods), size)]
    return [ComtradeRequest(r, p, freq, chunk, HS_LEVELS[hs]) for r, p in (pair, pair[::-1]) for chunk in chunks]


def fetch_records(request: ComtradeRequest, *, session: TradeSession, keyed: bool) -> tuple[list[dict], str]:
    """The checked 'data' list of one call and its URL (without key). Checks status, error, shape, then count."""
    url = base_url() + (KEYED_PATH if keyed else PREVIEW_PATH).format(freq=request.freq)
    response = http.get(session, url, params=request.params(), accept="application/json")
    payload = http.json_body(response)
    if not isinstance(payload, dict) or ("data" not in payload and "error" not in payload):
        message = payload.get("message") if isinstance(payload, dict) else None
        raise BadResponse("Comtrade answered without a data envelope" + (f": {str(message)[:120]}" if message else ""))
    if payload.get("error"):
        raise BadResponse(f"Comtrade reported an error for {request.label()}: {str(payload['error'])[:160]}")
    data = payload.get("data")
    if not isinstance(data, list):
        raise BadResponse(f"Comtrade's 'data' for {request.label()} is not a list (a countOnly answer or a new format)")
    count = payload.get("count")
    if isinstance(count, int) and not isinstance(count, bool) and count != len(data):
        raise BadResponse(f"Comtrade said {count} records for {request.label()} but sent {len(data)}")
    return data, http.url_without_secrets(response.url)


def normalize_records(data: list[dict], *, source_url: str, retrieved: date) -> tuple[pd.DataFrame, list[str]]:
    """Records (one per reported valuation) from Comtrade rows; breakdown and non-country partner rows are skipped
    and counted in the warnings, never summed into anything."""
    rows, skipped = [], {"breakdown": 0, "aggregate partner": 0, "other flow": 0}
    for item in data:
        if not isinstance(item, dict):
            raise BadResponse("Comtrade sent a record that is not an object")
        missing = [k for k in REQUIRED if k not in item]
        if missing:
            raise BadResponse(f"Comtrade records lack field(s) {', '.join(missing)}: the format may have changed")
        if (str(item["customsCode"]), _int(item["motCode"]), _int(item["partner2Code"])) != ("C00", 0, 0) \
                or str(item.get("mosCode", "0")) != "0":
            skipped["breakdown"] += 1
            continue
        reporter, partner = iso3_of(item["reporterCode"]), iso3_of(item["partnerCode"])
        if reporter is None:
            raise BadResponse(f"Comtrade reporter code {str(item['reporterCode'])[:12]!r} is not in its reference table")
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
                "confidence": "A"}
        flags = (f"UN Comtrade ({item['classificationCode']}); isReported={item.get('isReported')}, "
                 f"isAggregate={item.get('isAggregate')}")
        for valuation, value, field in _valuations(item):
            rows.append({**base, "valuation": valuation, "value_usd": value, "note": f"{flags}; value from {field}"})
    frame = pd.DataFrame(rows, columns=RECORD_COLUMNS).astype({"value_usd": "float64"})
    warnings = [f"{n} {what} row(s) skipped (not summed)" for what, n in skipped.items() if n]
    return _check_duplicates(frame), warnings


def load_pair(pair: tuple[str, str], years: tuple[int, int], *, session: TradeSession, freq: str = "A",
              hs: str = "TOTAL", keyed: bool = False, progress: Callable[[int, int], None] | None = None,
              today: date | None = None) -> LoadResult:
    """Both reporters' records for the pair; a capped answer is split and fetched again, never silently undercounted."""
    queue = deque(plan_requests(pair, years, freq=freq, hs=hs, keyed=keyed, today=today))
    total, done, frames, warnings, urls = len(queue), 0, [], [], []
    retrieved = today or date.today()
    while queue:
        request = queue.popleft()
        data, url = fetch_records(request, session=session, keyed=keyed)
        cap = KEYED_CAP if keyed else PREVIEW_CAP
        if len(data) >= cap:
            parts = request.split()
            if not parts:
                raise Truncated(f"Comtrade returned its maximum of {cap} rows for {request.label()}, so the answer is "
                                "probably cut; ask for a coarser HS level" + ("" if keyed else " or set COMTRADE_API_KEY"))
            queue.extendleft(reversed(parts))
            total += len(parts)
        else:
            frame, notes = normalize_records(data, source_url=url, retrieved=retrieved)
            frames.append(frame)
            urls.append(url)
            warnings += [f"{request.label()}: {n}" for n in notes]
            if frame.empty:
                warnings.append(f"{request.label()}: no figures published (yet)")
        done += 1
        if progress:
            progress(done, total)
    records = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=RECORD_COLUMNS)
    return LoadResult(records, tuple(warnings), tuple(urls))


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


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
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or value != value:
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
