"""Products view: HS4 rows summed per month (never with their HS6 detail), share of the national total in the
nearest vintage, and the re-export flag's rule."""
from __future__ import annotations

import pandas as pd
import pytest

from loaders.query import Query
from loaders.views.products import FLAG_RULE
from loaders.views.products import product_shares as products
from tests.unit.gap_snapshot import rec, snapshot

COMTRADE = {"source": "comtrade", "vintage": "2024-01-19", "freq": "M"}


def frame() -> pd.DataFrame:
    records = [
        rec("ARM", "export", "2023-01", 3e6, hs="8703", **COMTRADE),  # road
        rec("ARM", "export", "2023-01", 1e6, hs="8703", **COMTRADE),  # self-propelled
        rec("ARM", "export", "2023-01", 3e6, hs="870323", **COMTRADE),  # HS6 detail: never added
        rec("ARM", "export", "2023-02", 2e6, hs="8703", **COMTRADE),
        rec("ARM", "export", "2023-01", 0.5e6, hs="2208", **COMTRADE),  # spirits: Armenia produces them
        # Armstat totals in two vintages; the one nearest to 2024-01-19 is 2024-02-13
        rec("ARM", "export", "2023-01", 10e6, freq="M", vintage="2024-02-13"),
        rec("ARM", "export", "2023-01", 12e6, freq="M", vintage="2025-02-25"),
    ]
    return products(snapshot(records), Query())


def test_hs4_rows_are_summed_and_hs6_rows_never_added():
    out = frame()
    january = out[(out["hs_code"] == "8703") & (out["period_start"] == "2023-01-01")].iloc[0]
    assert january["product_value_usd"] == 4e6 and january["product_rows"] == 2
    assert set(out["hs_level"]) == {4}


def test_share_against_the_total_of_the_nearest_vintage():
    out = frame()
    january = out[(out["hs_code"] == "8703") & (out["period_start"] == "2023-01-01")].iloc[0]
    assert january["total_vintage"] == pd.Timestamp("2024-02-13")
    assert january["share_of_total"] == pytest.approx(0.4)
    february = out[(out["hs_code"] == "8703") & (out["period_start"] == "2023-02-01")].iloc[0]
    assert pd.isna(february["total_value_usd"]) and pd.isna(february["share_of_total"])  # no total: no share


def test_re_export_flag_follows_its_rule():
    out = frame()
    assert out.loc[out["hs_code"] == "8703", "re_export_suspected"].all()
    assert not out.loc[out["hs_code"] == "2208", "re_export_suspected"].any()
    assert (out["flag_rule"] == FLAG_RULE).all()
    assert out.loc[out["hs_code"] == "8703", "flag_reason"].str.contains("no passenger-car industry").all()


def test_no_product_rows_give_an_empty_frame_with_the_columns():
    out = products(snapshot([rec("ARM", "export", "2023", 1e6)]), Query())
    assert out.empty and "share_of_total" in out.columns
