"""The statements view's row per statement: verdict, best series and the one-sentence explanation."""
from __future__ import annotations

import pandas as pd

from loaders.query import country_name
from loaders.views.statement_claims import Claim
from loaders.views.statement_verdict import not_checkable, verdict_sentence
from loaders.views.statement_words import allowed_text as _allowed
from loaders.views.statement_words import describe, measure_words, series_text, signed
from loaders.views.statement_words import stated_text as _stated

EMPTY = pd.DataFrame(columns=["verdict", "year", "reporter", "series_id"])


def _rows(judged: dict, key: str, stated_base: bool = True) -> pd.DataFrame:
    """The claim's candidates in rank order; for a ratio, those at the stated base (or at every other base)."""
    return judged.get((key, stated_base), EMPTY)


def _alternative(judged: dict, key: str, year: int) -> pd.Series | None:
    """The best candidate at another base year, for the same current year, that makes a growth ratio right."""
    others = _rows(judged, key, stated_base=False)
    fits = others[(others["verdict"] == "match") & (others["year"] == year)]
    return None if fits.empty else fits.iloc[0]


def _alternative_base(judged: dict, key: str, year: int) -> str:
    """Which other base year, for the same current year, makes a growth ratio right."""
    best = _alternative(judged, key, year)
    if best is None:
        return "; no other base year in the data gives it either"
    return (f"; it would be right against {int(best['base_year'])} instead: {describe(best, 'ratio')}")


def _beside(judged: dict, claim: Claim, key: str, main_best: pd.Series) -> str:
    rows = _rows(judged, key)
    what = f"; its stated {_stated(claim)} vs {claim.base.year}" + (f" ({claim.base_read})" if claim.base_read else "")
    if rows.empty:
        return what + " cannot be checked: no base-year figure of a comparable series"
    same_series = rows[rows["series_id"] == main_best["series_id"]]
    rows = same_series if not same_series.empty else rows
    best = rows.iloc[0]
    verb = {"match": "is reproduced", "close": "is close but outside its rounding",
            "mismatch": "is not reproduced"}[best["verdict"]]
    tail = _alternative_base(judged, key, int(best["year"])) if best["verdict"] != "match" else ""
    return f"{what} {verb} ({describe(best, 'ratio')}){tail}"


def _pct(rel_diff: float) -> str:
    return signed(f"{rel_diff:+.1%}")


def _sentence(best: pd.Series, claim: Claim) -> str:
    found = describe(best, claim.kind)
    if best["verdict"] == "match":
        return f"Reproduces {found}, within the stated {_allowed(claim)}"
    if best["verdict"] == "close":
        return (f"Close to {found} (stated figure {_pct(best['rel_diff'])}), but outside the stated "
                f"{_allowed(claim)} of {_stated(claim)}")
    return (f"Nothing within 5 % of {_stated(claim)}; the nearest is {found} "
            f"(stated figure {_pct(best['rel_diff'])})")


def _newest(rows: pd.DataFrame, best: pd.Series, claim: Claim) -> str:
    """'; the newest official figure for 2023 is …' where it is another edition or series than the best match."""
    same = rows[(rows["year"] == best["year"]) & (rows["confidence"] == "A")]
    if claim.side is not None and (same["reporter"] == claim.side).any():
        same = same[same["reporter"] == claim.side]
    if same.empty:
        return ""
    newest = same[same["vintage"] == same["vintage"].max()].iloc[0]
    if newest["series_id"] == best["series_id"]:
        return ""
    return f"; the newest official figure for that period is {describe(newest, claim.kind)}"


def unverifiable(statement_id: str, why: str) -> dict:
    return {"statement_id": statement_id, "verdict": "unverifiable", "verdict_text": not_checkable(why),
            "best_series": "", "_reporter": None, "best_source": None, "best_vintage": pd.NaT, "best_value": float("nan"),
            "rel_diff": float("nan"), "explanation": why}


def explain(row: dict, claims: dict[str, Claim], judged: dict, self_quoted: set[str]) -> dict:
    """The statement's verdict from its main claim, with the ratio stated beside a level checked in the same sentence.

    ``judged`` maps (claim key, at the stated base) to the claim's ranked candidates, none of them the statement's
    own quote; ``self_quoted`` holds the claims whose own quote was left out.
    """
    sid = row["statement_id"]
    claim, beside = claims.get(f"{sid}#main"), claims.get(f"{sid}#beside")
    if claim is None:
        return unverifiable(sid, f"Nothing comparable to check: {row['why']}.")
    rows = _rows(judged, f"{sid}#main")
    own = " (the record copied from this statement into the data is not counted)" if f"{sid}#main" in self_quoted \
        else ""
    when = (claim.period.label if claim.period else "any year") + (f" vs {claim.base.label}" if claim.base else "")
    if rows.empty:
        return unverifiable(sid, f"No series in the data covers {measure_words(row['measure'])} for {when}{own}.")
    best = rows.iloc[0]
    side_has = claim.side is None or bool((rows["reporter"] == claim.side).any())
    side_name = country_name(claim.side) if claim.side else ""
    if best["verdict"] == "mismatch" and not side_has:
        return unverifiable(sid, f"No {side_name}-reported figure for {measure_words(row['measure'])}, {when}, is in "
                                 f"the data{own}; "
                                 f"the nearest, {describe(best, claim.kind)}, is the other country's record of the "
                                 "same trade, so the difference is the mirror gap, not a check of the statement.")
    sentence = _sentence(best, claim)
    if not side_has:
        sentence = f"No {side_name}-reported figure is in the data{own}, but the other country's: " \
                   + sentence[0].lower() + sentence[1:]
    elif own:
        sentence += own
    if claim.period is None:
        sentence = "The period is not stated; of every full year, the best is: " + sentence[0].lower() + sentence[1:]
    if claim.kind == "ratio" and best["verdict"] != "match":
        sentence += _alternative_base(judged, f"{sid}#main", int(best["year"]))
    if beside is not None:
        sentence += _beside(judged, beside, f"{sid}#beside", best)
    if claim.kind == "level":
        sentence += _newest(rows, best, claim)
    short = verdict_sentence(best, claim)
    if claim.period is None:
        short += " The period is not stated: the nearest full year is shown."
    if claim.kind == "ratio" and best["verdict"] != "match":
        other_base = _alternative(judged, f"{sid}#main", int(best["year"]))
        short += "" if other_base is None else f" It would be right against {int(other_base['base_year'])}."
    return {"statement_id": sid, "verdict": best["verdict"], "verdict_text": short,
            "best_series": series_text(best, claim.kind), "_reporter": best["reporter"], "best_source": best["source"],
            "best_vintage": best["vintage"], "best_value": float(best["value"]), "rel_diff": float(best["rel_diff"]),
            "explanation": sentence + "."}
