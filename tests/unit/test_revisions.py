"""Revisions view on hand-made vintages: change between complete figures only."""
import math

import pandas as pd
import pytest

from loaders.query import Query
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
