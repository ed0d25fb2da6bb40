"""One bordered card per published statement: verdict, stated figure, who and when, their words, the check, links."""
from __future__ import annotations

import re

import streamlit as st

BADGE = {"match": "green", "close": "orange", "mismatch": "red", "unverifiable": "gray"}
# NB check_links already refuses any other scheme and markup characters; <…> lets a link hold parentheses.
WEB_LINK = re.compile(r"^https?://[^\s<>`\\]+$")


def _link(label: str, url: str) -> str:
    return f"[{label} ↗](<{url}>)" if WEB_LINK.match(url) else ""


def statement_card(row) -> None:
    """A row of statements_shown as a card; outside text only through st.text, which never interprets markup."""
    with st.container(border=True):
        # NB the badge's words and the stated figure are the app's own text (the figure is formatted from a number).
        st.markdown(f":{BADGE.get(row.verdict, 'gray')}-badge[{row.verdict_words}] **{row.stated or 'no figure'}**")
        said = [f"{row.who} · {row.when}", row.said + (f" — {row.quote}" if row.quote else "")]
        st.text("\n".join(said + ([f"Note: {row.context}"] if row.context else [])))
        st.text(row.verdict_text + (f"\nCited as: {row.citation}" if row.citation else ""))
        links = [link for link in (_link("the statement", row.link), _link("the official series", row.series_link))
                 if link]
        if links:
            st.markdown(" · ".join(links))
