"""One bridge in words and the bridges to pick from: year, direction in words, and the import bases."""
from __future__ import annotations

import pandas as pd

from loaders.views.names import direction_words

CHOICE_COLUMNS = ["bridge", "year", "direction", "direction_words", "start_basis", "end_basis", "status"]


def bridge_choices(bars: pd.DataFrame) -> pd.DataFrame:
    """One row per bridge of the bridge view's bars, newest year first, in the view's order within a year."""
    if bars.empty:
        return pd.DataFrame(columns=CHOICE_COLUMNS)
    choices = bars.drop_duplicates("bridge").assign(direction_words=lambda f: f["direction"].map(direction_words))
    return choices.sort_values("year", ascending=False, kind="stable")[CHOICE_COLUMNS].reset_index(drop=True)


def cause_sentence(bars: pd.DataFrame) -> str:
    """The largest measured cause of one bridge and the share of its gross movement left unexplained, in words."""
    steps = bars[(bars["kind"] == "step") & bars["value_usd"].notna()]
    residual = bars.loc[bars["kind"] == "residual", "value_usd"]
    if residual.empty or pd.isna(residual.iloc[0]):
        return "One side published no figure for this year, so the gap and its causes cannot be measured."
    residual = float(residual.iloc[0])
    if steps.empty:
        return "No cause of the gap can be measured from the data for this pair and year; the whole gap is unexplained."
    largest = steps.loc[steps["value_usd"].abs().idxmax()]
    gross = steps["value_usd"].abs().sum() + abs(residual)
    assumed = " (resting on an assumption: Bridge page)" if largest["confidence"] == "C" else ""
    return (f"The largest measured cause is {largest['step']} ({largest['value_usd'] / 1e6:+,.1f} M USD){assumed}; "
            f"{abs(residual) / gross:.0%} of the gross movement in the bridge ({residual / 1e6:+,.1f} M USD) is "
            "left unexplained.")


def default_bridge(choices: pd.DataFrame) -> pd.Series:
    """The bridge a page opens on: of the newest year with a complete bridge, the turnover one if any (imports by
    origin where there is a choice, as the Overview's headline), else the first."""
    complete = choices[choices["status"] == "complete"]
    pool = complete if not complete.empty else choices
    newest = pool[pool["year"] == pool["year"].max()]
    turnover = newest[newest["direction"].str.contains("↔", regex=False)]
    pool = turnover if not turnover.empty else newest
    by_origin = pool[(pool["start_basis"] != "consignment") & (pool["end_basis"] != "consignment")]
    return (by_origin if not by_origin.empty else pool).iloc[0]


def bridges_of(choices: pd.DataFrame, year: int, direction: str) -> pd.DataFrame:
    """The bridges of one year and direction (in words): one per pairing of import bases."""
    return choices[(choices["year"] == year) & (choices["direction_words"] == direction)]
