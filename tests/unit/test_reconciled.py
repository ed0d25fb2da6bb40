"""Reconciled view: each method on hand-made figures, the BACI weight's formula and orientation, one-sided years."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.query import Query
from loaders.views.reconciled import inverse_variance_weight, lognormal_variance, reconcile, reconciled
from loaders.views.reconciled_band import reconciled_band
from tests.unit.gap_snapshot import rec, snapshot


def rows(x: float | None, m: float | None, margin: float = 0.1, measure: str = "exports vs mirror imports",
         year: int = 2019):
    m_fob = None if m is None else (m / (1 + margin) if measure.startswith("exports") else m)
    return pd.DataFrame({"year": [year], "x_reporter": ["ARM"], "m_reporter": ["KAZ"], "measure": [measure],
                         "x_value_usd": [x], "m_value_usd": [m], "m_fob_usd": [m_fob]}, dtype="object")


def sigma_table(sigma: dict[str, float], first_year: int = 2016, last_year: int = 2020) -> pd.DataFrame:
    """The reporter_sigma table's columns that the view reads, one window."""
    return pd.DataFrame({"first_year": first_year, "last_year": last_year, "reporter": list(sigma),
                         "partners_compared": 12, "sigma": list(sigma.values())})


def test_lognormal_variance_by_hand():
    # sigma = 1: e^1 (e^1 - 1) = 2.718281828 x 1.718281828
    assert lognormal_variance(1.0) == pytest.approx(4.670774270)
    assert lognormal_variance(0.0) == 0.0


def test_weight_orientation_a_perfect_exporter_gets_weight_one():
    assert inverse_variance_weight(0.0, 0.5) == 1.0
    assert inverse_variance_weight(0.5, 0.0) == 0.0
    assert inverse_variance_weight(0.7, 0.7) == 0.5
    assert inverse_variance_weight(0.0, 0.0) == 0.5
    # sigma_x = 0.5, sigma_m = 1: V_x = e^.25 (e^.25 - 1) = 0.364696, V_m = 4.670774; w_x = V_m / (V_x + V_m)
    assert inverse_variance_weight(0.5, 1.0) == pytest.approx(4.670774 / (0.364696 + 4.670774), rel=1e-5)


def test_every_method_on_one_year_by_hand():
    out = reconcile(rows(100.0, 132.0), sigma_table=None).iloc[0]  # M_fob = 132 / 1.1 = 120
    assert out["importer_preferred_usd"] == pytest.approx(120.0)
    assert out["exporter_preferred_usd"] == 100.0
    assert out["mean_usd"] == pytest.approx(110.0)
    assert out["ots_max_usd"] == pytest.approx(132.0 / 1.08)
    assert out["baci_usd"] == pytest.approx(110.0)  # equal default sigma: w = 1/2
    assert (out["low_usd"], out["high_usd"]) == (pytest.approx(100.0), pytest.approx(132.0 / 1.08))
    assert out["reported_by"] == "both"


def test_baci_follows_the_stated_reliability():
    perfect_exporter = reconcile(rows(100.0, 132.0), sigma_table({"ARM": 0.0, "KAZ": 0.5})).iloc[0]
    assert perfect_exporter["baci_weight_x"] == 1.0 and perfect_exporter["baci_usd"] == pytest.approx(100.0)
    perfect_importer = reconcile(rows(100.0, 132.0), sigma_table({"ARM": 0.5, "KAZ": 0.0})).iloc[0]
    assert perfect_importer["baci_usd"] == pytest.approx(120.0)


def test_one_sided_years_say_which_side_and_use_the_one_sided_rule():
    exporter_only = reconcile(rows(50.0, None), sigma_table=None).iloc[0]
    assert exporter_only["reported_by"] == "only ARM"
    assert exporter_only["baci_usd"] == 50.0 and exporter_only["ots_max_usd"] == 50.0
    assert math.isnan(exporter_only["importer_preferred_usd"]) and math.isnan(exporter_only["mean_usd"])
    assert (exporter_only["low_usd"], exporter_only["high_usd"]) == (50.0, 50.0)
    importer_only = reconcile(rows(None, 110.0), sigma_table=None).iloc[0]
    assert importer_only["reported_by"] == "only KAZ"
    assert importer_only["baci_usd"] == pytest.approx(100.0)  # M_fob
    assert importer_only["ots_max_usd"] == pytest.approx(110.0 / 1.08)


def test_turnover_rows_take_no_margin():
    out = reconcile(rows(100.0, 60.0, measure="turnover vs turnover"), sigma_table=None).iloc[0]
    assert out["importer_preferred_usd"] == 60.0
    assert out["ots_max_usd"] == 100.0  # max{X, M}: each total has one CIF leg
    assert out["mean_usd"] == 80.0


def test_the_view_and_the_overview_band_on_a_tiny_snapshot():
    records = [rec("ARM", "export", "2023", 70e6), rec("ARM", "import", "2023", 30e6, basis="origin"),
               rec("KAZ", "turnover", "2023", 50e6, source="kz_official", confidence="B"),
               rec("KAZ", "import", "2023", 55e6, source="imf_dots")]
    q = Query(margin=0.1)
    frame = reconciled(snapshot(records), q)
    flow = frame[frame["direction"] == "ARM→KAZ"].iloc[0]
    assert flow["importer_preferred_usd"] == pytest.approx(50e6) and flow["mean_usd"] == pytest.approx(60e6)
    band = reconciled_band(snapshot(records), q)
    assert band[["year", "low_usd", "high_usd"]].values.tolist() == [[2023, 50e6, 100e6]]
    assert reconciled_band(snapshot(records), q.with_(flow="export")).empty
    assert reconciled_band(snapshot(records), q.with_(freq="M")).empty


sigmas = st.floats(min_value=0.0, max_value=50.0, allow_nan=False)


@given(sigma_x=sigmas, sigma_m=sigmas)
def test_weights_stay_between_zero_and_one(sigma_x, sigma_m):
    w = float(inverse_variance_weight(sigma_x, sigma_m))
    assert 0.0 <= w <= 1.0
    if sigma_x < sigma_m:
        assert w >= 0.5


@given(x=st.floats(min_value=1.0, max_value=1e9), m=st.floats(min_value=1.0, max_value=1e9), sigma_x=sigmas,
       sigma_m=sigmas)
def test_the_baci_estimate_lies_between_the_two_reports(x, m, sigma_x, sigma_m):
    out = reconcile(rows(x, m), sigma_table({"ARM": sigma_x, "KAZ": sigma_m})).iloc[0]
    lo, hi = sorted([x, m / 1.1])
    assert lo * (1 - 1e-12) <= out["baci_usd"] <= hi * (1 + 1e-12)
    assert out["low_usd"] <= out["baci_usd"] <= out["high_usd"]
    assert np.isfinite(out["baci_weight_x"])
