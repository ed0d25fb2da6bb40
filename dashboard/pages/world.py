"""World: every pair's mirror gap in the IMF's tables for one year, the reporters' reliability, and this pair's rank."""
import streamlit as st

from dashboard import data
from dashboard.downloads import download_csv
from dashboard.figures import figure
from dashboard.safe_text import literal
from dashboard.state import current_query, open_pair
from dashboard.tables import table
from dashboard.world_charts import gap_bars, gap_heatmap, reliability_bars
from loaders.pairs import pair_label
from loaders.query import country_name
from loaders.schema import RecordError
from loaders.store.world import world_years
from loaders.views.world import WORLD_MARGIN
from loaders.world.queries import EQUAL_LOG_GAP
from loaders.world.ranking import MATRIX_SIZE, RANK_MEASURES
from loaders.world.reporter_notes import equal_to_mirror_note

FLOW_LABELS = {"all": "Both directions", "export": "Its exports", "import": "Its imports"}
TABLE_ROWS = 200  # NB every row goes to the browser on each run; the download has them all
RELIABILITY_WINDOW = 5  # years up to the chosen one: enough partners per reporter for a stable median

OPEN_KEY = "world-open"


def _choose_pair() -> None:
    # NB a callback runs before the sidebar's picker is drawn, so the chosen pair is every page's pair from this run on
    if code := st.session_state[OPEN_KEY]:
        open_pair(code)


q = current_query()
st.title("The world: where two countries' trade figures disagree most")
st.markdown(
    "Every exporter's report (X, FOB) against its partner's mirror report (M, CIF, brought to FOB with the IMF's own "
    f"factor for every pair, **{WORLD_MARGIN:.0%}**, not the sidebar's margin) in the IMF's Direction of Trade "
    "Statistics, for every pair of countries. "
    "IMF estimates (flag e) and imputations (one side equal to the other × or ÷ the IMF's CIF/FOB factor) are not two "
    "reports that could agree: they are left out of the ranking unless you include them.")
span = world_years(data.snapshot(q.pair).folder)
if span is None:
    st.error("The IMF world store is not in this snapshot folder (world/imf_dots_world.parquet): build it with "
             "`python tools/build_snapshot.py`. The other pages work without it.")
    st.stop()

cols = st.columns([1, 1, 2, 1])
year = cols[0].selectbox("Year", list(range(span[1], span[0] - 1, -1)), key="world-year", bind="query-params")
reliability_years = (max(span[0], year - RELIABILITY_WINDOW + 1), year)
by = cols[1].radio("Rank by", list(RANK_MEASURES), format_func=RANK_MEASURES.get, key="world-by",
                   bind="query-params")
country_box, flow_box = cols[2].empty(), cols[3].empty()
cols = st.columns([1, 2])
min_musd = cols[0].number_input("Minimum size (US$ M, larger side)", 0.0, 1e6, 10.0, step=10.0, key="world-min",
                                bind="query-params")
with_flags = cols[1].toggle("Include IMF estimates and imputations", key="world-flags", bind="query-params")
try:
    countries = data.world_countries(q.with_(years=(year, year)))
    country = country_box.selectbox("Country", ["", *countries], key="world-country", bind="query-params",
                                    format_func=lambda c: f"{country_name(c)} ({c})" if c else "Every country")
    flow = flow_box.radio("Flows", list(FLOW_LABELS), format_func=FLOW_LABELS.get, key="world-flow",
                          bind="query-params", disabled=not country)
    ranked, ranks = data.world_ranking(q.with_(years=(year, year)), by, country, flow, min_musd * 1e6,
                                          not with_flags)
    reporters = data.view("reporters", q.with_(years=reliability_years))
    matrix = data.world_matrix(q.with_(years=(year, year)))
except RecordError as exc:
    st.error(f"The IMF world store cannot be used: {literal(exc, 300)}. The other pages work without it.")
    st.stop()

st.subheader(f"The largest gaps, {year}")
st.plotly_chart(figure(gap_bars, ranked.head(20), by, f"Largest mirror gaps, {year} ({RANK_MEASURES[by]})"),
                key="world-gaps")
