"""Data page panel: each live source's age, a Refresh button for the current pair and years, and a notice on failure."""
from __future__ import annotations

import logging
import os
from datetime import UTC, date, datetime

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from dashboard.safe_text import literal
from loaders.errors import log_exception, redact
from loaders.live import LoaderError
from loaders.query import Query
from loaders.refresh import CACHE_SOURCE, SOURCES, refresh
from loaders.store.cache import read_entries

NOTICE = "refresh_notice"
_LOG = logging.getLogger(__name__)
DEFAULT_SPAN = {"A": 10, "M": 2}  # years asked for when the sidebar sets none; monthly preview calls are slow


def render_refresh_panel(query: Query) -> None:
    """Show source ages and cache problems; run a refresh on request. Never raises, never shows a key."""
    st.subheader("Live sources")
    entries, problems = read_entries()
    ages = {source: max((datetime.fromisoformat(e.meta["retrieved_at"]) for e in entries if e.source == name),
                        default=None) for source, name in CACHE_SOURCE.items()}
    for column, (source, label) in zip(st.columns(len(SOURCES)), SOURCES.items(), strict=True):
        column.metric(label, _age(ages[source]), border=True,
                      help="Time since this source was last fetched into the local cache.")
    for problem in problems:
        # NB a problem names a file found in the cache folder: outside text, shown literally.
        st.warning(f"A cached file was skipped and is not shown: {literal(problem, 300)}", icon=":material/warning:")
    years = query.years or _default_years(query.freq)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        source = st.selectbox("Source", list(SOURCES), format_func=SOURCES.get, key="refresh_source")
        clicked = st.button(f"Refresh {'-'.join(query.pair)} {years[0]}-{years[1]}", key="refresh_live",
                            icon=":material/refresh:")
    if clicked:
        st.session_state[NOTICE] = _run(source, query, years)
        if st.session_state[NOTICE][0] == "success":
            st.cache_data.clear()  # the pages' cached dataset and views now include the new records
            st.cache_resource.clear()
            st.rerun()
    kind, message = st.session_state.get(NOTICE, (None, ""))
    if kind == "success":
        st.success(message, icon=":material/check_circle:")
    elif kind == "error":
        st.error(message, icon=":material/error:")


def _run(source: str, query: Query, years: tuple[int, int]) -> tuple[str, str]:
    label, key = SOURCES[source], _api_key()
    bar = st.progress(0.0, text=f"Fetching {label}…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"{done}/{total} requests")

    try:
        result = refresh(source, query.pair, years, freq=query.freq, api_key=key, progress=progress)
    except LoaderError as exc:
        log_exception(_LOG, f"{label} refresh failed", exc, [key or ""])
        # NB the message can quote the API's own error text: outside text, shown literally (never as a link).
        reason = literal(redact(str(exc), [key or ""]), 300)
        return "error", f"{label} refresh failed: {reason}. The dashboard keeps showing the last good data."
    except Exception as exc:  # noqa: BLE001 - the page must keep working; the type name carries no secret
        log_exception(_LOG, f"{label} refresh failed unexpectedly", exc, [key or ""])
        reason = f"unexpectedly ({type(exc).__name__})"
        return "error", f"{label} refresh failed {reason}. The dashboard keeps showing the last good data."
    finally:
        bar.empty()
    notes = redact("; ".join(result.warnings[:3]), [key or ""])
    notes = f" Notes: {literal(notes, 300)}." if notes else ""
    return "success", f"{label}: {result.rows} records cached for {'-'.join(query.pair)}.{notes}"


def _api_key() -> str | None:
    """COMTRADE_API_KEY from the environment or .streamlit/secrets.toml; None (public preview) when neither has it."""
    key = os.environ.get("COMTRADE_API_KEY", "").strip()
    if key:
        return key
    try:
        value = st.secrets.get("COMTRADE_API_KEY")
    except (StreamlitSecretNotFoundError, FileNotFoundError, KeyError, ValueError):
        return None  # NB st.secrets.get raises, not returns None, when there is no secrets.toml
    return str(value).strip() or None if value else None


def _default_years(freq: str) -> tuple[int, int]:
    this_year = date.today().year
    return this_year - DEFAULT_SPAN[freq], this_year - (1 if freq == "A" else 0)


def _age(when: datetime | None) -> str:
    if when is None:
        return "never fetched"
    minutes = max(0, int((datetime.now(UTC) - when).total_seconds() // 60))
    if minutes < 2:
        return "just now"
    if minutes < 120:
        return f"{minutes} min ago"
    return f"{minutes // 60} h ago" if minutes < 48 * 60 else f"{minutes // 1440} days ago"
