"""Figures for the pages, built once per distinct input: a rerun that changes nothing a chart shows reuses it."""
from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st


def figure(builder: Callable[..., go.Figure], *args, **kwargs) -> go.Figure:
    """``builder(*args, **kwargs)``, cached on the builder's name and the content of its arguments (frames included).

    NB one shared object per input, for every session: st.plotly_chart only serialises it, and nothing else may
    modify it.
    """
    return _figure(f"{builder.__module__}.{builder.__qualname__}", builder, args, kwargs)


def content_digest(data: pd.DataFrame | pd.Series) -> bytes:
    """A digest of a frame's or series' content: its index, column names and each column's values and dtype, pickled.

    NB 2-3x cheaper than Streamlit's own hash of a frame (pandas' hash_pandas_object over every cell: 6-8 ms for a
    page's 150-1,500-row frames), and paid on every run for every chart's arguments. Column by column: a whole frame
    pickles differently with how pandas happens to group its columns in memory, which would miss the cache on every
    rerun. A column's bytes can still follow which of its equal strings are one object: at worst a cache miss (the
    figure is built again), never a wrong figure."""
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    digest = hashlib.blake2b(pickle.dumps((frame.index, list(frame.columns)), protocol=5), digest_size=20)
    for _, column in frame.items():  # noqa: PERF102  a frame's .values is its cells, not its columns
        digest.update(pickle.dumps(column.array, protocol=5))
    return digest.digest()


@st.cache_resource(max_entries=64, show_spinner=False,
                   hash_funcs={pd.DataFrame: content_digest, pd.Series: content_digest})
def _figure(name: str, _builder: Callable[..., go.Figure], args: tuple, kwargs: dict) -> go.Figure:
    return _builder(*args, **kwargs)
