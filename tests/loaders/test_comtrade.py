"""UN Comtrade: code mapping, request planning, envelope checks and normalisation on fixtures of the real format."""
from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import pytest
import responses
from responses import matchers

from loaders.http import make_session
from loaders.live import BadResponse, LoaderError
from loaders.schema import validate_records
from loaders.sources import comtrade
from loaders.sources.comtrade_checks import check_rows
from loaders.sources.comtrade_codes import comtrade_code, iso3_of
from tests.loaders.conftest import CANARY, FAST, FIXTURES, KEYED_M, PREVIEW_A

TODAY = date(2026, 11, 28)
URL = "https://comtradeapi.un.org/public/v1/preview/C/A/HS?x=1"


def rows(name: str) -> list[dict]:
    return json.loads((FIXTURES / "comtrade" / name).read_text())["data"]


def normalize(data: list[dict]) -> tuple[pd.DataFrame, list[str]]:
    return comtrade.normalize_records(data, source_url=URL, retrieved=TODAY)


# NB the key order of agrobr's recorded preview answer soy_br_cn_2023_01.json (2026-09); the fixtures copy it
WIRE_ORDER = [
    "typeCode", "freqCode", "refPeriodId", "refYear", "refMonth", "period", "reporterCode", "reporterISO",
    "reporterDesc", "flowCode", "flowDesc", "partnerCode", "partnerISO", "partnerDesc", "partner2Code", "partner2ISO",
    "partner2Desc", "classificationCode", "classificationSearchCode", "isOriginalClassification", "cmdCode", "cmdDesc",
    "aggrLevel", "isLeaf", "customsCode", "customsDesc", "mosCode", "motCode", "motDesc", "qtyUnitCode", "qtyUnitAbbr",
    "qty", "isQtyEstimated", "altQtyUnitCode", "altQtyUnitAbbr", "altQty", "isAltQtyEstimated", "netWgt",
    "isNetWgtEstimated", "grossWgt", "isGrossWgtEstimated", "cifvalue", "fobvalue", "primaryValue",
    "legacyEstimationFlag", "isReported", "isAggregate"]
DATA_FIXTURES = sorted(p.name for p in (FIXTURES / "comtrade").glob("*_[AM]_*.json"))


@pytest.mark.parametrize("name", DATA_FIXTURES)
def test_data_fixtures_have_the_47_keys_in_wire_order(name):
    assert len(WIRE_ORDER) == 47 and all(list(row) == WIRE_ORDER for row in rows(name))


@pytest.mark.parametrize("code, iso3", [(842, "USA"), (251, "FRA"), (699, "IND"), (757, "CHE"), (51, "ARM"),
                                        (398, "KAZ"), (276, "DEU"), (56, "BEL")])
def test_comtrade_codes_map_to_iso3_and_back(code, iso3):
    assert iso3_of(code) == iso3 and iso3_of(str(code)) == iso3
    assert comtrade_code(iso3) == code


@pytest.mark.parametrize("code", [0, 97, 490, 975, 899, 459, "W00", None, True, 10**9])
def test_world_groups_and_unknown_codes_are_not_countries(code):
    assert iso3_of(code) is None


def test_expired_codes_still_name_their_country_but_are_never_asked_for():
    assert iso3_of(841) == "USA" and iso3_of(58) == "BEL"
    with pytest.raises(LoaderError, match="no reporter code"):
        comtrade_code("ASM")


def test_preview_plan_is_one_period_per_call_for_both_reporters():
    plan = comtrade.plan_requests(("ARM", "KAZ"), (2015, 2024), today=TODAY)
    assert len(plan) == 20 and {(r.reporter, r.partner) for r in plan} == {("ARM", "KAZ"), ("KAZ", "ARM")}
    assert all(len(r.periods) == 1 for r in plan)
    assert plan[0].params() == {"reporterCode": "51", "partnerCode": "398", "partner2Code": "0", "period": "2015",
                                "cmdCode": "TOTAL", "flowCode": "X,M", "customsCode": "C00", "motCode": "0",
                                "includeDesc": "true"}


