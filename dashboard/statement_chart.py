"""Pure Plotly builder of the Statements chart: each statement, labelled by speaker and date, at its stated figure's
distance from the official figure checked against it."""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import empty_figure, text, trusted_figure
from dashboard.hover import hover

VERDICT_STYLE = {  # verdict: (legend name, colour, marker)
    "match": ("reproduced", "#2ca02c", "circle"),
    "close": ("close, outside its rounding", "#ff7f0e", "circle"),
    "mismatch": ("not reproduced", "#d62728", "circle"),
    "unverifiable": ("not checkable", "#7f7f7f", "x"),
}
# NB the y axis is in pixels, so a label of any number of lines keeps its own room above its row on any width.
LABEL_CHARS, LINE_PX, ROW_PX = 58, 14, 30
TOP, BOTTOM = 90, 120


def _hover(row: pd.Series) -> str:
    if row["verdict"] == "unverifiable":
        first = f"{row['stated']} stated · not checkable"
    else:
        first = f"{row['chart_note']} · stated {row['stated']}, series {row['best']}"
    return hover(first, f"{row['who']} ({row['when']})", row["said"], row["verdict_text"])


def _label_lines(row: pd.Series) -> list[str]:
    return [*textwrap.wrap(row["chart_label"], LABEL_CHARS), *textwrap.wrap(row["said"], LABEL_CHARS)]


def statements_chart(shown: pd.DataFrame, close: float, title: str) -> go.Figure:
    """One row per statement (newest at the top), a label above it (speaker, date, what was said) and a stem from 0 to
    the stated figure's difference from its best series in %; an unverifiable statement is a grey cross at 0."""
    if shown.empty:
        return empty_figure(title, "No published statement for this pair")
    lines = shown.apply(_label_lines, axis=1)
    bottoms = (lines.map(len) * LINE_PX + ROW_PX).cumsum()
    rows = shown.assign(y=bottoms - ROW_PX / 2, x=(shown["rel_diff"].astype("float64") * 100).fillna(0.0))
    traces = [{"type": "bar", "orientation": "h", "x": rows["x"], "y": rows["y"], "width": 6,
               "marker": {"color": rows["verdict"].map({v: s[1] for v, s in VERDICT_STYLE.items()})},
               "hoverinfo": "skip", "showlegend": False}]
    for verdict, (name, color, symbol) in VERDICT_STYLE.items():
        part = rows[rows["verdict"] == verdict]
        if part.empty:
            continue
        traces.append({"type": "scatter", "mode": "markers+text", "x": part["x"], "y": part["y"], "name": name,
                       "marker": {"color": color, "size": 11, "symbol": symbol},
                       "text": part["chart_note"].map(text),
                       "textposition": ["middle left" if x < 0 else "middle right" for x in part["x"]],
                       "textfont": {"size": 11, "color": color},
                       "hovertext": part.apply(_hover, axis=1), "hovertemplate": "%{hovertext}<extra></extra>"})
    labels = [{"x": 0, "xref": "paper", "xanchor": "left", "y": y - ROW_PX / 2 + 2, "yref": "y", "yanchor": "bottom",
               "align": "left", "showarrow": False, "font": {"size": 11, "color": "#333"},
               "bgcolor": "rgba(255,255,255,0.85)",
               "text": "<br>".join(text(line) for line in label)} for y, label in zip(rows["y"], lines)]
    sides = [{"x": x, "xref": "x", "y": 1, "yref": "paper", "yanchor": "bottom", "xanchor": anchor,
              "showarrow": False, "font": {"size": 11, "color": "#555"}, "text": words}
             for x, anchor, words in ((-1, "right", "← stated lower"), (1, "left", "stated higher →"))]
    low, high = min(rows["x"].min(), -10.0), max(rows["x"].max(), 10.0)
    span = high - low
    return trusted_figure({"data": traces, "layout": {
        "title": {"text": text(title)}, "showlegend": True, "hovermode": "closest",
        "height": int(bottoms.iloc[-1]) + TOP + BOTTOM, "margin": {"l": 20, "r": 20, "t": TOP, "b": BOTTOM},
        "shapes": [{"type": "rect", "xref": "x", "x0": -close * 100, "x1": close * 100, "yref": "paper", "y0": 0,
                    "y1": 1, "fillcolor": "rgba(255,127,14,0.08)", "line": {"width": 0}, "layer": "below"}],
        "annotations": labels + sides,
        "xaxis": {"title": {"text": f"stated vs official figure (%); shaded: within {close:.0%}"},
                  "zeroline": True, "zerolinecolor": "#999", "ticksuffix": " %",
                  "range": [low - 0.22 * span, high + 0.22 * span]},
        "yaxis": {"range": [float(bottoms.iloc[-1]), 0], "showticklabels": False, "showgrid": False,
                  "zeroline": False, "fixedrange": True},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 0, "x": 0, "xanchor": "left",
                   "yref": "container"}}})
