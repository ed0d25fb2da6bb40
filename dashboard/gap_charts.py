"""Pure Plotly builders for the Bridge page: the bridge waterfall and the product lines behind its re-export bar."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import MILLION, empty_figure, legend_name, text, trusted_figure
from dashboard.hover import hover, musd


TITLE_CHARS, NOTE_CHARS = 45, 55  # per line: what fits a 390 px phone's chart at the title's and the notes' font sizes


def bridge_chart(frame: pd.DataFrame, bridge: str, title: str) -> go.Figure:
    """The waterfall of one bridge: start, measured steps, residual and end; unmeasured causes listed beside it."""
    bars = frame[frame["bridge"] == bridge]
    if bars.empty:
        return empty_figure(title, "No bridge for this selection")
    if bars.loc[bars["kind"] == "start", "value_usd"].isna().all():
        return empty_figure(title, bars["status"].iloc[0])
    drawn = bars[bars["kind"].isin(["quote", "quote step", "start", "step", "residual", "end"])
                 & bars["value_usd"].notna()]
    # NB a quote before the start is drawn from zero; one after the end is the running total after its step.
    after_end = drawn["step_order"] > drawn.loc[drawn["kind"] == "end", "step_order"].max()
    measure = drawn["kind"].map({"start": "absolute", "step": "relative", "residual": "relative", "end": "total",
                                 "quote step": "relative", "quote": "absolute"}).where(
        ~(after_end & (drawn["kind"] == "quote")), "total")
    values = drawn["value_usd"] / MILLION
    signed = drawn["kind"].str.contains("step") | (drawn["kind"] == "residual")
    # NB horizontal: the step names read left to right on any screen, never rotated over the notes below.
    waterfall = {
        "type": "waterfall", "orientation": "h", "y": drawn["step"].map(text),
        "x": values.where(measure != "total", 0.0), "measure": measure,
        "text": [musd(v * MILLION, sign=bool(s)) for v, s in zip(values, signed)], "textposition": "outside",
        "connector": {"line": {"color": "rgba(120,120,120,0.5)"}},
        "hovertext": [hover(f"{step}: {musd(v * MILLION, sign=bool(s))}", m, i, f"confidence {c or '–'}")
                      for step, v, s, m, i, c in zip(drawn["step"], values, signed, drawn["method"], drawn["inputs"],
                                                      drawn["confidence"].fillna(""))],
        "hoverinfo": "text", "cliponaxis": False,
        "decreasing": {"marker": {"color": "#d62728"}}, "increasing": {"marker": {"color": "#2ca02c"}},
        "totals": {"marker": {"color": "#1f77b4"}}}
    notes = [f"Not measured: {', '.join(bars.loc[bars['kind'] == 'unmeasured', 'step'])}"]
    if bars["status"].iloc[0] != "complete":
        notes.insert(0, bars["status"].iloc[0])
    # NB title and notes wrapped short, the notes ending at the plot's right edge so they may run under the step names:
    # a bridge's name runs to ~90 characters, which a phone's chart cut off
    heading = hover(title, width=TITLE_CHARS)
    return trusted_figure({"data": [waterfall], "layout": {
        "title": {"text": heading}, "xaxis": {"title": {"text": "million USD"}}, "showlegend": False,
        "yaxis": {"autorange": "reversed", "automargin": True},
        "height": 120 + 34 * len(drawn),
        "margin": {"t": 50 + 24 * heading.count("<br>"), "b": 50 + 34 * len(notes), "r": 60},
        "annotations": [{"text": hover(n, width=NOTE_CHARS), "xref": "paper", "yref": "paper", "x": 1, "y": 0,
                         "yshift": -45 - 34 * i, "yanchor": "top", "showarrow": False, "xanchor": "right",
                         "align": "left", "font": {"size": 11, "color": "#555"}} for i, n in enumerate(notes)]}})


def products_chart(frame: pd.DataFrame, title: str) -> go.Figure:
    """Monthly value of each product line (bars) and its share of the reporter's all-goods total (line, right axis)."""
    if frame.empty:
        return empty_figure(title, "No product-level figures for this pair")
    traces = []
    for (reporter, flow, code), part in frame.groupby(["reporter", "flow", "hs_code"], sort=True):
        name = f"{reporter} {flow}s, HS {code}"
        flag = np.where(part["re_export_suspected"], "re-export suspected", "")
        traces += [
            {"type": "bar", "x": part["period_start"], "y": part["product_value_usd"] / MILLION,
             "name": legend_name(name),
             "hovertext": [text(f"{name} · {f}") for f in flag],
             "hovertemplate": "%{x|%Y-%m}: %{y:,.2f} M USD<br>%{hovertext}<extra></extra>"},
            {"type": "scatter", "x": part["period_start"], "y": part["share_of_total"] * 100, "mode": "lines+markers",
             "name": legend_name(f"{name}: share of total (%)"), "connectgaps": False, "yaxis": "y2",
             "hovertemplate": "%{x|%Y-%m}: %{y:.1f} % of the all-goods total<extra></extra>"}]
    return trusted_figure({"data": traces, "layout": {
        "title": {"text": text(title)}, "yaxis": {"title": {"text": "million USD"}},
        "yaxis2": {"title": {"text": "share of total (%)"}, "overlaying": "y", "side": "right", "rangemode": "tozero"},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.15}}})
