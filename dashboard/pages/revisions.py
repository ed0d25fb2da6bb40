"""Revisions: one year's figure in every edition that published it, one line per series."""
import streamlit as st

from dashboard import data
from dashboard.downloads import download_csv
from dashboard.figures import figure
from dashboard.revision_chart import revisions_chart
from dashboard.state import current_query
from dashboard.tables import table
from loaders.pairs import pair_label
from loaders.views.revision_years import default_revision_year, revision_summary, revision_years, year_revisions

q = current_query()
pair = pair_label("-".join(q.pair))
st.title(f"{pair}: revisions between editions")
st.markdown("Statistics offices revise their figures. An official quoting an earlier edition quotes a different "
            "'official' number: here is each figure in every edition (the date of the copy it was read from). A change "
            "is counted only between two complete-year figures; an edition covering part of the year is a hollow "
            "marker.")
frame = data.view("revisions", q)
years = revision_years(frame)
if not years:
    st.info("No figure of this pair, in these years, was published in more than one edition.")
else:
    default = default_revision_year(frame)
    year = st.selectbox("Year", years, index=years.index(default), key="revision_year", bind="query-params",
                        help="Opens on the latest year whose figure was revised.")
    rows = year_revisions(frame, year)
    st.plotly_chart(figure(revisions_chart, rows, f"The {year} figures, edition by edition"),
                    key="revisions-chart")
    table(revision_summary(rows), hide_index=True, column_order=[
        "series_name", "first_value_usd", "latest_value_usd", "change_usd", "change_pct", "first_edition",
        "latest_edition", "editions", "partial_editions"], column_config={
        "series_name": "series", "editions": "editions",
        "first_edition": st.column_config.DateColumn("first full-year edition", format="D MMM YYYY"),
        "first_value_usd": st.column_config.NumberColumn("first figure", format="dollar"),
        "latest_edition": st.column_config.DateColumn("latest edition", format="D MMM YYYY"),
        "latest_value_usd": st.column_config.NumberColumn("latest figure", format="dollar"),
        "change_usd": st.column_config.NumberColumn("change", format="dollar"),
        "change_pct": st.column_config.NumberColumn("change (%)", format="percent"),
        "partial_editions": st.column_config.NumberColumn("part-year editions"),
    })
table_box = st.expander("Every figure of every year and edition (the CSV below)", key="revisions-table",
                        on_change="rerun")
if table_box.open:  # NB sent only once opened
    with table_box:
        table(frame, hide_index=True, column_config={
            "vintage": st.column_config.DateColumn("edition", format="YYYY-MM-DD"),
            "value_usd": st.column_config.NumberColumn("value (USD)", format="localized"),
            "change_usd": st.column_config.NumberColumn("change (USD)", format="localized"),
            "change_pct": st.column_config.NumberColumn("change", format="percent"),
            "first_value_usd": st.column_config.NumberColumn("first value (USD)", format="localized"),
            "latest_value_usd": st.column_config.NumberColumn("latest value (USD)", format="localized"),
            "source_url": st.column_config.LinkColumn("source"),
        })
download_csv(frame, "revisions", q)
