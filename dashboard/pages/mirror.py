"""Mirror: per year and direction, the exporter's and the importer's figure side by side, with gap indices."""
import streamlit as st

from dashboard import data
from dashboard.charts import GAP_CHART_COLUMNS, MIRROR_CHART_COLUMNS, gap_chart, mirror_chart
from dashboard.downloads import download_csv
from dashboard.figures import figure
from dashboard.state import current_query
from dashboard.tables import table
from loaders.pairs import pair_label

INDEX_LABELS = {"log_gap": "log gap ln(M_fob / X)", "mirror_ratio": "mirror ratio M / X",
                "discrepancy_index": "discrepancy index (X − M) / (X + M)"}

q = current_query()
pair = pair_label("-".join(q.pair))
st.title(f"{pair}: mirror comparison")
st.markdown(
    "For each direction, **X** is what the exporter reports (FOB) and **M** what the importer reports (CIF). "
    f"M is brought to FOB with the margin set in the sidebar (**{q.margin:.1%}**): M_fob = M / (1 + margin). "
    "Turnover rows compare the two countries' totals as published: each total has one FOB leg (its exports) and "
    "one CIF leg (its imports), so the margins mostly cancel and none is applied here; what is left of them, "
    "margin × (first country's exports − its imports ÷ (1 + margin)), is the valuation bar of the turnover bridge. "
    "Where an importer publishes its imports both by country of origin and by country of consignment (Armstat "
    "does), both appear, one row each.")

if q.freq == "M":
    st.info("The mirror compares complete calendar years only, so the Monthly setting does not apply on this page.")
frame = data.view("mirror", q)
st.plotly_chart(figure(mirror_chart, frame[MIRROR_CHART_COLUMNS], f"{pair}: each side's figure"),
                key="mirror-chart")
st.caption("Each grey bar joins the exporter's figure (X) to the importer's (M) for one year: its length is the gap. "
           "Diamonds are imports by country of consignment; circles by origin (or basis not stated).")
index = st.radio("Gap index", list(INDEX_LABELS), format_func=INDEX_LABELS.get, horizontal=True, key="index",
                 bind="query-params")
st.plotly_chart(figure(gap_chart, frame[[*GAP_CHART_COLUMNS, index]], index, f"{pair}: {INDEX_LABELS[index]}",
                       INDEX_LABELS[index]),
                key="gap-chart")
table(frame.sort_values("year", ascending=False, kind="stable"), hide_index=True, column_config={
    "year": st.column_config.NumberColumn("year", format="%d"),
    "x_vintage": st.column_config.DateColumn("X edition", format="YYYY-MM-DD"),
    "m_vintage": st.column_config.DateColumn("M edition", format="YYYY-MM-DD"),
    "x_value_usd": st.column_config.NumberColumn("X (USD)", format="localized"),
    "m_value_usd": st.column_config.NumberColumn("M (USD)", format="localized"),
    "m_fob_usd": st.column_config.NumberColumn("M_fob (USD)", format="localized"),
    "x_source_url": st.column_config.LinkColumn("X source"),
    "m_source_url": st.column_config.LinkColumn("M source"),
})
st.caption("A row whose status names a missing figure is a year one side did not publish (or we have no copy of).")
download_csv(frame, "mirror", q)
