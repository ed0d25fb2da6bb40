"""The glossary: the trade-statistics words the pages use, in plain language, one click away on every page."""
from __future__ import annotations

import streamlit as st

TERMS = [
    ("FOB", ("Free on board: the value of goods at the exporter's border, without freight and insurance. Exports are "
            "valued FOB.")),
    ("CIF", ("Cost, insurance and freight: the value at the importer's border, with freight and insurance to get "
            "there. Most countries value imports CIF, so a partner's imports are normally a few per cent above the "
            "exporter's figure for the same goods.")),
    ("CIF/FOB margin", ("The share by which CIF exceeds FOB (freight and insurance). The sidebar sets it in per cent; "
                       "M_fob = M ÷ (1 + margin).")),
    ("Mirror", ("The same trade as the other country reports it: Armenia's exports to Kazakhstan are mirrored by "
               "Kazakhstan's imports from Armenia. Both should describe the same goods.")),
    ("Turnover", ("Exports plus imports between the two countries. Where a source publishes no turnover, it is "
                 "derived here from its own exports and imports of the same edition.")),
    ("Vintage (edition)", ("The date a figure was published. Statistics offices revise figures; every edition is "
                          "kept, and the Revisions page shows how a figure changed.")),
    ("Origin vs consignment", ("Imports can be attributed to the country where goods were made (origin) or the "
                              "country they were shipped from (consignment). Goods made in one country and shipped "
                              "through another count for different partners.")),
    ("Re-export", ("Goods imported and sent on without substantial change, e.g. cars bought abroad and resold to a "
                  "third country. The partner may record them under their origin, not under the re-exporter.")),
    ("Residual", ("The part of the gap between the two reports that no measured cause explains. It is shown as its "
                 "own bar, never spread over the causes.")),
    ("Estimated", ("A value the publisher (e.g. the IMF, flag 'e') estimated instead of taking it from the "
                  "country's report; drawn as an open diamond.")),
]


def render_glossary() -> None:
    """A 'Glossary' popover in the sidebar listing TERMS."""
    with st.sidebar.popover("Glossary", icon=":material/menu_book:", width="stretch"):
        st.markdown("\n".join(f"- **{term}**: {meaning}" for term, meaning in TERMS))
