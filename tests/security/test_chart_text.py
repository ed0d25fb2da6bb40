"""Chart builders: outside text in titles, legend names, annotations and hover reaches Plotly as inert text."""
import json
import re

import plotly.io as pio
import pytest

from dashboard import charts, gap_charts, reconciled_chart, revision_chart, statement_chart
from loaders.query import Query
from loaders.store.dataset import load_dataset
from loaders.views import run_view
from loaders.views.statement_display import statements_shown
from tests.security.hostile import XSS, build_hostile_snapshot

OWN_MARKUP = re.compile(r"<br>|<extra></extra>")  # the builders' own hover layout, never outside text


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return load_dataset(build_hostile_snapshot(tmp_path_factory.mktemp("charts") / "snapshot"))


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _strings(value)


def sent(fig) -> dict:
    """The figure as st.plotly_chart sends it to the browser (arrays and frames' columns as JSON lists)."""
    return json.loads(pio.to_json(fig, validate=False))


def markup_in(fig) -> list[str]:
    return [s for s in _strings(sent(fig)) if "<" in OWN_MARKUP.sub("", s)]


def _names(frame, column):
    """Each distinct value of ``column`` renamed to its own payload (so groups stay as they were)."""
    names = {value: f"{XSS[i % len(XSS)]} {i}" for i, value in enumerate(frame[column].unique())}
    return frame.assign(**{column: frame[column].map(names)})


def figures(snap):
    title = " ".join(XSS)
    series = run_view("series", snap, Query())
    mirror = run_view("mirror", snap, Query())
    revisions = run_view("revisions", snap, Query())
    yield "series", charts.series_chart(_names(_names(series, "series"), "direction"), snap.events, "A", title)
    yield "mirror", charts.mirror_chart(_names(_names(mirror, "direction"), "x_basis"), title)
    yield "gap", charts.gap_chart(_names(mirror, "direction"), "log_gap", title)
    yield "revisions", revision_chart.revisions_chart(_names(revisions, "series_name"), title)
    yield "empty", charts.mirror_chart(mirror.iloc[0:0], title)
    # NB the hostile snapshot already puts payloads in every statement's speaker, note and ratio note.
    shown = statements_shown(run_view("statements", snap, Query()))
    yield "statements", statement_chart.statements_chart(shown, 0.05, title)
    bridge = run_view("bridge", snap, Query())
    yield "bridge", gap_charts.bridge_chart(_names(bridge, "method"), bridge["bridge"].iloc[0], title)
    yield "reconciled", reconciled_chart.reconciled_chart(_names(run_view("reconciled", snap, Query()), "direction"), title)
    yield "products", gap_charts.products_chart(run_view("product_lines", snap, Query()), title)


def test_no_outside_markup_reaches_plotly(hostile):
    for name, fig in figures(hostile):
        assert markup_in(fig) == [], name
        assert any("&lt;" in s for s in _strings(sent(fig))), f"{name}: no payload reached the figure"


def test_event_labels_are_kept_as_escaped_text(hostile):
    fig = dict(figures(hostile))["series"]
    labels = [a.hovertext for a in fig.layout.annotations if a.hovertext]
    assert any(label.startswith("&lt;img src=x onerror=alert(1)&gt; (") for label in labels), labels
