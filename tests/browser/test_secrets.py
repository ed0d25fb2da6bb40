"""A failed refresh in real Chromium: a configured Comtrade key (a canary) never reaches a visitor (not in the page,
a shown error, a download, the server's output or the cache) on 401, 500 or a timeout, and an API's error message is
shown as text, never as a link or markup."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import APP_READY, ROOT
from tests.loaders.server import LocalServer, Reply
from tests.security.hostile import INJECTED

pytestmark = pytest.mark.browser
CANARY = "sk-CANARY-6e1d70"
KEYED = "/data/v1/get/C/A/HS"
KEY_HEADER = "Ocp-Apim-Subscription-Key"
# Each failure echoes the key back, as real gateways do in their error bodies.
FAILURES = {
    "401": Reply(401, ('{"statusCode":401,"message":"Access denied: invalid subscription key ' + CANARY + '"}')
                 .encode()),
    "500": Reply(500, ('{"message":"internal error while serving key ' + CANARY + '"}').encode()),
    "timeout": Reply(200, b'{"data":[]}', delay=4.0),
}
# NB loaded by the dashboard's Python (PYTHONPATH) so the timeout path takes a second instead of the 30 s default.
FAST_HTTP = '''"""Test only (tests/browser/test_secrets.py): short HTTP timeouts for the dashboard under test."""
from dataclasses import replace

import loaders.http as http

_FAST = replace(http.HttpSettings(), connect_timeout=1.0, read_timeout=1.0, retries=1, backoff=0.01,
                budget_seconds=5.0, pace_seconds=0.0)
http.HttpSettings = lambda: _FAST
'''


@pytest.fixture(scope="module")
def fake_api():
    server = LocalServer().start()
    yield server
    server.stop()


def dashboard(start_streamlit, fake_api, tmp_path: Path, key_in: str):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(FAST_HTTP)
    env = {"COMTRADE_BASE_URL": fake_api.url, "IMF_BASE_URL": fake_api.url, "TRADE_CACHE_DIR": str(tmp_path / "cache"),
           "PYTHONPATH": f"{site}:{ROOT}"}
    args: tuple[str, ...] = ()
    if key_in == "environment":
        env["COMTRADE_API_KEY"] = CANARY
    else:
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(f'COMTRADE_API_KEY = "{CANARY}"\n')
        args = (f"--secrets.files={secrets}",)
    return start_streamlit(env, args=args)


@pytest.mark.parametrize("key_in", ["environment", "secrets.toml"])
def test_key_never_shown_on_401_500_or_timeout(page, start_streamlit, fake_api, tmp_path, key_in):
    server = dashboard(start_streamlit, fake_api, tmp_path, key_in)
    page.goto(f"{server.url}/data?years=2023&years=2023")
    page.wait_for_selector(APP_READY, timeout=60_000)
    seen, pages = len(fake_api.seen), []
    for failure, reply in FAILURES.items():
        fake_api.routes.clear()
        fake_api.on(KEYED, reply)
        page.get_by_role("button", name=re.compile("Refresh ARM-KAZ")).click()
        notice = page.locator("[data-testid='stAlert']").filter(has_text="refresh failed")
        expect(notice).to_contain_text(re.compile(failure, re.IGNORECASE), timeout=30_000)
        page.wait_for_selector(APP_READY, timeout=30_000)
        assert page.locator("[data-testid='stException']").count() == 0
        pages.append(page.content())
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("Download dataset CSV")).click()
    # The key was configured and sent (in its header), so its absence below means something.
    assert {r.headers.get(KEY_HEADER) for r in fake_api.seen[seen:]} == {CANARY}
    assert [f for f, html in zip(FAILURES, pages) if CANARY in html] == []
    assert CANARY.encode() not in info.value.path().read_bytes()
    assert CANARY not in server.log.read_text(errors="replace")
    cache = tmp_path / "cache"
    assert [p for p in cache.rglob("*") if p.is_file() and CANARY.encode() in p.read_bytes()] == []


def test_api_error_message_is_shown_as_text(page, start_streamlit, fake_api, tmp_path):
    message = "[Renew your key](https://evil.example/login) www.evil.example <img src=x onerror=alert(1)>"
    server = dashboard(start_streamlit, fake_api, tmp_path, "environment")
    page.goto(f"{server.url}/data?years=2023&years=2023")
    page.wait_for_selector(APP_READY, timeout=60_000)
    fake_api.routes.clear()
    fake_api.on(KEYED, Reply(500, ('{"message":"' + message.replace('"', '\\"') + '"}').encode()))
    page.get_by_role("button", name=re.compile("Refresh ARM-KAZ")).click()
    notice = page.locator("[data-testid='stAlert']").filter(has_text="refresh failed")
    expect(notice).to_contain_text(message, timeout=30_000)
    assert notice.locator("a").count() == 0 and page.locator(INJECTED).count() == 0
