"""UN Comtrade answers checked row by row against the request that produced them, before any row becomes a record."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from loaders.live import BadResponse
from loaders.sources.comtrade_codes import comtrade_code
from loaders.sources.comtrade_records import require_fields

if TYPE_CHECKING:
    from loaders.sources.comtrade import ComtradeRequest

CHECKED = ("reporterCode", "partnerCode", "flowCode", "freqCode", "refYear", "refMonth", "classificationSearchCode",
           "cmdCode")
LEVEL_DIGITS = {"AG2": 2, "AG4": 4, "AG6": 6}


def check_rows(data: list, request: ComtradeRequest) -> None:
    """Refuse the whole answer (BadResponse, one line) if any row is for another reporter, partner, flow,
    frequency, period, classification or commodity level than ``request`` asked for.

    Breakdown rows (customs, transport mode, second partner) of the requested pair pass: the normaliser skips them.
    """
    for item in data:
        mismatch = _mismatch(require_fields(item, CHECKED), request)
        if mismatch:
            raise BadResponse(f"Comtrade answered {request.label()} with rows for {mismatch}")


def _mismatch(item: dict, request: ComtradeRequest) -> str | None:
    """'reporter 842 (asked 51)' for the first field of the row that does not fit the request, else None."""
    expected = (
        ("reporter", "reporterCode", (str(comtrade_code(request.reporter)),)),
        ("partner", "partnerCode", (str(comtrade_code(request.partner)),)),
        ("flow", "flowCode", request.flows),
        ("frequency", "freqCode", (request.freq,)),
        ("classification", "classificationSearchCode", ("HS",)),  # NB the request path's clCode
    )
    for what, field, allowed in expected:
        if _text(item[field]) not in allowed:
            return f"{what} {_text(item[field])} (asked {_shown(allowed)})"
    period = _period(item)
    if period not in request.periods:
        return f"period {period} (asked {_shown(request.periods)})"
    if not _at_level(_text(item["cmdCode"]), request.cmd):
        return f"commodity {_text(item['cmdCode'])} (asked {request.cmd})"
    return None


def _period(item: dict) -> str:
    """The period the record will carry: refYear, plus refMonth for monthly rows (the fields the normaliser reads)."""
    year, month = _text(item["refYear"]), item["refMonth"]
    if _text(item["freqCode"]) == "A" or isinstance(month, bool) or not isinstance(month, int):
        return year  # NB annual rows carry refMonth 52
    return f"{year}{month:02d}"


def _at_level(code: str, cmd: str) -> bool:
    digits = LEVEL_DIGITS.get(cmd)
    if digits:
        return re.fullmatch(f"[0-9]{{{digits}}}", code) is not None
    return code in cmd.split(",")


def _text(value: object) -> str:
    return str(value)[:20]


def _shown(values: tuple[str, ...]) -> str:
    return ",".join(values) if len(values) <= 3 else f"{values[0]}..{values[-1]}"
