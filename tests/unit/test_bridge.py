"""Bridge view on hand-made records: each step's value computed by hand, the identity start + steps + residual = end,
unmeasured causes without a number, and a missing end figure left missing."""
from __future__ import annotations

import importlib
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.query import Query
from loaders.store.snapshot import read_snapshot
from loaders.views.bridge import bridge
from loaders.views.timing import timing_effect
from tests.unit.gap_snapshot import months, rec, snapshot

Q = Query(margin=0.1)


def bars_of(frame: pd.DataFrame, direction: str, end_basis: str | None = None) -> pd.DataFrame:
    rows = frame[frame["direction"] == direction]
    if end_basis is not None:
        rows = rows[rows["end_basis"] == end_basis]
    return rows


def step(bars: pd.DataFrame, name: str) -> pd.Series:
    return bars[bars["step"] == name].iloc[0]


def assert_identity(bars: pd.DataFrame) -> None:
    counted = bars[bars["kind"].isin(["start", "step", "residual"])]["value_usd"]
    end = bars[bars["kind"] == "end"]["value_usd"].iloc[0]
    assert math.fsum(counted) == pytest.approx(end, abs=1e-6)


def cars_and_exports() -> list[dict]:
    return [
        rec("ARM", "export", "2023", 100e6, vintage="2024-02-01"),
        rec("ARM", "export", "2023", 120e6, vintage="2024-08-01"),  # the revised figure: the start (latest)
        rec("KAZ", "import", "2023", 90e6, vintage="2024-05-01", source="imf_dots"),
        # HS 8703 (cars): two HS4 rows in January (two modes of transport), one in February, and an HS6 detail row
        # of January that must never be added to its HS4 aggregate.
        rec("ARM", "export", "2023-01", 6e6, freq="M", hs="8703", source="comtrade", vintage="2024-01-19"),
        rec("ARM", "export", "2023-01", 4e6, freq="M", hs="8703", source="comtrade", vintage="2024-01-19"),
        rec("ARM", "export", "2023-02", 5e6, freq="M", hs="8703", source="comtrade", vintage="2024-01-19"),
        rec("ARM", "export", "2023-01", 6e6, freq="M", hs="870323", source="comtrade", vintage="2024-01-19"),
    ]


def test_each_step_of_a_direction_by_hand():
    bars = bars_of(bridge(snapshot(cars_and_exports()), Q), "ARM→KAZ")
    assert step(bars, "start: ARM export")["value_usd"] == 120e6
    # As published by the date of KAZ's figure (2024-05-01) Armenia's figure was 100 M: the revision is -20 M.
    assert step(bars, "revision between vintages")["value_usd"] == pytest.approx(-20e6)
    assert step(bars, "valuation (CIF/FOB)")["value_usd"] == pytest.approx(0.1 * 100e6)
    assert step(bars, "re-exports")["value_usd"] == pytest.approx(-15e6)  # 6 + 4 + 5, the HS6 row not added
    # residual = 90 - 120 - (-20 + 10 - 15) = -5
    assert step(bars, "residual (unexplained)")["value_usd"] == pytest.approx(-5e6)
    assert step(bars, "end: KAZ import")["value_usd"] == 90e6
    assert_identity(bars)


def test_causes_the_data_cannot_measure_have_no_number():
    bars = bars_of(bridge(snapshot(cars_and_exports()), Q), "ARM→KAZ")
    unmeasured = bars[bars["kind"] == "unmeasured"]
    assert {"partner attribution", "timing", "classification", "coverage and trade system",
            "exchange-rate conversion"} <= set(unmeasured["step"])
    assert unmeasured["value_usd"].isna().all()
    assert (unmeasured["reason"].str.len() > 0).all()
    assert (bars[bars["kind"] == "step"]["method"].str.len() > 0).all()
    assert set(bars[bars["kind"] == "step"]["confidence"]) <= {"A", "B", "C"}


def attribution_records() -> list[dict]:
    return [
        rec("KAZ", "export", "2023", 50e6, source="imf_dots"),
        rec("ARM", "import", "2023", 40e6, basis="origin"),
        rec("ARM", "import", "2023", 60e6, basis="consignment"),
    ]


