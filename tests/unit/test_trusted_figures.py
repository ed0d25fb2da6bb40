"""Figures built without Plotly's property checks (charts.trusted_figure) pass them and reach the browser unchanged."""
import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboard import world_charts
from loaders.query import Query
from loaders.store.snapshot import read_snapshot
from loaders.views import run_view
from loaders.world.ranking import gap_matrix, ranked_gaps
from tests.security.test_chart_text import figures, hostile  # noqa: F401  the hostile snapshot's fixture


def sent(fig: go.Figure) -> dict:
    """The figure as st.plotly_chart sends it to the browser."""
    return json.loads(pio.to_json(fig, validate=False))


def world_figures():
    rows = run_view("world", read_snapshot(), Query(years=(2020, 2020)))
    reporters = run_view("reporters", read_snapshot(), Query(years=(2016, 2020)))
    yield "gap bars", world_charts.gap_bars(ranked_gaps(rows).head(20), "abs_gap_usd", "t")
    yield "gap heatmap", world_charts.gap_heatmap(gap_matrix(rows, also=("ARM", "KAZ")), "t")
    yield "reliability", world_charts.reliability_bars(reporters, "t")


@pytest.mark.parametrize("source", ["hostile", "world"])
def test_every_builders_figure_is_the_checked_one(source, request):
    built = figures(request.getfixturevalue("hostile")) if source == "hostile" else world_figures()
    for name, fig in built:
        checked = go.Figure(fig.to_dict())  # NB Plotly's checks: an invalid property or value raises here
        assert sent(fig) == sent(checked), name
