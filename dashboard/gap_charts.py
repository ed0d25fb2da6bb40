"""Pure Plotly builders for the gap pages: statement verdicts, the bridge waterfall, reconciled estimates, products."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import BAND_COLOR, MILLION, empty_figure, panel_axes, panel_layout, text, y_titles

VERDICT_COLORS = {"match": "#2ca02c", "close": "#ff7f0e", "mismatch": "#d62728", "unverifiable": "#7f7f7f"}
METHOD_LABELS = {"importer_preferred_usd": "importer-preferred (M_fob)",
                 "exporter_preferred_usd": "exporter-preferred (X)",
                 "mean_usd": "mean", "ots_max_usd": "OTS max{X, M/1.08}", "baci_usd": "BACI-style inverse-variance"}


def statements_chart(frame: pd.DataFrame, close: float, title: str) -> go.Figure:
    """Relative difference of each statement from its best-matching series, coloured by verdict; the ± close band
    shaded; an unverifiable statement is a grey cross at 0 (it has no difference)."""
    if frame.empty:
        return empty_figure(title, "No published statement for this pair and these years")
    fig = go.Figure()
    fig.add_vrect(x0=-close * 100, x1=close * 100, fillcolor="rgba(255,127,14,0.08)", line_width=0)
    for verdict, color in VERDICT_COLORS.items():
        part = frame[frame["verdict"] == verdict]
        if part.empty:
            continue
        x = (part["rel_diff"].astype("float64") * 100).fillna(0.0)
        hover = [text(e) for e in part["explanation"]]
        if verdict == "unverifiable":
            trace = go.Scatter(x=x, y=part["statement_id"].map(text), mode="markers", name=verdict,
                               marker={"symbol": "x", "size": 11, "color": color}, hovertext=hover,
                               hoverinfo="text")
        else:
            trace = go.Bar(x=x, y=part["statement_id"].map(text), orientation="h", name=verdict,
                           marker_color=color, hovertext=hover, hoverinfo="text")
        fig.add_trace(trace)
    fig.update_layout(title=text(title), barmode="overlay", xaxis_title="stated figure vs best series (%)",
                      yaxis={"autorange": "reversed", "type": "category"}, height=140 + 26 * len(frame),
                      legend={"orientation": "h", "yanchor": "top", "y": -0.12})
    return fig


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
    fig = go.Figure(go.Waterfall(
        x=drawn["step"].map(text), y=values.where(measure != "total", 0.0), measure=measure,
        text=[f"{v:+,.2f}" if "step" in k or k == "residual" else f"{v:,.2f}" for v, k in zip(values, drawn["kind"])],
        textposition="outside", connector={"line": {"color": "rgba(120,120,120,0.5)"}},
        hovertext=[text(f"{m} · {i} · confidence {c or '–'}") for m, i, c in
                   zip(drawn["method"], drawn["inputs"], drawn["confidence"].fillna(""))], hoverinfo="text+y",
        decreasing={"marker": {"color": "#d62728"}}, increasing={"marker": {"color": "#2ca02c"}},
        totals={"marker": {"color": "#1f77b4"}}))
    notes = [f"Not measured: {', '.join(bars.loc[bars['kind'] == 'unmeasured', 'step'])}"]
    if bars["status"].iloc[0] != "complete":
        notes.insert(0, bars["status"].iloc[0])
    fig.update_layout(title=text(title), yaxis_title="million USD", showlegend=False, margin={"b": 130},
                      annotations=[{"text": text(n), "xref": "paper", "yref": "paper", "x": 0, "y": -0.28 - 0.07 * i,
                                    "showarrow": False, "xanchor": "left", "font": {"size": 11, "color": "#555"}}
                                   for i, n in enumerate(notes)])
    return fig


def reconciled_chart(frame: pd.DataFrame, title: str) -> go.Figure:
    """One panel per direction: each method's estimate per year as markers, the band (min–max) shaded."""
    if frame.empty:
        return empty_figure(title, "No reconciled estimate for this selection")
    directions = sorted(frame["direction"].unique(), key=lambda d: ("↔" in d, d))
    rows = len(directions)
    layout = panel_layout(rows, tuple(text(d) for d in directions), spacing=0.1)
    traces = []
    for row, direction in enumerate(directions, start=1):
        part = frame[frame["direction"] == direction]
        by_year = part.groupby("year", sort=True)
        high, low = by_year["high_usd"].max(), by_year["low_usd"].min()
        traces += [
            {"type": "scatter", "x": high.index, "y": high / MILLION, "mode": "lines", "line": {"width": 0},
             "showlegend": False, "hoverinfo": "skip", **panel_axes(row)},
            {"type": "scatter", "x": low.index, "y": low / MILLION, "mode": "lines", "line": {"width": 0},
             "fill": "tonexty", "fillcolor": BAND_COLOR, "name": "band (min–max of the methods)",
             "showlegend": row == 1, "hoverinfo": "skip", **panel_axes(row)}]
        labels = (part["x_basis"].fillna("–") + " vs " + part["m_basis"].fillna("–")).map(text)
        for column, label in METHOD_LABELS.items():
            traces.append({
                "type": "scatter", "x": part["year"], "y": part[column] / MILLION, "mode": "markers",
                "name": text(label), "legendgroup": column, "showlegend": row == 1,
                "hovertext": text(label) + " · " + labels,
                "hovertemplate": "%{x}: %{y:,.2f} M USD<br>%{hovertext}<extra></extra>", **panel_axes(row)})
    y_titles(layout, rows, "million USD")
    layout.update(title={"text": text(title)}, height=300 * rows + 140,
                  legend={"orientation": "h", "yanchor": "top", "y": -0.08})
    return go.Figure({"data": traces, "layout": layout})


def products_chart(frame: pd.DataFrame, title: str) -> go.Figure:
    """Monthly value of each product line (bars) and its share of the reporter's all-goods total (line, right axis)."""
    if frame.empty:
        return empty_figure(title, "No product-level figures for this pair")
    traces = []
    for (reporter, flow, code), part in frame.groupby(["reporter", "flow", "hs_code"], sort=True):
        name = f"{reporter} {flow}s, HS {code}"
        flag = np.where(part["re_export_suspected"], "re-export suspected", "")
        traces += [
            {"type": "bar", "x": part["period_start"], "y": part["product_value_usd"] / MILLION, "name": text(name),
             "hovertext": [text(f"{name} · {f}") for f in flag],
             "hovertemplate": "%{x|%Y-%m}: %{y:,.2f} M USD<br>%{hovertext}<extra></extra>"},
            {"type": "scatter", "x": part["period_start"], "y": part["share_of_total"] * 100, "mode": "lines+markers",
             "name": text(f"{name}: share of total (%)"), "connectgaps": False, "yaxis": "y2",
             "hovertemplate": "%{x|%Y-%m}: %{y:.1f} % of the all-goods total<extra></extra>"}]
    return go.Figure({"data": traces, "layout": {
        "title": {"text": text(title)}, "yaxis": {"title": {"text": "million USD"}},
        "yaxis2": {"title": {"text": "share of total (%)"}, "overlaying": "y", "side": "right", "rangemode": "tozero"},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.15}}})
