"""The statements as a reader sees them: who said what and when, the stated figure in its unit, the verdict in words,
newest first (built from the statements view; nothing is checked here)."""
from __future__ import annotations

import re

import pandas as pd

from loaders.views.names import day
from loaders.views.statement_claims import parse_period
from loaders.views.statement_verdict import VERDICT_WORDS
from loaders.views.statement_words import measure_words, signed, value_text

SHOWN_COLUMNS = ["statement_id", "who", "when", "said", "quote", "context", "stated", "verdict", "verdict_words",
                 "verdict_text", "best", "rel_diff", "chart_label", "chart_note", "link", "citation", "series_link"]
KINDS = {"USD": "level", "ratio": "ratio", "share": "share"}
QUOTED = re.compile(r"^\s*['\"‘“](.+?)['\"’”]\s*$", re.DOTALL)
LABEL_CHARS = 44
SUMMARY_WORDS = {"match": "reproduced by a series in the data", "close": "close but outside their own rounding",
                 "mismatch": "not reproduced", "unverifiable": "not checkable"}


def published_text(published: str) -> str:
    """'2025-11' -> 'Nov 2025', '2024-05-01' -> '1 May 2024', '2024' -> '2024'; anything else as recorded."""
    text = str(published).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return day(text)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return f"{pd.Timestamp(text + '-01'):%b %Y}"
    return text


def period_words(period: str) -> str:
    """'2010-01..2010-10' -> 'Jan–Oct 2010', '2023 vs 2020' stays; a period this checker cannot read as recorded."""
    parts = [parse_period(p) for p in str(period).split(" vs ")]
    return " vs ".join(p.label for p in parts) if all(parts) else str(period).strip()


def short_speaker(speaker: str) -> str:
    """The speaker, if too long without parenthesised detail and cut at a word to LABEL_CHARS characters (the card
    shows it whole)."""
    text = " ".join(str(speaker).split())
    if len(text) > LABEL_CHARS:
        text = " ".join(re.sub(r"\s*\([^)]*\)", "", text).split()) or text
    if len(text) <= LABEL_CHARS:
        return text
    return text[:LABEL_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _quote(note: str) -> tuple[str, str]:
    """(the statement's own words, the editor's note): a note in quotation marks is the statement's wording."""
    matched = QUOTED.match(note)
    return (f"“{matched[1].strip()}”", "") if matched else ("", note)


def _said(row: pd.Series) -> str:
    what = measure_words(row["measure"])
    text = f"{what[0].upper()}{what[1:]}, {period_words(row['period'])}: {row['stated_as'] or 'no figure'}"
    ratio = str(row["ratio_note"]).strip()
    if ratio and ratio != f"{row['stated_value']:g}" and row["value_unit"] == "USD":
        text += f" ({ratio})"
    return text


def _best(row: pd.Series) -> str:
    kind = KINDS.get(row["value_unit"])
    return "" if kind is None or pd.isna(row["best_value"]) else value_text(kind, row["best_value"])


def _chart_note(row: pd.Series) -> str:
    if row["verdict"] == "unverifiable":
        return "not checkable"
    if row["verdict"] == "match" and row["stated"].startswith(("more than", "less than")):
        return f"{row['stated']}: met"
    return signed(f"{row['rel_diff']:+.{1 if abs(row['rel_diff']) >= 0.01 else 2}%}".replace("%", " %"))


def statements_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per statement, newest first, every cell text (an empty cell is '', never None)."""
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in SHOWN_COLUMNS})
    rows = frame.assign(_order=frame["published"].astype("str")).sort_values("_order", ascending=False,
                                                                            kind="stable")
    quotes = [_quote(str(n)) for n in rows["note"]]
    url = rows["statement_url"].astype("str")
    web = url.str.match(r"https?://")
    shown = rows.assign(
        who=rows["speaker_or_outlet"], when=rows["published"].map(published_text),
        said=rows.apply(_said, axis=1), quote=[q for q, _ in quotes], context=[c for _, c in quotes],
        stated=rows["stated_as"], verdict_words=rows["verdict"].map(VERDICT_WORDS), best=rows.apply(_best, axis=1),
        link=url.where(web, ""), citation=url.where(~web, ""),
        series_link=rows["best_source_url"].astype("str").where(rows["best_source_url"].str.match(r"https?://"), ""))
    shown = shown.assign(chart_note=shown.apply(_chart_note, axis=1),
                         # NB no-break spaces keep the date on one line when a label wraps
                         chart_label=[f"{short_speaker(w)} ({d})".replace(f"({d})", f"({d})".replace(" ", "\u00a0"))
                                      for w, d in zip(shown["who"], shown["when"])])
    return shown[SHOWN_COLUMNS].reset_index(drop=True)


def verdict_summary(frame: pd.DataFrame) -> str:
    """'19 published statements: 6 reproduced by a series in the data, …, 5 not checkable.'"""
    counts = frame["verdict"].value_counts()
    parts = [f"{counts.get(v, 0)} {w}" for v, w in SUMMARY_WORDS.items() if counts.get(v, 0)]
    return f"{len(frame)} published statements: " + ", ".join(parts) + "."
