"""Pure Plotly builder for the Bridge's product composition: each line's exports as reported and imports as reported."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import MILLION, empty_figure, text
from dashboard.hover import hover, musd
from loaders.views.names import country_name

X_COLOR, M_COLOR = "#1f77b4", "#ff7f0e"


def legend(shown: pd.DataFrame, side: str, flow: str, several: bool) -> str:
    """'Armenia's exports (X)' for one direction; 'exports as the exporter reports them (X)' for both."""
    if several:
        return f"{flow} as the {'exporter' if side == 'x' else 'importer'} reports them ({side.upper()})"
    reporter = shown["exporter" if side == "x" else "importer"].iloc[0]
    return f"{country_name(reporter)}'s {flow} ({side.upper()})"


def product_gap_chart(shown: pd.DataFrame, title: str) -> go.Figure:
    """Horizontal bars, two per product line (the exporter's X, the importer's M), largest |gap| (or value) on top;
    a line one side does not list has no bar on that side, and its hover says so."""
    if shown.empty:
        return empty_figure(title, "No product-level figures for this selection")
    several = shown["direction"].nunique() > 1
    labels = ("HS " + shown["hs_code"] + (" · " + shown["direction"] if several else "")).map(text)
    traces = []
    for side, color, flow in (("x", X_COLOR, "exports"), ("m", M_COLOR, "imports")):
        values = shown[f"{side}_value_usd"]
        if values.isna().all():
            continue
        reporter = shown["exporter"] if side == "x" else shown["importer"]
        names = reporter.map(country_name)
        traces.append(go.Bar(
            orientation="h", y=labels, x=values / MILLION, name=text(legend(shown, side, flow, several)),
            marker={"color": color}, text=[musd(v) for v in values], textposition="outside", cliponaxis=False,
            hovertext=[hover(f"HS {code}: {n}'s {flow} {musd(v) or 'not listed'}",
                             f"gap M − X: {musd(g, sign=True) or 'not comparable'}"
                             + (f" ({s:.0%} of the sum of |gaps|)" if pd.notna(s) else ""),
                             "re-export suspected" if r else "")
                       for code, n, v, g, s, r in zip(shown["hs_code"], names, values, shown["gap_usd"],
                                                      shown["abs_gap_share"], shown["re_export_suspected"])],
            hoverinfo="text"))
    fig = go.Figure(traces)
    fig.update_layout(title=text(title), barmode="group", xaxis_title="million USD",
                      yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
                      height=160 + 48 * len(shown), margin={"r": 80},
                      legend={"orientation": "h", "yanchor": "top", "y": -0.12 - 2.4 / (4 + len(shown))})
    return fig
