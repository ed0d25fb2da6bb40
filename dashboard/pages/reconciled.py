"""Reconciled: one estimate per recognised method for each year and direction, and the band they span."""
import streamlit as st

from dashboard import data
from dashboard.downloads import download_csv
from dashboard.figures import figure
from dashboard.reconciled_chart import methods_table, reconciled_chart
from dashboard.state import current_query
from dashboard.tables import table
from loaders.pairs import pair_label
from loaders.views.reconciled_methods import METHOD_NAMES, reconciled_methods

q = current_query()
pair = pair_label("-".join(q.pair))
st.title(f"{pair}: reconciled estimates")
st.markdown(
    "The two countries report different figures for the same trade. Five recognised methods each turn the two "
    "reports into one estimate; the shaded band runs from the lowest to the highest, and the Overview draws it for "
    "turnover. X is the exporter's figure (FOB), M the importer's (CIF); for turnover, X and M are the two "
    "countries' totals and no margin applies. Where only one side reported, the year says which, and the estimate "
    "is that side's figure.")
st.table(methods_table(reconciled_methods(q.margin)))
frame = data.view("reconciled", q)
st.plotly_chart(figure(reconciled_chart, frame, "Estimates by method, per year"),
                key="reconciled-chart")
names = {**{c: f"{name} (USD)" for c, name in METHOD_NAMES.items()}, "x_value_usd": "X (USD)",
         "m_value_usd": "M (USD)", "m_fob_usd": "M_fob (USD)", "low_usd": "band low (USD)",
         "high_usd": "band high (USD)"}
table(frame, hide_index=True, column_config={
    **{c: st.column_config.NumberColumn(names.get(c, c), format="localized") for c in frame.columns
       if c.endswith("_usd")},
    **{c: st.column_config.DateColumn(c, format="YYYY-MM-DD") for c in ("x_vintage", "m_vintage")},
    **{c: st.column_config.LinkColumn(c) for c in ("x_source_url", "m_source_url")}})
download_csv(frame, "reconciled", q)
