"""Pure Plotly builder of the Revisions chart: one year's figure in every edition, one line per series, each line
named in words at its end."""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import MILLION, empty_figure, text
from dashboard.hover import hover, musd, percent
from loaders.views.names import day

COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"]
HEIGHT, TOP, BOTTOM = 520, 70, 60
LABEL_CHARS = 24
LINE_PX = 14


def _hover(row: pd.Series) -> str:
    months = "" if not row["partial"] else f" (only {row['months_covered']} months)"
    change = ""
    if pd.notna(row["change_usd"]):
        change = f"change from the edition before: {musd(row['change_usd'], sign=True)} ({percent(row['change_pct'])})"
    return hover(f"{musd(row['value_usd'])}{months} · {row['series_name']}",
                 f"{row['year']}, edition of {day(row['vintage'])}", change)


def _label(name: str, value: float) -> str:
    return "<br>".join([*(text(line) for line in textwrap.wrap(name, LABEL_CHARS)), musd(value)])


def _spread(ends: pd.DataFrame, lines: pd.Series, top: float) -> pd.Series:
    """Label heights (data units) at the line ends, pushed apart so that no two labels overlap."""
    per_px = top / (HEIGHT - TOP - BOTTOM)
    order = ends["y"].sort_values().index
    placed, floor = {}, float("-inf")
    for key in order:
        half = lines[key] * LINE_PX / 2 * per_px
        placed[key] = max(ends.at[key, "y"], floor + half)
        floor = placed[key] + half
    return pd.Series(placed)


def revisions_chart(rows: pd.DataFrame, title: str) -> go.Figure:
    """One year's rows of the revisions view: x = edition date, a line per series through its complete-year figures,
    hollow markers for editions that covered part of the year, the series' name and latest figure at its line end."""
    if rows.empty:
        return empty_figure(title, "No figure for this year was published in more than one edition")
    rows = rows.sort_values(["series_name", "vintage"], kind="stable").assign(y=rows["value_usd"] / MILLION)
    traces, ends = [], []
    for i, (name, part) in enumerate(rows.groupby("series_name", sort=True)):
        color = COLORS[i % len(COLORS)]
        part = part.assign(hover=part.apply(_hover, axis=1))
        complete, partial = part[~part["partial"]], part[part["partial"]]
        for shown, style in ((complete, {"mode": "lines+markers", "marker": {"size": 8}}),
                             (partial, {"mode": "markers", "marker": {"size": 9, "symbol": "circle-open"}})):
            if not shown.empty:
                traces.append({"type": "scatter", "x": shown["vintage"], "y": shown["y"], "name": text(name),
                               "line": {"color": color, "width": 2}, **style,
                               "marker": {**style["marker"], "color": color}, "hovertext": shown["hover"],
                               "hovertemplate": "%{hovertext}<extra></extra>", "showlegend": False})
        end = part.iloc[-1]
        ends.append({"name": name, "x": end["vintage"], "y": end["y"], "value": end["value_usd"], "color": color})
    ends = pd.DataFrame(ends)
    top = rows["y"].max() * 1.12
    lines = ends["name"].map(lambda n: len(textwrap.wrap(n, LABEL_CHARS)) + 1)
    heights = _spread(ends, lines, top)
    labels = [{"x": e.x, "y": e.y, "xref": "x", "yref": "y", "ax": 14, "axref": "pixel", "ay": heights[i],
               "ayref": "y", "showarrow": True, "arrowhead": 0, "arrowwidth": 1, "arrowcolor": e.color,
               "xanchor": "left", "align": "left", "font": {"size": 11, "color": e.color},
               "text": _label(e.name, e.value)} for i, e in enumerate(ends.itertuples())]
    return go.Figure({"data": traces, "layout": {
        "title": {"text": text(title)}, "height": HEIGHT, "showlegend": False, "hovermode": "closest",
        "margin": {"t": TOP, "b": BOTTOM, "r": LABEL_CHARS * 7 + 20},
        "xaxis": {"title": {"text": "edition (date of the copy)"}, "tickformat": "%b %Y", "hoverformat": "%d %b %Y"},
        "yaxis": {"title": {"text": "million USD"}, "range": [0, top]}, "annotations": labels}})
