"""Pure Plotly builder of the Reconciled chart, with one fixed colour and marker per method in every panel."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from dashboard.charts import BAND_COLOR, MILLION, empty_figure, panel_axes, panel_layout, text, trusted_figure, y_titles
from dashboard.hover import hover, musd
from loaders.views.names import direction_words, possessive
from loaders.views.reconciled_methods import METHOD_NAMES

# NB colour-blind-safe (Okabe–Ito); the symbols tell the methods apart where dots overlap (BACI equals the mean
# when both reporters have the same reliability, so it is an open ring around the mean's square).
METHOD_STYLE = {
    "importer_preferred_usd": ("#0072B2", "circle", 9),
    "exporter_preferred_usd": ("#D55E00", "diamond", 9),
    "mean_usd": ("#009E73", "square", 7),
    "ots_max_usd": ("#CC79A7", "triangle-up", 9),
    "baci_usd": ("#E69F00", "circle-open", 11),
}


def _basis(basis: object) -> str:
    return "" if basis in ("unknown", "destination") or not isinstance(basis, str) else f" by {basis}"


def _context(row: pd.Series) -> str:
    """'2023, Armenia → Kazakhstan: Armenia's exports vs Kazakhstan's imports (only Armenia reported)'."""
    if row["measure"] == "turnover vs turnover":
        what = f"{possessive(row['x_reporter'])} turnover vs {possessive(row['m_reporter'])} turnover"
    else:
        what = (f"{possessive(row['x_reporter'])} exports vs {possessive(row['m_reporter'])} imports"
                f"{_basis(row['m_basis'])}")
    who = "" if row["reported_by"] == "both" else f" ({row['reported_by']} reported)"
    return f"{row['year']}, {direction_words(row['direction'])}: {what}{who}"


def _method_traces(part: pd.DataFrame, row: int, contexts: pd.Series) -> list[dict]:
    traces = []
    for column, (color, symbol, size) in METHOD_STYLE.items():
        values = part[column].astype("float64")
        hovers = [hover(f"{musd(v)} · {METHOD_NAMES[column]}", c) for v, c in zip(values, contexts)]
        traces.append({
            "type": "scatter", "x": part["year"], "y": values / MILLION, "mode": "markers",
            "name": METHOD_NAMES[column], "legendgroup": column, "showlegend": row == 1,
            "marker": {"color": color, "symbol": symbol, "size": size, "line": {"width": 1.5 if "open" in symbol else 0}},
            "hovertext": hovers, "hovertemplate": "%{hovertext}<extra></extra>", **panel_axes(row)})
    return traces


def reconciled_chart(frame: pd.DataFrame, title: str) -> go.Figure:
    """One panel per direction: each method's estimate per year as markers, the band (min–max) shaded."""
    if frame.empty:
        return empty_figure(title, "No reconciled estimate for this selection")
    directions = sorted(frame["direction"].unique(), key=lambda d: ("↔" in d, d))
    rows = len(directions)
    layout = panel_layout(rows, tuple(text(direction_words(d)) for d in directions), spacing=0.1)
    traces = []
    for row, direction in enumerate(directions, start=1):
        part = frame[frame["direction"] == direction]
        by_year = part.groupby("year", sort=True)
        high, low = by_year["high_usd"].max(), by_year["low_usd"].min()
        traces += [
            {"type": "scatter", "x": high.index, "y": high / MILLION, "mode": "lines", "line": {"width": 0},
             "showlegend": False, "hoverinfo": "skip", **panel_axes(row)},
            {"type": "scatter", "x": low.index, "y": low / MILLION, "mode": "lines", "line": {"width": 0},
             "fill": "tonexty", "fillcolor": BAND_COLOR, "name": "band (lowest to highest method)",
             "legendgroup": "band", "showlegend": row == 1, "hoverinfo": "skip", **panel_axes(row)}]
        traces += _method_traces(part, row, part.apply(_context, axis=1))
    y_titles(layout, rows, "million USD")
    layout.update(title={"text": text(title)}, height=300 * rows + 160, hovermode="closest",
                  legend={"orientation": "h", "yanchor": "bottom", "y": 0, "yref": "container"},
                  margin={"b": 120})
    return trusted_figure({"data": traces, "layout": layout})


def methods_table(methods: pd.DataFrame) -> Styler:
    """The methods table with each method's name in its chart colour (the legend's key, in words)."""
    colors = [f"color: {METHOD_STYLE[c][0]}; font-weight: 600" for c in methods["column"]]
    shown = methods.drop(columns="column")
    return shown.style.apply(lambda _: colors, subset=["method"]).hide(axis="index")
