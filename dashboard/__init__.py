"""Streamlit dashboard: pages, pure chart builders, URL state and safe downloads."""
