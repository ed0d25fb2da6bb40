"""Series view on hand-made records: sums, vintage choice, partial years, gaps and derived turnover."""
import pandas as pd

from loaders.query import Query
from loaders.views.series import series
from tests.factories import annual, months, snapshot

V1, V2 = "2024-02-13", "2025-02-25"


def rows_of(frame, **match):
    mask = pd.Series(True, index=frame.index)
    for column, value in match.items():
        mask &= frame[column] == value
    return frame[mask]


def test_twelve_months_sum_to_the_year_and_latest_vintage_wins():
    recs = months(2023, value_usd=10.0, vintage=V1) + months(2023, value_usd=11.0, vintage=V2)
    out = series(snapshot(recs), Query())
    assert len(out) == 1
    row = out.iloc[0]
    assert row["value_usd"] == 132.0 and row["months_covered"] == 12 and not row["partial"]
    assert row["vintage"] == pd.Timestamp(V2)


def test_first_vintage_mode_shows_the_figure_as_first_published():
    recs = months(2023, value_usd=10.0, vintage=V1) + months(2023, value_usd=11.0, vintage=V2)
    out = series(snapshot(recs), Query(vintage="first"))
    assert out["value_usd"].tolist() == [120.0]


def test_a_year_with_three_months_is_partial_not_a_fall():
    recs = months(2023, value_usd=10.0) + months(2024, count=3, value_usd=10.0)
    out = series(snapshot(recs), Query())
    partial = out[out["year"] == 2024].iloc[0]
    assert partial["partial"] and partial["months_covered"] == 3 and partial["value_usd"] == 30.0
    assert partial["period_end"] == pd.Timestamp("2024-03-31")


def test_a_missing_year_stays_missing():
    recs = [annual(2019, source="imf_dots"), annual(2021, source="imf_dots")]
    out = series(snapshot(recs), Query())
    assert out["year"].tolist() == [2019, 2021]


def test_missing_month_value_is_not_counted_as_zero():
    recs = months(2023, count=11, value_usd=10.0) + [dict(months(2023)[11], value_usd=None)]
    row = series(snapshot(recs), Query()).iloc[0]
    assert row["months_covered"] == 11 and row["partial"] and row["value_usd"] == 110.0


def test_turnover_is_derived_per_import_basis():
    recs = (months(2023, value_usd=5.0)
            + months(2023, flow="import", partner_basis="origin", valuation="CIF", value_usd=2.0)
            + months(2023, flow="import", partner_basis="consignment", valuation="CIF", value_usd=3.0))
    out = series(snapshot(recs), Query(flow="turnover"))
    by_basis = dict(zip(out["partner_basis"], out["value_usd"]))
    assert by_basis == {"origin": 84.0, "consignment": 96.0}
    assert out["derived"].all()


def test_a_published_turnover_is_not_derived_again():
    recs = [annual(2010, source="kz_official", reporter="KAZ", partner="ARM", freq="P", period_end="2010-10-31",
                   value_usd=7.1),
            annual(2010, source="kz_official", reporter="KAZ", partner="ARM", freq="P", period_end="2010-10-31",
                   flow="import", partner_basis="unknown", value_usd=2.5),
            annual(2010, source="kz_official", reporter="KAZ", partner="ARM", freq="P", period_end="2010-10-31",
                   flow="turnover", partner_basis="unknown", value_usd=9.6)]
    out = series(snapshot(recs), Query(flow="turnover"))
    assert out["value_usd"].tolist() == [9.6]
    assert not out["derived"].any() and out["partial"].all() and out["months_covered"].tolist() == [10]


def test_monthly_frequency_returns_months_and_directions():
    recs = months(2023, count=2, value_usd=10.0) + [annual(2023, reporter="KAZ", partner="ARM", source="imf_dots")]
    out = series(snapshot(recs), Query(freq="M"))
    assert out["period_start"].dt.month.tolist() == [1, 2]
    assert set(out["direction"]) == {"ARM→KAZ"}


def test_other_pairs_and_years_are_left_out():
    recs = [annual(2023), annual(2023, partner="RUS"), annual(2010)]
    out = series(snapshot(recs), Query(years=(2015, 2024)))
    assert out["year"].tolist() == [2023] and out["partner"].tolist() == ["KAZ"]
