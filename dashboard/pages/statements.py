"""Statements: every figure officials and the press published, who said it and when, checked against every series."""
import streamlit as st

from dashboard import data
from dashboard.downloads import download_csv
from dashboard.figures import figure
from dashboard.state import current_query
from dashboard.statement_cards import statement_card
from dashboard.statement_chart import statements_chart
from dashboard.tables import table
from loaders.pairs import pair_label
from loaders.views.statement_display import verdict_summary
from loaders.views.statements import CLOSE

q = current_query()
pair = pair_label("-".join(q.pair))
st.title(f"{pair}: published statements checked")
frame = data.view("statements", q)
shown = data.shown_statements(q)
if shown.empty:
    st.info("No published statement about this pair is in the data.")
else:
    st.markdown(f"**{verdict_summary(frame)}** Each is checked against every official series of both countries: "
                "every edition, import basis, sum of months, share and growth ratio. Every statement about the pair "
                "is listed, whatever the years chosen in the sidebar.")
with st.expander("How a statement is checked"):
    st.markdown(
        "- **reproduced**: a series equals the stated figure within the rounding the statement itself implies "
        "(\"100.4 million\" ±0.05 M, \"53 million\" ±0.5 M, \"2.4 times\" ±0.05, \"+23 %\" ±0.5 points); \"more "
        "than two-thirds\" is a floor, met by any figure above it;\n"
        f"- **close**: not reproduced, but a series lies within {CLOSE:.0%} of the stated figure;\n"
        f"- **not reproduced**: no series within {CLOSE:.0%};\n"
        "- **not checkable**: no comparable series, or only the other country's record of the same trade (their "
        "difference is the mirror gap, not a check of the statement).\n\n"
        "The statement's own country is searched first. A figure copied into the data from the statement itself "
        "never confirms it, and a quoted figure never stands in for a government's own series. The difference is "
        "(stated − series) / series.")
st.plotly_chart(figure(statements_chart, shown, CLOSE, "Each statement against the official figure"),
                key="statements-chart")
for row in shown.itertuples(index=False):
    statement_card(row)
table_box = st.expander("Every statement as a table (the CSV below has every column)", key="statements-table",
                        on_change="rerun")
if table_box.open:  # NB sent only once opened
    with table_box:
        table(shown, hide_index=True, column_order=[
            "when", "who", "said", "quote", "stated", "verdict_words", "verdict_text", "link", "citation"],
            column_config={"when": "published", "who": "who said it", "said": "what was said",
                           "quote": "their words", "stated": "stated figure", "verdict_words": "verdict",
                           "verdict_text": st.column_config.TextColumn("checked against", width="large"),
                           "link": st.column_config.LinkColumn("statement"), "citation": "cited as"})
download_csv(frame, "statements", q)
