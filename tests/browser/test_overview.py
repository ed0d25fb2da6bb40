"""The dashboard in real headless Chromium: a chart is drawn, a widget change reruns, a download matches the view."""
from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from playwright.sync_api import expect

from loaders.csv_export import to_csv_bytes
from loaders.query import Query
from loaders.store.dataset import load_dataset
from loaders.views import run_view
from tests.browser.conftest import APP_READY, wait_for_app

pytestmark = pytest.mark.browser


def test_overview_draws_a_chart_and_no_error(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    expect(page.get_by_role("heading", name=re.compile("Armenia – Kazakhstan"))).to_be_visible()
    assert page.locator(".js-plotly-plot .scatterlayer .trace").count() > 0
    assert page.locator("[data-testid='stException']").count() == 0


def test_widget_change_goes_to_url_and_download_equals_view(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    page.locator("[data-testid='stSidebar']").get_by_text("Monthly").click()
    expect(page).to_have_url(re.compile(r"freq=Monthly"))
    page.wait_for_selector(APP_READY)
    wait_for_app(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name=re.compile("Download CSV")).first.click()
    downloaded = download_info.value.path().read_bytes()
    expected = to_csv_bytes(run_view("series", load_dataset(), Query(years=(1993, 2024), freq="M")))
    assert downloaded == expected
    frame = pd.read_csv(io.BytesIO(downloaded))
    assert set(frame["freq"]) == {"M"}


def test_url_reproduces_the_view(page, app_url):
    page.goto(f"{app_url}/mirror?margin=6.0&years=2018&years=2020")
    wait_for_app(page)
    expect(page.get_by_text("6.0%", exact=False).first).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("button", name=re.compile("Download CSV")).click()
    frame = pd.read_csv(download_info.value.path())
    assert sorted(frame["year"].unique()) == [2018, 2019, 2020]
    assert frame["margin_pct"].dropna().eq(6.0).all()  # one unit everywhere: per cent, as in the URL


def test_overview_tables_load_when_their_expander_opens(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    assert page.locator("[data-testid='stDataFrame']").count() == 0
    page.get_by_text("Figures behind the chart").click()
    expect(page.locator("[data-testid='stDataFrame']")).to_have_count(1, timeout=30_000)
    page.get_by_text("Events marked on the chart").click()
    expect(page.locator("[data-testid='stDataFrame']")).to_have_count(2, timeout=30_000)
    expect(page.get_by_role("button", name=re.compile("Download events CSV"))).to_be_visible()


def test_switching_to_another_pair_by_name_and_back(page, app_url):
    page.goto(f"{app_url}/?pair=KGZ-KAZ")  # ISO3 codes, either order
    wait_for_app(page)
    expect(page.get_by_role("heading", name=re.compile("Kazakhstan – Kyrgyzstan"))).to_be_visible()
    expect(page.get_by_text("KGZ reports (2023, turnover)")).to_be_visible()
    picker = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first
    picker.click()
    page.keyboard.type("Armenia – Kazakhstan")
    page.get_by_role("option", name=re.compile(r"Armenia – Kazakhstan \(ARM-KAZ\)")).click()
    expect(page.get_by_role("heading", name=re.compile("Armenia – Kazakhstan"))).to_be_visible()
    wait_for_app(page)
    expect(page.get_by_text("$103.7 M", exact=True)).to_be_visible()  # Kazakhstan's own table, not the quoted $53.1 M
    expect(page.get_by_text(re.compile("The largest measured cause is"))).to_be_visible()
    assert page.locator("[data-testid='stException']").count() == 0
