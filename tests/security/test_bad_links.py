"""Links with bad parameters: a warning naming what was not used, the default view, bounded work, never a traceback."""
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.link_check import describe, unapplied
from dashboard.state import QUERY_KEY

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
APPLIED = {"years": [1993, 2024], "margin": [10.2], "flow": ["All flows"]}


def open_link(**params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize(("params", "named"), [
    ({"pair": "XXX-YYY"}, "**`pair`** `XXX-YYY` (showing `Armenia – Kazakhstan (ARM-KAZ)`)"),
    ({"years": ["2024", "1993"]}, "**`years`** `2024` and `1993` (showing `1993 – 2024`)"),
    ({"years": ["-5", "99999"]}, "**`years`** `-5` and `99999`"),
    ({"years": [str(1993 + i % 30) for i in range(200)]}, "(and 198 more values)"),
    ({"margin": "abc"}, "**`margin`** `abc` (showing `10.2`)"),
    ({"margin": "1e308"}, "**`margin`** `1e308`"),
    ({"margin": "nan"}, "**`margin`** `nan`"),
    ({"flow": "x" * 5000}, "**`flow`** `" + "x" * 40 + "…` (showing `All flows`)"),
    ({"partner": [f"P{i:03d}" for i in range(200)]},
     "not settings of this page and were ignored: **`partner`** `P000`"),
])
def test_bad_parameter_is_named_in_one_warning_and_the_page_still_works(params, named):
    at = open_link(**params)
    assert not at.exception, at.exception
    assert [w.value for w in at.warning if named in w.value], [w.value for w in at.warning]
    assert len(at.warning[0].value) < 600  # bounded, however long or many the values
    assert len(at.get("plotly_chart")) > 0


def test_valid_link_gets_no_warning_and_is_applied():
    at = open_link(freq="Monthly", flow="Turnover", margin="6.0", years=["2018", "2020"],
                   pair="Armenia – Kazakhstan (ARM-KAZ)")
    assert not at.warning and not at.exception
    assert at.slider(key="years").value == (2018, 2020)


def test_a_pair_named_by_codes_in_either_order_gets_no_warning():
    at = open_link(pair="KGZ-KAZ")
    assert not at.warning and not at.exception
    assert at.selectbox(key="pair").value == "KAZ-KGZ"


def test_reversed_years_are_shown_in_order():
    at = open_link(years=["2020", "2018"])
    assert at.session_state[QUERY_KEY].years == (2018, 2020)
    assert not at.error and not at.exception


def test_warning_is_said_once_not_on_every_rerun():
    at = open_link(margin="abc")
    assert at.warning
    at.radio(key="freq").set_value("M").run()
    assert not at.warning and not at.exception


def test_unapplied_tells_setting_values_from_unknown_parameters():
    raw = {"years": ["1993", "2024"], "margin": ["abc"], "index": ["bad"], "zoom": ["1"], "flow": ["All flows"]}
    assert unapplied(raw, APPLIED, page_settings={"index"}, kept={}) == (["margin", "index"], ["zoom"])
    assert unapplied({"index": ["mirror ratio"]}, APPLIED, {"index"}, {"index": ["mirror ratio"]}) == ([], [])


def test_describe_escapes_every_outside_string_and_lists_at_most_five():
    raw = {f"<img src=x onerror=alert({i})>": ["[x](javascript:alert(1))"] for i in range(8)}
    text = describe([], list(raw), raw, {})
    outside_spans = re.sub(r"`[^`]*`", "", text)
    assert not re.search(r"[<>\[\]()]", outside_spans), outside_spans
    assert text.endswith("and 3 more.")
