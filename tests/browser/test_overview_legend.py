"""The Overview's legend in real Chromium: names in words, one colour per series in every panel and frequency."""
from __future__ import annotations

import re

import pytest

from tests.browser.test_journalist_pages import TRACES, hover_lines, open_page

pytestmark = pytest.mark.browser


def series_colours(page) -> dict[str, set[str]]:
    colours: dict[str, set[str]] = {}
    for traces in page.evaluate(TRACES):
        for trace in traces:
            if trace["legendgroup"] and trace["color"]:
                colours.setdefault(trace["legendgroup"], set()).add(trace["color"])
    return colours


def test_each_series_keeps_one_colour_across_panels_and_frequencies(page, app_url):
    annual = series_colours(open_page(page, app_url, ""))
    monthly = series_colours(open_page(page, app_url, "?freq=Monthly"))
    assert "Armenia's exports, Armstat" in annual  # names in words, not 'ARM export (destination, FOB) · armstat'
    assert not any(re.search(r"\b(ARM|KAZ) (export|import|turnover)\b|· armstat", name) for name in annual)
    assert all(len(c) == 1 for c in annual.values()), annual
    shared = set(annual) & set(monthly)
    assert shared and all(annual[name] == monthly[name] for name in shared)
    # Armenia's series in blues, Kazakhstan's in reds: the national offices' darkest shades differ
    assert annual["Armenia's exports, Armstat"] != annual["Kazakhstan's imports (basis not stated), "
                                                          "Kazakhstan's statistics bureau"]


def test_no_overview_hover_line_is_longer_than_110_characters(page, app_url):
    open_page(page, app_url, "")
    lines = [line for traces in page.evaluate(TRACES) for trace in traces for line in hover_lines(trace)]
    assert lines and max(len(line) for line in lines) <= 110, max(lines, key=len)
