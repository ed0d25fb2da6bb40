"""Each side's official series before any quote of it: mirror and headline, the bridge's quote bars, statements checked
against official series only, statements applied to the pair they name, and the Overview's answer in words.

Hand-made pair: Armenia (Armstat) exports 70 M and imports 30 M (origin); Kazakhstan's own table (kz_bns) exports
35 M and imports 60 M, so 95 M turnover; a press quote says Kazakhstan's 2023 turnover was 53.1 M (confidence B)."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from loaders.query import Query
from loaders.views.answer import answer
from loaders.views.bridge import bridge
from loaders.views.common import official_first
from loaders.views.mirror import mirror
from loaders.views.statements import statements
from tests.unit.gap_snapshot import rec, snapshot, statement

Q = Query(margin=0.1)
OFFICIAL = [
    rec("ARM", "export", "2023", 70e6, vintage="2024-02-01"),
    rec("ARM", "import", "2023", 30e6, vintage="2024-02-01"),
    rec("KAZ", "export", "2023", 35e6, vintage="2024-07-25", source="kz_bns"),
    rec("KAZ", "import", "2023", 60e6, vintage="2024-07-25", source="kz_bns", basis="unknown"),
]
QUOTE = rec("KAZ", "turnover", "2023", 53.1e6, vintage="2024-05-01", source="kz_official", confidence="B",
            note="official figure as quoted (statement neo)")


def test_official_first_drops_a_quote_only_where_an_official_figure_exists():
    frame = pd.DataFrame({"reporter": ["KAZ", "KAZ", "KAZ"], "flow": ["turnover", "turnover", "export"],
                          "year": [2023, 2022, 2022], "confidence": ["A", "B", "C"]})
    frame = pd.concat([frame, frame.iloc[[0]].assign(confidence="B")], ignore_index=True)
    kept = official_first(frame, ["reporter", "flow", "year"])
    assert kept.index.tolist() == [0, 1, 2]  # the 2023 quote (row 3) gives way; 2022's quotes have no official twin


def turnover_row(frame: pd.DataFrame) -> pd.Series:
    rows = frame[(frame["measure"] == "turnover vs turnover") & (frame["x_basis"] == "origin")]
    assert len(rows) == 1
    return rows.iloc[0]


def test_mirror_sets_the_official_series_against_each_other_not_the_quote():
    row = turnover_row(mirror(snapshot([*OFFICIAL, QUOTE]), Q))
    assert (row["x_source"], row["x_value_usd"]) == ("armstat", 100e6)
    assert (row["m_source"], row["m_value_usd"]) == ("kz_bns", 95e6)


def test_without_an_official_series_the_quote_is_still_shown():
    row = turnover_row(mirror(snapshot([*OFFICIAL[:2], QUOTE]), Q))
    assert (row["m_source"], row["m_value_usd"]) == ("kz_official", 53.1e6)


def test_the_bridge_shows_the_quote_against_the_official_figure_as_its_own_bars():
    bars = bridge(snapshot([*OFFICIAL, QUOTE]), Q.with_(flow="turnover", basis="origin"))
    bars = bars[bars["measure"] == "turnover vs turnover"]
    assert bars["kind"].tolist()[-4:] == ["residual", "end", "quote step", "quote"]
    step, quote = bars.iloc[-2], bars.iloc[-1]
    assert step["value_usd"] == pytest.approx(53.1e6 - 95e6)
    assert step["running_usd"] == quote["running_usd"] == quote["value_usd"] == 53.1e6
    core = bars[bars["kind"].isin(["start", "step", "residual"])]["value_usd"]
    assert math.fsum(core) == pytest.approx(95e6)  # the quote never enters start + steps + residual = end


def test_no_quote_bars_where_nothing_was_quoted():
    bars = bridge(snapshot(OFFICIAL), Q.with_(flow="turnover"))
    assert not bars["kind"].isin(["quote", "quote step"]).any()


def test_a_quote_is_checked_against_the_official_series_not_against_another_quote():
    said = [statement("kz", "KZ", "turnover", "2023", 53.1e6)]
    row = statements(snapshot([*OFFICIAL, QUOTE], said), Q).iloc[0]
    assert (row["verdict"], row["best_source"], row["best_value"]) == ("mismatch", "kz_bns", 95e6)
    assert row["rel_diff"] == pytest.approx(53.1 / 95 - 1)


def test_a_statement_applies_only_to_the_pair_it_names():
    said = [statement("here", "AM", "turnover", "2023", 100e6),
            statement("elsewhere", "AM", "turnover", "2023", 100e6, pair="ARM-GEO"),
            statement("nowhere", "AM", "turnover", "2023", 100e6, pair="")]
    checked = statements(snapshot(OFFICIAL, said), Q)
    assert checked["statement_id"].tolist() == ["here"]
    assert checked["verdict"].tolist() == ["match"]
    reversed_pair = statements(snapshot(OFFICIAL, said), Q.with_(pair=("KAZ", "ARM")))
    assert reversed_pair["statement_id"].tolist() == ["here"]


def test_the_answer_in_words_is_computed_from_the_views():
    said = [statement("am", "AM", "turnover", "2023", 100e6)]
    sentences = dict(zip(*answer(snapshot([*OFFICIAL, QUOTE], said), Q).T.to_numpy()))
    assert sentences["figures"] == (
        "For 2023, Armenia reports $100.0 M of goods trade with Kazakhstan (Armstat, edition of 01 Feb 2024, imports "
        "by country of origin); Kazakhstan reports $95.0 M (Kazakhstan's Bureau of National Statistics, edition of "
        "25 Jul 2024).")
    assert sentences["gap"] == "Kazakhstan's figure is $5.0 M lower than Armenia's (-5.0%)."
    # valuation = 0.1 * 70 - 0.1 / 1.1 * 30 = 4.2727 M; revision 0; residual = 95 - 100 - 4.2727 = -9.2727 M;
    # unexplained share = 9.2727 / (4.2727 + 0 + 9.2727) = 68.5 %.
    assert sentences["cause"] == ("The largest measured cause is valuation (CIF/FOB) (+4.3 M USD) (resting on an "
                                  "assumption: Bridge page); 68% of the gross movement in the bridge (-9.3 M USD) is "
                                  "left unexplained.")
    assert sentences["quote"] == ("A figure quoted for Kazakhstan's side ($53.1 M, Statements page) is $41.9 M below "
                                  "Kazakhstan's own statistics ($95.0 M, Kazakhstan's Bureau of National Statistics, "
                                  "edition of 25 Jul 2024).")
    assert sentences["statements"].startswith("The series reproduce 1 of the 1 published statements")


def test_the_answer_says_plainly_when_no_year_has_both_sides():
    sentences = answer(snapshot(OFFICIAL[:2]), Q)["sentence"].tolist()
    assert sentences == ["No year in the data has a turnover figure from both Armenia and Kazakhstan; the charts show "
                         "what each side reports on its own."]
