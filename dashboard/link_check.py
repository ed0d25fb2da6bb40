"""Tell a visitor which parameters of the link they opened were not applied (unknown, invalid or out of range)."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard.safe_text import literal
from dashboard.state import APPLIED_KEY
from loaders.query import close_codes
from loaders.schema import ISO3_CODES

CHECKED_KEY = "_link_checked"
LISTED = 5
VALUE_CHARS = 40


def _same(given: Sequence[str], applied: Sequence[object]) -> bool:
    if len(given) != len(applied):
        return False
    for text, value in zip(given, applied):
        if isinstance(value, (int, float)):
            try:
                if not math.isclose(float(text), value, rel_tol=1e-9, abs_tol=1e-9):
                    return False
            except ValueError:
                return False
        elif text != str(value):
            return False
    return True


def unapplied(raw: Mapping[str, list[str]], applied: Mapping[str, list], page_settings: set[str],
              kept: Mapping[str, list[str]]) -> tuple[list[str], list[str]]:
    """(parameters not applied as given, parameters that are no setting of this page).

    ``applied`` is what the shared filters' parameters say after the run; a setting of the page itself counts as
    applied when Streamlit kept its parameter unchanged (it drops invalid values and the default).
    """
    not_applied, unknown = [], []
    for key, given in raw.items():
        if key in applied:
            ok = _same(given, applied[key])
        elif key in page_settings:
            ok = list(kept.get(key, [])) == list(given)
        else:
            unknown.append(key)
            continue
        if not ok:
            not_applied.append(key)
    return not_applied, unknown


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _shown(key: str, given: list[str], applied: list | None) -> str:
    values = " and ".join(literal(v, VALUE_CHARS) or "(empty)" for v in given[:2])
    more = f" (and {len(given) - 2} more values)" if len(given) > 2 else ""
    instead = f" (showing {literal(' – '.join(map(_number, applied)))})" if applied else ""
    return f"**{literal(key, VALUE_CHARS)}** {values}{more}{instead}{_pair_hint(given) if key == 'pair' else ''}"


def _pair_hint(given: list[str]) -> str:
    """Close matches for each unknown ISO3 code of a link's pair ('; close to XXX: FXX')."""
    codes = [c.strip().upper() for c in str(given[0] if given else "").split("-")[:2]]
    hints = [f"{literal(c, 12)}: {', '.join(close)}" for c in codes
             if len(c) <= 40 and c not in ISO3_CODES and (close := close_codes(c))]
    return f"; close codes for {'; '.join(hints)}" if hints else ""


def _listed(keys: list[str], raw: Mapping[str, list[str]], applied: Mapping[str, list]) -> str:
    shown = ", ".join(_shown(k, raw[k], applied.get(k)) for k in keys[:LISTED])
    return shown + (f", and {len(keys) - LISTED} more" if len(keys) > LISTED else "")


def describe(not_applied: list[str], unknown: list[str], raw: Mapping[str, list[str]],
             applied: Mapping[str, list]) -> str:
    """One markdown message (every outside string escaped), or '' when the whole link was applied."""
    parts = []
    if not_applied:
        parts.append(f"Some settings in this link could not be used as given: {_listed(not_applied, raw, applied)}.")
    if unknown:
        parts.append("These link parameters are not settings of this page and were ignored: "
                     f"{_listed(unknown, raw, {})}.")
    return " ".join(parts)


class LinkCheck:
    """Made before any widget reads the URL (it keeps the link as opened); ``report()`` once the page has run."""

    def __init__(self) -> None:
        first_run = CHECKED_KEY not in st.session_state
        self.raw = {k: st.query_params.get_all(k) for k in st.query_params} if first_run else {}
        self.slot = st.empty() if self.raw else None

    def report(self) -> None:
        st.session_state[CHECKED_KEY] = True
        if self.slot is None:
            return
        applied = st.session_state.get(APPLIED_KEY, {})
        settings = {k for k in st.session_state if not str(k).startswith("_")}
        kept = {k: st.query_params.get_all(k) for k in st.query_params}
        message = describe(*unapplied(self.raw, applied, settings, kept), self.raw, applied)
        if message:
            self.slot.warning(message, icon=":material/link_off:")
