"""Statements: every figure officials and the press published, checked against every series, basis and vintage."""
import streamlit as st

from dashboard import data
from dashboard.downloads import download_csv
from dashboard.figures import figure
from dashboard.gap_charts import statements_chart
from dashboard.state import current_query
from loaders.pairs import pair_label
from loaders.views.statements import CLOSE

q = current_query()
pair = pair_label("-".join(q.pair))
st.title(f"{pair}: published statements checked")
st.markdown(
    "Each figure quoted by officials or the press is compared with every series in the data: each source, flow, "
    "partner basis and vintage, turnover derived on each import basis, growth ratios against every base year, "
    "shares, and partial periods (such as January–October) summed from monthly figures.\n\n"
    "- **match**: a series equals the stated figure within the rounding the statement itself implies "
    "(\"100.4 million\" ±0.05 M, \"53 million\" ±0.5 M, \"2.4 times\" ±0.05, \"+23 %\" ±0.5 points; "
    "\"more than two-thirds\" is a threshold);\n"
    f"- **close**: no match, but a series lies within {CLOSE:.0%} of the stated figure (relative to the series);\n"
    f"- **mismatch**: no series within {CLOSE:.0%};\n"
    "- **unverifiable**: no comparable series, or only the other country's record of the same trade (their "
    "difference is the mirror gap, not a check of the statement).\n\n"
    "The statement's own country is searched first; a figure that was copied into the data from the statement "
    "itself never counts as its confirmation, and a quoted figure never stands in for a government's own series "
    "for the same period. The explanation names the newest official figure for the period when another edition "
    "reproduces the statement. `rel_diff` = (stated − series) / series. Every statement about the pair is listed, "
    "whatever the years chosen in the sidebar.")

frame = data.view("statements", q)
st.plotly_chart(figure(statements_chart, frame, CLOSE, f"{pair}: stated figure against the best-matching series"),
                key="statements-chart")
st.dataframe(frame, hide_index=True, column_config={
    "best_vintage": st.column_config.DateColumn("best vintage", format="YYYY-MM-DD"),
    "best_value": st.column_config.NumberColumn("best value", format="localized",
                                                help="USD for a level; a plain number for a ratio or a share"),
    "rel_diff": st.column_config.NumberColumn("rel. difference", format="percent"),
    "explanation": st.column_config.TextColumn("explanation", width="large"),
})
download_csv(frame, "statements", q)