def test_partner_attribution_where_the_importer_publishes_both_bases():
    frame = bridge(snapshot(attribution_records()), Q)
    origin = bars_of(frame, "KAZ→ARM", "origin")
    assert step(origin, "partner attribution")["value_usd"] == pytest.approx(40e6 - 60e6)
    assert step(origin, "valuation (CIF/FOB)")["value_usd"] == pytest.approx(5e6)
    # residual = 40 - 50 - (0 - 20 + 5) = 5
    assert step(origin, "residual (unexplained)")["value_usd"] == pytest.approx(5e6)
    assert_identity(origin)
    consignment = bars_of(frame, "KAZ→ARM", "consignment")
    assert "partner attribution" not in set(consignment["step"])  # the end is already on the consignment basis
    assert step(consignment, "residual (unexplained)")["value_usd"] == pytest.approx(60e6 - 50e6 - 5e6)
    assert_identity(consignment)


def test_turnover_bridge_from_the_first_countrys_total_to_the_seconds():
    records = [rec("ARM", "export", "2023", 100e6), rec("ARM", "import", "2023", 40e6, basis="origin"),
               rec("ARM", "import", "2023", 60e6, basis="consignment"),
               rec("KAZ", "turnover", "2023", 120e6, source="kz_official", vintage="2024-05-01", confidence="B")]
    bars = bars_of(bridge(snapshot(records), Q), "ARM↔KAZ", "unknown")
    origin = bars[bars["start_basis"] == "origin"]
    assert step(origin, "start: ARM turnover")["value_usd"] == pytest.approx(140e6)
    assert step(origin, "revision between vintages")["value_usd"] == 0
    assert step(origin, "partner attribution")["value_usd"] == pytest.approx(20e6)
    # one CIF leg each side: + 0.1 x exports - 0.1/1.1 x imports (by consignment, after attribution)
    assert step(origin, "valuation (CIF/FOB)")["value_usd"] == pytest.approx(10e6 - 60e6 * 0.1 / 1.1)
    assert step(origin, "residual (unexplained)")["value_usd"] == pytest.approx(
        120e6 - 140e6 - 20e6 - (10e6 - 60e6 * 0.1 / 1.1))
    assert_identity(origin)


def test_a_missing_end_figure_is_said_not_invented():
    records = [rec("ARM", "export", "2023", 80e6)]
    bars = bars_of(bridge(snapshot(records), Q), "ARM→KAZ")
    end, residual = step(bars, "end: KAZ import"), step(bars, "residual (unexplained)")
    assert pd.isna(end["value_usd"]) and pd.isna(residual["value_usd"])
    assert bars["status"].iloc[0].startswith("no KAZ import figure")
    assert step(bars, "valuation (CIF/FOB)")["value_usd"] == pytest.approx(8e6)


def test_a_missing_start_figure_bridges_nothing():
    bars = bars_of(bridge(snapshot([rec("ARM", "import", "2023", 30e6)]), Q), "KAZ→ARM")
    assert set(bars["kind"]) == {"start", "end"}
    assert "nothing to bridge from" in bars["status"].iloc[0]


def test_timing_lag_and_what_it_moves_across_the_year_end():
    x = pd.DataFrame({"period_start": pd.date_range("2023-01-01", periods=12, freq="MS"), "value_usd": 10.0})
    # The importer books each month's goods one month later, CIF (+10 %): 11 a month from February 2023 to January
    # 2024; January 2023 holds December 2022's goods (5) and February 2024 January 2024's (3).
    m_values = [5.0] + [11.0] * 12 + [3.0]
    m = pd.DataFrame({"period_start": pd.date_range("2023-01-01", periods=14, freq="MS"), "value_usd": m_values})
    effect = timing_effect(x, m, margin=0.1)
    row = effect[effect["year"] == 2023].iloc[0]
    assert row["lag_months"] == 1
    # 2023 as booked (5 + 11 x 11 = 126) minus the months t + 1 of 2023 (11 x 12 = 132)
    assert row["timing_usd"] == pytest.approx(126.0 - 132.0)
    assert 2024 not in set(effect["year"])  # 2024 lacks its months: no timing figure, not a guess


def test_timing_step_enters_the_bridge_when_both_sides_publish_months():
    records = (months("ARM", "export", 2023, [10e6] * 12)
               + months("KAZ", "import", 2023, [5e6] + [11e6] * 11, source="kz_stat", basis="origin")
               + months("KAZ", "import", 2024, [11e6, 3e6], source="kz_stat", basis="origin"))
    bars = bars_of(bridge(snapshot(records), Q.with_(years=(2023, 2023))), "ARM→KAZ")
    assert step(bars, "timing")["value_usd"] == pytest.approx(126e6 - 132e6)
    assert_identity(bars)