def test_keyed_monthly_plan_takes_twelve_periods_a_call_and_skips_the_future():
    plan = comtrade.plan_requests(("USA", "FRA"), (2025, 2027), freq="M", hs="6", keyed=True, today=TODAY)
    periods = [p for r in plan if r.reporter == "USA" for p in r.periods]
    assert periods[0] == "202501" and periods[-1] == "202611" and len(periods) == 23
    assert max(len(r.periods) for r in plan) == 12 and plan[0].cmd == "AG6"
    assert plan[0].params()["reporterCode"] == "842" and plan[0].params()["partnerCode"] == "251"


def test_split_halves_periods_then_flows_then_stops():
    request = comtrade.ComtradeRequest("ARM", "KAZ", "M", ("202401", "202402"), "AG6")
    first, second = request.split()
    assert (first.periods, second.periods) == (("202401",), ("202402",))
    assert [r.flows for r in first.split()] == [("X",), ("M",)]
    assert first.split()[0].split() == []


def test_annual_preview_rows_become_records_with_valuation_and_basis():
    frame, warnings = normalize(rows("preview_A_51_398_2023.json"))
    assert warnings == []
    validate_records(frame, origin="test")
    got = frame.set_index("flow")
    assert got.loc["export", ["valuation", "partner_basis", "value_usd"]].tolist() == ["FOB", "destination", 12345678.0]
    assert got.loc["import", ["valuation", "partner_basis", "value_usd"]].tolist() == ["CIF", "origin", 23456789.0]
    assert (frame["period_start"] == pd.Timestamp(2023, 1, 1)).all()
    assert (frame["period_end"] == pd.Timestamp(2023, 12, 31)).all()
    assert (frame["vintage"] == pd.Timestamp(TODAY)).all() and (frame["source_url"] == URL).all()
    assert frame["note"].str.contains("isAggregate=True").all()


def test_rows_without_include_desc_normalise_the_same_from_codes():
    with_desc, _ = normalize(rows("preview_A_51_398_2023.json"))
    without, _ = normalize(rows("preview_A_51_398_2023_no_desc.json"))
    pd.testing.assert_frame_equal(with_desc, without)


def test_aggregate_and_detail_rows_are_kept_apart_never_summed():
    frame, warnings = normalize(rows("preview_A_51_398_2023_hs2_aggregates.json"))
    assert sorted(frame["hs_code"]) == ["08", "22", "TOTAL"]
    total = frame.loc[frame["hs_code"] == "TOTAL", "value_usd"].item()
    chapters = frame.loc[frame["hs_code"] != "TOTAL", "value_usd"]
    assert total == 12345678.0 and total != chapters.sum()
    assert frame.loc[frame["hs_code"] == "22", "value_usd"].item() == 3456789.0  # not + the road-transport row
    assert sorted(warnings) == ["1 aggregate partner row(s) skipped (not summed)",
                                "1 breakdown row(s) skipped (not summed)"]


def test_partial_latest_year_stays_monthly_and_partial():
    frame, _ = normalize(rows("keyed_M_51_398_2024_partial.json"))
    assert set(frame["freq"]) == {"M"} and set(frame["period_start"]) == {pd.Timestamp(2024, 1, 1)}
    assert set(frame["period_end"]) == {pd.Timestamp(2024, 1, 31)}
    assert frame["note"].str.contains("isReported=True").all()


def test_both_cif_and_fob_on_imports_give_two_records():
    data = rows("preview_A_51_398_2023.json")[1:]
    data[0] = {**data[0], "fobvalue": 22000000.0}
    frame, _ = normalize(data)
    got = sorted(zip(frame["valuation"], frame["value_usd"], strict=True))
    assert got == [("CIF", 23456789.0), ("FOB", 22000000.0)]


def test_zero_valuation_beside_a_value_is_not_a_figure_and_missing_value_is_na():
    data = rows("preview_A_51_398_2023.json")[:1]
    zero = {**data[0], "fobvalue": 0.0}
    frame, _ = normalize([zero])
    assert frame[["valuation", "value_usd"]].values.tolist() == [["unknown", 12345678.0]]
    frame, _ = normalize([{**data[0], "fobvalue": None, "primaryValue": None}])
    assert frame["value_usd"].isna().all()


