"""Every page runs headless in AppTest without an exception, draws its chart or table, and reads its state from the URL."""
import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.tables import EMPTY_CELL

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "streamlit_app.py"
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "dashboard" / "pages").glob("*.py"))


def run_page(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "dashboard/pages/overview.py":
        at.switch_page(page).run()
    return at


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception_and_shows_data(page):
    at = run_page(page)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert figures_shown(at) > 0, f"{page} shows neither a chart point nor a table row"
    # Streamlit would write "None" in an empty cell (the importer's side where it publishes no product lines)
    assert [t.proto.placeholder for t in at.dataframe] == [EMPTY_CELL] * len(at.dataframe)


def figures_shown(at: AppTest) -> int:
    """Points drawn in the page's charts plus rows of its tables: an empty chart ('No figures') counts nothing."""
    points = 0
    for chart in at.get("plotly_chart"):
        figure = json.loads(chart.proto.spec)
        points += sum(_length(trace.get("y") or trace.get("x") or trace.get("values")) for trace in figure["data"])
    return points + sum(len(table.value) for table in at.dataframe)


def _length(values: list | dict | None) -> int:
    # NB Plotly sends numeric arrays as typed arrays: {"dtype": "f8", "bdata": <base64>}
    if isinstance(values, dict):
        return len(base64.b64decode(values.get("bdata", ""))) // np.dtype(values.get("dtype", "f8")).itemsize
    return len(values or [])


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_with_monthly_frequency_and_narrow_years(page):
    at = run_page(page, freq="Monthly", years=["2022", "2023"], margin="6.0")
    assert not at.exception, at.exception


def test_url_seeds_the_shared_filters():
    # NB bound widgets with a format_func carry the shown label in the URL (readable links: freq=Monthly).
    at = run_page("dashboard/pages/mirror.py", freq="Monthly", flow="Turnover", margin="6.0", years=["2018", "2020"],
                  vintage="As first published")
    assert at.radio(key="freq").value == "M"
    assert at.radio(key="vintage").value == "first"
    assert at.selectbox(key="flow").value == "turnover"
    assert at.slider(key="margin").value == 6.0
    assert tuple(at.slider(key="years").value) == (2018, 2020)
    assert "6.0%" in " ".join(m.value for m in at.markdown)


def test_overview_headline_shows_both_reports_for_2023():
    at = run_page("dashboard/pages/overview.py")
    values = {m.label: m.value for m in at.metric}
    assert values["ARM reports (2023, turnover)"] == "$110.1 M"
    # Kazakhstan's own table (BNS 2023 file, sheet '2023', row 9: exports 34,991.44433 + imports 68,682.04477
    # thousand USD), never the press quote of $53.1 M for the same year.
    assert values["KAZ reports (2023, turnover)"] == "$103.7 M"


def test_changing_a_widget_reruns_without_exception():
    at = run_page("dashboard/pages/overview.py")
    at.radio(key="freq").set_value("M").run()
    assert not at.exception
    spec = at.get("plotly_chart")[0].proto.spec
    assert '"2023-01-01' in spec or "2023-01-01T" in spec


def test_switching_to_other_pairs_and_back():
    at = run_page("dashboard/pages/overview.py")
    at.selectbox(key="pair").set_value("ARM-LIE").run()
    assert not at.exception, at.exception
    assert "Armenia – Liechtenstein" in at.title[0].value
    # Only Armenia reports for this pair (Liechtenstein has no table of its own, not even in the IMF's): the answer
    # says so instead of inventing a comparison.
    assert any("No year in the data has a turnover figure from both Armenia and Liechtenstein" in t.value
               for t in at.text)
    at.selectbox(key="pair").set_value("KAZ-KGZ").run()
    values = {m.label: m.value for m in at.metric}
    # NSC tables: exports to Kazakhstan 449.0 M + imports from it 862.2 M (2023, preliminary) = 1,311.2 M.
    assert values["KGZ reports (2023, turnover)"] == "$1,311.2 M"
    at.selectbox(key="pair").set_value("ARM-KAZ").run()
    assert {m.label: m.value for m in at.metric}["KAZ reports (2023, turnover)"] == "$103.7 M"


def test_a_link_may_name_the_pair_by_codes_in_either_order():
    at = run_page("dashboard/pages/overview.py", pair="KGZ-KAZ")
    assert at.selectbox(key="pair").value == "KAZ-KGZ"
    assert "Kazakhstan – Kyrgyzstan" in at.title[0].value


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_for_a_pair_other_than_the_default(page):
    at = run_page(page, pair="KAZ-KGZ")
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
