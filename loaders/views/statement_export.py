"""The statements view's columns about the statement itself: who said it, when, the stated value in its own unit and
the links to the statement and to the series checked against it."""
from __future__ import annotations

import math

import pandas as pd

from loaders.views.common import pair_rows
from loaders.views.statement_claims import Claim
from loaders.views.statement_words import bound_text

STATEMENT_COLUMNS = ["statement_id", "speaker_or_outlet", "published", "measure", "period", "stated_value",
                     "value_unit", "stated_as", "ratio_note", "note", "verdict", "verdict_text", "best_series",
                     "best_source", "best_vintage", "best_value", "rel_diff", "explanation", "statement_url",
                     "best_source_url"]
UNITS = {"level": "USD", "ratio": "ratio", "share": "share"}
SAME_ARTICLE = "same article"


def statement_urls(statements: pd.DataFrame) -> dict[str, str]:
    """Each statement's link or citation; 'same article' is the one of the row above it in statements.csv."""
    urls, previous = {}, ""
    for sid, url in zip(statements["statement_id"], statements["source_url"]):
        text = url.strip() if isinstance(url, str) else ""
        previous = previous if text.lower() == SAME_ARTICLE else text
        urls[sid] = previous
    return urls


def _number(value: object) -> float:
    try:
        number = float(str(value).strip())
    except ValueError:
        return math.nan
    return number if math.isfinite(number) else math.nan


def stated(row: dict, claim: Claim | None) -> tuple[float, str, str]:
    """The statement's main figure, its unit (USD for a level, 'ratio' for a growth ratio, 'share' for a share) and
    how it was stated in that unit ('104 M USD', '×2.4', 'more than 66.7 %')."""
    if claim is not None:
        return claim.stated, UNITS[claim.kind], bound_text(claim)
    value = _number(row.get("value_usd"))
    if not math.isnan(value):
        return value, "USD", f"{value / 1e6:g} M USD"
    ratio = _number(row.get("stated_ratio"))
    return ratio, "", "" if math.isnan(ratio) else f"{ratio:g}"


def best_source_urls(checked: pd.DataFrame, records: pd.DataFrame, pair: tuple[str, str]) -> pd.Series:
    """The source URL of each statement's best series: the one its records give for that source, reporter and
    edition ('' where nothing was checked)."""
    rows = pair_rows(records, pair)
    urls = rows.groupby(["source", "reporter", "vintage"], sort=False)["source_url"].first()
    keys = zip(checked["best_source"], checked["_reporter"], checked["best_vintage"])
    return pd.Series([urls.get(key, "") if isinstance(key[0], str) else "" for key in keys], index=checked.index,
                     dtype="str")


def with_statement_columns(checked: pd.DataFrame, rows: list[dict], claims: dict[str, Claim],
                           statements: pd.DataFrame, records: pd.DataFrame, pair: tuple[str, str]) -> pd.DataFrame:
    """The checked statements with who, when, what and the links, in STATEMENT_COLUMNS order."""
    said = pd.DataFrame(rows).set_index("statement_id")
    ids = checked["statement_id"]
    figures = [stated(said.loc[sid].to_dict(), claims.get(f"{sid}#main")) for sid in ids]
    urls = statement_urls(statements)
    out = checked.assign(
        **{c: ids.map(said[c]).astype("str").where(ids.map(said[c]).notna(), "")
           for c in ("speaker_or_outlet", "published", "measure", "period", "ratio_note", "note")},
        stated_value=[f[0] for f in figures], value_unit=[f[1] for f in figures], stated_as=[f[2] for f in figures],
        statement_url=ids.map(urls).fillna(""), best_source_url=best_source_urls(checked, records, pair))
    return out[STATEMENT_COLUMNS].astype({"stated_value": "float64", "best_value": "float64", "rel_diff": "float64"})
