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
from loaders.http import TradeSession
from loaders.live import BadResponse, LoadResult
from loaders.schema import RECORD_COLUMNS
from loaders.sources.comtrade_checks import check_rows
from loaders.sources.comtrade_codes import comtrade_code
from loaders.sources.comtrade_records import SOURCE, normalize_records

__all__ = ["SOURCE", "ComtradeRequest", "Truncated", "api_key_from_env", "fetch_records", "load_pair",
           "normalize_records", "plan_requests"]
DEFAULT_BASE_URL = "https://comtradeapi.un.org"
PREVIEW_PATH = "/public/v1/preview/C/{freq}/HS"
KEYED_PATH = "/data/v1/get/C/{freq}/HS"
KEY_HEADER = "Ocp-Apim-Subscription-Key"  # a header, never the subscription-key query parameter: URLs get logged
PREVIEW_CAP = 500  # NB the preview stops at 500 rows without saying so, and ignores maxRecords
KEYED_CAP = 100_000  # free key: "up to 100,000 records per call"; a full page means truncated
KEYED_PERIODS = 12  # periods per keyed call (comtradr's limit); the preview takes exactly one
HS_LEVELS = {"TOTAL": "TOTAL", "2": "AG2", "4": "AG4", "6": "AG6"}


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
        last = f"-{self.periods[-1]}" if len(self.periods) > 1 else ""
        return f"{self.reporter}->{self.partner} {self.periods[0]}{last}"


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
    """The checked 'data' list of one call and its URL (without key). Checks status, error, shape, count, then that
    every row is for what the request named."""
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
    check_rows(data, request)
    return data, http.url_without_secrets(response.url)


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
                hint = "" if keyed else " or set COMTRADE_API_KEY"
                raise Truncated(f"Comtrade returned its maximum of {cap} rows for {request.label()}, so the answer is "
                                f"probably cut; ask for a coarser HS level{hint}")
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
    frames = [f for f in frames if not f.empty]
    records = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=RECORD_COLUMNS)
    return LoadResult(records, tuple(warnings), tuple(urls))