shown = ranked.head(TABLE_ROWS)
table(shown.assign(open="./?pair=" + shown["pair"]), hide_index=True, key="world-table", column_config={
    "open": st.column_config.LinkColumn("open", display_text="Overview", help="Open this pair on the Overview"),
    "x_value_usd": st.column_config.NumberColumn("X (USD)", format="compact"),
    "m_value_usd": st.column_config.NumberColumn("M (USD)", format="compact"),
    "m_fob_usd": st.column_config.NumberColumn("M_fob (USD)", format="compact"),
    "gap_usd": st.column_config.NumberColumn("M_fob − X (USD)", format="compact"),
    "source_url": st.column_config.LinkColumn("source"),
}, column_order=["rank", "open", "exporter", "importer", "x_value_usd", "m_value_usd", "m_fob_usd", "gap_usd",
                 "log_gap", "discrepancy_index", "x_estimated", "m_estimated", "imputed", "source_url", "vintage"])
st.caption(f"{len(ranked):,} flows compared; the {min(len(ranked), TABLE_ROWS)} largest are listed, the download "
           "has them all. 'Overview' opens the pair on the Overview page.")
download_csv(ranked, "world", q.with_(years=(year, year)))
cols = st.columns([2, 1], vertical_alignment="bottom")
cols[0].selectbox("Make a pair of the ranking the current pair", list(dict.fromkeys(shown["pair"])), index=None,
                  key=OPEN_KEY, format_func=lambda code: f"{pair_label(code)} ({code})", on_change=_choose_pair,
                  placeholder="Choose a pair from the ranking")
cols[1].page_link("dashboard/pages/overview.py", label=f"Open {pair_label('-'.join(q.pair))} on the Overview",
                  icon=":material/show_chart:")

here = pair_label("-".join(q.pair))
st.subheader(f"Where {here} ranks, {year}")
table(ranks, hide_index=True, key="world-pair-rank", column_config={
    "gap_usd": st.column_config.NumberColumn("M_fob − X (USD)", format="compact"),
    "log_gap": st.column_config.NumberColumn("log gap", format="%.3f"),
})
st.caption("Rank 1 is the largest gap among the flows compared that year (both sides' own reports), among all "
           "pairs and among each country's partners. A direction without both reports says why.")

st.subheader(f"Who disagrees with whom, {year}")
st.plotly_chart(figure(gap_heatmap, matrix, f"The {MATRIX_SIZE} largest traders and this pair, {year}"),
                key="world-matrix")
st.caption(f"The {MATRIX_SIZE} countries with the most trade that year, then {here}'s countries where they are not "
           "among them. Each row is an exporter's report X, each column an importer's report M of the same flow: blue where the "
           f"importer reports more than the exporter (after the {WORLD_MARGIN:.0%} CIF/FOB factor), red where it reports less, white "
           "where they agree. A grey cell has no two own reports to compare: one side missing, an IMF estimate or an "
           "imputation (hover a cell for which).")
download_csv(matrix, "world-matrix", q.with_(years=(year, year)), label="Download matrix CSV")

st.subheader(f"Reporters' reliability, {reliability_years[0]}–{year}")
caution = equal_to_mirror_note(reporters)
if caution:
    st.warning(caution)
st.plotly_chart(figure(reliability_bars, reporters, "Reliability (1 = its figures match its partners')"),
                key="world-reliability")
table(reporters, hide_index=True, key="world-reporters", column_config={
    "reliability": st.column_config.ProgressColumn("reliability", min_value=0.0, max_value=1.0, format="%.2f"),
    "share_imputed": st.column_config.NumberColumn("share imputed", format="percent"),
    "share_equal_to_mirror": st.column_config.NumberColumn(
        "share equal to mirror", format="percent",
        help=f"Of its compared pairs, those where its figure and the partner's agree within {EQUAL_LOG_GAP:.1%} "
             "with no CIF/FOB margin between them: about 1 % for most reporters by chance, far more where figures "
             "are derived"),
})
st.caption(literal(reporters["method"].iloc[0] if not reporters.empty else "", 400))
download_csv(reporters, "reporters", q.with_(years=reliability_years), label="Download reliability CSV")
