"""The session factory: headers, timeouts, urllib3 retries inside the budget, safe messages (mocked with responses)."""
from __future__ import annotations

import time
from dataclasses import replace
from types import SimpleNamespace

import pytest
import requests
import responses
from responses.registries import OrderedRegistry
from urllib3 import HTTPResponse

from loaders import http
from loaders.live import BadResponse, SourceUnavailable
from tests.loaders.conftest import CANARY, FAST

URL = "https://api.example.test/data"


@pytest.fixture
def mocked():
    with responses.RequestsMock(registry=OrderedRegistry, assert_all_requests_are_fired=True) as rsps:
        yield rsps


def session(**changes):
    return http.make_session(replace(FAST, **changes), secret_headers={"X-Key": CANARY})


def test_session_identifies_itself_and_sends_the_key_in_a_header_only(mocked):
    mocked.get(URL, json={"ok": True})
    response = http.get(session(), URL, params={"a": "1"}, accept="application/json")
    sent = mocked.calls[0].request
    assert sent.headers["User-Agent"].startswith("trade-gap-dashboard/") and sent.headers["X-Key"] == CANARY
    assert CANARY not in sent.url and response.json() == {"ok": True}


def test_default_timeouts_are_the_settings():
    adapter = session(connect_timeout=1.5, read_timeout=7.0).get_adapter(URL)
    assert adapter.timeout == (1.5, 7.0)
    assert adapter.max_retries.total == FAST.retries and 429 in adapter.max_retries.status_forcelist


def test_503_twice_then_200_is_three_calls(mocked):
    for status in (503, 503):
        mocked.get(URL, status=status)
    mocked.get(URL, json={"ok": 1})
    assert http.get(session(), URL, accept="application/json").status_code == 200
    assert len(mocked.calls) == 3


def budget_retry(seconds: float) -> http.BudgetRetry:
    retry = http.BudgetRetry(total=3, backoff_factor=0.01, retry_after_max=10**9)
    retry.budget = http.Budget(seconds)
    return retry


@pytest.fixture
def slept(monkeypatch) -> list[float]:
    """The seconds loaders.http asked to sleep, recorded instead of slept (its clock stays the real one)."""
    calls: list[float] = []
    monkeypatch.setattr(http, "time", SimpleNamespace(monotonic=time.monotonic, sleep=calls.append))
    return calls


# NB responses never calls Retry.sleep, so Retry-After is checked on the Retry itself here and end to end in test_faults
@pytest.mark.parametrize("header", ["86400", "HTTP-DATE"])
def test_retry_after_beyond_the_budget_raises_without_sleeping(header, slept):
    if header == "HTTP-DATE":
        header = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 86400))
    with pytest.raises(SourceUnavailable, match=r"asked to wait 86[34]\d\d s, more than the \d s left"):
        budget_retry(5).sleep(HTTPResponse(status=429, headers={"Retry-After": header}))
    assert slept == []


def test_retry_after_within_the_budget_is_honoured(slept):
    budget_retry(5).sleep(HTTPResponse(status=503, headers={"Retry-After": "1"}))
    assert slept == [1]


def test_garbage_retry_after_is_treated_as_absent():
    assert budget_retry(5).get_retry_after(HTTPResponse(status=429, headers={"Retry-After": "soon"})) is None


def test_retry_stops_once_the_budget_is_spent():
    with pytest.raises(SourceUnavailable, match="gave up after HTTP 503"):
        budget_retry(0).increment("GET", URL, response=HTTPResponse(status=503))


def test_garbage_retry_after_falls_back_to_backoff(mocked):
    for _ in range(FAST.retries + 1):
        mocked.get(URL, status=429, headers={"Retry-After": "garbage"})
    with pytest.raises(SourceUnavailable, match="HTTP 429"):
        http.get(session(), URL, accept="application/json")
    assert len(mocked.calls) == FAST.retries + 1


def test_client_errors_are_not_retried_and_echoed_secrets_are_redacted(mocked):
    mocked.get(URL, status=400, json={"error": f"bad key {CANARY}"})
    with pytest.raises(BadResponse) as caught:
        http.get(session(), URL, accept="application/json")
    assert CANARY not in str(caught.value) and "bad key ***" in str(caught.value)
    assert len(mocked.calls) == 1


def test_html_error_bodies_are_not_echoed(mocked):
    mocked.get(URL, status=404, body="<html><script>alert(1)</script></html>", content_type="text/html")
    with pytest.raises(BadResponse) as caught:
        http.get(session(), URL, accept="application/json")
    assert str(caught.value).endswith("(HTTP 404)")


def test_network_errors_become_source_unavailable(mocked):
    mocked.get(URL, body=requests.exceptions.ConnectionError("boom"))
    with pytest.raises(SourceUnavailable, match="could not connect"):
        http.get(session(retries=0), URL, accept="application/json")


@pytest.mark.parametrize("body, ctype", [
    (b"<!doctype html><p>portal</p>", "text/html"),
    (b"", "application/json"),
    (b'{"value": NaN}', "application/json"),
    (b"[" * 100_000 + b"]" * 100_000, "application/json"),
    (b'{"a": 1} trailing', "application/json"),
])
def test_json_body_rejects_anything_but_json(mocked, body, ctype):
    mocked.get(URL, body=body, content_type=ctype)
    response = http.get(session(), URL, accept="application/json")
    with pytest.raises(BadResponse):
        http.json_body(response)


def test_json_body_parses_json(mocked):
    mocked.get(URL, json={"count": 0, "data": []})
    assert http.json_body(http.get(session(), URL, accept="application/json")) == {"count": 0, "data": []}


def test_url_without_secrets_drops_key_parameters():
    url = f"https://h.test/p?reporterCode=51&subscription-key={CANARY}&period=2023&token=t"
    assert http.url_without_secrets(url) == "https://h.test/p?reporterCode=51&period=2023"


def test_budget_refuses_a_wait_it_cannot_afford_and_paces_requests(monkeypatch):
    clock = [1000.0]  # NB a fake clock that only sleeping moves: the pacing wait is exact, whatever the machine's load
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    monkeypatch.setattr(http, "time", SimpleNamespace(monotonic=lambda: clock[0], sleep=sleep))
    budget = http.Budget(seconds=0.5, pace=0.2)
    with pytest.raises(SourceUnavailable, match="time budget"):
        budget.wait(1.0, "waiting would take")
    assert slept == []
    budget.before_request()
    clock[0] += 0.05
    budget.before_request()
    assert slept == [pytest.approx(0.15)]
    clock[0] += 0.25  # 0.45 s of the 0.5 s budget gone, 0.25 s after the last request
    budget.before_request()
    assert slept == [pytest.approx(0.15)]  # the pace had already passed: no wait


def test_an_exhausted_budget_stops_before_the_request(mocked):
    s = session(budget_seconds=0.0)
    with pytest.raises(SourceUnavailable, match="used up"):
        http.get(s, URL, accept="application/json")
    assert len(mocked.calls) == 0


def test_redact_replaces_every_secret():
    assert http.redact(f"a {CANARY} b {CANARY}", [CANARY, ""]) == "a *** b ***"
