"""Entry point: page config, the shared filters, navigation over the dashboard pages and the data caption."""
import streamlit as st

from dashboard import data, state
from dashboard.glossary import render_glossary
from dashboard.heap import freeze_if_modules_added
from dashboard.link_check import LinkCheck
from dashboard.safe_text import literal
from loaders import configure_pandas
from loaders.pairs import record_count
from loaders.schema import RecordError

configure_pandas()
st.set_page_config(page_title="Trade gap explorer", page_icon=state.PAGE_ICON, layout="wide")

try:
    snapshot = data.snapshot()
except RecordError as exc:
    st.error(f"The trade figures could not be loaded: {literal(exc, 600)}")
    st.stop()

if problem := data.snapshot_problem():
    st.warning(f"The trade figures on disk could not be read, so the last good copy is shown: {literal(problem, 400)}")
link = LinkCheck()
state.sidebar_query(snapshot)
render_glossary()
PAGES = [
    st.Page("dashboard/pages/overview.py", title="Overview", icon=":material/show_chart:", url_path="home",
            default=True),
    st.Page("dashboard/pages/mirror.py", title="Mirror", icon=":material/compare_arrows:", url_path="mirror"),
    st.Page("dashboard/pages/bridge.py", title="Bridge", icon=":material/waterfall_chart:", url_path="bridge"),
    st.Page("dashboard/pages/reconciled.py", title="Reconciled", icon=":material/join:", url_path="reconciled"),
    st.Page("dashboard/pages/statements.py", title="Statements", icon=":material/fact_check:", url_path="statements"),
    st.Page("dashboard/pages/revisions.py", title="Revisions", icon=":material/history:", url_path="revisions"),
    st.Page("dashboard/pages/world.py", title="World", icon=":material/public:", url_path="world"),
    st.Page("dashboard/pages/data.py", title="Data", icon=":material/table:", url_path="data"),
    # NB the default page is served at "/" only; this hidden alias lets a link to /overview open it too.
    st.Page("dashboard/pages/overview.py", title="Overview", url_path="overview", visibility="hidden"),
]
st.navigation(PAGES, position="top").run()
link.report()
st.caption(f"Figures: {record_count(snapshot):,} records from the snapshot folder "
           f"'{literal(snapshot.folder.name)}'. Every figure carries its source URL and vintage; see the Data page. "
           "Nothing is estimated or filled here; values a publisher estimated are marked.")
freeze_if_modules_added()  # NB after a page that imported more (DuckDB, Ibis): dashboard/heap.py
