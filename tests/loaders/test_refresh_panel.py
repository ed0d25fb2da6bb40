"""The Data page's refresh panel (AppTest): source ages, a failed refresh shown as an error, a key never shown."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.loaders.conftest import CANARY, FAST, IMF_DATA, PREVIEW_A, csv_reply, json_reply
from tests.loaders.server import Reply


def panel_script():
    from dashboard.refresh_panel import render_refresh_panel
    from loaders.query import Query

    render_refresh_panel(Query(pair=("ARM", "KAZ"), years=(2023, 2023)))


@pytest.fixture
def app(server, monkeypatch):
    monkeypatch.setattr("loaders.http.HttpSettings", lambda: FAST)
    at = AppTest.from_function(panel_script, default_timeout=20)
    return at.run()


def page_text(at: AppTest) -> str:
    return json.dumps([str(e.proto) for e in at.main])


def test_ages_say_never_before_any_refresh(app):
    assert not app.exception
    assert [m.value for m in app.metric] == ["never fetched", "never fetched"]
    assert [m.label for m in app.metric] == ["UN Comtrade", "IMF IMTS"]


def test_a_failed_refresh_is_an_error_notice_and_the_page_keeps_working(app, server, monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", CANARY)
    server.on("/data/v1/get/C/A/HS", Reply(500, ('{"message":"boom ' + CANARY + '"}').encode()))
    app.button(key="refresh_live").click().run()
    assert not app.exception
    assert len(app.error) == 1 and "UN Comtrade refresh failed" in app.error[0].value
    assert "keeps showing the last good data" in app.error[0].value and "HTTP 500" in app.error[0].value
    assert CANARY not in page_text(app)
    app.run()
    assert len(app.error) == 1  # the notice stays until the next refresh


def test_a_successful_refresh_updates_the_age(app, server):
    server.on(PREVIEW_A, json_reply("preview_A_51_398_2023.json"), query={"reporterCode": "51"})
    server.on(PREVIEW_A, json_reply("preview_A_398_51_2023.json"), query={"reporterCode": "398"})
    app.button(key="refresh_live").click().run()
    assert not app.exception and not app.error
    assert "UN Comtrade: 4 records cached for ARM-KAZ" in app.success[0].value
    assert app.metric[0].value == "just now" and app.metric[1].value == "never fetched"


def test_imf_can_be_chosen(app, server):
    server.on(IMF_DATA, csv_reply("imts_A_ARM_KAZ_2022_2023.csv"))
    app.selectbox(key="refresh_source").select("imf").run()
    app.button(key="refresh_live").click().run()
    assert not app.exception and "IMF IMTS: 4 records cached" in app.success[0].value
    assert "1 observation(s) without a value kept as gaps" in app.success[0].value  # KAZ's 2023 exports
    assert app.metric[1].value == "just now"


def test_a_damaged_cache_file_is_a_warning_not_a_crash(app, server, tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TRADE_CACHE_DIR", str(folder))
    (folder / "comtrade").mkdir(parents=True)
    (folder / "comtrade" / "ARM-KAZ_A_TOTAL.json").write_text("{not json")
    app.run()
    assert not app.exception and len(app.warning) == 1 and "not valid JSON" in app.warning[0].value


def test_an_unexpected_failure_is_logged_in_full_without_the_key(monkeypatch, caplog):
    from dashboard import refresh_panel
    from loaders.query import Query

    canary = "canary-key-7f3a9c"
    monkeypatch.setenv("COMTRADE_API_KEY", canary)

    def broken(*args, **kwargs):
        raise ZeroDivisionError(f"inner detail with {canary}")

    monkeypatch.setattr(refresh_panel, "refresh", broken)
    monkeypatch.setattr(refresh_panel.st, "progress", lambda *a, **k: type("Bar", (), {"empty": lambda self: None,
                                                                                      "progress": lambda *a, **k: None})())
    with caplog.at_level("ERROR", logger="dashboard.refresh_panel"):
        kind, message = refresh_panel._run("comtrade", Query(), (2022, 2023))
    assert kind == "error" and "ZeroDivisionError" in message and canary not in message
    (line,) = [r.getMessage() for r in caplog.records if r.name == "dashboard.refresh_panel"]
    assert "Traceback (most recent call last)" in line and "inner detail with ***" in line and canary not in line
