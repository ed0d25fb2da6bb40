"""At a phone's width (390 px) in real Chromium, no chart's legend lies over its plot area or an axis title or runs
past the chart's right edge, and no numbered event mark covers a panel's title."""
from __future__ import annotations

import pytest

from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser
# Per chart: the legend's box and every plot area's box (the drag layer Plotly lays over each subplot), in page pixels.
BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const legend = gd.querySelector('g.legend');
    return {legend: legend ? box(legend) : null,
            plots: [...gd.querySelectorAll('.draglayer .nsewdrag')].map(box),
            axis_titles: [...gd.querySelectorAll('g.infolayer g[class^="g-x"] text, g.infolayer g[class^="g-y"] text')]
                .map(box),
            chart: box(gd.querySelector('.main-svg')),
            entries: [...gd.querySelectorAll('g.legend text.legendtext')].map(t => [t.textContent, box(t)]),
            notes: [...gd.querySelectorAll('g.annotation')].map(a => [a.textContent, box(a)])};
})"""


def overlap(a: list[float], b: list[float]) -> float:
    """Area shared by two [left, top, right, bottom] boxes."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(width, 0) * max(height, 0)


def charts_on_a_phone(page, app_url: str, path: str) -> list[dict]:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url.rstrip('/')}/{path}")
    wait_for_app(page, timeout=120_000)
    return page.evaluate(BOXES)


@pytest.mark.parametrize("path", ["", "mirror", "reconciled"])  # the charts with a legend
def test_no_legend_covers_a_plot_on_a_phone(page, app_url, path):
    charts = charts_on_a_phone(page, app_url, path)
    assert any(chart["legend"] for chart in charts), f"/{path}: no legend drawn"
    for chart in charts:
        if chart["legend"]:
            assert all(overlap(chart["legend"], plot) < 1 for plot in chart["plots"]), chart
            assert all(overlap(chart["legend"], title) < 1 for title in chart["axis_titles"]), chart


@pytest.mark.parametrize("path", ["", "mirror", "bridge", "reconciled", "statements", "revisions", "world"])
def test_every_legend_entry_ends_inside_the_chart_on_a_phone(page, app_url, path):
    # Plotly never wraps a legend entry: one wider than the chart is cut at its edge ("...statistics b")
    for chart in charts_on_a_phone(page, app_url, path):
        cut = [name for name, box in chart["entries"] if box[2] > chart["chart"][2] + 0.5]
        assert not cut, cut


def test_no_event_mark_covers_a_panel_title_on_a_phone(page, app_url):
    (chart,) = [c for c in charts_on_a_phone(page, app_url, "") if c["notes"]]
    marks = [box for text, box in chart["notes"] if text.isdigit()]
    titles = [box for text, box in chart["notes"] if not text.isdigit()]
    # ARM-KAZ: two dated events (marks 1 and 2) over three panels, each titled by its direction of trade
    assert len(marks) == 2 and len(titles) == 3
    assert all(overlap(mark, title) < 1 for mark in marks for title in titles)
