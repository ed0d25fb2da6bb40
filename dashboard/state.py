"""The shared filters (pair, years, flow, basis, margin, frequency, vintage), bound to the URL so a link reproduces a view."""
from __future__ import annotations

import re

import streamlit as st

from dashboard.safe_text import literal
from loaders.pairs import available_pairs, pair_label, year_span
from loaders.query import (
    BASIS_CHOICES,
    DEFAULT_MARGIN,
    FLOW_CHOICES,
    FREQ_CHOICES,
    MARGIN_BAND,
    VINTAGE_CHOICES,
    Query,
    QueryError,
    parse_pair,
)
from loaders.store.snapshot import Snapshot

QUERY_KEY = "_query"
APPLIED_KEY = "_link_applied"
LINKED_PAIR_KEY = "_link_pair_code"
LINKED_WORLD_KEY = "_linked_world_pairs"  # pairs beyond the bundled ones that a link opened (World page, ?pair=)
FLOW_LABELS = {"all": "All flows", "export": "Exports", "import": "Imports", "turnover": "Turnover"}
BASIS_LABELS = {"all": "Both", "origin": "Country of origin", "consignment": "Country of consignment"}
FREQ_LABELS = {"A": "Annual", "M": "Monthly"}
VINTAGE_LABELS = {"latest": "Latest", "first": "As first published"}
# NB an emoji: Streamlit draws it inline, while without an icon the favicon is the default page's :material/...: icon,
# fetched from Google's font servers before first paint.
PAGE_ICON = "⚖️"


def sidebar_query(snapshot: Snapshot) -> Query:
    """Draw the shared filters in the sidebar and return the query they describe (also kept for the pages)."""
    pairs = [*available_pairs(snapshot), *st.session_state.get(LINKED_WORLD_KEY, [])]
    lo, hi = year_span(snapshot)
    pairs = _pair_from_codes(pairs)
    with st.sidebar:
        pair = st.selectbox("Country pair", pairs, format_func=picker_label, key="pair", bind="query-params",
                            help="Every pair with data; type a country's name or ISO3 code to search.")
        years = st.slider("Years", lo, hi, (lo, hi), key="years", bind="query-params")
        flow = st.selectbox("Flow", FLOW_CHOICES, format_func=FLOW_LABELS.get, key="flow", bind="query-params")
        basis = st.selectbox("Import partner basis", BASIS_CHOICES, format_func=BASIS_LABELS.get, key="basis",
                             bind="query-params",
                             help="Armstat publishes imports both by country of origin and by country of consignment.")
        margin_pct = st.slider("CIF/FOB margin (%)", 0.0, 20.0, DEFAULT_MARGIN * 100, step=0.1, key="margin",
                               bind="query-params",
                               help=f"Default 10.2 % (CIS partners without a common border); plausible band "
                                    f"{MARGIN_BAND[0]:.0%}–{MARGIN_BAND[1]:.0%}.")
        freq = st.radio("Frequency", FREQ_CHOICES, format_func=FREQ_LABELS.get, key="freq", horizontal=True,
                        bind="query-params")
        vintage = st.radio("Vintage", VINTAGE_CHOICES, format_func=VINTAGE_LABELS.get, key="vintage",
                           horizontal=True, bind="query-params")
    # NB a link may give the years in either order; the slider takes them as given, the views need them sorted.
    years = tuple(sorted((int(years[0]), int(years[1]))))
    try:
        query = Query(pair=parse_pair(pair), years=years, flow=flow, basis=basis,
                      margin=_margin(margin_pct), freq=freq, vintage=vintage)
    except QueryError as exc:
        st.error(f"These filters cannot be shown: {literal(exc, 200)}. Showing the default view instead.")
        query = Query()
    st.session_state[QUERY_KEY] = query
    applied = link_values(query, (lo, hi))
    linked_code, linked_text = st.session_state.get(LINKED_PAIR_KEY, (None, None))
    if linked_code == "-".join(query.pair):
        applied["pair"] = [linked_text]  # NB the link's codes were applied as given
    st.session_state[APPLIED_KEY] = applied
    return query


def picker_label(pair: str) -> str:
    """'Armenia – Kazakhstan (ARM-KAZ)': searchable by name and by code; also the pair's form in a link."""
    return f"{pair_label(pair)} ({pair})"


def any_pair_code(given: str) -> str | None:
    """Any pair of two distinct ISO3 codes (historic ones too: 'SUN-FIN' -> 'FIN-SUN'), alphabetical, else None."""
    try:
        pair = Query(pair=parse_pair(given)).pair  # NB checks both codes are known and differ
    except QueryError:
        return None
    return "-".join(sorted(pair))


def labelled_pair_code(given: str) -> str | None:
    """The pair of a picker label as a copied link holds it ('Finland – USSR (FIN-SUN)' -> 'FIN-SUN'), else None."""
    labelled = re.search(r"\(([A-Za-z]{3}-[A-Za-z]{3})\)\s*$", str(given)[:200])
    return any_pair_code(labelled.group(1)) if labelled else None


def open_pair(code: str) -> None:
    """Make a pair (any pair of the world store too) the selected one; for a widget callback, which runs before the
    picker is drawn."""
    if code not in st.session_state.get(LINKED_WORLD_KEY, []):
        st.session_state[LINKED_WORLD_KEY] = [*st.session_state.get(LINKED_WORLD_KEY, []), code][-8:]
    st.session_state["pair"] = code


def _pair_from_codes(pairs: list[str]) -> list[str]:
    """A link may name the pair by ISO3 codes in either order (?pair=KAZ-ARM): select that pair. A pair beyond the
    bundled data (any pair of the IMF world store) joins the picker for the session; so does one named by the
    picker's label in a copied link, on the session's first run (later runs' labels are the picker's own)."""
    given = st.query_params.get("pair", "")
    code = any_pair_code(given)
    if code is None and "pair" not in st.session_state:
        code = labelled_pair_code(given)
    if code is None:
        return pairs
    open_pair(code)
    st.session_state[LINKED_PAIR_KEY] = (code, given)
    return pairs if code in pairs else [*pairs, code]


def default_query(snapshot: Snapshot) -> Query:
    """The query the sidebar builds from its default values, i.e. for a link without parameters."""
    return Query(pair=parse_pair(available_pairs(snapshot)[0]), years=year_span(snapshot),
                 margin=_margin(DEFAULT_MARGIN * 100))


def _margin(percent: float) -> float:
    return round(float(percent) / 100, 4)


def link_values(q: Query, span: tuple[int, int]) -> dict[str, list]:
    """What each filter's URL parameter says for the query: the shown label for a choice, the number for a slider."""
    return {"pair": [picker_label("-".join(q.pair))], "years": list(q.years or span), "flow": [FLOW_LABELS[q.flow]],
            "basis": [BASIS_LABELS[q.basis]], "margin": [q.margin * 100], "freq": [FREQ_LABELS[q.freq]],
            "vintage": [VINTAGE_LABELS[q.vintage]]}


def current_query() -> Query:
    """The query the sidebar built on this run (pages call this; the default if a page runs alone)."""
    return st.session_state.get(QUERY_KEY, Query())
