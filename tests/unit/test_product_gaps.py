"""Products view and the Bridge's composition of it: X, M, gaps and shares per HS line worked out by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from loaders.query import Query
from loaders.views import run_view
from loaders.views.product_gaps import PRODUCTS_COLUMNS, products
from loaders.views.product_summary import composition, composition_sentence, composition_title
from tests.unit.gap_snapshot import rec, snapshot

COMTRADE = {"source": "comtrade", "vintage": "2024-06-01"}


def both_sides() -> list[dict]:
    """ARM's 2023 exports to KAZ and KAZ's imports from ARM at HS2 and HS4 (the HS2 rows never added to HS4 ones)."""
    x = {"8703": 40e6, "2208": 10e6, "0805": 5e6}
    m = {"8703": 4e6, "2208": 12e6, "0805": 5e6, "7108": 1e6}
    return [*(rec("ARM", "export", "2023", v, hs=code, **COMTRADE) for code, v in x.items()),
            *(rec("KAZ", "import", "2023", v, hs=code, **COMTRADE) for code, v in m.items()),
            rec("ARM", "export", "2023", 55e6, hs="87", **COMTRADE), rec("KAZ", "import", "2023", 22e6, hs="87",
                                                                          **COMTRADE),
            rec("ARM", "export", "2023", 100e6), rec("KAZ", "import", "2023", 50e6, source="kz_bns")]


def lines(records: list[dict]) -> pd.DataFrame:
    return products(snapshot(records), Query()).set_index("hs_code")


def test_each_line_has_x_m_its_gap_and_its_share_at_the_finest_common_level():
    out = lines(both_sides())
    assert sorted(["hs_code", *out.columns]) == sorted(PRODUCTS_COLUMNS)
    assert set(out["hs_level"]) == {4} and set(out["direction"]) == {"ARM→KAZ"}
    # gaps M − X: 8703 4 − 40 = −36; 2208 12 − 10 = +2; 0805 0; 7108 1 − 0 = +1 (ARM lists none); Σ = −33, Σ|·| = 39
    assert out["gap_usd"].to_dict() == {"0805": 0.0, "2208": 2e6, "7108": 1e6, "8703": -36e6}
    assert out.loc["8703", "gap_share"] == pytest.approx(36 / 33)
    assert out.loc["2208", "gap_share"] == pytest.approx(2 / -33)
    assert out.loc["8703", "abs_gap_share"] == pytest.approx(36 / 39)
    assert pd.isna(out.loc["7108", "x_value_usd"]) and out.loc["7108", "m_value_usd"] == 1e6
    # 8703 alone is 92 % of Σ|gap|: the fewest lines explaining 80 % are that one
    assert out["explains_most"].to_dict() == {"0805": False, "2208": False, "7108": False, "8703": True}
    assert out["gap_rank"].to_dict() == {"8703": 1, "2208": 2, "7108": 3, "0805": 4}
    assert (out["compared"] == "both sides").all()
    assert out.loc["8703", "re_export_suspected"] and not out.loc["2208", "re_export_suspected"]
    assert (out["x_source"] == "comtrade").all() and (out["x_vintage"] == pd.Timestamp("2024-06-01")).all()


def test_one_side_alone_is_shown_without_a_gap():
    out = lines([rec("ARM", "export", "2023-01", 3e6, hs="8703", freq="M", **COMTRADE),
                 rec("ARM", "export", "2023-02", 1e6, hs="8703", freq="M", **COMTRADE)])
    assert out.loc["8703", "x_value_usd"] == 4e6 and out.loc["8703", "x_months"] == 2
    assert out.loc["8703", "compared"] == "exporter only" and pd.isna(out.loc["8703", "gap_usd"])
    assert not out["explains_most"].any()


def test_a_pair_without_product_rows_gives_an_empty_frame_with_the_columns():
    out = run_view("products", snapshot([rec("ARM", "export", "2023", 1e6)]), Query())
    assert out.empty and list(out.columns) == PRODUCTS_COLUMNS


def test_the_query_years_cut_the_lines():
    records = [*both_sides(), rec("ARM", "export", "2021", 9e6, hs="8703", **COMTRADE)]
    assert set(products(snapshot(records), Query(years=(2021, 2021)))["year"]) == {2021}


def test_the_composition_shows_the_lines_explaining_most_and_says_so():
    every = products(snapshot(both_sides()), Query())
    shown = composition(every, 2023, "ARM→KAZ")
    assert list(shown["hs_code"]) == ["8703"]
    sentence = composition_sentence(every, shown, ("ARM", "KAZ"))
    assert "1 of 4 HS4 lines explain 92% of the product-level gap" in sentence
    assert "39.0 M USD" in sentence and "-33.0 M USD" in sentence
    assert composition(every, 2023, "KAZ→ARM").empty
    assert list(composition(every, None, "ARM↔KAZ")["hs_code"]) == ["8703"]  # turnover: both directions


def test_a_one_sided_composition_shows_the_largest_lines_and_why_no_gap():
    every = lines([rec("ARM", "export", "2023", v, hs=code, **COMTRADE)
                   for code, v in (("0805", 5e6), ("8703", 40e6), ("2208", 10e6))]).reset_index()
    shown = composition(every, 2023, "ARM→KAZ")
    assert list(shown["hs_code"]) == ["8703", "2208", "0805"]
    assert "Kazakhstan publishes no product-level imports from Armenia" in composition_sentence(every, shown,
                                                                                             ("ARM", "KAZ"))


def test_lines_in_a_few_headings_are_named_by_them_so_they_do_not_read_as_the_whole_trade():
    cars = lines([rec("ARM", "export", "2023", v, hs=code, **COMTRADE)
                  for code, v in (("870323", 16e6), ("870324", 9e6), ("870333", 4e6))]).reset_index()
    shown = composition(cars, 2023, "ARM→KAZ")
    assert composition_sentence(cars, shown, ("ARM", "KAZ")).endswith(
        "This dataset holds product rows for 2023 in this direction in HS 8703 only.")
    assert composition_title(cars, shown) == ("Armenia's exports to Kazakhstan by product, 2023, HS 8703 only "
                                              "(Kazakhstan publishes no product lines)")
    # four headings (both_sides' four HS4 lines): no heading is named
    every = products(snapshot(both_sides()), Query())
    shown = composition(every, 2023, "ARM→KAZ")
    assert "HS " not in composition_title(every, shown) and "product rows for" not in composition_sentence(
        every, shown, ("ARM", "KAZ"))


def test_no_product_figures_are_said_plainly():
    empty = products(snapshot([rec("ARM", "export", "2023", 1e6)]), Query())
    sentence = composition_sentence(empty, composition(empty, None, "ARM↔KAZ"), ("ARM", "KAZ"))
    assert sentence.startswith("No product-level figures for Armenia and Kazakhstan")


def test_the_views_columns_are_the_querys_with_direction_and_flags():
    from loaders.views.product_gaps import PRODUCTS_COLUMNS
    from loaders.world.product_queries import EXPLAINED_COLUMNS

    assert PRODUCTS_COLUMNS == [*EXPLAINED_COLUMNS[:3], "direction", *EXPLAINED_COLUMNS[3:], "compared",
                                "re_export_suspected", "flag_reason", "flag_rule"]
