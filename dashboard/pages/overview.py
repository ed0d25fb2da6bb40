"""Overview: both countries' figures over time, as each side reports them, with events marked."""
import streamlit as st

from dashboard import data
from dashboard.charts import series_chart
from dashboard.downloads import download_csv
from dashboard.state import current_query
from loaders.pairs import pair_label

q = current_query()
pair = pair_label("-".join(q.pair))
st.title(f"{pair}: trade as each side reports it")

headline = data.view("summary", q)
if not headline.empty:
    row = headline.iloc[0]
    cols = st.columns(3)
    cols[0].metric(f"{row.x_reporter} reports ({row.year}, turnover)", f"${row.x_value_usd / 1e6:,.1f} M",
                   help=f"{row.x_source}, vintage {row.x_vintage:%Y-%m-%d}, import basis {row.x_basis}")
    cols[1].metric(f"{row.m_reporter} reports ({row.year}, turnover)", f"${row.m_value_usd / 1e6:,.1f} M",
                   help=f"{row.m_source}, vintage {row.m_vintage:%Y-%m-%d}")
    gap = row.m_value_usd - row.x_value_usd
    cols[2].metric(f"Gap ({row.m_reporter} − {row.x_reporter})", f"{'−' if gap < 0 else '+'}${abs(gap) / 1e6:,.1f} M",
                   help=f"{row.m_reporter}'s figure is {row.mirror_ratio:.2f} × {row.x_reporter}'s; "
                        "the Mirror page splits it by flow")

frame = data.view("series", q)
band = data.view("reconciled_band", q)
title = f"{pair} — {'annual' if q.freq == 'A' else 'monthly'} figures by reporter, flow and partner basis"
st.plotly_chart(series_chart(frame, data.snapshot().events, q.freq, title, band=band), key="overview-chart")
st.caption("A gap in a line is a period no source covers. Hollow markers are partial periods (fewer than 12 months "
           "or a quoted Jan–Oct figure): they are not comparable with full years and never drawn as a fall. "
           "The shaded band in the turnover panel (annual view) spans the reconciled estimates of the turnover "
           "comparison, min–max over the methods and import bases; the Reconciled page lists each method.")
download_csv(frame, "series", q)
with st.expander("Events marked on the chart"):
    events = data.snapshot().events
    st.dataframe(events, hide_index=True, column_config={"source_url": st.column_config.LinkColumn("source")})
    download_csv(events, "events", q, label="Download events CSV")
with st.expander("Figures behind the chart"):
    st.dataframe(frame, hide_index=True, column_config={
        "value_usd": st.column_config.NumberColumn("value (USD)", format="localized"),
        "source_url": st.column_config.LinkColumn("source"),
    })
