"""Hostile data, cache file names and links in real Chromium: on every registered page no script runs and no markup
is interpreted."""
from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from loaders.csv_export import FORMULA_PREFIXES, to_csv_bytes
from loaders.query import Query
from loaders.store.dataset import load_dataset
from loaders.views import run_view
from tests.browser.conftest import APP_READY, ROOT
from tests.security.hostile import FORMULAS, INJECTED, XSS, build_hostile_snapshot, plant_cache_names

pytestmark = pytest.mark.browser
WIDE = {"width": 5000, "height": 1400}  # a table grid puts only the cells in view into its accessible table
# Text a visitor reads: the page text, the charts' SVG text and the table grids' cells (drawn on a canvas, mirrored
# as text in an accessible table).
SHOWN_TEXT = """() => [document.body.innerText,
    ...[...document.querySelectorAll('svg text, table td, table th')].map(t => t.textContent)].join('\\n')"""
SCRIPTS_WITH_ALERT = "() => [...document.scripts].filter(s => s.textContent.includes('alert(')).length"


def registered_pages() -> list[str]:
    """URL paths of the st.Page entries in streamlit_app.py, so a page added there is covered here.

    The default page is served at the root ('' here) and, through a hidden alias, at /overview.
    """
    paths = []
    for node in ast.walk(ast.parse((ROOT / "streamlit_app.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "Page":
            keywords = {k.arg: k.value for k in node.keywords}
            default = keywords.get("default")
            url_path = keywords.get("url_path")
            stem = url_path.value if url_path is not None else Path(node.args[0].value).stem
            paths.append("" if default is not None and default.value is True else stem)
    return paths


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    return build_hostile_snapshot(tmp_path_factory.mktemp("hostile") / "snapshot")


@pytest.fixture(scope="module")
def hostile_url(start_streamlit, hostile_folder) -> str:
    cache = plant_cache_names(hostile_folder.parent / "cache")
    return start_streamlit({"TRADE_DATA_DIR": str(hostile_folder), "TRADE_CACHE_DIR": str(cache)}).url


@pytest.fixture
def dialogs(page) -> list[str]:
    opened: list[str] = []
    page.on("dialog", lambda dialog: (opened.append(dialog.message), dialog.dismiss()))
    return opened


def open_fully(page, url: str) -> str:
    """Load a page, open its expanders, show every hover label; return all text a visitor could read."""
    page.goto(url)
    page.wait_for_selector("[data-testid='stMain'] h1, [data-testid='stAlert']", timeout=60_000)
    page.wait_for_selector(APP_READY, timeout=60_000)
    for chart in page.locator("[data-testid='stPlotlyChart']").all():
        chart.locator(".main-svg").first.wait_for(timeout=30_000)
    for summary in page.locator("[data-testid='stExpander'] summary").all():
        summary.click()
    page.wait_for_selector(APP_READY, timeout=60_000)
    page.wait_for_timeout(500)
    hovers = []
    for label in page.locator(".js-plotly-plot g.annotation g.cursor-pointer").all():
        label.dispatch_event("mouseover")
        hovers.append(page.evaluate("() => [...document.querySelectorAll('.hoverlayer')].map(h => h.textContent)"))
    return page.evaluate(SHOWN_TEXT) + "\n" + "\n".join(map(str, hovers))


def injection_problems(page, dialogs: list[str]) -> list[str]:
    problems = [f"dialog: {m}" for m in dialogs]
    injected = page.evaluate(f"() => [...document.querySelectorAll({INJECTED!r})].map(e => e.outerHTML.slice(0, 80))")
    problems += [f"element: {e}" for e in injected]
    if page.evaluate(SCRIPTS_WITH_ALERT):
        problems.append("a script element carries a payload")
    if page.locator("[data-testid='stException']").count():
        problems.append("an exception is shown")
    if page.get_by_text("Page not found").count():
        problems.append("the page was not found")
    return problems


def test_registered_pages_are_found():
    scripts = {node.args[0].value for node in ast.walk(ast.parse((ROOT / "streamlit_app.py").read_text("utf-8")))
               if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page"}
    assert scripts == {f"dashboard/pages/{p.name}" for p in (ROOT / "dashboard" / "pages").glob("*.py")}
    assert "" in registered_pages() and "overview" in registered_pages()  # the default page by both its URLs


def test_every_page_shows_hostile_data_as_text_and_runs_no_script(page, dialogs, hostile_url):
    page.set_viewport_size(WIDE)
    problems, shown = [], []
    for path in registered_pages():
        shown.append(open_fully(page, f"{hostile_url}/{path}"))
        problems += [f"{path}: {p}" for p in injection_problems(page, dialogs)]
    assert problems == []
    everything = "\n".join(shown)
    assert [p for p in XSS if p not in everything] == []  # shown, as text, somewhere: the data is not just hidden


def test_link_parameters_are_shown_as_text_and_never_as_markup(page, dialogs, hostile_url):
    query = "&".join(f"{key}={value}" for key, value in [
        ("flow", "%5Bx%5D(javascript:alert(1))"), ("pair", "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"),
        ("%22%3E%3Csvg%20onload%3Dalert(1)%3E", "1"), ("margin", "https://evil.example/"),
        ("note", "www.evil.example")])
    open_fully(page, f"{hostile_url}/?{query}")
    assert injection_problems(page, dialogs) == []
    # NB the warning is the first run's (opening an expander reruns the page): read it on a fresh load.
    page.goto(f"{hostile_url}/?{query}")
    page.wait_for_selector(APP_READY, timeout=60_000)
    warning = page.locator("[data-testid='stAlert']").first.inner_text()
    shown = page.evaluate(SHOWN_TEXT)
    assert injection_problems(page, dialogs) == []
    for text in ["[x](javascript:alert(1))", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>',
                 "https://evil.example/", "www.evil.example"]:
        assert text in warning and text in shown
    assert page.locator("[data-testid='stAlert'] a").count() == 0


def test_download_of_hostile_data_is_formula_safe(page, hostile_url, hostile_folder):
    page.goto(f"{hostile_url}/data")
    page.wait_for_selector(APP_READY, timeout=60_000)
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("Download dataset CSV")).click()
    raw = info.value.path().read_bytes()
    assert raw == to_csv_bytes(run_view("dataset", load_dataset(hostile_folder), Query(years=(1993, 2024))))
    back = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    assert not back["note"].str.startswith(FORMULA_PREFIXES).any()
    assert {"'" + f for f in FORMULAS} <= set(back["note"])


def test_table_toolbar_offers_no_unsafe_csv_export(page, hostile_url):
    page.goto(f"{hostile_url}/data")
    page.wait_for_selector(APP_READY, timeout=60_000)
    table = page.locator("[data-testid='stDataFrame']").first
    table.hover()
    toolbar = page.locator("[data-testid='stElementToolbar']").first
    toolbar.get_by_role("button", name="Search").wait_for(timeout=10_000)
    assert toolbar.get_by_role("button", name=re.compile("[Dd]ownload")).count() == 0
