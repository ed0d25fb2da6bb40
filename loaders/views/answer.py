"""Answer view: the Overview's plain-language answer, sentence by sentence, generated from the summary, bridge and
statements views (no text is written for one pair): each side's figure, the gap, its largest measured cause, the share
left unexplained, and which published statements the figures reproduce."""
from __future__ import annotations

import pandas as pd

from loaders.query import Query, country_name
from loaders.store.snapshot import Snapshot
from loaders.views.bridge import bridge
from loaders.views.bridge_summary import cause_sentence
from loaders.views.memo import memo
from loaders.views.names import possessive, source_name
from loaders.views.statements import statements
from loaders.views.summary import summary

ANSWER_COLUMNS = ["topic", "sentence"]


def musd(value: float) -> str:
    return f"${value / 1e6:,.1f} M"


def edition(source: str, vintage: pd.Timestamp) -> str:
    return f"{source_name(source)}, edition of {vintage:%d %b %Y}"


def answer(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """A few sentences answering 'what do the two sides report, and why do they differ' for the latest common year."""
    # NB the summary reads only the years and vintage mode (QUERY_FIELDS): a new margin does not pair the years again
    head = memo(snapshot.records, ("summary", q.pair, q.years, q.vintage), lambda: summary(snapshot, q))
    a, b = (country_name(code) for code in q.pair)
    if head.empty:
        return _frame([("figures", f"No year in the data has a turnover figure from both {a} and {b}; the charts "
                                   "show what each side reports on its own.")])
    row = head.iloc[0]
    year = int(row["year"])
    x_name, m_name = country_name(row["x_reporter"]), country_name(row["m_reporter"])
    basis = "" if row["x_basis"] in ("unknown", "destination") else f", imports by country of {row['x_basis']}"
    sentences = [("figures", f"For {year}, {x_name} reports {musd(row['x_value_usd'])} of goods trade with {m_name} "
                             f"({edition(row['x_source'], row['x_vintage'])}{basis}); {m_name} reports "
                             f"{musd(row['m_value_usd'])} ({edition(row['m_source'], row['m_vintage'])}).")]
    gap = row["m_value_usd"] - row["x_value_usd"]
    sentences.append(("gap", f"{m_name}'s figure is {musd(abs(gap))} {'lower' if gap < 0 else 'higher'} than "
                             f"{x_name}'s ({gap / row['x_value_usd']:+.1%})."))
    sentences += _causes(snapshot, q, row)
    sentences += _statements(snapshot, q)
    return _frame(sentences)


def _frame(sentences: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(sentences, columns=ANSWER_COLUMNS)


def _causes(snapshot: Snapshot, q: Query, row: pd.Series) -> list[tuple[str, str]]:
    """The largest measured step of the headline's bridge, the unexplained share, and any quote-vs-official step."""
    year = int(row["year"])
    bars = bridge(snapshot, q.with_(years=(year, year), flow="turnover", basis="all"))
    bars = bars[(bars["measure"] == "turnover vs turnover") & (bars["start_basis"] == row["x_basis"])
                & (bars["end_basis"] == row["m_basis"])]
    if bars.empty:
        return []
    out = [("cause", cause_sentence(bars))]
    quotes = bars[bars["kind"] == "quote"]
    for side in ("x", "m"):
        code = row[f"{side}_reporter"]
        quoted = quotes.loc[quotes["step"].str.startswith(f"quoted: {code} "), "value_usd"]
        if quoted.empty:
            continue
        quote, official = quoted.iloc[0], row[f"{side}_value_usd"]
        out.append(("quote", f"A figure quoted for {possessive(code)} side ({musd(quote)}, Statements page) is "
                             f"{musd(abs(official - quote))} {'below' if quote < official else 'above'} "
                             f"{possessive(code)} own statistics ({musd(official)}, "
                             f"{edition(row[f'{side}_source'], row[f'{side}_vintage'])})."))
    return out


def _statements(snapshot: Snapshot, q: Query) -> list[tuple[str, str]]:
    checked = statements(snapshot, q)
    if checked.empty:
        return []
    said = snapshot.statements.set_index("statement_id")
    matched = checked[checked["verdict"] == "match"]
    out = [("statements", f"The series reproduce {len(matched)} of the {len(checked)} published statements on this "
                          f"pair; {len(checked) - len(matched)} are not reproduced or cannot be checked "
                          "(Statements page).")]
    for sid, source, vintage in zip(matched["statement_id"], matched["best_source"], matched["best_vintage"]):
        what = f"{said.at[sid, 'measure']}, {said.at[sid, 'period']}".replace("_", " ")
        out.append(("statement", f"{said.at[sid, 'speaker_or_outlet']} ({said.at[sid, 'published']}; {what}): "
                                 f"reproduced by {edition(source, vintage)}."))
    return out
