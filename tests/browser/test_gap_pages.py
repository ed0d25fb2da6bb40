"""The gap pages in real headless Chromium: each draws its chart, and a download is byte for byte the view's CSV."""
from __future__ import annotations

import re

import pytest

from loaders.csv_export import to_csv_bytes
from loaders.query import Query
from loaders.store.dataset import load_dataset
from loaders.views import run_view
from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser
DRAWN = {"statements": ".js-plotly-plot .barlayer .point", "bridge": ".js-plotly-plot .waterfalllayer .point",
         "reconciled": ".js-plotly-plot .scatterlayer .point"}
DEFAULT_QUERY = Query(years=(1993, 2024))  # the sidebar's defaults on the bundled snapshot


@pytest.mark.parametrize("path", sorted(DRAWN))
def test_gap_page_draws_its_chart(page, app_url, path):
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    assert page.locator(DRAWN[path]).count() > 0
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize(("path", "view", "button"), [("statements", "statements", "Download CSV"),
                                                      ("bridge", "bridge", "Download bridge CSV")])
def test_gap_page_download_is_the_views_csv(page, app_url, path, view, button):
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name=re.compile(button)).first.click()
    assert download_info.value.path().read_bytes() == to_csv_bytes(run_view(view, load_dataset(), DEFAULT_QUERY))
