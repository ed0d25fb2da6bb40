"""Data: every stored record of the pair, filterable, and each source with its link."""
import streamlit as st

from dashboard import data
from dashboard.downloads import download_csv
from dashboard.refresh_panel import render_refresh_panel
from dashboard.state import current_query
from dashboard.tables import table
from loaders.pairs import pair_label
from loaders.views.dataset import rows_containing

q = current_query()
pair = pair_label("-".join(q.pair))
st.title(f"{pair}: the data")
st.markdown("Every record as stored, one published figure a row, with its source, URL and vintage. The sidebar "
            "filters (years, flow, basis) apply; the search box below keeps only the rows that contain its words.")

st.subheader("Sources")
sources = data.view("sources", q)
DAY = {"format": "YYYY-MM-DD"}
table(sources, hide_index=True, column_config={
    "source_url": st.column_config.LinkColumn("source URL"),
    **{c: st.column_config.DateColumn(c.replace("_", " "), **DAY)
       for c in ("first_period", "last_period", "latest_vintage")}})
download_csv(sources, "sources", q, label="Download sources CSV")

st.subheader("Records")
search = st.text_input("Find records containing", key="data-search", placeholder="e.g. kz_bns 2023 import")
records = rows_containing(data.view("dataset", q), search)
st.caption(f"{len(records):,} records shown.")
table(records, hide_index=True, column_config={
    "value_usd": st.column_config.NumberColumn("value (USD)", format="localized"),
    "source_url": st.column_config.LinkColumn("source"),
    **{c: st.column_config.DateColumn(c.replace("_", " "), **DAY) for c in ("period_start", "period_end", "vintage")},
})
download_csv(records, "dataset", q, label="Download dataset CSV")

render_refresh_panel(q)
