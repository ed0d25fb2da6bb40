"""The World page in real headless Chromium: the ranking is drawn, and a pair chosen from it opens on the Overview."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser


def test_a_pair_from_the_ranking_opens_on_the_overview(page, app_url):
    page.goto(f"{app_url}/world?world-year=2019")
    # NB a ceiling on waiting, not a speed check: the page's first run imports Ibis and DuckDB and queries the whole
    # store, which on a loaded 2-core machine (the browser suite's other servers) took over 60 s once
    wait_for_app(page, timeout=180_000)
    expect(page.get_by_role("heading", name="The largest gaps, 2019")).to_be_visible()
    assert page.locator(".js-plotly-plot .barlayer .trace").count() > 0
    chooser = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").filter(
        has_text="Make a pair of the ranking the current pair")
    chooser.click()
    page.keyboard.type("Germany – France")
    page.get_by_role("option", name=re.compile(r"Germany – France \(DEU-FRA\)")).click()
    wait_for_app(page)
    page.get_by_role("link", name="Open Germany – France on the Overview").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Germany – France: trade as each side reports it")).to_be_visible()
    expect(page).to_have_url(re.compile(r"pair=.*DEU-FRA"))
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_link_opens_a_historic_pair(page, app_url):
    page.goto(f"{app_url}/mirror?pair=SUN-FIN&years=1985&years=1985")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=re.compile("Finland – USSR \\(former\\): mirror comparison"))).to_be_visible()
    assert page.locator("[data-testid='stException']").count() == 0