@pytest.mark.parametrize("change, message", [
    ({"primaryValue": "12,345"}, "not a non-negative number"),
    ({"primaryValue": -5.0}, "not a non-negative number"),
    ({"refMonth": 13, "freqCode": "M"}, "neither annual nor a month"),
    ({"reporterCode": 999999}, "not in its reference table"),
])
def test_bad_values_are_bad_responses(change, message):
    with pytest.raises(BadResponse, match=message):
        normalize([{**rows("preview_A_51_398_2023.json")[0], **change}])


def test_renamed_or_dropped_fields_name_what_is_missing():
    row = rows("preview_A_51_398_2023.json")[0]
    row["partner_code"] = row.pop("partnerCode")
    with pytest.raises(BadResponse, match="lack field.*partnerCode"):
        normalize([row])


def test_conflicting_duplicates_are_refused():
    row = rows("preview_A_51_398_2023.json")[0]
    with pytest.raises(BadResponse, match="two different values"):
        normalize([row, {**row, "primaryValue": 1.0, "fobvalue": 1.0}])
    frame, _ = normalize([row, dict(row)])
    assert len(frame) == 1


ARM_KAZ_2023 = comtrade.ComtradeRequest("ARM", "KAZ", "A", ("2023",))


@pytest.mark.parametrize("name, message", [
    ("preview_A_842_392_2023_integers.json", "reporter 842 (asked 51)"),
    ("preview_A_51_417_2023.json", "partner 417 (asked 398)"),
    ("preview_A_51_398_2022.json", "period 2022 (asked 2023)"),
    ("preview_A_51_398_2023_hs2_only.json", "commodity 22 (asked TOTAL)"),
])
def test_an_answer_for_another_pair_period_or_product_is_refused_in_one_line(name, message):
    with pytest.raises(BadResponse) as caught:
        check_rows(rows(name), ARM_KAZ_2023)
    assert str(caught.value) == f"Comtrade answered ARM->KAZ 2023 with rows for {message}"


@pytest.mark.parametrize("change, message", [
    ({"partnerCode": 0, "partnerISO": "W00", "partnerDesc": "World"}, "partner 0 (asked 398)"),
    ({"flowCode": "RX", "flowDesc": "Re-export"}, "flow RX (asked X,M)"),
    ({"freqCode": "M", "refMonth": 1, "period": "202301"}, "frequency M (asked A)"),
    ({"classificationSearchCode": "H5"}, "classification H5 (asked HS)"),
    ({"partnerCode": 417, "motCode": 3200}, "partner 417 (asked 398)"),  # a breakdown row, but of another pair
])
def test_one_foreign_row_refuses_the_whole_answer(change, message):
    good, *rest = rows("preview_A_51_398_2023.json")
    with pytest.raises(BadResponse, match=f"^Comtrade answered ARM->KAZ 2023 with rows for {re.escape(message)}$"):
        check_rows([good, *rest, {**good, **change}], ARM_KAZ_2023)


@pytest.mark.parametrize("cmd, code, fits", [
    ("TOTAL", "TOTAL", True), ("TOTAL", "22", False),
    ("AG2", "22", True), ("AG2", "2203", False), ("AG2", "TOTAL", False),
    ("AG4", "2203", True), ("AG4", "22", False), ("AG4", "220300", False),
    ("AG6", "870323", True), ("AG6", "8703", False), ("AG6", "87032x", False),
])
def test_commodity_codes_must_be_at_the_requested_level(cmd, code, fits):
    request = comtrade.ComtradeRequest("ARM", "KAZ", "A", ("2023",), cmd)
    data = [{**rows("preview_A_51_398_2023.json")[0], "cmdCode": code}]
    if fits:
        check_rows(data, request)
    else:
        with pytest.raises(BadResponse, match=f"rows for commodity {code} \\(asked {cmd}\\)$"):
            check_rows(data, request)


def test_monthly_rows_must_be_for_a_requested_month():
    data = rows("keyed_M_51_398_2024_partial.json")  # both rows are for January 2024 (refYear 2024, refMonth 1)
    check_rows(data, comtrade.ComtradeRequest("ARM", "KAZ", "M", ("202401", "202402")))
    with pytest.raises(BadResponse, match=r"ARM->KAZ 202402 with rows for period 202401 \(asked 202402\)$"):
        check_rows(data, comtrade.ComtradeRequest("ARM", "KAZ", "M", ("202402",)))


