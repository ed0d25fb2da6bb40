"""Figures for the pages, built once per distinct input: a rerun that changes nothing a chart shows reuses it."""
from __future__ import annotations

import hashlib
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
    """A digest of a frame's or series' content: column names, dtypes, index and every value (pandas' row hashes).

    NB 2-3x cheaper than Streamlit's own hash of a frame, which factorises every text column before hashing it
    (categorize=True: 6-8 ms for a page's 150-1,500-row frames), and paid on every run for every chart's arguments."""
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    digest = hashlib.blake2b(repr((list(frame.columns), [str(t) for t in frame.dtypes])).encode(), digest_size=20)
    digest.update(pd.util.hash_pandas_object(frame, index=True, categorize=False).to_numpy().tobytes())
    return digest.digest()


@st.cache_resource(max_entries=64, show_spinner=False,
                   hash_funcs={pd.DataFrame: content_digest, pd.Series: content_digest})
def _figure(name: str, _builder: Callable[..., go.Figure], args: tuple, kwargs: dict) -> go.Figure:
    return _builder(*args, **kwargs)
