"""IMF IMTS: the SDMX request, and SDMX-CSV normalisation on fixtures of the real format."""
from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest
import responses

from loaders.http import make_session
from loaders.live import BadResponse
from loaders.schema import validate_records
from loaders.sources import imf_imts as imf
from tests.loaders.conftest import FAST, FIXTURES

TODAY = date(2026, 11, 28)
PAIR = ("ARM", "KAZ")


def text(name: str) -> str:
    return (FIXTURES / "imf" / name).read_text()


def normalize(body: str, years=(2015, 2024), freq="A") -> tuple[pd.DataFrame, list[str]]:
    return imf.normalize_imts(body, pair=PAIR, years=years, freq=freq, source_url="https://api.imf.org/x",
                              retrieved=TODAY)


def test_one_request_asks_for_both_flows_in_both_directions(monkeypatch):
    monkeypatch.delenv("IMF_BASE_URL", raising=False)
    url, params = imf.request_for(PAIR, (2015, 2024), "M")
    assert url == ("https://api.imf.org/external/sdmx/2.1/data/IMF.STA,IMTS/"
                   "ARM+KAZ.XG_FOB_USD+MG_CIF_USD.ARM+KAZ.M")
    assert params == {"startPeriod": "2015", "endPeriod": "2024"}


def test_annual_csv_becomes_records_for_both_reporters():
    frame, warnings = normalize(text("imts_A_ARM_KAZ_2022_2023.csv"))
    validate_records(frame, origin="test")
    assert len(frame) == 8 and set(frame["partner"]) == {"ARM", "KAZ"}
    exports = frame[(frame["reporter"] == "ARM") & (frame["flow"] == "export")]
    assert exports["value_usd"].tolist() == [61234567.89, 79876543.21]  # plain dollars, SCALE 6 not applied
    assert set(exports["valuation"]) == {"FOB"} and set(exports["partner_basis"]) == {"destination"}
    imports = frame[frame["flow"] == "import"]
    assert set(imports["valuation"]) == {"CIF"} and set(imports["partner_basis"]) == {"origin"}
    assert warnings == ["1 observation(s) without a value kept as gaps"]


def test_imf_estimates_are_marked_and_missing_values_stay_missing():
    frame, _ = normalize(text("imts_A_ARM_KAZ_2022_2023.csv"))
    estimate = frame[frame["confidence"] == "C"]
    assert estimate[["reporter", "flow", "value_usd"]].values.tolist() == [["ARM", "import", 30123456.78]]
    assert "IMF estimate" in estimate["note"].item()
    gap = frame[(frame["reporter"] == "KAZ") & (frame["flow"] == "export") & (frame["period_start"].dt.year == 2023)]
    assert gap["value_usd"].isna().all() and len(gap) == 1


def test_years_outside_the_request_are_filtered_and_counted_even_if_the_api_sends_them():
    frame, warnings = normalize(text("imts_A_ARM_KAZ_2022_2023.csv"), years=(2023, 2023))
    assert set(frame["period_start"].dt.year) == {2023} and len(frame) == 4
    # 2022 rows in the fixture: ARM exports, ARM imports, KAZ exports, KAZ imports = 4
    assert "4 observation(s) outside 2023-2023 left out (the IMF sent more years than asked)" in warnings
    assert not any("outside" in w for w in normalize(text("imts_A_ARM_KAZ_2022_2023.csv"), years=(2022, 2023))[1])


def test_monthly_periods_and_a_partial_latest_year():
    frame, _ = normalize(text("imts_M_ARM_KAZ_2024_partial.csv"), freq="M")
    assert sorted(frame["period_start"].dt.month.unique()) == [1, 2]
    assert set(frame["period_end"]) == {pd.Timestamp(2024, 1, 31), pd.Timestamp(2024, 2, 29)}
    assert frame["value_usd"].isna().sum() == 1


def test_rows_of_another_frequency_refuse_the_answer():
    with pytest.raises(BadResponse) as caught:
        normalize(text("imts_M_ARM_KAZ_2024_partial.csv"), freq="A")
    assert str(caught.value) == "the IMF answered ARM-KAZ (A) with rows for frequency M (asked A)"


FIRST_ROW = "IMF.STA:IMTS(1.0.0),ARM,XG_FOB_USD,KAZ,"


@pytest.mark.parametrize("body, message", [
    (text("imts_A_ARM_KAZ_2023_world_row.csv"), "countries ARM->G001"),
    (text("imts_A_ARM_KAZ_2022_2023.csv").replace(FIRST_ROW, FIRST_ROW.replace("KAZ", "KGZ"), 1),
     "countries ARM->KGZ"),
    (text("imts_A_ARM_KAZ_2022_2023.csv").replace(FIRST_ROW, FIRST_ROW.replace("KAZ", "ARM"), 1),
     "countries ARM->ARM"),
    (text("imts_A_ARM_KAZ_2022_2023.csv").replace(FIRST_ROW, FIRST_ROW.replace("ARM", "USA"), 1),
     "countries USA->KAZ"),
])
def test_rows_for_another_pair_refuse_the_answer(body, message):
    with pytest.raises(BadResponse) as caught:
        normalize(body, years=(2022, 2023))
    assert str(caught.value) == f"the IMF answered ARM-KAZ (A) with rows for {message} (asked ARM->KAZ, KAZ->ARM)"


