"""The Statements, Revisions and Reconciled pages in AppTest: the revisions year (default and from the link), the
statements' cards, and no raw LaTeX."""
import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"


def open_page(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def chart_title(at: AppTest) -> str:
    return json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]


def test_revisions_open_on_the_latest_revised_year():
    at = open_page("dashboard/pages/revisions.py")
    # Armstat's 2023 figures changed between editions (exports 71.32 M, then 79.85 M); 2024's only filled up.
    assert at.selectbox(key="revision_year").value == 2023
    assert chart_title(at) == "The 2023 figures, edition by edition"
    assert at.selectbox(key="revision_year").options[:2] == ["2024", "2023"]


def test_a_link_chooses_the_revisions_year_and_a_choice_redraws_the_chart():
    at = open_page("dashboard/pages/revisions.py", revision_year="2019")
    assert at.selectbox(key="revision_year").value == 2019
    at.selectbox(key="revision_year").select(2022).run()
    assert not at.exception
    assert chart_title(at) == "The 2022 figures, edition by edition"


def test_statements_page_shows_each_statement_with_its_speaker():
    at = open_page("dashboard/pages/statements.py")
    texts = [t.value for t in at.text]
    assert any(t.startswith("24KZ (Kazakh state TV) · 2024\nTurnover, 2023: 53 M USD (+23%) — “over 53 million”")
               for t in texts)
    assert not any("None" in t or "nan" in t.split() for t in texts)
    badges = [m.value for m in at.markdown if "-badge[" in m.value]
    assert len(badges) == 19 and sum("Not checkable" in b for b in badges) == 5


def test_reconciled_page_writes_its_formulas_without_latex():
    at = open_page("dashboard/pages/reconciled.py")
    written = " ".join(m.value for m in at.markdown) + json.dumps([t.value.to_dict() for t in at.table],
                                                                 ensure_ascii=False)
    assert "^{" not in written and "\\" not in written
