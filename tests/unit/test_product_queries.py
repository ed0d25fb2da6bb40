"""Product mirror queries on small hand-made record frames; every expected value worked out by hand in the comments."""
import ibis
import pandas as pd
import pytest

from loaders.world import product_queries as pq


def row(reporter, partner, flow, hs_code, value, freq="A", month=1, vintage="2024-01-01", year=2023, valuation=None):
    valuation = valuation or ("FOB" if flow == "export" else "CIF")
    return {"source": "comtrade", "reporter": reporter, "partner": partner, "flow": flow, "freq": freq,
            "valuation": valuation,
            "period_start": pd.Timestamp(year, month, 1), "hs_code": hs_code, "value_usd": value,
            "vintage": pd.Timestamp(vintage)}


def table(*rows):
    return ibis.memtable(pd.DataFrame(list(rows)))


# AAA's exports to BBB at HS2 and HS4 (never to be added together) and BBB's imports from AAA at both levels too
TWO_LEVELS = [
    row("AAA", "BBB", "export", "01", 100.0), row("AAA", "BBB", "export", "0101", 60.0),
    row("AAA", "BBB", "export", "0102", 40.0), row("AAA", "BBB", "export", "02", 50.0),
    row("BBB", "AAA", "import", "01", 130.0), row("BBB", "AAA", "import", "0101", 90.0),
    row("BBB", "AAA", "import", "03", 20.0),
    row("AAA", "BBB", "export", "TOTAL", 999.0), row("BBB", "AAA", "import", "TOTAL", 999.0),
]


def mirror(rows, **kwargs):
    return pq.product_mirror(table(*rows), "AAA", "BBB", **kwargs).to_pandas().set_index("hs_code")


def test_the_finest_level_both_sides_report_is_compared_alone():
    out = mirror(TWO_LEVELS)
    assert sorted(["hs_code", *out.columns]) == sorted(pq.PRODUCT_MIRROR_COLUMNS)
    assert list(out.index) == ["0101", "0102"] and set(out["hs_level"]) == {4}
    # 0101: M 90 − X 60 = 30; 0102: BBB itemises no 0102, so 0 − 40 = −40; the direction's gap: 30 − 40 = −10
    assert out.loc["0101", "gap_usd"] == 30.0 and out.loc["0102", "gap_usd"] == -40.0
    assert pd.isna(out.loc["0102", "m_value_usd"])
    assert out.loc["0101", "gap_share"] == pytest.approx(30 / -10)
    assert out.loc["0102", "gap_share"] == pytest.approx(-40 / -10)
    # Σ|gap| = 70
    assert out.loc["0101", "abs_gap_share"] == pytest.approx(30 / 70)
    assert out.loc["0102", "abs_gap_share"] == pytest.approx(40 / 70)


def test_a_given_level_is_compared_even_where_finer_lines_exist():
    out = mirror(TWO_LEVELS, hs_level=2)
    # 01: 130 − 100 = 30; 02: 0 − 50 = −50; 03: 20 − 0 = 20; Σ gap = 0 (no signed share), Σ|gap| = 100
    assert out["gap_usd"].to_dict() == {"01": 30.0, "02": -50.0, "03": 20.0}
    assert out["gap_share"].isna().all()
    assert out["abs_gap_share"].to_dict() == pytest.approx({"01": 0.3, "02": 0.5, "03": 0.2})


def test_one_side_alone_gives_its_lines_without_a_gap():
    out = mirror([row("AAA", "BBB", "export", "87", 10.0), row("AAA", "BBB", "export", "8703", 10.0)])
    assert list(out.index) == ["8703"]
    assert out.loc["8703", "x_value_usd"] == 10.0 and out.loc["8703", "x_months"] == 12
    assert pd.isna(out.loc["8703", "m_months"]) and pd.isna(out.loc["8703", "gap_usd"])
    assert pd.isna(out.loc["8703", "abs_gap_share"])


def test_a_side_with_no_line_at_the_compared_level_names_no_publication():
    # AAA itemises its exports to BBB at HS4 only, BBB its imports from AAA at HS2 only: no level in common, so the
    # finest (HS4) is compared, and BBB has no line there: one-sided, without BBB's months, source or vintage
    out = mirror([row("AAA", "BBB", "export", "8703", 10.0), row("BBB", "AAA", "import", "87", 12.0)])
    assert list(out.index) == ["8703"] and out.loc["8703", "x_months"] == 12
    assert pd.isna(out.loc["8703", "m_months"]) and pd.isna(out.loc["8703", "m_source"])
    assert pd.isna(out.loc["8703", "m_vintage"]) and pd.isna(out.loc["8703", "gap_usd"])


def test_months_add_up_and_are_compared_only_with_as_many_months():
    months = [row("AAA", "BBB", "export", "8703", 5.0, freq="M", month=1),
              row("AAA", "BBB", "export", "8703", 2.0, freq="M", month=1),  # a second mode of transport
              row("AAA", "BBB", "export", "8703", 3.0, freq="M", month=2)]
    annual_m = row("BBB", "AAA", "import", "8703", 40.0)
    out = mirror([*months, annual_m])
    # X: 5 + 2 + 3 = 10 over two months; M: a whole year: not comparable
    assert out.loc["8703", "x_value_usd"] == 10.0
    assert (out.loc["8703", "x_months"], out.loc["8703", "m_months"]) == (2, 12)
    assert pd.isna(out.loc["8703", "gap_usd"])
    two_months_m = [row("BBB", "AAA", "import", "8703", 15.0, freq="M", month=m) for m in (1, 2)]
    assert mirror([*months, *two_months_m]).loc["8703", "gap_usd"] == 30.0 - 10.0


