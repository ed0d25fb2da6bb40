"""Reporter σ: the least-squares effects on hand-solved gaps, its windows, its look-up per row and the bundled table."""
from __future__ import annotations

import logging
import math
import shutil

import pandas as pd
import pytest

from loaders.query import Query
from loaders.store.reporter_sigma import reporter_sigma
from loaders.store.snapshot import read_snapshot
from loaders.views.reconciled import reconciled
from loaders.views.reconciled_band import reconciled_band
from loaders.views.reconciled_sigma import DEFAULT_SIGMA, sigma_of
from loaders.world.reliability import reporter_sigmas, sigma_windows, windows

ROOT_HALF_PI = math.sqrt(math.pi / 2)


def gaps(*pairs, year: int = 2019) -> pd.DataFrame:
    """(a, b, |gap|) -> the gap listed once per side, as queries.genuine_gaps lists it."""
    rows = [(r, p, year, g) for a, b, g in pairs for r, p in ((a, b), (b, a))]
    return pd.DataFrame(rows, columns=["reporter", "partner", "year", "abs_gap"])


def test_three_reporters_solve_exactly():
    # a_A + a_B = 0.3, a_A + a_C = 0.5, a_B + a_C = 0.6  =>  a_A = 0.1, a_B = 0.2, a_C = 0.4
    out = reporter_sigmas(gaps(("AAA", "BBB", 0.3), ("AAA", "CCC", 0.5), ("BBB", "CCC", 0.6)), 2).set_index("reporter")
    assert out["gap_effect"].to_dict() == pytest.approx({"AAA": 0.1, "BBB": 0.2, "CCC": 0.4})
    assert out.loc["CCC", "sigma"] == pytest.approx(0.4 * ROOT_HALF_PI)
    assert out["partners_compared"].to_dict() == {"AAA": 2, "BBB": 2, "CCC": 2}


def test_a_reporter_is_not_blamed_for_its_partners_gaps():
    # the exact solution a_A = (0.1 + 0.1 − 1.0) / 2 < 0: a_A is held at 0, then least squares for B and C on
    # a_B = 0.1, a_C = 0.1, a_B + a_C = 1.0: 2a_B + a_C = 1.1 and a_B + 2a_C = 1.1, so a_B = a_C = 1.1 / 3
    out = reporter_sigmas(gaps(("AAA", "BBB", 0.1), ("AAA", "CCC", 0.1), ("BBB", "CCC", 1.0)), 2).set_index("reporter")
    assert out.loc["AAA", "gap_effect"] == 0.0
    assert out.loc["BBB", "gap_effect"] == pytest.approx(1.1 / 3)
    assert out.loc["CCC", "gap_effect"] == pytest.approx(1.1 / 3)


def test_too_few_partners_gives_no_estimate():
    out = reporter_sigmas(gaps(("AAA", "BBB", 0.3), ("AAA", "CCC", 0.5), ("BBB", "CCC", 0.6)), 3)
    assert out["sigma"].isna().all() and out["gap_effect"].isna().all()


def test_windows_end_at_the_last_year_and_each_has_its_own_fit():
    assert windows(1960, 2020)[:2] == [(2016, 2020), (2011, 2015)]
    assert windows(1960, 2020)[-2:] == [(1961, 1965), (1960, 1960)]
    early = gaps(("AAA", "BBB", 0.3), ("AAA", "CCC", 0.5), ("BBB", "CCC", 0.6), year=2012)
    late = gaps(("AAA", "BBB", 0.2), ("AAA", "CCC", 0.2), ("BBB", "CCC", 0.2), year=2019)
    table = sigma_windows(pd.concat([early, late]), 2, width=5).set_index(["first_year", "reporter"])
    assert table.loc[(2012, "AAA"), "gap_effect"] == pytest.approx(0.1)
    assert table.loc[(2015, "AAA"), "gap_effect"] == pytest.approx(0.1)  # a_A + a_B = 0.2 with all equal
    assert table.loc[(2015, "AAA"), "last_year"] == 2019


def table() -> pd.DataFrame:
    return pd.DataFrame({"first_year": [2011, 2016], "last_year": [2015, 2020], "reporter": ["ARM", "ARM"],
                         "partners_compared": [66, 68], "sigma": [0.3, 0.6]})


