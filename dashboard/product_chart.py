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
    """Horizontal bars, two per product line (the exporter's X, the importer's M), largest |gap| (or value) on top,
    each line's gap M − X under its code; where the sides compare, a line one side does not list is a zero bar
    labelled 'not listed' (it counts as none of that side's trade); a side with no product lines has no bars."""
    if shown.empty:
        return empty_figure(title, "No product-level figures for this selection")
    several = shown["direction"].nunique() > 1
    compared = shown["compared"] == "both sides"
    labels = [text(f"HS {code}" + (f" · {d}" if several else ""))
              + (f"<br>{text('gap ' + musd(g, sign=True))}" if pd.notna(g) else "")
              for code, d, g in zip(shown["hs_code"], shown["direction"], shown["gap_usd"])]
    traces = []
    for side, color, flow in (("x", X_COLOR, "exports"), ("m", M_COLOR, "imports")):
        values = shown[f"{side}_value_usd"]
        if values.isna().all() and not compared.any():
            continue
        drawn = values.where(values.notna() | ~compared, 0.0)
        names = shown["exporter" if side == "x" else "importer"].map(country_name)
        traces.append(go.Bar(
            orientation="h", y=labels, x=drawn / MILLION, name=text(legend(shown, side, flow, several)),
            marker={"color": color}, textposition="outside", cliponaxis=False,
            text=[musd(v) if pd.notna(v) else ("not listed" if c else "") for v, c in zip(values, compared)],
            hovertext=[hover(f"HS {code}: {n}'s {flow} {musd(v) or 'not listed'}",
                             f"gap M − X: {musd(g, sign=True) or 'not comparable'}"
                             + (f" ({s:.0%} of the sum of |gaps|)" if pd.notna(s) else ""),
                             "re-export suspected" if r else "")
                       for code, n, v, g, s, r in zip(shown["hs_code"], names, values, shown["gap_usd"],
                                                      shown["abs_gap_share"], shown["re_export_suspected"])],
            hoverinfo="text"))
    fig = go.Figure(traces)
    # NB title wrapped narrow enough for a phone (hover() escapes, then breaks lines); legend between title and bars
    wrapped = hover(title, width=45)
    top = 50 + 20 * wrapped.count("<br>")
    fig.update_layout(title={"text": wrapped, "y": 1.0, "yanchor": "top", "pad": {"t": 10}}, barmode="group",
                      showlegend=True, xaxis_title="million USD",
                      yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
                      height=top + 150 + 56 * len(shown), margin={"r": 80, "t": top + 40},
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left"})
    return fig