def test_breakdown_rows_of_the_requested_pair_pass_the_check_and_are_skipped_as_before():
    good = rows("preview_A_51_398_2023.json")
    data = [*good, {**good[0], "motCode": 3200, "motDesc": "Road", "fobvalue": 1111111.0, "primaryValue": 1111111.0}]
    check_rows(data, ARM_KAZ_2023)
    frame, warnings = normalize(data)
    assert sorted(frame["value_usd"]) == [12345678.0, 23456789.0]  # the road row (1111111.0) is neither kept nor added
    assert warnings == ["1 breakdown row(s) skipped (not summed)"]


def test_a_row_without_the_fields_the_check_reads_is_a_format_change():
    row = rows("preview_A_51_398_2023.json")[0]
    del row["classificationSearchCode"]
    with pytest.raises(BadResponse, match="lack field.*classificationSearchCode.*format may have changed"):
        check_rows([row], ARM_KAZ_2023)


def test_integer_money_gives_the_same_floats_as_the_float_form():
    data = rows("preview_A_842_392_2023_integers.json")
    frame, _ = normalize(data)
    got = sorted(zip(frame["flow"], frame["valuation"], frame["value_usd"], strict=True))
    # by hand from the fixture: export fobvalue 71234567890 (JSON integer) -> 71234567890.0;
    # import cifvalue 147258369012 (integer) -> 147258369012.0 and fobvalue 139876543210.5 (float) -> same
    assert got == [("export", "FOB", 71234567890.0), ("import", "CIF", 147258369012.0),
                   ("import", "FOB", 139876543210.5)]
    assert frame["value_usd"].dtype == "float64"
    as_floats = [{k: float(v) if k in ("cifvalue", "fobvalue", "primaryValue") and v is not None else v
                  for k, v in row.items()} for row in data]
    assert isinstance(data[0]["fobvalue"], int) and isinstance(as_floats[0]["fobvalue"], float)
    pd.testing.assert_frame_equal(frame, normalize(as_floats)[0])


def test_estimation_flags_are_kept_in_the_note_and_leave_the_values_alone():
    frame, _ = normalize(rows("preview_A_842_392_2023_integers.json"))
    notes = dict(zip(frame["valuation"] + " " + frame["flow"], frame["note"], strict=True))
    assert "; net weight estimated (isNetWgtEstimated), legacyEstimationFlag 4 (quantities, not the value); " \
           "value from fobvalue" in notes["FOB export"]
    for key in ("CIF import", "FOB import"):
        assert "; gross weight estimated (isGrossWgtEstimated), legacyEstimationFlag 6 (quantities, not " in notes[key]
    assert set(frame["confidence"]) == {"A"}  # a quantity estimate does not lower the value's confidence
    plain, _ = normalize(rows("preview_A_51_398_2023.json"))  # all flags false, legacyEstimationFlag 0
    assert not plain["note"].str.contains("estimat|legacy", regex=True).any()


@pytest.fixture
def mocked(monkeypatch):
    monkeypatch.setenv("COMTRADE_BASE_URL", "https://comtrade.test")
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


def body(name: str) -> str:
    return (FIXTURES / "comtrade" / name).read_text()


@pytest.mark.parametrize("name, message", [
    ("preview_error_in_200.json", "reported an error.*Invalid classification"),
    ("preview_countonly.json", "not a list"),
    ("error_429.json", "without a data envelope: Rate limit"),
])
def test_envelope_errors_inside_http_200(mocked, name, message):
    mocked.get("https://comtrade.test" + PREVIEW_A, body=body(name), content_type="application/json")
    with pytest.raises(BadResponse, match=message):
        comtrade.fetch_records(comtrade.plan_requests(("ARM", "KAZ"), (2023, 2023), today=TODAY)[0],
                               session=make_session(FAST), keyed=False)


def test_count_that_disagrees_with_the_data_is_refused(mocked):
    payload = json.loads(body("preview_A_51_398_2023.json")) | {"count": 3}
    mocked.get("https://comtrade.test" + PREVIEW_A, json=payload)
    with pytest.raises(BadResponse, match="said 3 records"):
        comtrade.fetch_records(comtrade.plan_requests(("ARM", "KAZ"), (2023, 2023), today=TODAY)[0],
                               session=make_session(FAST), keyed=False)


