"""Overview: both countries' figures over time, as each side reports them, with events marked."""
import streamlit as st

from dashboard import data
from dashboard.charts import series_chart, series_title
from dashboard.downloads import download_csv
from dashboard.figures import figure
from dashboard.state import current_query
from dashboard.tables import table
from loaders.pair_notes import pair_notes
from loaders.pairs import pair_label

q = current_query()
pair = pair_label("-".join(q.pair))
st.title(f"{pair}: trade as each side reports it")

# NB the headline figures are drawn above the chart but computed after it: the chart, whose drawing code is the
# largest the browser loads, is sent first.
for note in pair_notes(data.snapshot(q.pair).records, q.pair):
    st.info(note, icon=":material/info:")
headline_box = st.container()
answer_box = st.container(border=True)
frame = data.view("series", q)
band = data.view("reconciled_band", q)
st.plotly_chart(figure(series_chart, frame, data.snapshot(q.pair).events, q.freq, series_title(pair, q.freq), band=band),
                key="overview-chart")
st.caption("A gap in a line is a period no source covers. Hollow markers are partial periods (fewer than 12 months "
           "or a quoted Jan–Oct figure): they are not comparable with full years and never drawn as a fall. "
           "Open diamonds are values the compiler estimated (the IMF's flag e), not figures the country reported. "
           "The shaded band in the turnover panel (annual view) spans the reconciled estimates of the turnover "
           "comparison, min–max over the methods and import bases; the Reconciled page lists each method.")
download_csv(frame, "series", q)
headline = data.view("summary", q)
if not headline.empty:
    with headline_box:
        row = headline.iloc[0]
        cols = st.columns(3)
        cols[0].metric(f"{row.x_reporter} reports ({row.year}, turnover)", f"${row.x_value_usd / 1e6:,.1f} M",
                       help=f"{row.x_source}, vintage {row.x_vintage:%Y-%m-%d}, import basis {row.x_basis}")
        cols[1].metric(f"{row.m_reporter} reports ({row.year}, turnover)", f"${row.m_value_usd / 1e6:,.1f} M",
                       help=f"{row.m_source}, vintage {row.m_vintage:%Y-%m-%d}")
        gap = row.m_value_usd - row.x_value_usd
        cols[2].metric(f"Gap ({row.m_reporter} − {row.x_reporter})",
                       f"{'−' if gap < 0 else '+'}${abs(gap) / 1e6:,.1f} M",
                       help=f"{row.m_reporter}'s figure is {row.mirror_ratio:.2f} × {row.x_reporter}'s; "
                            "the Mirror page splits it by flow")

with answer_box:
    st.markdown("**The answer, from each government's own statistics**")
    sentences = data.view("answer", q)
    # NB plain text: statement speakers and outlets are outside text
    for sentence in sentences.loc[sentences["topic"] != "statement", "sentence"]:
        st.text(sentence)
    reproduced = sentences.loc[sentences["topic"] == "statement", "sentence"]
    if not reproduced.empty:
        with st.expander("The published statements these figures reproduce"):
            for sentence in reproduced:
                st.text(sentence)

# NB the tables are sent only once their expander is opened (a rerun): the first paint then loads no table code
# beside the chart's.
events_box = st.expander("Events marked on the chart", key="overview-events", on_change="rerun")
if events_box.open:
    with events_box:
        events = data.snapshot(q.pair).events
        st.caption("The numbers above the chart are the rows of this table.")
        table(events.set_axis(range(1, len(events) + 1)), column_config={
            "_index": st.column_config.NumberColumn("mark"), "source_url": st.column_config.LinkColumn("source")})
        download_csv(events, "events", q, label="Download events CSV")
figures_box = st.expander("Figures behind the chart", key="overview-figures", on_change="rerun")
if figures_box.open:
    with figures_box:
        table(frame, hide_index=True, column_config={
            "value_usd": st.column_config.NumberColumn("value (USD)", format="localized"),
            "source_url": st.column_config.LinkColumn("source"),
        })
