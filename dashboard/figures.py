"""Figures for the pages, built once per distinct input: a rerun that changes nothing a chart shows reuses it."""
from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st


def figure(builder: Callable[..., go.Figure], *args, **kwargs) -> go.Figure:
    """``builder(*args, **kwargs)``, cached on the builder's name and the content of its arguments (frames included).

    NB one shared object per input, for every session: st.plotly_chart only serialises it, and nothing else may
    modify it.
    """
    return _figure(f"{builder.__module__}.{builder.__qualname__}", builder, args, kwargs)


@st.cache_resource(max_entries=64, show_spinner=False)
def _figure(name: str, _builder: Callable[..., go.Figure], args: tuple, kwargs: dict) -> go.Figure:
    return _builder(*args, **kwargs)
