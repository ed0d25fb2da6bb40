"""Statement verdicts at their edges, on hand-made series: 'over N' spans N to N + 1 unit, the statement's own side
ranks first among equal verdicts, and 'close' ends at 5 %."""
from __future__ import annotations

import pandas as pd
import pytest

from loaders.query import Query
from loaders.views.statement_claims import claims_of
from loaders.views.statements import statements
from tests.unit.gap_snapshot import rec, snapshot, statement


def verdicts(records: list[dict], stated: list[dict]) -> pd.DataFrame:
    return statements(snapshot(records, stated), Query()).set_index("statement_id")


def kaz_turnover(value: float) -> list[dict]:
    return [rec("KAZ", "turnover", "2023", value, source="kz_bns")]


def test_over_a_figure_is_read_as_that_figure_to_one_unit_more():
    row = statement("over", "KZ", "turnover", "2023", 53e6, note="'over 53 million'")
    main, beside, why = claims_of(row, ("ARM", "KAZ"))
    assert (main.low, main.high, beside, why) == (53e6, 54e6, None, "")


@pytest.mark.parametrize(("series", "verdict"), [
    (53.8e6, "match"),  # within 53 to 54 M; outside 53 ± 0.5 M
    (52.8e6, "close"),  # within 53 ± 0.5 M, but below 'over 53 million'; (53 − 52.8) / 52.8 = 0.4 %
])
def test_over_a_figure_matches_only_above_it(series, verdict):
    out = verdicts(kaz_turnover(series), [statement("over", "KZ", "turnover", "2023", 53e6,
                                                    note="'over 53 million'")])
    assert out.loc["over", "verdict"] == verdict


def test_the_statements_own_side_ranks_before_a_nearer_figure_of_the_other():
    # Both match 53 ± 0.5 M: Armenia's 30 + 23.05 = 53.05 M is nearer, Kazakhstan's own 52.7 M is the one it cites.
    records = [rec("ARM", "export", "2023", 30e6), rec("ARM", "import", "2023", 23.05e6), *kaz_turnover(52.7e6)]
    out = verdicts(records, [statement("kz", "KZ", "turnover", "2023", 53e6),
                             statement("am", "AM", "turnover", "2023", 53e6)])
    assert out.loc["kz", ["verdict", "best_source", "best_value"]].tolist() == ["match", "kz_bns", 52.7e6]
    assert out.loc["am", ["verdict", "best_source", "best_value"]].tolist() == ["match", "armstat", 53.05e6]


@pytest.mark.parametrize(("stated", "verdict", "rel_diff"), [
    (97e6, "close", (97 - 102) / 102),  # −4.9 %
    (93e6, "mismatch", (93 - 102) / 102),  # −8.8 %: beyond 5 %, though within 10 %
    (107e6, "close", (107 - 102) / 102),  # +4.9 %
    (108e6, "mismatch", (108 - 102) / 102),  # +5.9 %
])
def test_close_ends_at_five_percent_of_the_series(stated, verdict, rel_diff):
    out = verdicts(kaz_turnover(102e6), [statement("s", "KZ", "turnover", "2023", stated)])
    assert out.loc["s", "verdict"] == verdict
    assert out.loc["s", "rel_diff"] == pytest.approx(rel_diff)


def test_with_no_comparable_figure_at_all_every_statement_is_unverifiable():
    out = verdicts(kaz_turnover(53e6), [statement("later", "KZ", "turnover", "2030", 10e6),
                                        statement("odd", "AM", "services", "2023", 5e6)])
    assert out["verdict"].tolist() == ["unverifiable", "unverifiable"]
    assert out["rel_diff"].isna().all() and out["best_value"].isna().all()


SLACK = 1e-9 * 100.4e6  # float noise allowed around '100.4 million' (100.35 to 100.45 M): about 10 cents


@pytest.mark.parametrize("series", [100.45e6 + 0.05, 100.35e6 - 0.05, 100.45e6 + SLACK, 100.35e6 - SLACK],
                         ids=["5 cents over", "5 cents under", "at the upper edge", "at the lower edge"])
def test_float_noise_at_the_edge_of_the_rounding_still_matches(series):
    out = verdicts(kaz_turnover(series), [statement("edge", "KZ", "turnover", "2023", 100.4e6)])
    assert out.loc["edge", "verdict"] == "match"


def test_a_better_verdict_ranks_before_the_statements_own_side():
    # Kazakhstan's own 60 M is a mismatch ((53 − 60) / 60 = −11.7 %); Armenia's 30 + 25 = 55 M is close (−3.6 %).
    records = [*kaz_turnover(60e6), rec("ARM", "export", "2023", 30e6), rec("ARM", "import", "2023", 25e6)]
    row = verdicts(records, [statement("kz", "KZ", "turnover", "2023", 53e6)]).loc["kz"]
    assert row[["verdict", "best_source", "best_value"]].tolist() == ["close", "armstat", 55e6]
    assert row["rel_diff"] == pytest.approx((53 - 55) / 55)


def test_among_equal_verdicts_of_one_side_the_nearer_figure_ranks_first():
    # Both match 53 ± 0.5 M: 53.1 M is 0.19 % off, 52.6 M 0.76 % (kz_bns would rank first by source alone).
    records = [*kaz_turnover(52.6e6), rec("KAZ", "turnover", "2023", 53.1e6, source="imf_dots")]
    row = verdicts(records, [statement("kz", "KZ", "turnover", "2023", 53e6)]).loc["kz"]
    assert row[["best_source", "best_value"]].tolist() == ["imf_dots", 53.1e6]


def test_among_equal_figures_the_source_priority_ranks_before_the_vintage():
    # The same 53.1 M from both: kz_bns ranks before imf_dots, although imf_dots published it earlier.
    records = [rec("KAZ", "turnover", "2023", 53.1e6, source="kz_bns", vintage="2024-03-01"),
               rec("KAZ", "turnover", "2023", 53.1e6, source="imf_dots", vintage="2024-01-01")]
    row = verdicts(records, [statement("kz", "KZ", "turnover", "2023", 53e6)]).loc["kz"]
    assert row[["best_source", "best_vintage"]].tolist() == ["kz_bns", pd.Timestamp("2024-03-01")]


def test_exactly_five_percent_off_is_still_close():
    row = verdicts(kaz_turnover(100e6), [statement("s", "KZ", "turnover", "2023", 105e6)]).loc["s"]
    assert (row["verdict"], row["rel_diff"]) == ("close", 0.05)  # (105 − 100) / 100
