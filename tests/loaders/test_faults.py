"""Fault cases against a real HTTP server on 127.0.0.1: each ends in data, or in a clear error with the data folder
and the cache folder byte-for-byte unchanged."""
from __future__ import annotations

import json
import time
from dataclasses import replace
from types import SimpleNamespace

import pytest

from loaders import http
from loaders.http import HttpSettings
from loaders.live import BadResponse, LoaderError, NoData, SourceUnavailable
from loaders.refresh import refresh
from loaders.store.dataset import load_dataset
from tests.loaders.conftest import (
    DATA_DIR,
    FAST,
    IMF_DATA,
    PREVIEW_A,
    csv_reply,
    fixture_bytes,
    folder_hash,
    json_reply,
)
from tests.loaders.server import Reply

ARM_KAZ = ("ARM", "KAZ")
ERROR_429 = fixture_bytes("comtrade", "error_429.json")
GOOD_51 = "preview_A_51_398_2023.json"
GOOD_398 = "preview_A_398_51_2023.json"


@pytest.fixture
def primed(comtrade_ok, cache_folder):
    """A cache holding one good Comtrade refresh; afterwards the server is re-scripted by each test."""
    refresh("comtrade", ARM_KAZ, (2023, 2023), settings=FAST, cache_folder=cache_folder)
    comtrade_ok.routes.clear()
    comtrade_ok.seen.clear()
    return comtrade_ok


def run_failing(cache_folder, error: type[LoaderError], settings: HttpSettings = FAST, source: str = "comtrade",
                years=(2023, 2023)) -> tuple[str, float]:
    before = folder_hash(DATA_DIR), folder_hash(cache_folder)
    started = time.monotonic()
    with pytest.raises(error) as caught:
        refresh(source, ARM_KAZ, years, settings=settings, cache_folder=cache_folder)
    elapsed = time.monotonic() - started
    assert (folder_hash(DATA_DIR), folder_hash(cache_folder)) == before
    message = str(caught.value)
    assert message and "\n" not in message and "Traceback" not in message
    return message, elapsed


def run_succeeding(cache_folder, settings: HttpSettings = FAST) -> int:
    data_before = folder_hash(DATA_DIR)
    result = refresh("comtrade", ARM_KAZ, (2023, 2023), settings=settings, cache_folder=cache_folder)
    assert folder_hash(DATA_DIR) == data_before
    cached = load_dataset(cache_folder=cache_folder)
    assert cached.cache_problems == ()
    live = cached.records[(cached.records["source"] == "comtrade") & (cached.records["freq"] == "A")]
    assert sorted(live["value_usd"]) == [12345678.0, 13456789.0, 21234567.0, 23456789.0]
    return result.rows


def test_429_with_retry_after_2_waits_then_gets_the_data(primed, cache_folder):
    primed.on(PREVIEW_A, Reply(429, ERROR_429, headers={"Retry-After": "2"}), json_reply(GOOD_51),
              query={"reporterCode": "51"})
    primed.on(PREVIEW_A, json_reply("preview_A_398_51_2023.json"), query={"reporterCode": "398"})
    started = time.monotonic()
    assert run_succeeding(cache_folder) == 4
    assert time.monotonic() - started >= 2.0  # NB only a lower bound, which the 2 s sleep guarantees: cannot flake
    assert [s.query["reporterCode"] for s in primed.seen] == ["51", "51", "398"]


def test_429_with_retry_after_86400_gives_up_at_once(primed, cache_folder, monkeypatch):
    slept: list[float] = []  # NB what loaders.http asks to sleep, recorded: "at once" means no wait at all, not a clock
    monkeypatch.setattr(http, "time", SimpleNamespace(monotonic=time.monotonic, sleep=slept.append))
    primed.on(PREVIEW_A, Reply(429, ERROR_429, headers={"Retry-After": "86400"}))
    message, _ = run_failing(cache_folder, SourceUnavailable)
    assert "86400 s" in message and "time budget" in message
    assert slept == [] and len(primed.seen) == 1


def test_429_with_a_garbage_retry_after_backs_off_and_stops(primed, cache_folder):
    primed.on(PREVIEW_A, Reply(429, ERROR_429, headers={"Retry-After": "soon, maybe"}))
    message, _ = run_failing(cache_folder, SourceUnavailable)
    assert "HTTP 429" in message and "after 3 attempts" in message and "Rate limit is exceeded" in message
    assert len(primed.seen) == FAST.retries + 1


def test_500_forever_stops_after_the_bounded_retries(primed, cache_folder):
    primed.on(PREVIEW_A, Reply(500, b'{"statusCode":500,"message":"Internal server error"}'))
    message, elapsed = run_failing(cache_folder, SourceUnavailable)
    assert "HTTP 500" in message and "after 3 attempts" in message
    # NB expected well under 0.1 s (backoff 0.01 s); the 5 s budget is over 50x that: a bound that cannot flake
    assert len(primed.seen) == FAST.retries + 1 and elapsed < FAST.budget_seconds


