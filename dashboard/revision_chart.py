"""Pure Plotly builder of the Revisions chart: one year's figure in every edition, one panel per publisher, one line
per series named in words at its end."""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import MILLION, empty_figure, panel_axes, panel_layout, text, trusted_figure, y_titles
from dashboard.hover import hover, musd, percent
from loaders.views.names import day, flow_words, source_short

COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"]
PANEL_PX, TOP, BOTTOM, SPACING = 300, 70, 70, 0.1
# NB on a phone the date ticks turn and take about 40 px more: labels are spaced for the smaller plot.
SLACK_PX = 40
LABEL_CHARS, LINE_PX = 22, 15


def _hover(row: pd.Series) -> str:
    months = "" if not row["partial"] else f" (only {row['months_covered']} months)"
    change = ""
    if pd.notna(row["change_usd"]):
        change = f"change from the edition before: {musd(row['change_usd'], sign=True)} ({percent(row['change_pct'])})"
    return hover(f"{musd(row['value_usd'])}{months} · {row['series_name']}",
                 f"{row['year']}, edition of {day(row['vintage'])}", change)


def _label_lines(name: str) -> list[str]:
    return textwrap.wrap(name, LABEL_CHARS)


def _spread(ends: pd.DataFrame, top: float, panel_px: float) -> pd.Series:
    """Label heights (data units), from each line's last figure, pushed apart so that no two labels overlap."""
    per_px = top / panel_px
    placed, floor = {}, float("-inf")
    for key in ends["y"].sort_values().index:
        half = ends.at[key, "lines"] * LINE_PX / 2 * per_px
        placed[key] = max(ends.at[key, "y"], floor + half)
        floor = placed[key] + half
    return pd.Series(placed).reindex(ends.index)


def _series_traces(part: pd.DataFrame, name: str, color: str, row: int) -> list[dict]:
    """The complete-year figures as a line, the part-year ones as hollow markers off it."""
    traces = []
    complete, partial = part[~part["partial"]], part[part["partial"]]
    for shown, style in ((complete, {"mode": "lines+markers", "marker": {"size": 8}}),
                         (partial, {"mode": "markers", "marker": {"size": 9, "symbol": "circle-open"}})):
        if not shown.empty:
            traces.append({"type": "scatter", "x": shown["vintage"], "y": shown["y"], "name": text(name),
                           "line": {"color": color, "width": 2}, **style, "marker": {**style["marker"], "color": color},
                           "hovertext": shown["hover"], "hovertemplate": "%{hovertext}<extra></extra>",
                           "showlegend": False, **panel_axes(row)})
    return traces


def _labels(ends: pd.DataFrame, row: int, panel_px: float) -> tuple[list[dict], list[dict], float]:
    """Each line's name and last figure in a column right of the panel's latest edition (a line that ends earlier
    reaches its label by a dotted leader); the y axis top that keeps every label inside the panel."""
    top = ends["y"].max() * 1.15
    heights = _spread(ends, top, panel_px)
    needed = (heights + ends["lines"] * LINE_PX / 2 * top / panel_px).max()
    if needed > top:  # NB once: raising the top changes the scale little
        top = needed * 1.03
        heights = _spread(ends, top, panel_px)
    last = ends["x"].max()
    axes = panel_axes(row)
    leaders = [{"type": "scatter", "x": [e.x, last], "y": [e.y, heights[i]], "mode": "lines", "hoverinfo": "skip",
                "showlegend": False, "opacity": 0.6, "line": {"color": e.color, "width": 1, "dash": "dot"}, **axes}
               for i, e in zip(ends.index, ends.itertuples()) if e.x < last]
    labels = [{"x": last, "y": e.y if e.x == last else heights[i], "xref": axes["xaxis"], "yref": axes["yaxis"],
               "ax": 12, "axref": "pixel", "ay": heights[i], "ayref": axes["yaxis"], "showarrow": True,
               "arrowhead": 0, "arrowwidth": 1, "arrowcolor": e.color, "xanchor": "left", "align": "left",
               "font": {"size": 11, "color": e.color},
               "text": "<br>".join([*(text(line) for line in _label_lines(e.label)), musd(e.value)])}
              for i, e in zip(ends.index, ends.itertuples())]
    return leaders, labels, top


def revisions_chart(rows: pd.DataFrame, title: str) -> go.Figure:
    """One year's rows of the revisions view: one panel per publisher, x = edition date; a line per series through
    its complete-year figures, hollow markers for editions covering part of the year, each line's name in words and
    its last figure at its end."""
    if rows.empty:
        return empty_figure(title, "No figure for this year was published in more than one edition")
    rows = rows.sort_values(["source", "series_name", "vintage"], kind="stable").assign(
        y=rows["value_usd"] / MILLION, hover=rows.apply(_hover, axis=1))
    sources = list(dict.fromkeys(rows["source"]))
    titles = tuple(text(source_short(s)) for s in sources)
    layout = panel_layout(len(sources), titles, spacing=SPACING)
    panel_px = PANEL_PX - SLACK_PX / len(sources)
    traces, annotations, colour = [], list(layout.get("annotations", [])), 0
    for row, source in enumerate(sources, start=1):
        ends = []
        for name, part in rows[rows["source"] == source].groupby("series_name", sort=True):
            color = COLORS[colour % len(COLORS)]
            colour += 1
            traces += _series_traces(part, name, color, row)
            end = part.iloc[-1]
            label = flow_words(end["reporter"], end["flow"], end["partner_basis"])
            ends.append({"label": label, "x": end["vintage"], "y": end["y"], "value": end["value_usd"],
                         "color": color, "lines": len(_label_lines(label)) + 1})
        leaders, labels, top = _labels(pd.DataFrame(ends), row, panel_px)
        traces += leaders
        annotations += labels
        layout[panel_axes(row)["yaxis"].replace("y", "yaxis")] = {
            **layout.get(panel_axes(row)["yaxis"].replace("y", "yaxis"), {}), "range": [0, top]}
    y_titles(layout, len(sources), "million USD")
    bottom_axis = panel_axes(len(sources))["xaxis"].replace("x", "xaxis")
    layout[bottom_axis] = {**layout.get(bottom_axis, {}), "title": {"text": "edition (date of the copy)"}}
    for row in range(1, len(sources) + 1):
        # NB each publisher's editions on their own dates, with their own tick labels (not the shared x axis)
        axis = panel_axes(row)["xaxis"].replace("x", "xaxis")
        own = {k: v for k, v in layout.get(axis, {}).items() if k not in ("matches", "showticklabels")}
        dates = rows.loc[rows["source"] == sources[row - 1], "vintage"]
        pad = max((dates.max() - dates.min()) * 0.06, pd.Timedelta(days=20))
        layout[axis] = {**own, "tickformat": "%b %Y", "hoverformat": "%d %b %Y", "nticks": 4,
                        "range": [dates.min() - pad, dates.max() + pad]}
    layout.update(title={"text": text(title)}, height=int(PANEL_PX * len(sources) / (1 - SPACING * (len(sources) - 1))
                                                          + TOP + BOTTOM),
                  showlegend=False, hovermode="closest", annotations=annotations,
                  margin={"t": TOP, "b": BOTTOM, "r": LABEL_CHARS * 7 + 20})
    return trusted_figure({"data": traces, "layout": layout})