def hs6(row: dict, n: int) -> list[dict]:
    """n six-digit commodity rows like ``row`` (an answer to cmdCode=AG6 for row's reporter, partner and flow)."""
    return [{**row, "cmdCode": f"{870300 + i:06d}", "aggrLevel": 6} for i in range(n)]


def capped(n: int, row: dict | None = None) -> dict:
    data = hs6(row or rows("preview_A_51_398_2023.json")[0], n)
    return {"elapsedTime": "1 secs", "count": n, "data": data, "error": ""}


def answer(data: list[dict]) -> dict:
    return {"elapsedTime": "0.2 secs", "count": len(data), "data": data, "error": ""}


def test_a_full_preview_page_is_split_by_flow_never_undercounted(mocked):
    url = "https://comtrade.test" + PREVIEW_A
    for reporter, name in (("51", "preview_A_51_398_2023.json"), ("398", "preview_A_398_51_2023.json")):
        export_row = rows(name)[0]

        def match(flows: str, reporter=reporter) -> list:
            return [matchers.query_param_matcher({"reporterCode": reporter, "flowCode": flows}, strict_match=False)]

        mocked.get(url, json=capped(500, export_row), match=match("X,M"))
        mocked.get(url, json=answer(hs6(export_row, 3)), match=match("X"))
        mocked.get(url, json=json.loads(body("preview_empty.json")), match=match("M"))
    seen = []
    result = comtrade.load_pair(("ARM", "KAZ"), (2023, 2023), session=make_session(FAST), hs="6", today=TODAY,
                                progress=lambda done, total: seen.append((done, total)))
    # 2 reporters x 3 HS6 export rows after the split; 2 first calls + 2 x 2 halves = 6 calls
    assert len(result.records) == 2 * 3 and seen[-1][0] == seen[-1][1] == 6
    assert sorted(result.records["reporter"]) == ["ARM"] * 3 + ["KAZ"] * 3
    assert any("no figures published" in w for w in result.warnings)


def test_a_full_page_that_cannot_be_split_is_an_error(mocked):
    mocked.get("https://comtrade.test" + PREVIEW_A, json=capped(500))
    with pytest.raises(comtrade.Truncated, match="maximum of 500 rows for ARM->KAZ 2023.*COMTRADE_API_KEY"):
        comtrade.load_pair(("ARM", "KAZ"), (2023, 2023), session=make_session(FAST), hs="6", today=TODAY)
    assert [c.request.params["flowCode"] for c in mocked.calls] == ["X,M", "X"]


def test_keyed_calls_use_the_data_endpoint_and_the_key_header(mocked):
    mocked.get("https://comtrade.test" + KEYED_M, body=body("keyed_M_51_398_2024_partial.json"),
               content_type="application/json",
               match=[matchers.header_matcher({comtrade.KEY_HEADER: CANARY}),
                      matchers.query_param_matcher({"period": "202401,202402"}, strict_match=False)])
    session = make_session(FAST, secret_headers={comtrade.KEY_HEADER: CANARY})
    request = comtrade.ComtradeRequest("ARM", "KAZ", "M", ("202401", "202402"))
    data, url = comtrade.fetch_records(request, session=session, keyed=True)
    assert len(data) == 2 and CANARY not in url and url.startswith("https://comtrade.test/data/v1/get/C/M/HS?")


def test_usa_is_asked_and_checked_as_842_not_iso_840(mocked):
    url = "https://comtrade.test" + PREVIEW_A
    mocked.get(url, body=body("preview_A_842_392_2023_integers.json"), content_type="application/json",
               match=[matchers.query_param_matcher({"reporterCode": "842", "partnerCode": "392"}, strict_match=False)])
    mocked.get(url, body=body("preview_empty.json"), content_type="application/json",
               match=[matchers.query_param_matcher({"reporterCode": "392", "partnerCode": "842"}, strict_match=False)])
    result = comtrade.load_pair(("USA", "JPN"), (2023, 2023), session=make_session(FAST), today=TODAY)
    # 1 export row (FOB) + 1 import row with both valuations (CIF, FOB) = 3 records, all USA's report on JPN
    assert len(result.records) == 3 and set(zip(result.records["reporter"], result.records["partner"])) == {
        ("USA", "JPN")}
