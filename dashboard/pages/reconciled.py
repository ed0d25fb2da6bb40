"""Reconciled: one estimate per recognised method for each year and direction, and the band they span."""
import streamlit as st

from dashboard import data
from dashboard.downloads import download_csv
from dashboard.figures import figure
from dashboard.gap_charts import reconciled_chart
from dashboard.state import current_query
from loaders.pairs import pair_label
from loaders.views.reconciled import DEFAULT_SIGMA, OTS_MARGIN

q = current_query()
pair = pair_label("-".join(q.pair))
st.title(f"{pair}: reconciled estimates")
st.markdown(
    f"X is the exporter's figure (FOB), M the importer's (CIF), M_fob = M / (1 + {q.margin:.1%}) with the "
    "sidebar's margin; for turnover rows X and M are the two countries' totals (no margin: each has one CIF leg).\n\n"
    "- **importer-preferred** = M_fob; **exporter-preferred** = X; **mean** = (X + M_fob) / 2;\n"
    f"- **OTS max rule** = max{{X, M / {1 + OTS_MARGIN:.2f}}} (Open Trade Statistics, its fixed {OTS_MARGIN:.0%});\n"
    "- **BACI-style inverse-variance** = w·X + (1 − w)·M_fob with w = V_M / (V_X + V_M), "
    "V = e^{σ²}(e^{σ²} − 1) for each reporter's reliability σ: each side is weighted by the *other* side's "
    f"variance, so a perfect exporter (σ = 0) gets w = 1. No reliability estimate is in the data, so every reporter "
    f"has σ = {DEFAULT_SIGMA} and w = ½.\n\n"
    "Where only one side reported, the year says which, and the one-sided rule applies: X if only the exporter "
    "reported, M_fob if only the importer did. The band is the min–max of the methods; the Overview draws it for "
    "the turnover comparison.")
frame = data.view("reconciled", q)
st.plotly_chart(figure(reconciled_chart, frame, f"{pair}: reconciled estimates by method"),
                key="reconciled-chart")
st.dataframe(frame, hide_index=True, column_config={
    c: st.column_config.NumberColumn(c, format="localized") for c in frame.columns if c.endswith("_usd")})
download_csv(frame, "reconciled", q)