money = st.floats(min_value=1e3, max_value=5e8, allow_nan=False)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=money, revised=money, importer=money, imports_origin=money, imports_consignment=money, cars=money,
       kz_turnover=money, margin=st.floats(min_value=0.0, max_value=0.5))
def test_every_bridge_sums_to_its_end_figure(first, revised, importer, imports_origin, imports_consignment, cars,
                                             kz_turnover, margin):
    records = [rec("ARM", "export", "2023", first, vintage="2024-02-01"),
               rec("ARM", "export", "2023", revised, vintage="2024-08-01"),
               rec("ARM", "import", "2023", imports_origin, basis="origin", vintage="2024-08-01"),
               rec("ARM", "import", "2023", imports_consignment, basis="consignment", vintage="2024-08-01"),
               rec("KAZ", "import", "2023", importer, source="imf_dots", vintage="2024-05-01"),
               rec("KAZ", "export", "2023", kz_turnover / 3, source="imf_dots", vintage="2024-05-01"),
               rec("ARM", "export", "2023-03", cars, freq="M", hs="8703", source="comtrade")]
    frame = bridge(snapshot(records), Query(margin=margin))
    complete = frame[frame["status"] == "complete"]
    assert complete["bridge"].nunique() >= 4
    for _, bars in complete.groupby("bridge"):
        assert_identity(bars)
        assert bars[bars["kind"] == "unmeasured"]["value_usd"].isna().all()
    # NB the identity holds by construction (the residual is what is left): each bar of ARM→KAZ is also checked
    # against its own formula. As of KAZ's vintage Armenia had published `first`; KAZ publishes one basis only.
    arm_kaz = bars_of(complete, "ARM→KAZ").set_index("step")["value_usd"]
    assert arm_kaz["start: ARM export"] == revised
    assert arm_kaz["revision between vintages"] == pytest.approx(first - revised)
    assert math.isnan(arm_kaz["partner attribution"]) and math.isnan(arm_kaz["timing"])
    assert arm_kaz["valuation (CIF/FOB)"] == pytest.approx(margin * first)
    assert arm_kaz["re-exports"] == pytest.approx(-cars)
    assert arm_kaz["residual (unexplained)"] == pytest.approx(importer - first * (1 + margin) + cars, abs=1e-3)


@pytest.mark.parametrize("q", [Query(years=(2023, 2023)), Query(years=(2015, 2020), flow="export"),
                               Query(years=(2019, 2024), basis="consignment", vintage="first", margin=0.2),
                               Query(years=(1990, 2000))], ids=str)
def test_bridges_picked_from_every_years_equal_bridges_built_for_the_years(monkeypatch, q):
    """The view builds every year's bridges once and picks the query's years: each bridge is one year's own."""
    bridge_module = importlib.import_module("loaders.views.bridge")  # the package's `bridge` is the function
    bundled = read_snapshot()
    picked = bridge_module.bridge(bundled, q)
    # NB with no memo: the bridges built for the query's years only, and their bars built afresh
    monkeypatch.setattr(bridge_module, "memo", lambda records, key, build: (
        bridge_module._margin_free(bundled, q) if key[0] == "bridge" else build()))
    built = bridge_module.bridge(bundled, q)
    pd.testing.assert_frame_equal(picked, built)
    assert q.years != (2023, 2023) or not picked.empty


def test_bars_of_a_new_margin_on_the_cached_margin_free_ones_equal_bars_built_afresh(monkeypatch):
    bridge_module = importlib.import_module("loaders.views.bridge")
    bundled = read_snapshot()
    bridge_module.bridge(bundled, Query(margin=0.05))  # caches the margin-free bridges and bars
    cached = bridge_module.bridge(bundled, Query(margin=0.15))
    monkeypatch.setattr(bridge_module, "memo", lambda records, key, build: build())
    fresh = bridge_module.bridge(bundled, Query(margin=0.15))
    pd.testing.assert_frame_equal(cached, fresh, check_exact=True)
    assert not cached.equals(bridge_module.bridge(bundled, Query(margin=0.05)))  # the margin did move bars
