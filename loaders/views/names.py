"""Names in words for sources, series and dates, as a reader sees them on a page (never the internal codes)."""
from __future__ import annotations

import pandas as pd

from loaders.query import country_name

SOURCE_NAMES = {
    "armstat": "Armstat", "kz_bns": "Kazakhstan's Bureau of National Statistics", "kg_nsc": "Kyrgyzstan's NSC",
    "imf_dots": "the IMF's Direction of Trade Statistics", "imf_imts": "the IMF's IMTS", "comtrade": "UN Comtrade",
    "kz_official": "Kazakh officials as quoted",
}
# NB short enough to label a line's end on a phone.
SOURCE_SHORT = {
    "armstat": "Armstat", "kz_bns": "Kazakhstan's statistics bureau", "kg_nsc": "Kyrgyzstan's statistics committee",
    "imf_dots": "IMF trade statistics (DOTS)", "imf_imts": "IMF trade statistics (IMTS)", "comtrade": "UN Comtrade",
    "kz_official": "Kazakh officials, as quoted",
}
FLOW_WORDS = {"export": "exports", "import": "imports", "turnover": "turnover", "re-export": "re-exports",
              "re-import": "re-imports"}


def source_name(source: str) -> str:
    return SOURCE_NAMES.get(source, source)


def source_short(source: str) -> str:
    return SOURCE_SHORT.get(source, source)


def possessive(code: str) -> str:
    """"Armenia's" for ARM; "Philippines'" for a name ending in s."""
    name = country_name(code)
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def flow_words(reporter: str, flow: str, basis: str) -> str:
    """"Armenia's exports", "Armenia's imports by origin", "Armenia's turnover (imports by origin)"."""
    what = FLOW_WORDS.get(flow, flow)
    known = basis not in ("unknown", "destination", "")
    if flow == "turnover":
        what += f" (imports by {basis})" if known else ""
    elif flow in ("import", "re-import"):
        what += f" by {basis}" if known else " (basis not stated)"
    return f"{possessive(reporter)} {what}"


def series_name(reporter: str, flow: str, basis: str, source: str) -> str:
    """"Armenia's exports, Armstat": one series in words."""
    return f"{flow_words(reporter, flow, basis)}, {source_short(source)}"


def series_names(frame: pd.DataFrame) -> pd.Series:
    """series_name for every row of a frame with reporter, flow, partner_basis and source."""
    keys = frame[["reporter", "flow", "partner_basis", "source"]].astype("str")
    return pd.Series([series_name(*row) for row in keys.itertuples(index=False)], index=frame.index, dtype="str")


def day(value: object) -> str:
    """"13 Feb 2024" (no time, no leading zero); '' for a missing date."""
    stamp = pd.to_datetime(value, errors="coerce")
    return "" if pd.isna(stamp) else f"{stamp.day} {stamp:%b %Y}"


def direction_words(direction: str) -> str:
    """'ARM→KAZ' -> 'Armenia → Kazakhstan'; 'ARM↔KAZ' -> 'Armenia ↔ Kazakhstan (turnover)'."""
    for arrow, tail in (("→", ""), ("↔", " (turnover)")):
        if arrow in direction:
            first, second = direction.split(arrow, 1)
            return f"{country_name(first)} {arrow} {country_name(second)}{tail}"
    return direction
