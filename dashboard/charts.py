"""Pure Plotly figure builders: a view's frame in, a go.Figure out (no Streamlit, no computation of figures)."""
from __future__ import annotations

import functools
import html
import json
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.series_style import series_color, series_dash
from loaders.views.names import day, direction_words, series_name, series_names, source_name

MILLION = 1e6
EVENT_COLOR = "rgba(120,120,120,0.6)"
EVENT_ROW_SHIFT = 26  # px: the events' numbered marks sit a line above the top panel's title
LEGEND_CHARS = 48  # per line of a legend entry: what fits beside its symbol on a 390 px phone
BAND_COLOR = "rgba(99,110,250,0.15)"


def text(value: object) -> str:
    """Outside text made inert for Plotly, which renders a subset of HTML tags in titles, labels and hovers."""
    # NB with '<' escaped no tag (so no attribute) can form; quotes stay as they are, since Plotly does not decode
    # &quot; and would show it literally.
    return html.escape(str(value), quote=False)


def legend_name(name: str) -> str:
    """Outside text for a legend entry, wrapped at LEGEND_CHARS: Plotly never wraps one, and cuts it at the chart's
    edge."""
    # NB never inside a word: a long word (or an escaped '&lt;') stays whole on its own line
    lines = textwrap.wrap(text(name), LEGEND_CHARS, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(lines) or text(name)


def trusted_figure(spec: dict) -> go.Figure:
    """The figure of a dict spec a builder of this package assembled, without Plotly's property-by-property checks.

    NB those checks were about half of building a chart with many traces (Reconciled: ~70 ms -> ~30 ms), paid again on
    every rerun whose figure changes (a new margin). tests/unit/test_trusted_figures.py checks that every builder's
    figure serialises exactly as the checked one would, and passes the checks."""
    return go.Figure(spec, _validate=False)


def empty_figure(title: str, message: str) -> go.Figure:
    """A titled figure with no axes that says why there is nothing to draw."""
    fig = go.Figure()
    fig.update_layout(title=text(title), xaxis={"visible": False}, yaxis={"visible": False},
                      annotations=[{"text": text(message), "showarrow": False, "font": {"size": 14}}])
    return fig


def _year_x(frame: pd.DataFrame, freq: str) -> pd.Series:
    return frame["year"] if freq == "A" else frame["period_start"]


def series_title(pair: str, freq: str) -> str:
    return f"{pair}: {'annual' if freq == 'A' else 'monthly'} figures"  # NB short: a phone shows ~40 characters


def series_chart(frame: pd.DataFrame, events: pd.DataFrame, freq: str, title: str,
                 band: pd.DataFrame | None = None) -> go.Figure:
    """One panel per direction of trade, a line per series; a missing period is a gap (never bridged) and partial
    periods are separate hollow markers, never joined to full years."""
    if frame.empty:
        return empty_figure(title, "No figures for this selection")
    directions = sorted(frame["direction"].unique(), key=lambda d: ("↔" in d, d))
    rows = len(directions)
    # NB the figure is assembled as one dict and checked once by go.Figure: adding traces, shapes and axis titles
    # one by one re-checks the growing figure each time (several times slower for the same JSON).
    layout = panel_layout(rows, tuple(text(direction_words(d)) for d in directions))
    traces = _band_traces(band, row=rows) if band is not None and not band.empty else []
    columns = frame[["direction", "series", "reporter", "partner", "partner_basis", "source", "year", "period_start",
                     "value_usd", "partial", "estimated", "months_covered"]].assign(
        name=series_names(frame), vintage=frame["vintage"].map(day), source_name=frame["source"].map(source_name))
    for row, direction in enumerate(directions, start=1):
        for _, part in columns[columns["direction"] == direction].groupby("series", sort=True):
            traces += [{**trace, **panel_axes(row)} for trace in _series_traces(part, freq)]
    shapes, labels = _event_marks(events, freq, _x_span(frame, freq), rows)
    y_titles(layout, rows, "million USD")
    layout.update(shapes=shapes, annotations=[*layout.get("annotations", []), *labels], title={"text": text(title)},
                  hovermode="closest", height=320 * rows + 120, margin={"t": 90},
                  legend={"orientation": "h", "yanchor": "top", "y": -0.06})
    return trusted_figure({"data": traces, "layout": layout})


def panel_layout(rows: int, titles: tuple[str, ...], spacing: float = 0.08) -> dict:
    """The layout (axes, domains, titles) of ``rows`` panels stacked on a shared x axis, as a new dict."""
    return json.loads(_panel_layout_json(rows, titles, spacing))


@functools.lru_cache(maxsize=32)
def _panel_layout_json(rows: int, titles: tuple[str, ...], spacing: float) -> str:
    layout = make_subplots(rows=rows, cols=1, shared_xaxes=True, vertical_spacing=spacing,
                           subplot_titles=list(titles)).layout.to_plotly_json()
    layout.pop("template", None)  # go.Figure adds the default template anyway
    return json.dumps(layout)


def _axis(letter: str, row: int) -> str:
    return letter if row == 1 else f"{letter}{row}"


def panel_axes(row: int) -> dict:
    """The x and y axis references of panel ``row`` (1-based), for a trace."""
    return {"xaxis": _axis("x", row), "yaxis": _axis("y", row)}


def y_titles(layout: dict, rows: int, title: str) -> None:
    """Give every panel's y axis the same title."""
    for row in range(1, rows + 1):
        name = _axis("yaxis", row)
        layout[name] = {**layout.get(name, {}), "title": {"text": title}}


def _series_traces(part: pd.DataFrame, freq: str) -> list[dict]:
    """A series' line (complete periods), its estimated points and its partial periods, in the series' own look."""
    first = part.iloc[0]
    name = first["name"]
    color = series_color(first["reporter"], first["partner"], first["source"])
    look = {"line": {"color": color, "dash": series_dash(first["partner_basis"])}, "legendgroup": text(name)}
    traces = []
    complete = part[~part["partial"]]
    if freq == "A" and not complete.empty:
        # NB reindex on every year of the span so that a year without a figure breaks the line.
        years = range(int(complete["year"].min()), int(complete["year"].max()) + 1)
        complete = complete.set_index("year").reindex(years).reset_index()
    hover = ("%{y:,.2f} M USD · %{x}<br>" + text(name) + "<br>edition of %{customdata[0]} (%{customdata[1]})"
             "<extra></extra>")
    if not complete.empty:
        traces.append({
            "type": "scatter", "x": _year_x(complete, freq), "y": complete["value_usd"] / MILLION,
            "mode": "lines+markers", "name": legend_name(name), "connectgaps": False, **look,
            "marker": {"color": color}, "customdata": _stack(complete["vintage"], complete["source_name"]),
            "hovertemplate": hover})
    estimated = part[part["estimated"] & ~part["partial"]]
    if not estimated.empty:
        # NB drawn over the line: an estimate stays on its series' line but must not read as a reported figure.
        traces.append({
            "type": "scatter", "x": _year_x(estimated, freq), "y": estimated["value_usd"] / MILLION,
            "mode": "markers", "name": legend_name(f"{name} (estimated by the compiler)"), **look, "showlegend": False,
            "marker": {"symbol": "diamond-open", "size": 12, "color": color, "line": {"width": 2}},
            "customdata": _stack(estimated["vintage"], estimated["source_name"]),
            "hovertemplate": "%{y:,.2f} M USD · %{x}, an estimate, not a reported figure<br>" + text(name)
                             + "<br>edition of %{customdata[0]} (%{customdata[1]})<extra></extra>"})
    partial = part[part["partial"]]
    if not partial.empty:
        traces.append({
            "type": "scatter", "x": _year_x(partial, freq), "y": partial["value_usd"] / MILLION, "mode": "markers",
            "name": legend_name(f"{name} (partial period)"), **look, "showlegend": complete.empty,
            "marker": {"symbol": "circle-open", "size": 10, "color": color},
            "customdata": _stack(partial["vintage"], partial["source_name"],
                                 partial["months_covered"].astype(str) + " months"),
            "hovertemplate": "%{y:,.2f} M USD · %{x}, partial (%{customdata[2]})<br>" + text(name)
                             + "<br>edition of %{customdata[0]}<extra></extra>"})
    return traces


def _x_span(frame: pd.DataFrame, freq: str) -> tuple:
    if freq == "A":
        return frame["year"].min() - 0.5, frame["year"].max() + 0.5
    return frame["period_start"].min(), frame["period_end"].max()


def _stack(*columns: pd.Series) -> np.ndarray:
    """Hover columns as one object array (plotly validates an array at once, a list of lists cell by cell)."""
    return np.column_stack([c.fillna("").to_numpy(dtype=object) for c in columns])


def _band_traces(band: pd.DataFrame, row: int) -> list[dict]:
    """Shaded min-max band of the reconciled estimates (expects year, low_usd, high_usd)."""
    return [
        {"type": "scatter", "x": band["year"], "y": band["high_usd"] / MILLION, "mode": "lines", "line": {"width": 0},
         "showlegend": False, "hoverinfo": "skip", **panel_axes(row)},
        {"type": "scatter", "x": band["year"], "y": band["low_usd"] / MILLION, "mode": "lines", "line": {"width": 0},
         "fill": "tonexty", "fillcolor": BAND_COLOR, "name": "reconciled band (methods' min–max)", "hoverinfo": "skip",
         **panel_axes(row)},
    ]


def _event_x(date: pd.Timestamp, freq: str):
    return date.year + (date.day_of_year - 1) / 366 if freq == "A" else date


def _event_marks(events: pd.DataFrame, freq: str, span: tuple, rows: int) -> tuple[list[dict], list[dict]]:
    """Dated events as dotted lines (ranges shaded) in every panel, each marked once above the top panel by its row
    number in the events table, inside the x span."""
    shapes, labels = [], []
    for number, event in enumerate(events.itertuples(index=False), start=1):
        start = pd.to_datetime(event.date, errors="coerce")
        if pd.isna(start):
            continue
        end = pd.to_datetime(event.end_date, errors="coerce") if isinstance(event.end_date, str) else pd.NaT
        x0, x1 = _event_x(start, freq), (_event_x(end, freq) if pd.notna(end) else None)
        if x0 > span[1] or (x1 if x1 is not None else x0) < span[0]:
            continue
        if x1 is not None:
            style = {"type": "rect", "x0": x0, "x1": x1, "fillcolor": EVENT_COLOR, "opacity": 0.12,
                     "line": {"width": 0}}
        else:
            style = {"type": "line", "x0": x0, "x1": x0, "line": {"dash": "dot", "color": EVENT_COLOR}}
        # NB the shapes add_vline/add_vrect(row="all") would make: one per panel.
        shapes += [{**style, "xref": _axis("x", r), "yref": f"{_axis('y', r)} domain", "y0": 0, "y1": 1}
                   for r in range(1, rows + 1)]
        # NB a numbered mark above the plot, never over the data: the numbers are the rows of the events table. Raised
        # by a line above the top panel's title, which a mark at the middle of the x span would cover (phone width).
        labels.append({"x": x0, "y": 1.0, "xref": "x", "yref": "paper", "yshift": EVENT_ROW_SHIFT,
                       "text": str(number), "showarrow": False,
                       "xanchor": "center", "yanchor": "bottom", "font": {"size": 11, "color": "#555"},
                       "bgcolor": "rgba(255,255,255,0.9)", "bordercolor": EVENT_COLOR, "borderpad": 2,
                       "hovertext": text(f"{event.label} ({event.date}): {event.description}")})
    return shapes, labels


# NB the mirror view's columns these two charts draw: a page hands over only these, so the figure cache (keyed on its
# inputs' content) reuses a chart when a setting changes columns it does not show (the margin moves M_fob alone).
MIRROR_CHART_COLUMNS = ["direction", "year", *(f"{side}_{field}" for side in "xm" for field in (
    "reporter", "flow", "basis", "source", "vintage", "value_usd"))]
GAP_CHART_COLUMNS = ["direction", "x_basis", "m_basis", "year"]  # and the index drawn


def mirror_chart(frame: pd.DataFrame, title: str) -> go.Figure:
    """One panel per direction; per year a dumbbell from the exporter's X to the importer's M (one dot per import
    basis), each country in its own colours, so the gap reads as the length of the bar."""
    if frame.empty:
        return empty_figure(title, "No mirror figures for this selection")
    directions = sorted(frame["direction"].unique(), key=lambda d: ("↔" in d, d))
    layout = panel_layout(len(directions), tuple(text(direction_words(d)) for d in directions), spacing=0.12)
    traces = []
    for row, direction in enumerate(directions, start=1):
        part = frame[frame["direction"] == direction]
        both = part.dropna(subset=["x_value_usd", "m_value_usd"])
        gaps_x = np.column_stack([both["year"], both["year"], np.full(len(both), None)]).ravel()
        gaps_y = np.column_stack([both["x_value_usd"] / MILLION, both["m_value_usd"] / MILLION,
                                  np.full(len(both), None)]).ravel()
        traces.append({"type": "scatter", "x": gaps_x, "y": gaps_y, "mode": "lines", "hoverinfo": "skip",
                       "line": {"color": "rgba(120,120,120,0.5)", "width": 3}, "showlegend": False,
                       **panel_axes(row)})
        for side in ("x", "m"):
            for _, dots in part.dropna(subset=[f"{side}_value_usd"]).drop_duplicates(
                    subset=["year", f"{side}_basis"]).groupby([f"{side}_basis", f"{side}_source"], sort=True):
                first = dots.iloc[0]
                reporter, partner = first[f"{side}_reporter"], (first["m_reporter"] if side == "x"
                                                                  else first["x_reporter"])
                name = series_name(reporter, first[f"{side}_flow"], first[f"{side}_basis"], first[f"{side}_source"])
                traces.append({
                    "type": "scatter", "x": dots["year"], "y": dots[f"{side}_value_usd"] / MILLION, "mode": "markers",
                    "name": legend_name(f"{'X' if side == 'x' else 'M'}: {name}"), "legendgroup": text(name),
                    "marker": {"color": series_color(reporter, partner, first[f"{side}_source"]), "size": 9,
                               "symbol": "circle" if first[f"{side}_basis"] != "consignment" else "diamond"},
                    "customdata": _stack(dots[f"{side}_vintage"].map(day), dots[f"{side}_source"].map(source_name)),
                    "hovertemplate": "%{y:,.2f} M USD · %{x}<br>" + text(name)
                                     + "<br>edition of %{customdata[0]} (%{customdata[1]})<extra></extra>",
                    **panel_axes(row)})
    y_titles(layout, len(directions), "million USD")
    layout.update(title={"text": text(title)}, hovermode="closest", height=260 * len(directions) + 160,
                  margin={"t": 90}, legend={"orientation": "h", "yanchor": "top", "y": -0.08})
    return trusted_figure({"data": traces, "layout": layout})


def gap_chart(frame: pd.DataFrame, index: str, title: str, y_title: str | None = None) -> go.Figure:
    """One line per direction and basis pairing of a gap index (log gap, mirror ratio or discrepancy index)."""
    both = frame.dropna(subset=[index])
    if both.empty:
        return empty_figure(title, "No year in which both sides reported")
    traces = []
    for (direction, x_basis, m_basis), part in both.groupby(["direction", "x_basis", "m_basis"], sort=True):
        years = range(int(part["year"].min()), int(part["year"].max()) + 1)
        line = part[["year", index]].set_index("year").reindex(years).reset_index()
        traces.append({"type": "scatter", "x": line["year"], "y": line[index], "mode": "lines+markers",
                       "connectgaps": False,
                       "name": legend_name(f"{direction_words(direction)}: X {x_basis}, M {m_basis}"),
                       "hovertemplate": "%{y:,.3f} · %{x}<br>" + text(direction_words(direction))
                                        + "<extra></extra>"})
    level = 1.0 if index == "mirror_ratio" else 0.0
    parity = {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": level, "y1": level,
              "line": {"dash": "dot", "color": EVENT_COLOR}}
    return trusted_figure({"data": traces, "layout": {
        "title": {"text": text(title)}, "shapes": [parity],
        "yaxis": {"title": {"text": text(y_title or index)}},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.2}}})
