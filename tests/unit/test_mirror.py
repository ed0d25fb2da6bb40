"""Mirror view on hand-made figures: the four numbers, margin, indices and one-sided years."""
import math

import pytest

from loaders.query import Query
from loaders.views.mirror import mirror
from tests.factories import annual, months, snapshot

KAZ_IMPORT = {"source": "imf_dots", "reporter": "KAZ", "partner": "ARM", "flow": "import",
              "partner_basis": "origin", "valuation": "CIF"}


def test_indices_follow_the_formulas():
    snap = snapshot([annual(2020, value_usd=100.0), annual(2020, value_usd=121.0, **KAZ_IMPORT)])
    row = mirror(snap, Query(margin=0.1, flow="export")).iloc[0]
    assert row["direction"] == "ARM→KAZ" and row["status"] == "both sides reported"
    assert row["m_fob_usd"] == pytest.approx(110.0)
    assert row["mirror_ratio"] == pytest.approx(1.21)
    assert row["log_gap"] == pytest.approx(math.log(1.1))
    assert row["discrepancy_index"] == pytest.approx((100 - 121) / 221)


def test_one_sided_year_says_which_side_is_missing():
    snap = snapshot([annual(2021, value_usd=100.0)])
    row = mirror(snap, Query(flow="export")).iloc[0]
    assert row["status"] == "no KAZ import figure"
    assert math.isnan(row["m_value_usd"]) and math.isnan(row["log_gap"])


def test_both_import_bases_are_shown():
    snap = snapshot([
        annual(2020, reporter="KAZ", partner="ARM", source="imf_dots", value_usd=50.0),
        annual(2020, flow="import", partner_basis="origin", valuation="CIF", value_usd=40.0),
        annual(2020, flow="import", partner_basis="consignment", valuation="CIF", value_usd=60.0),
    ])
    out = mirror(snap, Query(flow="export"))
    kz_to_am = out[out["direction"] == "KAZ→ARM"]
    assert dict(zip(kz_to_am["m_basis"], kz_to_am["m_value_usd"])) == {"origin": 40.0, "consignment": 60.0}
    assert mirror(snap, Query(flow="export", basis="origin"))["m_basis"].tolist() == ["origin"]


def test_national_source_is_preferred_and_partial_years_are_left_out():
    snap = snapshot([annual(2020, source="imf_dots", value_usd=99.0), annual(2020, value_usd=100.0)]
                    + months(2021, count=3, value_usd=1.0))
    out = mirror(snap, Query(flow="export"))
    assert out["year"].tolist() == [2020]
    assert out.iloc[0]["x_source"] == "armstat" and out.iloc[0]["x_value_usd"] == 100.0


def test_turnover_rows_compare_totals_without_margin():
    snap = snapshot([annual(2023, flow="turnover", partner_basis="origin", value_usd=110.0),
                     annual(2023, flow="turnover", partner_basis="unknown", reporter="KAZ", partner="ARM",
                            source="kz_official", value_usd=53.0)])
    row = mirror(snap, Query(flow="turnover")).iloc[0]
    assert row["direction"] == "ARM↔KAZ" and math.isnan(row["margin_pct"])
    assert row["m_fob_usd"] == 53.0 and row["mirror_ratio"] == pytest.approx(53 / 110)