def test_503_then_200_recovers(primed, cache_folder):
    primed.on(PREVIEW_A, Reply(503, b"Service Unavailable", "text/plain"), json_reply(GOOD_51),
              query={"reporterCode": "51"})
    primed.on(PREVIEW_A, json_reply("preview_A_398_51_2023.json"), query={"reporterCode": "398"})
    assert run_succeeding(cache_folder) == 4
    assert len(primed.seen) == 3


def test_connect_timeout(comtrade_ok, cache_folder, blackhole):
    refresh_settings = replace(FAST, connect_timeout=0.3, retries=1)
    message, elapsed = run_failing(cache_folder, SourceUnavailable, refresh_settings)
    # NB expected ~0.6 s (two attempts of 0.3 s); 10 s is over 10x that, and under the 2 x 5 s the default would take
    assert "connect timeout" in message and "within 0.3 s" in message and elapsed < 10


def test_read_timeout(primed, cache_folder):
    primed.on(PREVIEW_A, Reply(200, fixture_bytes("comtrade", GOOD_51), delay=1.5))
    message, elapsed = run_failing(cache_folder, SourceUnavailable, replace(FAST, read_timeout=0.3, retries=1))
    # NB expected ~0.6 s (two attempts of 0.3 s); without the read timeout the answer would arrive and refresh succeed
    assert "read timeout" in message and elapsed < 10


def test_a_trickling_answer_is_cut_off_by_the_total_budget(primed, cache_folder):
    primed.on(PREVIEW_A, json_reply(GOOD_51, trickle=0.05))  # 2 KB at 20 bytes/s: ~100 s, each gap < read timeout
    message, elapsed = run_failing(cache_folder, SourceUnavailable, replace(FAST, budget_seconds=1.0))
    # NB expected ~1 s (the budget); 20 s is 20x that and still far below the ~100 s the whole trickle would take
    assert "still arriving" in message and elapsed < 20


def test_body_cut_short_of_its_content_length(primed, cache_folder):
    primed.on(PREVIEW_A, json_reply(GOOD_51, cut_to=200))
    message, _ = run_failing(cache_folder, SourceUnavailable)
    assert "broke before the whole answer arrived" in message


def test_html_with_status_200(primed, cache_folder):
    primed.on(PREVIEW_A, Reply(200, b"<html><body><h1>Welcome to the portal</h1></body></html>", "text/html"))
    message, _ = run_failing(cache_folder, BadResponse)
    assert "text/html, not JSON" in message


def test_malformed_json(primed, cache_folder):
    primed.on(PREVIEW_A, Reply(200, b'{"elapsedTime":"0.2 secs","count":2,"data":[{'))
    message, _ = run_failing(cache_folder, BadResponse)
    assert "malformed JSON" in message


def test_renamed_field(primed, cache_folder):
    renamed = fixture_bytes("comtrade", GOOD_51).replace(b'"primaryValue"', b'"primary_value"')
    primed.on(PREVIEW_A, Reply(200, renamed))
    message, _ = run_failing(cache_folder, BadResponse)
    assert "primaryValue" in message and "format may have changed" in message


def test_error_inside_a_200_body(primed, cache_folder):
    primed.on(PREVIEW_A, json_reply("preview_error_in_200.json"))
    message, _ = run_failing(cache_folder, BadResponse)
    assert "Invalid classification" in message


def test_empty_result_is_no_data_not_a_zero(primed, cache_folder):
    primed.on(PREVIEW_A, json_reply("preview_empty.json"))
    message, _ = run_failing(cache_folder, NoData)
    assert "no figures" in message


def test_quota_403_is_not_retried(primed, cache_folder):
    primed.on(PREVIEW_A, json_reply("error_403_quota.json", status=403))
    message, _ = run_failing(cache_folder, SourceUnavailable)
    assert "HTTP 403" in message and "Out of call volume quota" in message and len(primed.seen) == 1


def test_redirect_is_not_followed(primed, cache_folder):
    primed.on(PREVIEW_A, Reply(301, b"", None, headers={"Location": "http://127.0.0.1:9/portal"}))
    message, _ = run_failing(cache_folder, BadResponse)
    assert "endpoint may have moved" in message and len(primed.seen) == 1


def test_a_budget_too_small_for_the_plan_ends_cleanly(primed, cache_folder):
    primed.on(PREVIEW_A, Reply(503, b"busy", "text/plain", headers={"Retry-After": "1"}))
    message, elapsed = run_failing(cache_folder, SourceUnavailable, replace(FAST, budget_seconds=1.5, retries=5))
    assert "time budget" in message and elapsed < 2.5


