"""Revisions: each figure's value in every vintage that published it."""
import streamlit as st

from dashboard import data
from dashboard.charts import revisions_chart
from dashboard.downloads import download_csv
from dashboard.figures import figure
from dashboard.state import current_query
from loaders.pairs import pair_label

q = current_query()
pair = pair_label("-".join(q.pair))
st.title(f"{pair}: revisions between vintages")
st.markdown("A vintage is the date of the copy a figure was read from. Officials quoting different vintages quote "
            "different 'official' numbers: a change is computed only between two complete-year values.")
frame = data.view("revisions", q)
st.plotly_chart(figure(revisions_chart, frame, f"{pair}: value by vintage"), key="revisions-chart")
st.dataframe(frame, hide_index=True, column_config={
    "value_usd": st.column_config.NumberColumn("value (USD)", format="localized"),
    "change_usd": st.column_config.NumberColumn("change (USD)", format="localized"),
    "change_pct": st.column_config.NumberColumn("change", format="percent"),
    "source_url": st.column_config.LinkColumn("source"),
})
download_csv(frame, "revisions", q)
