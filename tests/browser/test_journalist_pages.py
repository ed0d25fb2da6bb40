"""The Statements, Revisions and Reconciled pages as a reader sees them in real Chromium: who said what, no raw LaTeX,
one colour per method in every panel, and hover labels short enough to read (issue 13)."""
from __future__ import annotations

import html
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser
# Every trace of every Plotly chart on the page, as the browser holds it (gd.data).
TRACES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => gd.data.map(t => ({
    name: t.name ?? null, legendgroup: t.legendgroup ?? null, yaxis: t.yaxis ?? 'y', showlegend: t.showlegend ?? true,
    color: t.marker && typeof t.marker.color === 'string' ? t.marker.color : null,
    hoverinfo: t.hoverinfo ?? null, hovertemplate: t.hovertemplate ?? null,
    hovertext: typeof t.hovertext === 'string' ? [t.hovertext] : Array.from(t.hovertext ?? []),
    points: (t.x ?? []).length})))"""
SHOWN_TEXT = """() => [document.body.innerText,
    ...[...document.querySelectorAll('svg text')].map(t => t.textContent)].join('\\n')"""
PLACEHOLDER = re.compile(r"%\{[^}]*\}")
STAND_IN = "x" * 12  # a formatted number or date in a template, e.g. '1,234.56'


def open_page(page, app_url: str, path: str):
    page.set_viewport_size({"width": 1440, "height": 1800})
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    return page


def hover_lines(trace: dict) -> list[str]:
    """Every line a hover label of the trace can show, as text (entities decoded, the secondary box left out)."""
    if trace["hoverinfo"] == "skip":
        return []
    template = trace["hovertemplate"]
    labels = ([template.replace("%{hovertext}", h) for h in trace["hovertext"] or [""]] if template
              else trace["hovertext"])
    lines = []
    for label in labels:
        label = PLACEHOLDER.sub(STAND_IN, re.sub(r"<extra>.*?</extra>", "", label))
        lines += [html.unescape(re.sub(r"<[^>]+>", "", line)) for line in label.split("<br>")]
    return lines


def test_statements_show_who_said_what_and_when(page, app_url):
    open_page(page, app_url, "statements")
    # statements.csv: the Deputy PM's "82 M" of 21 Nov 2025, and the seed article's "up 2.4 times from 2020"
    expect(page.get_by_text("S. Zhumangarin, Kazakh Deputy PM and Minister of National Economy · 21 Nov 2025")
           ).to_be_visible()
    expect(page.get_by_text("“up 2.4 times from 2020”")).to_be_visible()
    expect(page.get_by_text("Kazakh MFA (Nurtleu-Mirzoyan talks) · 2024")).to_be_visible()
    shown = page.evaluate(SHOWN_TEXT)
    assert "tca-2025-share" not in shown  # the chart is labelled by speaker and date, not by internal ids
    assert "None" not in shown and "NaN" not in shown
    assert "Not checkable: no series in the data covers turnover for Jan–Jun 2025." in shown


def test_reconciled_page_shows_no_raw_latex(page, app_url):
    open_page(page, app_url, "reconciled")
    shown = page.evaluate(SHOWN_TEXT)
    assert "V = exp(σ²) × (exp(σ²) − 1)" in shown  # the formula, in plain Unicode
    assert "^{" not in shown and "\\" not in shown


def test_reconciled_panels_give_each_method_one_colour(page, app_url):
    open_page(page, app_url, "reconciled")
    (traces,) = page.evaluate(TRACES)
    methods = [t for t in traces if t["legendgroup"] not in (None, "band")]
    colours: dict[str, set[str]] = {}
    for trace in methods:
        colours.setdefault(trace["name"], set()).add(trace["color"])
    assert sorted(colours) == sorted(["importer-preferred", "exporter-preferred", "mean", "OTS max rule",
                                      "BACI-style inverse-variance"])
    assert all(len(c) == 1 and None not in c for c in colours.values()), colours
    assert len({c for cs in colours.values() for c in cs}) == 5  # no two legend entries share a colour
    panels = {t["yaxis"] for t in methods}
    assert len(panels) == 3 and all(sum(t["yaxis"] == p for t in methods) == 5 for p in panels)
    assert sum(t["showlegend"] for t in methods) == 5  # one legend entry per method, standing for every panel


@pytest.mark.parametrize("path", ["statements", "revisions", "reconciled", "bridge", "mirror"])
def test_no_hover_line_is_longer_than_110_characters(page, app_url, path):
    open_page(page, app_url, path)
    figures = page.evaluate(TRACES)
    lines = [line for traces in figures for trace in traces for line in hover_lines(trace)]
    assert lines, f"{path}: no hover label found"
    too_long = [line for line in lines if len(line) > 110]
    assert too_long == [], too_long[:3]
    assert not any(re.search(r"\d{2}:\d{2}:\d{2}", line) for line in lines)  # dates without times
