"""World queries on small hand-made record frames: imputations found, reliability ordered, expected values by hand."""
import math

import ibis
import pandas as pd
import pytest

from loaders.world import queries

M = 1e6


def records(*flows):
    """(exporter, importer, X in $M or None, M in $M or None, x_estimated, m_estimated) -> record rows for 2019."""
    rows = []
    for exporter, importer, x, m, x_est, m_est in flows:
        for reporter, partner, flow, value, est in ((exporter, importer, "export", x, x_est),
                                                    (importer, exporter, "import", m, m_est)):
            if value is not None:
                rows.append({"source": "imf_dots", "reporter": reporter, "partner": partner, "flow": flow,
                             "freq": "A", "period_start": pd.Timestamp("2019-01-01"), "hs_code": "TOTAL",
                             "value_usd": value * M, "estimated": est, "source_url": "https://data.imf.org/",
                             "vintage": pd.Timestamp("2022-02-02")})
    return ibis.memtable(pd.DataFrame(rows))


def world_of(*flows, margin=0.0):
    return queries.world(records(*flows), None, margin).to_pandas().set_index(["exporter", "importer"])


@pytest.mark.parametrize(("x", "m", "imputed"), [
    (100.0, 106.0, True),      # M = X × 1.06
    (100.0, 110.0, True),      # M = X × 1.10 (the older editions' factor)
    (106.0, 100.0, True),      # X = M × 1.06
    (100.0, 106.005, True),    # $5,000 off: within the tables' rounding
    (100.0, 106.01, False),    # $10,000 off: a report of its own
    (100.0, 107.0, False),
    (100.0, 100.0, True),      # a copy of the partner's figure
    (100.0, 100.02, False),
    (100.0, None, False),      # one side only: nothing to impute from
])
def test_an_imputation_is_a_side_equal_to_the_other_times_or_over_the_cif_fob_factor(x, m, imputed):
    assert bool(world_of(("AAA", "BBB", x, m, False, False)).loc[("AAA", "BBB"), "imputed"]) is imputed


def test_world_rows_have_both_reports_and_the_gap_indices():
    out = world_of(("AAA", "BBB", 100.0, 110.0 * 1.25, False, True), ("BBB", "AAA", None, 5.0, False, False),
                   margin=0.1)
    assert list(out.reset_index().columns) == queries.WORLD_COLUMNS
    row = out.loc[("AAA", "BBB")]
    assert row["m_fob_usd"] == pytest.approx(125.0 * M)
    assert row["log_gap"] == pytest.approx(math.log(1.25))
    assert row["discrepancy_index"] == pytest.approx((100 - 137.5) / 237.5)
    assert (bool(row["x_estimated"]), bool(row["m_estimated"])) == (False, True)
    one_sided = out.loc[("BBB", "AAA")]
    assert pd.isna(one_sided["x_value_usd"]) and pd.isna(one_sided["log_gap"]) and one_sided["m_value_usd"] == 5 * M


GAPS = [
    # AAA agrees with its partners, BBB does not; PPA-PPC trade with both (margin 0, so log gap = ln(M/X))
    ("AAA", "PPA", 10.0, 10.5, False, False), ("AAA", "PPB", 10.0, 12.0, False, False),
    ("AAA", "PPC", 10.0, 10.2, False, False),
    ("BBB", "PPA", 10.0, 20.0, False, False), ("BBB", "PPB", 10.0, 30.0, False, False),
    ("BBB", "PPC", 10.0, 15.0, False, False),
    # never counted: an IMF estimate, an imputation (10 × 1.06) and a flow under $1 M
    ("BBB", "PPD", 10.0, 12.5, False, True), ("BBB", "PPE", 10.0, 10.6, False, False),
    ("BBB", "PPF", 0.5, 0.6, False, False),
]


def reporters_of(flows, min_partners):
    return queries.reporters(queries.world(records(*flows), None, 0.0), min_partners).to_pandas()