def test_each_row_takes_the_window_holding_its_year_else_the_nearest():
    sigma, origin = sigma_of(pd.Series(["ARM", "ARM", "ARM", "ARM"]), pd.Series([2013, 2016, 2023, 1995]), table())
    assert sigma.tolist() == [0.3, 0.6, 0.6, 0.3]
    assert origin.tolist() == ["IMF DOTS mirror gaps 2011–2015, 66 partners",
                               "IMF DOTS mirror gaps 2016–2020, 68 partners",
                               "IMF DOTS mirror gaps 2016–2020, 68 partners, the nearest window to 2023",
                               "IMF DOTS mirror gaps 2011–2015, 66 partners, the nearest window to 1995"]


def test_a_reporter_without_an_estimate_gets_the_default_and_says_so():
    sigma, origin = sigma_of(pd.Series(["KAZ"]), pd.Series([2019]), table())
    assert sigma.tolist() == [DEFAULT_SIGMA]
    assert origin.tolist() == [f"default {DEFAULT_SIGMA}: no estimate for KAZ in 2016–2020 (under 10 partners)"]
    sigma, origin = sigma_of(pd.Series(["KAZ"]), pd.Series([2019]), None)
    assert sigma.tolist() == [DEFAULT_SIGMA] and "no reliability table" in origin.iloc[0]


def test_the_bundled_table_weights_the_2023_armenia_kazakhstan_flows():
    snapshot = read_snapshot(pair=("ARM", "KAZ"))
    sigma = reporter_sigma(snapshot.folder).set_index(["first_year", "reporter"])["sigma"]
    rows = reconciled(snapshot, Query(pair=("ARM", "KAZ"), years=(2023, 2023)))
    flow = rows[rows["direction"] == "ARM→KAZ"].iloc[0]
    assert (flow["sigma_x"], flow["sigma_m"]) == (sigma[(2016, "ARM")], sigma[(2016, "KAZ")])
    # w_X = V_M / (V_X + V_M), V = e^{σ²}(e^{σ²} − 1)
    v_x, v_m = (math.exp(s * s) * math.expm1(s * s) for s in (flow["sigma_x"], flow["sigma_m"]))
    assert flow["baci_weight_x"] == pytest.approx(v_m / (v_x + v_m))
    assert flow["sigma_x_from"].endswith("the nearest window to 2023")


@pytest.mark.parametrize("bad", ["sigma=-0.1", "sigma=inf", "reporter=Armenia", "first_year=2030",
                                 "source_url=javascript:alert(1)"])
def test_a_bad_table_is_dropped_with_a_log_line_and_the_rest_is_read(tmp_path, caplog, bad):
    folder = tmp_path / "data"
    shutil.copytree(read_snapshot().folder, folder, ignore=shutil.ignore_patterns("*.parquet"))
    path = folder / "world" / "reporter_sigma.csv"
    column, value = bad.split("=", 1)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[3, column] = value
    frame.to_csv(path, index=False)
    with caplog.at_level(logging.WARNING, logger="loaders.store.reporter_sigma"):
        assert reporter_sigma(folder) is None
    assert "reporter_sigma.csv" in caplog.text
    rows = reconciled(read_snapshot(folder, pair=("ARM", "KAZ")), Query(pair=("ARM", "KAZ"), years=(2019, 2019)))
    assert rows["sigma_x_from"].str.startswith("default 0.5: no reliability table").all()


def test_the_overview_band_is_the_same_with_and_without_the_sigma_table():
    snapshot = read_snapshot(pair=("ARM", "KAZ"))
    rows = reconciled(snapshot, Query(pair=("ARM", "KAZ"), flow="turnover"))
    spans = rows.dropna(subset=["low_usd"]).groupby(["year", "direction"])
    band = reconciled_band(snapshot, Query(pair=("ARM", "KAZ")))
    assert band["low_usd"].tolist() == spans["low_usd"].min().tolist()
    assert band["high_usd"].tolist() == spans["high_usd"].max().tolist()
    assert (rows["sigma_x_from"].str.startswith("IMF DOTS")).all()
