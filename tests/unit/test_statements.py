"""Statements view on hand-made series: each verdict, the implied rounding, partial periods, shares, growth ratios
against every base year, the statement's own quote never confirming it, and the exported columns."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from loaders.query import Query
from loaders.views.statement_claims import Period, parse_period, ratio_bounds, value_tolerance
from loaders.views.statements import STATEMENT_COLUMNS, statements
from tests.unit.gap_snapshot import months, rec, snapshot, statement

# Armenia's monthly figures (one vintage): turnover by origin 2021 = 12 + 18 = 30 M, 2022 = 24 + 18 = 42 M,
# 2023 = 72 + 30 = 102 M (108 M with imports by consignment); exports January-October 2023 = 60 M.
RECORDS = (months("ARM", "export", 2021, [1e6] * 12) + months("ARM", "import", 2021, [1.5e6] * 12)
           + months("ARM", "export", 2022, [2e6] * 12) + months("ARM", "import", 2022, [1.5e6] * 12)
           + months("ARM", "export", 2023, [6e6] * 12) + months("ARM", "import", 2023, [2.5e6] * 12)
           + months("ARM", "import", 2023, [3e6] * 12, basis="consignment")
           + [rec("KAZ", "turnover", "2023", 53.1e6, source="kz_official", vintage="2024-05-01", confidence="B",
                  note="official figure as quoted (statement kz-quoted)")])
STATEMENTS = [
    statement("am-match", "AM", "turnover", "2023", 102e6),
    statement("am-close", "AM", "turnover", "2023", 100e6),
    statement("am-mismatch", "AM", "turnover", "2023", 80e6),
    statement("kz-quoted", "KZ", "turnover", "2023", 53.1e6),
    statement("kz-again", "KZ", "turnover", "2023", 53e6),
    statement("kz-over", "KZ", "turnover", "2023", 53e6, note="'over 53 million'"),
    statement("kz-nodata", "KZ", "turnover", "2030", 10e6),
    statement("growth", "AM", "turnover_growth_ratio", "2023 vs 2021", ratio=2.4, ratio_note="2.4"),
    statement("partial", "AM", "exports_am_to_kz", "2023-01..2023-10", 60e6),
    statement("share", "AM", "exports_share_of_turnover", "2023", ratio=0.6667, ratio_note=">0.6667"),
    statement("with-ratio", "AM", "turnover", "2023", 102e6, ratio=2.4, ratio_note="2.4x vs 2022"),
    statement("odd", "AM", "services", "2023", 5e6),
]


@pytest.fixture(scope="module")
def out() -> pd.DataFrame:
    return statements(snapshot(RECORDS, STATEMENTS), Query()).set_index("statement_id")


def test_the_export_has_exactly_the_agreed_columns():
    frame = statements(snapshot(RECORDS, STATEMENTS), Query())
    # Who said it, when, what and the links first asked for in issue 13, then the check itself.
    assert list(frame.columns) == [
        "statement_id", "speaker_or_outlet", "published", "measure", "period", "stated_value", "value_unit",
        "stated_as", "ratio_note", "note", "verdict", "verdict_text", "best_series", "best_source", "best_vintage",
        "best_value", "rel_diff", "explanation", "statement_url", "best_source_url"]
    assert list(frame.columns) == STATEMENT_COLUMNS
    assert list(frame["statement_id"]) == [s["statement_id"] for s in STATEMENTS]


def test_the_export_says_who_said_what_when_in_its_own_unit(out):
    level, growth, share = out.loc["am-match"], out.loc["growth"], out.loc["share"]
    assert (level["speaker_or_outlet"], level["published"], level["measure"], level["period"]) == (
        "test", "2024", "turnover", "2023")
    # a level in USD, a growth ratio as a ratio, a share as a fraction: never in one unit
    assert (level["stated_value"], level["value_unit"], level["stated_as"]) == (102e6, "USD", "102 M USD")
    assert (growth["stated_value"], growth["value_unit"], growth["stated_as"]) == (2.4, "ratio", "×2.4")
    assert (share["stated_value"], share["value_unit"], share["stated_as"]) == (0.6667, "share", "more than 66.7 %")
    assert level["statement_url"] == "https://example.org/s"
    assert level["best_source_url"] == "https://example.org/data"  # the URL of the Armstat records it matched
    assert level["verdict_text"] == ("Reproduced by Armenia's turnover (exports + imports by origin), Armstat, 2023, "
                                     "edition of 1 Feb 2024: 102.00 M USD.")


def test_an_unverifiable_statement_says_why_and_has_no_none(out):
    row = out.loc["odd"]
    assert row["verdict_text"].startswith("Not checkable: nothing comparable to check: the measure 'services'")
    assert (row["best_series"], row["best_source_url"]) == ("", "")
    assert (row["stated_value"], row["value_unit"]) == (5e6, "USD")


def test_same_article_is_the_link_of_the_statement_above_it():
    said = [{**statement("first", "AM", "turnover", "2023", 102e6), "speaker_or_outlet": "Outlet A (author)",
             "published": "2025-11", "source_url": "https://example.org/article"},
            {**statement("second", "KZ", "turnover", "2023", 53.1e6), "source_url": "same article"},
            {**statement("third", "KZ", "turnover", "2022", 43e6), "source_url": "A printed report (2024), p. 3"},
            {**statement("fourth", "KZ", "turnover", "2022", 42e6), "source_url": "same article"}]
    frame = statements(snapshot(RECORDS, said), Query()).set_index("statement_id")
    assert frame["statement_url"].tolist() == ["https://example.org/article", "https://example.org/article",
                                               "A printed report (2024), p. 3", "A printed report (2024), p. 3"]
    assert frame.loc["first", "speaker_or_outlet"] == "Outlet A (author)"


def test_match_within_the_rounding_the_statement_implies(out):
    row = out.loc["am-match"]
    assert row["verdict"] == "match" and row["best_value"] == pytest.approx(102e6)
    assert row["best_source"] == "armstat" and row["best_vintage"] == pd.Timestamp("2024-02-01")
    assert "origin" in row["explanation"]


def test_close_is_within_five_percent_but_outside_the_rounding(out):
    row = out.loc["am-close"]
    assert row["verdict"] == "close"
    assert row["rel_diff"] == pytest.approx((100 - 102) / 102)


def test_mismatch_when_nothing_is_within_five_percent(out):
    row = out.loc["am-mismatch"]
    assert row["verdict"] == "mismatch"
    assert row["rel_diff"] == pytest.approx((80 - 102) / 102)


def test_a_statement_is_never_confirmed_by_its_own_quote(out):
    row = out.loc["kz-quoted"]
    assert row["verdict"] == "unverifiable"
    assert math.isnan(row["best_value"]) and "not counted" in row["explanation"]
    again = out.loc["kz-again"]  # another statement of the same figure: the quote does confirm it
    assert again["verdict"] == "match" and again["best_source"] == "kz_official"


def test_over_a_figure_means_up_to_one_unit_more(out):
    row = out.loc["kz-over"]
    assert row["verdict"] == "match" and row["best_value"] == pytest.approx(53.1e6)


def test_no_comparable_series_is_unverifiable(out):
    assert out.loc["kz-nodata", "verdict"] == "unverifiable"
    assert out.loc["odd", "verdict"] == "unverifiable"
    assert "services" in out.loc["odd", "explanation"]


def test_growth_ratio_names_the_base_year_that_would_make_it_right(out):
    row = out.loc["growth"]
    assert row["verdict"] == "mismatch" and row["best_value"] == pytest.approx(102 / 30)
    assert "would be right against 2022" in row["explanation"]  # 102 / 42 = 2.43, within 2.4 ± 0.05


def test_partial_period_summed_from_months(out):
    row = out.loc["partial"]
    assert row["verdict"] == "match" and row["best_value"] == pytest.approx(60e6)
    assert "Jan–Oct 2023" in row["explanation"]


def test_share_is_a_threshold(out):
    row = out.loc["share"]
    assert row["verdict"] == "match" and row["best_value"] == pytest.approx(72 / 102)


def test_a_ratio_stated_beside_a_level_is_checked_in_the_same_sentence(out):
    row = out.loc["with-ratio"]
    assert row["verdict"] == "match"
    assert "×2.4 vs 2022 is reproduced" in row["explanation"]


def test_implied_rounding():
    assert value_tolerance(104e6) == 0.5e6
    assert value_tolerance(100.4e6) == 0.05e6
    assert value_tolerance(53e6) == 0.5e6
    assert value_tolerance(100e6) == 0.5e6  # "100 million": its zeros are digits of the millions
    assert value_tolerance(2.5e6) == 0.05e6
    assert ratio_bounds(2.4, "2.4x vs 2022") == pytest.approx((2.35, 2.45))
    assert ratio_bounds(1.23, "+23%") == pytest.approx((1.225, 1.235))
    assert ratio_bounds(1.231, "+23.1%") == pytest.approx((1.2305, 1.2315))
    assert ratio_bounds(0.6667, ">0.6667") == (0.6667, math.inf)


def test_periods_read_from_the_statements():
    assert parse_period("2023") == Period(2023)
    assert parse_period("2010-01..2010-10") == Period(2010, 1, 10)
    assert parse_period("2025-H1") == Period(2025, 1, 6)
    assert parse_period("Jan-Nov 2023") == Period(2023, 1, 11)
    assert parse_period("unstated (said Nov 2025)") is None
