"""The statements as a reader sees them on the bundled data: who, when, their words, the stated figure in its unit,
the verdict in words; no cell left as None."""
from __future__ import annotations

import pandas as pd
import pytest

from loaders.query import Query
from loaders.store.snapshot import read_snapshot
from loaders.views import run_view
from loaders.views.statement_display import (
    period_words,
    published_text,
    short_speaker,
    statements_shown,
    verdict_summary,
)


@pytest.fixture(scope="module")
def checked() -> pd.DataFrame:
    return run_view("statements", read_snapshot(), Query())


@pytest.fixture(scope="module")
def shown(checked) -> pd.DataFrame:
    return statements_shown(checked).set_index("statement_id")


def test_no_cell_a_reader_sees_is_none_or_nan(shown):
    text = shown.drop(columns="rel_diff")
    assert not text.isna().any().any()
    assert not text.isin(["None", "nan", "NaT"]).any().any()


def test_each_statement_says_who_when_and_their_words(shown):
    # statements.csv, row tca-2025-growth: the Times of Central Asia article of November 2025
    row = shown.loc["tca-2025-growth"]
    assert row["who"] == "The Times of Central Asia (S. M. Bland), citing Armenia's economy minister"
    assert row["when"] == "Nov 2025"
    assert row["quote"] == "“up 2.4 times from 2020”"
    assert row["said"] == "Turnover growth, 2023 vs 2020: ×2.4"
    # a note that is not in quotation marks is the editor's, never shown as the speaker's words
    kz = shown.loc["neo-2024-kz"]
    assert (kz["quote"], kz["context"]) == ("", "base year read as 2022")
    assert kz["said"] == "Turnover, 2023: 53.1 M USD (+23% vs 43.1M)"
    assert kz["when"] == "1 May 2024"


def test_the_stated_figure_keeps_its_own_unit(shown):
    assert shown.loc["tca-2025-total", "stated"] == "104 M USD"
    assert shown.loc["tca-2025-growth", "stated"] == "×2.4"
    assert shown.loc["tca-2025-share", "stated"] == "more than 66.7 %"
    # the series' figure too: 71.32 / 100.48 = 71.0 %; 2023 vs 2020 by consignment: ×8.078
    assert shown.loc["tca-2025-share", "best"] == "71.0 %"
    assert shown.loc["tca-2025-growth", "best"] == "×8.078"


def test_a_threshold_met_is_said_to_be_met_not_a_difference(shown):
    # 66.67 % is 6.1 % below 71.0 %, but "more than two-thirds" is a floor: the chart says it is met
    assert shown.loc["tca-2025-share", "chart_note"] == "more than 66.7 %: met"
    assert shown.loc["tca-2025-kz", "chart_note"] == "−48.8 %"  # 53.1 / 103.67 − 1
    assert shown.loc["zhilyaev-2025", "chart_note"] == "not checkable"


def test_unverifiable_rows_say_why(shown):
    row = shown.loc["zhilyaev-2025"]
    assert row["verdict_words"] == "Not checkable"
    assert row["verdict_text"] == "Not checkable: no series in the data covers turnover for Jan–Jun 2025."
    assert row["best"] == "" and row["series_link"] == ""


def test_links_and_citations_are_apart(shown):
    assert shown.loc["mfa-kz-2024", "link"].startswith("https://turanews.kz/")
    # the seed article has no web address: its citation is shown as text, and 'same article' rows inherit it
    assert shown.loc["tca-2025-kz", "link"] == ""
    assert shown.loc["tca-2025-kz", "citation"].startswith("The Times of Central Asia: 'Kazakhstan and Armenia")
    assert shown.loc["tca-2025-total", "series_link"] == "https://stat.gov.kz/"


def test_newest_first_and_a_summary_in_words(shown, checked):
    assert shown.index[0] == "zhumangarin-2025"  # published 2025-11-21
    assert shown.index[-1] in {"nazarbaev-2006", "nazarbaev-2006-imports"}  # published 2006-11-06
    assert verdict_summary(checked) == (
        "19 published statements: 6 reproduced by a series in the data, 2 close but outside their own rounding, "
        "6 not reproduced, 5 not checkable.")


def test_dates_periods_and_speakers_in_words():
    assert published_text("2025-11") == "Nov 2025"
    assert published_text("2024-05-01") == "1 May 2024"
    assert published_text("2018") == "2018"
    assert period_words("2010-01..2010-10") == "Jan–Oct 2010"
    assert period_words("Jan-Nov 2023 vs Jan-Nov 2022") == "Jan–Nov 2023 vs Jan–Nov 2022"
    assert period_words("unstated (said Nov 2025)") == "unstated (said Nov 2025)"
    assert short_speaker("Kazakh MFA (Nurtleu-Mirzoyan talks)") == "Kazakh MFA (Nurtleu-Mirzoyan talks)"
    assert short_speaker("The Times of Central Asia (S. M. Bland), citing Armenia's economy minister") == (
        "The Times of Central Asia, citing Armenia's…")