def test_rows_for_another_indicator_refuse_the_answer():
    body = text("imts_A_ARM_KAZ_2022_2023.csv").replace("MG_CIF_USD", "TBG_USD", 1)
    with pytest.raises(BadResponse, match=r"rows for indicator TBG_USD \(asked XG_FOB_USD, MG_CIF_USD\)$"):
        normalize(body)


def full_shape_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(text("imts_A_ARM_KAZ_2022_2023_full.csv"))))


def test_the_full_shape_fixture_has_what_the_real_answers_have():
    header, *data, trailer = full_shape_rows()
    assert len(header) == 41 and {len(r) for r in data + [trailer]} == {41}
    assert {"SERIES_NAME", "PUBLISHER", "DEPARTMENT", "ACCESS_SHARING_LEVEL", "SHORT_SOURCE_CITATION"} <= set(header)
    cells = [cell for row in data for cell in row]
    assert any("," in c for c in cells) and any("©" in c for c in cells) and any('"' in c for c in cells)
    meta = dict(zip(header, trailer, strict=True))
    assert meta["INDICATOR"] and not (meta["COUNTRY"] or meta["TIME_PERIOD"] or meta["OBS_VALUE"])


def test_full_column_set_with_quoted_cells_and_a_metadata_trailer_gives_the_same_records():
    frame, warnings = normalize(text("imts_A_ARM_KAZ_2022_2023_full.csv"), years=(2022, 2023))
    validate_records(frame, origin="test")
    # 8 observation rows; the trailing metadata-only row (MG_CIF_USD, no country/period/value) is skipped, not refused
    assert len(frame) == 8 and warnings == ["1 observation(s) without a value kept as gaps"]
    got = frame.set_index(["reporter", "flow", frame["period_start"].dt.year])["value_usd"]
    # full precision as written in the fixture, not cut to cents
    assert got[("ARM", "export", 2022)] == 61234567.8912345 and got[("ARM", "export", 2023)] == 79876543.2109876
    assert got[("ARM", "import", 2022)] == 28765432.1098765 and got[("ARM", "import", 2023)] == 30123456.7890123
    assert got[("KAZ", "export", 2022)] == 31234567.4567891 and pd.isna(got[("KAZ", "export", 2023)])
    assert got[("KAZ", "import", 2022)] == 52345678.9012345 and got[("KAZ", "import", 2023)] == 53456789.0123456
    estimates = frame.loc[frame["confidence"] == "C", ["reporter", "flow", "period_start"]].values.tolist()
    assert estimates == [["ARM", "import", pd.Timestamp(2023, 1, 1)]]  # STATUS e read by name after the quoted cells


def test_only_a_row_without_country_period_and_value_is_metadata():
    header, *data, trailer = full_shape_rows()
    half = dict(zip(header, trailer, strict=True)) | {"COUNTRY": "ARM"}  # a country, but no counterpart or period
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *data, list(half.values())])
    with pytest.raises(BadResponse, match="rows for countries ARM-> "):
        normalize(buffer.getvalue(), years=(2022, 2023))


@pytest.mark.parametrize("body", ["", text("imts_header_only.csv")])
def test_no_rows_is_an_empty_frame(body):
    assert normalize(body)[0].empty


@pytest.mark.parametrize("old, new, message", [
    ("OBS_VALUE", "VALUE", "lacks column.*OBS_VALUE"),
    (",2022,", ",2022-Q1,", "does not fit frequency A"),
    ("61234567.89", "n/a", "not a number"),
    ("61234567.89", "-5", "not a trade value"),
])
def test_format_drift_is_a_bad_response(old, new, message):
    with pytest.raises(BadResponse, match=message):
        normalize(text("imts_A_ARM_KAZ_2022_2023.csv").replace(old, new, 1))


@pytest.fixture
def mocked(monkeypatch):
    monkeypatch.setenv("IMF_BASE_URL", "https://imf.test/sdmx/2.1")
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


def test_fetch_sends_the_sdmx_csv_accept_header_and_handles_204(mocked):
    url, _ = imf.request_for(PAIR, (2022, 2023), "A")
    mocked.get(url, status=204, match=[responses.matchers.header_matcher({"Accept": imf.ACCEPT})])
    body, clean = imf.fetch_imts(PAIR, (2022, 2023), "A", session=make_session(FAST))
    assert body == "" and clean.startswith("https://imf.test/sdmx/2.1/data/IMF.STA,IMTS/")


def test_fetch_refuses_json_where_csv_was_asked(mocked):
    url, _ = imf.request_for(PAIR, (2022, 2023), "A")
    mocked.get(url, body=text("error_404.json"), content_type="application/json")
    with pytest.raises(BadResponse, match="application/json, not csv"):
        imf.fetch_imts(PAIR, (2022, 2023), "A", session=make_session(FAST))


def test_load_pair_reports_progress_and_urls(mocked):
    url, _ = imf.request_for(PAIR, (2022, 2023), "A")
    mocked.get(url, body=text("imts_A_ARM_KAZ_2022_2023.csv"), content_type="text/csv")
    steps = []
    result = imf.load_pair(PAIR, (2022, 2023), session=make_session(FAST), today=TODAY,
                           progress=lambda done, total: steps.append((done, total)))
    assert len(result.records) == 8 and steps == [(1, 1)] and result.urls[0].endswith("endPeriod=2023")
