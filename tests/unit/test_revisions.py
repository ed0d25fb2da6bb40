"""Revisions view on hand-made vintages: change between complete figures only; the year the page opens on."""
import math

import pandas as pd
import pytest

from loaders.query import Query
from loaders.store.snapshot import read_snapshot
from loaders.views.revision_years import (
    default_revision_year,
    latest_revised_year,
    revision_summary,
    revision_years,
    year_revisions,
)
from loaders.views.revisions import revisions
from tests.factories import annual, months, snapshot


def test_revision_between_two_complete_vintages():
    recs = months(2023, value_usd=10.0, vintage="2024-02-13") + months(2023, value_usd=11.0, vintage="2025-02-25")
    out = revisions(snapshot(recs), Query(flow="export"))
    assert out["value_usd"].tolist() == [120.0, 132.0]
    assert math.isnan(out.loc[0, "change_usd"])
    assert out.loc[1, "change_usd"] == pytest.approx(12.0) and out.loc[1, "change_pct"] == pytest.approx(0.1)
    assert out["revised"].all()
    assert out["first_value_usd"].eq(120.0).all() and out["latest_value_usd"].eq(132.0).all()


def test_partial_to_complete_is_not_a_revision():
    recs = months(2024, count=3, value_usd=10.0, vintage="2024-05-13") + months(2024, value_usd=10.0,
                                                                               vintage="2025-02-25")
    out = revisions(snapshot(recs), Query(flow="export"))
    assert out["partial"].tolist() == [True, False]
    assert out["change_usd"].isna().all() and not out["revised"].any()


def test_a_figure_published_once_is_not_listed():
    out = revisions(snapshot([annual(2020)]), Query())
    assert out.empty


def test_unchanged_figure_in_two_vintages_is_listed_as_not_revised():
    recs = [annual(2020, vintage="2022-02-02", source="imf_dots"), annual(2020, vintage="2024-02-10", source="imf_dots")]
    out = revisions(snapshot(recs), Query())
    assert len(out) == 2 and not out["revised"].any()
    assert out["vintage"].tolist() == [pd.Timestamp("2022-02-02"), pd.Timestamp("2024-02-10")]


def test_the_year_picker_opens_on_the_latest_year_whose_figure_was_revised():
    recs = (months(2021, value_usd=10.0, vintage="2022-02-01") + months(2021, value_usd=12.0, vintage="2023-02-01")
            + months(2022, value_usd=5.0, vintage="2023-02-01") + months(2022, value_usd=5.0, vintage="2024-02-01")
            + months(2023, count=6, value_usd=7.0, vintage="2023-08-01") + months(2023, value_usd=7.0,
                                                                                vintage="2024-02-01"))
    out = revisions(snapshot(recs), Query(flow="export"))
    # 2021: 120 then 144 (revised); 2022: 60 twice (not revised); 2023: 6 months then 12 (filling up, not revised)
    assert revision_years(out) == [2023, 2022, 2021]
    assert latest_revised_year(out) == 2021
    assert default_revision_year(out) == 2021


def test_without_a_revised_year_the_picker_opens_on_the_latest_year():
    recs = [annual(2019, vintage="2022-02-02"), annual(2019, vintage="2024-02-10"),
            annual(2020, vintage="2022-02-02"), annual(2020, vintage="2024-02-10")]
    out = revisions(snapshot(recs), Query())
    assert latest_revised_year(out) is None and default_revision_year(out) == 2020
    assert default_revision_year(out.iloc[0:0]) is None


def test_the_summary_compares_only_complete_figures():
    recs = (months(2023, count=3, value_usd=10.0, vintage="2023-05-01") + months(2023, value_usd=10.0,
                                                                               vintage="2024-02-01")
            + months(2023, value_usd=11.0, vintage="2025-02-01"))
    summary = revision_summary(year_revisions(revisions(snapshot(recs), Query(flow="export")), 2023)).iloc[0]
    # 30 (three months) is no first figure: 120 first, 132 latest, +12 = +10 %
    assert summary["series_name"] == "Armenia's exports, Armstat"
    assert (summary["editions"], summary["partial_editions"]) == (3, 1)
    assert (summary["first_value_usd"], summary["latest_value_usd"]) == (120.0, 132.0)
    assert summary["change_usd"] == pytest.approx(12.0) and summary["change_pct"] == pytest.approx(0.1)
    assert summary["first_edition"] == pd.Timestamp("2024-02-01") and summary["revised"]


def test_on_the_bundled_data_the_default_year_is_2023():
    """Armstat published Armenia's 2023 exports to Kazakhstan as 71.32 M (edition of 13 Feb 2024) and 79.85 M (from
    17 Aug 2024 on; the reference figures quote 71.3 M first and 79.8 M later). Its 2024 figures were published for 3,
    6 and 8 months before the full year (25 Feb 2025): a year filling up, not a revision. So 2023 is the latest
    revised year."""
    snap = read_snapshot()
    q = Query()
    records = snap.records
    exports = records[(records["source"] == "armstat") & (records["reporter"] == "ARM")
                      & (records["partner"] == "KAZ") & (records["flow"] == "export")
                      & (records["hs_code"] == "TOTAL")]
    by_edition = exports[exports["period_start"].dt.year == 2023].groupby("vintage")["value_usd"].sum() / 1e6
    assert by_edition.round(1).tolist() == [71.3, 71.3, 79.8, 79.8, 79.8]
    months_2024 = exports[exports["period_start"].dt.year == 2024].groupby("vintage").size().tolist()
    assert months_2024 == [3, 6, 8, 12]
    assert default_revision_year(revisions(snap, q)) == 2023
