"""Every table of the dashboard: Streamlit's interactive table with one mark for an empty cell."""
import streamlit as st

# NB Streamlit writes "None" in an empty cell, which reads like a published word or a zero; an empty cell here is a
# figure no source gives (e.g. the importer's side where it publishes no product lines)
EMPTY_CELL = "—"


def table(frame, **options):
    """st.dataframe(frame, **options) with empty cells shown as EMPTY_CELL."""
    return st.dataframe(frame, placeholder=EMPTY_CELL, **options)
