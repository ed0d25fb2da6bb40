"""Cached access to the dataset and the views for the pages (the only place pages get data from)."""
from __future__ import annotations

from dataclasses import astuple

import pandas as pd
import streamlit as st

from loaders.query import Query
from loaders.store.dataset import load_dataset
from loaders.store.snapshot import Snapshot, data_dir
from loaders.views import run_view, view_query


def _folder_signature() -> tuple:
    """Changes when a snapshot file or a refresh-cache entry changes, so new data (also from a CLI refresh while the
    app runs) is reloaded without a restart."""
    from loaders.store.cache import signature as cache_signature

    folder = data_dir()
    files = sorted([*folder.glob("records/*.csv"), *folder.glob("records/*.parquet")])
    files += [folder / "statements.csv", folder / "events.csv"]
    snapshot_files = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.is_file())
    return str(folder), snapshot_files, cache_signature()


@st.cache_resource(show_spinner="Loading the trade figures…", max_entries=4)
def _snapshot(signature: tuple) -> Snapshot:
    return load_dataset()


def snapshot() -> Snapshot:
    """The current dataset (shared, read-only: views never mutate their input)."""
    return _snapshot(_folder_signature())


@st.cache_data(max_entries=256, show_spinner=False, hash_funcs={Query: astuple})
def _view(name: str, q: Query, signature: tuple) -> pd.DataFrame:
    return run_view(name, _snapshot(signature), q)


def view(name: str, q: Query) -> pd.DataFrame:
    """A view's frame for the query, cached per (view, the query fields it reads, snapshot version)."""
    return _view(name, view_query(name, q), _folder_signature())