@pytest.mark.parametrize("answer_51, answer_398, message", [
    ("preview_A_842_392_2023_integers.json", GOOD_398, "ARM->KAZ 2023 with rows for reporter 842 (asked 51)"),
    ("preview_A_51_417_2023.json", GOOD_398, "ARM->KAZ 2023 with rows for partner 417 (asked 398)"),
    ("preview_A_51_398_2022.json", GOOD_398, "ARM->KAZ 2023 with rows for period 2022 (asked 2023)"),
    ("preview_A_51_398_2023_hs2_only.json", GOOD_398, "ARM->KAZ 2023 with rows for commodity 22 (asked TOTAL)"),
    # the first reporter's answer is good and already parsed; the mirror request gets ARM's own rows back
    (GOOD_51, GOOD_51, "KAZ->ARM 2023 with rows for reporter 51 (asked 398)"),
])
def test_an_answer_for_something_else_is_refused_and_nothing_reaches_the_cache(primed, cache_folder, answer_51,
                                                                              answer_398, message):
    primed.on(PREVIEW_A, json_reply(answer_51), query={"reporterCode": "51"})
    primed.on(PREVIEW_A, json_reply(answer_398), query={"reporterCode": "398"})
    refused, _ = run_failing(cache_folder, BadResponse)
    assert refused == f"Comtrade answered {message}"


@pytest.mark.parametrize("damage", ["truncate", "zero"])
def test_damaged_cache_file_is_skipped_then_replaced_by_a_refresh(primed, cache_folder, damage):
    sidecar = cache_folder / "comtrade" / "ARM-KAZ_A_TOTAL.json"
    data_file = sidecar.parent / json.loads(sidecar.read_text())["data_file"]
    data_file.write_bytes(data_file.read_bytes()[:40] if damage == "truncate" else b"")
    dataset = load_dataset(cache_folder=cache_folder)
    assert len(dataset.cache_problems) == 1
    assert ("checksum" if damage == "truncate" else "empty") in dataset.cache_problems[0]
    assert not dataset.records["source_url"].str.startswith(primed.url).any()
    assert len(dataset.records) == len(load_dataset(cache_folder=cache_folder / "none").records)
    primed.on(PREVIEW_A, json_reply(GOOD_51), query={"reporterCode": "51"})
    primed.on(PREVIEW_A, json_reply("preview_A_398_51_2023.json"), query={"reporterCode": "398"})
    assert run_succeeding(cache_folder) == 4


class TestImf:
    def test_html_access_denied_with_200(self, server, cache_folder):
        server.on(IMF_DATA, Reply(200, fixture_bytes("imf", "akamai_access_denied.html"), "text/html"))
        message, _ = run_failing(cache_folder, BadResponse, source="imf")
        assert "text/html" in message

    def test_no_content_204_is_no_data(self, server, cache_folder):
        server.on(IMF_DATA, Reply(204, b"", None))
        run_failing(cache_folder, NoData, source="imf")

    def test_header_only_csv_is_no_data(self, server, cache_folder):
        server.on(IMF_DATA, csv_reply("imts_header_only.csv"))
        run_failing(cache_folder, NoData, source="imf")

    def test_renamed_column(self, server, cache_folder):
        renamed = fixture_bytes("imf", "imts_A_ARM_KAZ_2022_2023.csv").replace(b"OBS_VALUE", b"VALUE")
        server.on(IMF_DATA, Reply(200, renamed, "text/csv"))
        message, _ = run_failing(cache_folder, BadResponse, source="imf", years=(2022, 2023))
        assert "OBS_VALUE" in message

    def test_500_forever(self, server, cache_folder):
        server.on(IMF_DATA, Reply(500, fixture_bytes("imf", "error_404.json").replace(b"NotFound", b"Error")))
        message, _ = run_failing(cache_folder, SourceUnavailable, source="imf")
        assert "HTTP 500" in message and len(server.seen) == FAST.retries + 1

    def test_404_error_json(self, server, cache_folder):
        server.on(IMF_DATA, Reply(404, fixture_bytes("imf", "error_404.json")))
        message, _ = run_failing(cache_folder, BadResponse, source="imf")
        assert "HTTP 404" in message and "not found" in message

    def test_cut_short(self, server, cache_folder):
        server.on(IMF_DATA, csv_reply("imts_A_ARM_KAZ_2022_2023.csv", cut_to=100))
        run_failing(cache_folder, SourceUnavailable, source="imf", years=(2022, 2023))

    def test_an_answer_with_a_world_counterpart_is_refused_and_the_cache_kept(self, server, cache_folder):
        server.on(IMF_DATA, csv_reply("imts_A_ARM_KAZ_2022_2023.csv"))
        refresh("imf", ARM_KAZ, (2022, 2023), settings=FAST, cache_folder=cache_folder)
        assert (cache_folder / "imf_imts" / "ARM-KAZ_A_TOTAL.json").is_file()
        server.routes.clear()
        server.on(IMF_DATA, csv_reply("imts_A_ARM_KAZ_2023_world_row.csv"))
        message, _ = run_failing(cache_folder, BadResponse, source="imf", years=(2022, 2023))
        assert message == "the IMF answered ARM-KAZ (A) with rows for countries ARM->G001 (asked ARM->KAZ, KAZ->ARM)"
