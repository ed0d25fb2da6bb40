"""UN Comtrade country codes <-> ISO3, from Comtrade's own Reporters.json (data/reference/comtrade_reporters.csv)."""
from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from loaders.live import LoaderError
from loaders.schema import ISO3_CODES

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference" / "comtrade_reporters.csv"
WORLD = 0  # NB partnerCode 0 is the World aggregate (partnerISO "W00"), a row like any other


@cache
def _tables() -> tuple[dict[int, str], dict[str, int]]:
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["is_group"] == "false" and r["iso3"] in ISO3_CODES]
    to_iso3 = {int(r["comtrade_code"]): r["iso3"] for r in rows}
    # NB several codes share one ISO3 over time (841 USA+Puerto Rico until 1980, 842 USA since); ask for the current one
    to_code = {r["iso3"]: int(r["comtrade_code"]) for r in rows if not r["entry_expired"]}
    return to_iso3, to_code


def comtrade_code(iso3: str) -> int:
    """The code Comtrade uses today for an ISO3 country (842 for USA, 251 for FRA); LoaderError if it has none."""
    code = _tables()[1].get(iso3)
    if code is None:
        raise LoaderError(f"UN Comtrade has no reporter code for {iso3!r}")
    return code


def iso3_of(code: object) -> str | None:
    """ISO3 for a Comtrade country code; None for World, groups, 'nes' areas and unknown codes."""
    if isinstance(code, bool) or not isinstance(code, int | str):
        return None
    try:
        return _tables()[0].get(int(code))
    except ValueError:
        return None