def test_reliability_orders_reporters_by_their_median_gap_with_all_partners():
    out = reporters_of(GAPS, min_partners=2).set_index("reporter")
    # medians by hand: AAA {ln 1.05, ln 1.2, ln 1.02} -> ln 1.05 = 0.0488; BBB {ln 2, ln 3, ln 1.5} -> ln 2;
    # PPA {ln 1.05, ln 2} -> 0.3710; PPB {ln 1.2, ln 3} -> 0.6405; PPC {ln 1.02, ln 1.5} -> 0.2126
    ln = math.log
    expected = {"AAA": ln(1.05), "BBB": ln(2), "PPA": (ln(1.05) + ln(2)) / 2, "PPB": (ln(1.2) + ln(3)) / 2,
                "PPC": (ln(1.02) + ln(1.5)) / 2}
    for reporter, gap in expected.items():
        assert out.loc[reporter, "median_abs_log_gap"] == pytest.approx(gap)
        assert out.loc[reporter, "reliability"] == pytest.approx(math.exp(-gap))
    ranked = out.dropna(subset=["reliability"]).index.tolist()
    assert ranked == ["AAA", "PPC", "PPA", "PPB", "BBB"]
    assert out.loc["BBB", "reliability"] == pytest.approx(0.5)
    assert out.loc["BBB", "partners_compared"] == 3
    assert out.loc["BBB", "share_imputed"] == pytest.approx(1 / 6)  # PPE of its six two-sided pairs


def test_the_share_of_genuine_pairs_equal_to_the_partners_figure_within_half_a_percent():
    out = reporters_of([
        ("EQL", "PPA", 10.0, 10.04, False, False),  # ln 1.004 = 0.0040: equal
        ("EQL", "PPB", 10.0, 10.06, False, False),  # ln 1.006 = 0.0060: not
        ("EQL", "PPC", 12.0, 10.0, False, False),
        ("EQL", "PPD", 10.0, 10.0, False, False),   # a copy: an imputation, not a genuine pair at all
        ("PPE", "EQL", 10.0, 9.97, False, False),   # ln 0.997 = -0.0030: equal, EQL as the importer
    ], min_partners=1).set_index("reporter")
    assert out.loc["EQL", "share_equal_to_mirror"] == pytest.approx(2 / 4)
    assert out.loc["PPA", "share_equal_to_mirror"] == 1.0 and out.loc["PPB", "share_equal_to_mirror"] == 0.0
    assert pd.isna(out.loc["PPD", "share_equal_to_mirror"])  # no genuine pair
    assert out.loc["EQL", "share_imputed"] == pytest.approx(1 / 5)


def test_too_few_genuine_partners_give_no_reliability():
    out = reporters_of(GAPS, min_partners=3).set_index("reporter")
    assert out.loc["AAA", "reliability"] == pytest.approx(1 / 1.05)
    assert out[["median_abs_log_gap", "reliability"]].loc[["PPA", "PPB", "PPC", "PPD", "PPE"]].isna().all().all()
    assert list(out.reset_index().columns) == queries.REPORTER_COLUMNS


def test_the_gap_matrix_of_the_largest_traders_by_hand():
    from loaders.world.ranking import gap_matrix

    world = world_of(("AAA", "BBB", 100.0, 120.0, False, False), ("BBB", "AAA", 50.0, 50.0, False, False),
                     ("AAA", "CCC", 10.0, None, False, False), ("CCC", "AAA", 5.0, 8.0, True, False),
                     ("DDD", "EEE", 1.0, 2.0, False, False), margin=0.0).reset_index()
    # trade at the larger side: AAA 120 + 50 + 10 + 8 = 188, BBB 170, CCC 18, DDD 2, EEE 2
    matrix = gap_matrix(world, size=2, also=("EEE", "AAA")).set_index(["exporter", "importer"])
    assert list(dict.fromkeys(matrix.index.get_level_values(0))) == ["AAA", "BBB", "EEE"]
    assert matrix.loc[("AAA", "BBB"), "log_gap"] == pytest.approx(math.log(1.2))
    assert matrix.loc[("BBB", "AAA"), "status"] == "an IMF estimate or imputation"  # 50 = 50: a copy
    assert math.isnan(matrix.loc[("BBB", "AAA"), "log_gap"])
    assert matrix.loc[("AAA", "EEE"), "status"] == "none reported"
    assert len(matrix) == 6  # 3 × 2: no country against itself
