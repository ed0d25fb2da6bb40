"""Every page opens by its own URL in Chromium, the default page included, without a 'Page not found' notice."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import APP_READY, wait_for_app

pytestmark = pytest.mark.browser

HEADINGS = {"": "Armenia – Kazakhstan", "overview": "Armenia – Kazakhstan", "mirror": "mirror",
            "bridge": "why the two figures differ", "reconciled": "econciled", "statements": "tatements", "revisions": "evision",
            "data": "the data"}


@pytest.mark.parametrize("path", list(HEADINGS))
def test_the_page_opens_by_its_url(page, app_url, path):
    page.goto(f"{app_url.rstrip('/')}/{path}")
    if path == "data":  # NB the one page without a chart
        page.wait_for_selector(APP_READY, timeout=60_000)
    else:
        wait_for_app(page, timeout=120_000)
    expect(page.get_by_role("heading", level=1).first).to_have_text(re.compile(HEADINGS[path]))
    assert page.get_by_text(re.compile("Page not found", re.IGNORECASE)).count() == 0
    assert page.locator("[data-testid='stException']").count() == 0
