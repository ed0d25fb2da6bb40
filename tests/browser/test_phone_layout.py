"""At a phone's width (390 px) in real Chromium, no chart's legend lies over its plot area."""
from __future__ import annotations

import pytest

from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser
# Per chart: the legend's box and every plot area's box (the drag layer Plotly lays over each subplot), in page pixels.
BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const legend = gd.querySelector('g.legend');
    return {legend: legend ? box(legend) : null,
            plots: [...gd.querySelectorAll('.draglayer .nsewdrag')].map(box)};
})"""


def overlap(a: list[float], b: list[float]) -> float:
    """Area shared by two [left, top, right, bottom] boxes."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(width, 0) * max(height, 0)


@pytest.mark.parametrize("path", ["", "mirror", "reconciled"])  # the charts with a legend
def test_no_legend_covers_a_plot_on_a_phone(page, app_url, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url.rstrip('/')}/{path}")
    wait_for_app(page, timeout=120_000)
    charts = page.evaluate(BOXES)
    assert any(chart["legend"] for chart in charts), f"/{path}: no legend drawn"
    for chart in charts:
        if chart["legend"]:
            assert all(overlap(chart["legend"], plot) < 1 for plot in chart["plots"]), chart
