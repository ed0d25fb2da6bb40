"""Pure Plotly builders for the World page: the largest mirror gaps and the reporters' reliability, as bars."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import get_colorscale

from dashboard.charts import MILLION, empty_figure, text, trusted_figure
from loaders.world.reporter_notes import looks_derived

GAP_COLOR, FLAGGED_COLOR = "#636efa", "rgba(99,110,250,0.35)"
# NB spelled out: Plotly.js has its own "RdBu", running the other way (blue to red), and a trusted figure is sent
# as built, without the Python side turning the name into these colours
GAP_COLORS = get_colorscale("RdBu")


def gap_bars(ranked: pd.DataFrame, by: str, title: str) -> go.Figure:
    """One horizontal bar per flow, largest first: M_fob − X in US$ M (or the log gap); estimates and imputations
    drawn pale."""
    if ranked.empty:
        return empty_figure(title, "No flow where both sides reported matches these filters")
    rows = ranked.iloc[::-1]  # NB Plotly draws the first category at the bottom
    values = rows["gap_usd"] / MILLION if by == "abs_gap_usd" else rows["log_gap"]
    flagged = rows[["x_estimated", "m_estimated", "imputed"]].fillna(False).astype(bool).any(axis=1)
    labels = (rows["rank"].astype(str) + ". " + rows["exporter"] + "→" + rows["importer"]).map(text)
    hover = ("X " + (rows["x_value_usd"] / MILLION).map("{:,.1f}".format) + " M, M_fob "
             + (rows["m_fob_usd"] / MILLION).map("{:,.1f}".format) + " M"
             + flagged.map({True: " (an IMF estimate or imputation)", False: ""}))
    bar = {"type": "bar", "orientation": "h", "x": values, "y": labels, "hovertext": hover, "hoverinfo": "text+x",
           "marker": {"color": [FLAGGED_COLOR if f else GAP_COLOR for f in flagged]}}
    axis = "M_fob − X (US$ M)" if by == "abs_gap_usd" else "ln(M_fob / X)"
    return trusted_figure({"data": [bar], "layout": {
        "title": {"text": text(title)}, "xaxis": {"title": {"text": axis}, "tickformat": ",.0f"},
        "yaxis": {"automargin": True},
        "height": max(320, 22 * len(rows) + 120), "margin": {"l": 10}}})


def reliability_bars(reporters: pd.DataFrame, title: str, each_end: int = 10) -> go.Figure:
    """The most and the least reliable reporters (``each_end`` of each), reliability 0–1; drawn pale where a reporter's
    figures look derived from its partners' (reporter_notes.looks_derived)."""
    rated = reporters.dropna(subset=["reliability"])
    if rated.empty:
        return empty_figure(title, "No reporter with enough genuine partners in these years")
    ends = pd.concat([rated.head(each_end), rated.tail(each_end)]).drop_duplicates("reporter").iloc[::-1]
    derived = looks_derived(ends)
    bar = {"type": "bar", "orientation": "h", "x": ends["reliability"], "y": ends["reporter"].map(text),
           "hovertext": ("median |log gap| " + ends["median_abs_log_gap"].map("{:.3f}".format) + ", "
                         + ends["partners_compared"].astype(str) + " partners"
                         + derived.map({True: ", figures look derived from its partners' (read with care)",
                                        False: ""})),
           "hoverinfo": "text+x", "marker": {"color": [FLAGGED_COLOR if d else GAP_COLOR for d in derived]}}
    return trusted_figure({"data": [bar], "layout": {
        "title": {"text": text(title)}, "xaxis": {"range": [0, 1], "title": {"text": "reliability"}},
        "yaxis": {"automargin": True}, "height": max(320, 22 * len(ends) + 120)}})


GAP_LIMIT = 1.0  # NB ln 2.7: beyond it the colour saturates, so a few wild gaps do not wash out the rest


def gap_heatmap(matrix: pd.DataFrame, title: str) -> go.Figure:
    """Exporters as rows, importers as columns, each cell ln(M_fob / X): blue where the importer reports more, red
    where it reports less; blank where the two own reports do not both exist (the hover says why)."""
    if matrix.empty:
        return empty_figure(title, "No flows in this year")
    order = list(dict.fromkeys(matrix["exporter"]))
    cells = matrix.assign(
        hover=matrix["exporter"].map(text) + " → " + matrix["importer"].map(text) + "<br>" + matrix["status"]
        + ("<br>X " + (matrix["x_value_usd"] / MILLION).map("{:,.1f}".format, na_action="ignore") + " M, M_fob "
           + (matrix["m_fob_usd"] / MILLION).map("{:,.1f}".format, na_action="ignore") + " M, ln(M_fob/X) "
           + matrix["log_gap"].map("{:+.2f}".format, na_action="ignore")).fillna(""))
    grid = cells.pivot(index="exporter", columns="importer").reindex(index=order, columns=order, level=1)
    heat = {"type": "heatmap", "x": order, "y": order, "z": grid["log_gap"].to_numpy(),
            "text": grid["hover"].fillna("").to_numpy(), "hoverinfo": "text",
            "zmin": -GAP_LIMIT, "zmid": 0.0, "zmax": GAP_LIMIT, "colorscale": GAP_COLORS, "xgap": 1, "ygap": 1,
            # NB above the grid, across it: at the side it takes half a phone's width
            "colorbar": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": 1.01, "yanchor": "bottom",
                         "thickness": 12, "len": 0.9, "tickvals": [-1, -0.5, 0, 0.5, 1],
                         "ticktext": ["≤ −1", "−0.5", "0", "+0.5", "≥ +1"],
                         "title": {"text": "ln(M_fob/X) · red: importer less · blue: more", "side": "top"}}}
    return trusted_figure({"data": [heat], "layout": {
        "title": {"text": text(title)}, "height": max(420, 18 * len(order) + 260), "margin": {"t": 150},
        "xaxis": {"title": {"text": "importer (reports M)"}, "tickangle": -90},
        "yaxis": {"title": {"text": "exporter (reports X)"}, "autorange": "reversed"},
        "plot_bgcolor": "#f0f0f0"}})