def test_an_annual_figure_wins_over_months_and_the_latest_vintage_over_older_ones():
    out = mirror([row("AAA", "BBB", "export", "01", 100.0, vintage="2024-06-01"),
                  row("AAA", "BBB", "export", "01", 80.0, vintage="2024-01-01"),
                  row("AAA", "BBB", "export", "01", 7.0, freq="M", month=3, vintage="2025-01-01"),
                  row("BBB", "AAA", "import", "01", 110.0)])
    assert out.loc["01", "x_value_usd"] == 100.0 and out.loc["01", "gap_usd"] == 10.0
    assert out.loc["01", "x_vintage"] == pd.Timestamp("2024-06-01") and out.loc["01", "x_source"] == "comtrade"


def test_imports_valued_both_ways_are_compared_cif_and_never_added():
    out = mirror([row("AAA", "BBB", "export", "01", 100.0), row("BBB", "AAA", "import", "01", 110.0),
                  row("BBB", "AAA", "import", "01", 104.0, valuation="FOB")])
    assert out.loc["01", "m_value_usd"] == 110.0 and out.loc["01", "gap_usd"] == 10.0
    fob_only = mirror([row("AAA", "BBB", "export", "01", 100.0),
                       row("BBB", "AAA", "import", "01", 104.0, valuation="FOB")])
    assert fob_only.loc["01", "gap_usd"] == 4.0  # NB the one valuation published is used


def test_directions_and_years_are_compared_apart():
    out = pq.product_mirror(table(
        row("AAA", "BBB", "export", "01", 10.0), row("BBB", "AAA", "import", "01", 12.0),
        row("BBB", "AAA", "export", "01", 50.0), row("AAA", "BBB", "import", "01", 45.0),
        row("AAA", "BBB", "export", "01", 1.0, year=2022), row("BBB", "AAA", "import", "01", 4.0, year=2022),
        row("AAA", "CCC", "export", "01", 1e9),
    ), "AAA", "BBB").to_pandas()
    gaps = {(r.exporter, r.year): r.gap_usd for r in out.itertuples()}
    assert gaps == {("AAA", 2022): 3.0, ("AAA", 2023): 2.0, ("BBB", 2023): -5.0}
    assert set(out["importer"]) == {"AAA", "BBB"}
    years = pq.product_mirror(table(row("AAA", "BBB", "export", "01", 1.0, year=2022)), "AAA", "BBB",
                              years=(2023, 2023)).to_pandas()
    assert years.empty


def test_the_fewest_lines_explaining_most_of_the_gap_are_marked():
    rows = [row("AAA", "BBB", "export", code, x) for code, x in (("01", 50.0), ("02", 30.0), ("03", 20.0))]
    out = pq.explaining_products(pq.product_mirror(table(*rows, row("BBB", "AAA", "import", "04", 0.0)), "AAA",
                                                   "BBB")).to_pandas().set_index("hs_code")
    assert sorted(["hs_code", *out.columns]) == sorted(pq.EXPLAINED_COLUMNS)
    # |gaps| 50, 30, 20, 0 of Σ 100: 01 and 02 reach 80 %, 03 and 04 add nothing needed
    assert out["gap_rank"].to_dict() == {"01": 1, "02": 2, "03": 3, "04": 4}
    assert out["cumulative_abs_share"].to_dict() == pytest.approx({"01": 0.5, "02": 0.8, "03": 1.0, "04": 1.0})
    assert out["explains_most"].to_dict() == {"01": True, "02": True, "03": False, "04": False}


def test_lines_without_a_gap_are_neither_ranked_nor_marked():
    out = pq.explaining_products(pq.product_mirror(table(row("AAA", "BBB", "export", "01", 5.0)), "AAA", "BBB"))
    out = out.to_pandas()
    assert out["gap_rank"].isna().all() and not out["explains_most"].any()


def test_the_worlds_largest_product_gaps_rank_every_pair_by_absolute_gap():
    world = table(
        row("AAA", "BBB", "export", "01", 100.0), row("BBB", "AAA", "import", "01", 70.0),   # −30
        row("AAA", "BBB", "export", "02", 10.0), row("BBB", "AAA", "import", "02", 15.0),    # +5
        row("CCC", "DDD", "export", "01", 10.0), row("DDD", "CCC", "import", "01", 60.0),    # +50
        row("EEE", "FFF", "export", "01", 1e9),                                              # one side: no gap
        row("CCC", "DDD", "export", "01", 1.0, year=2022), row("DDD", "CCC", "import", "01", 1e9, year=2022),
    )
    out = pq.largest_product_gaps(world, 2023, limit=2).to_pandas()
    assert [(r.exporter, r.hs_code, r.gap_usd) for r in out.itertuples()] == [("CCC", "01", 50.0),
                                                                             ("AAA", "01", -30.0)]
    assert list(out["abs_gap_usd"]) == [50.0, 30.0]
