"""The statements view's row per statement: verdict, best series and the one-sentence explanation."""
from __future__ import annotations

import pandas as pd

from loaders.query import country_name
from loaders.views.statement_claims import Claim, Period

EMPTY = pd.DataFrame(columns=["verdict", "year", "reporter", "series_id"])


def _value(kind: str, value: float) -> str:
    if kind == "level":
        return f"{value / 1e6:,.2f} M USD"
    return f"{value:.1%}" if kind == "share" else f"×{value:.3f}".rstrip("0").rstrip(".")


def _stated(claim: Claim) -> str:
    if claim.kind == "level":
        return f"{claim.stated / 1e6:g} M USD"
    return f"{claim.stated:.1%}" if claim.kind == "share" else f"×{claim.stated:g}"


def _allowed(claim: Claim) -> str:
    if claim.high == float("inf"):
        return f"more than {_stated(claim)}"
    half = (claim.high - claim.low) / 2
    if claim.kind == "level":
        centre = (claim.high + claim.low) / 2
        return (f"±{half / 1e6:g} M USD" if abs(centre - claim.stated) < 1e-6 * claim.stated
                else f"{claim.low / 1e6:g}–{claim.high / 1e6:g} M USD")
    return f"±{half:.4g}"


def _series(row: pd.Series, kind: str) -> str:
    who = f"{row['source']} {row['reporter']}"
    if kind == "share":
        return f"{who} {row['flow']}s ÷ turnover with imports by {row['partner_basis']}"
    if row["flow"] == "turnover":
        basis = row["partner_basis"]
        imports = "imports, basis not stated" if basis == "unknown" else f"imports by {basis}"
        how = f"exports + {imports}" if row["derived"] else "as published"
        return f"{who} turnover ({how})"
    if row["flow"] == "export":
        return f"{who} exports to {row['partner']}"
    basis = "basis not stated" if row["partner_basis"] == "unknown" else f"by {row['partner_basis']}"
    return f"{who} imports from {row['partner']} ({basis})"


def _period(row: pd.Series) -> str:
    label = Period(int(row["year"]), int(row["first"]), int(row["last"])).label
    if pd.notna(row.get("base_year", float("nan"))):
        label += " vs " + Period(int(row["base_year"]), int(row["first"]), int(row["last"])).label
    return label


def describe(row: pd.Series, kind: str) -> str:
    """'armstat ARM turnover (exports + imports by origin), 2023, vintage 2024-02-13: 100.48 M USD'."""
    quoted = f" (a quoted figure, grade {row['confidence']})" if row["confidence"] in ("B", "C") else ""
    return (f"{_series(row, kind)}{quoted}, {_period(row)}, vintage {row['vintage']:%Y-%m-%d}: "
            f"{_value(kind, row['value'])}")


def _rows(judged: dict, key: str, stated_base: bool = True) -> pd.DataFrame:
    """The claim's candidates in rank order; for a ratio, those at the stated base (or at every other base)."""
    return judged.get((key, stated_base), EMPTY)


def _alternative_base(judged: dict, key: str, year: int) -> str:
    """Which other base year, for the same current year, makes a growth ratio right."""
    others = _rows(judged, key, stated_base=False)
    fits = others[(others["verdict"] == "match") & (others["year"] == year)]
    if fits.empty:
        return "; no other base year in the data gives it either"
    best = fits.iloc[0]
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


def _sentence(best: pd.Series, claim: Claim) -> str:
    found = describe(best, claim.kind)
    if best["verdict"] == "match":
        return f"Reproduces {found}, within the stated {_allowed(claim)}"
    if best["verdict"] == "close":
        return (f"Close to {found} (stated figure {best['rel_diff']:+.1%}), but outside the stated "
                f"{_allowed(claim)} of {_stated(claim)}")
    return f"Nothing within 5 % of {_stated(claim)}; the nearest is {found} (stated figure {best['rel_diff']:+.1%})"


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
    return {"statement_id": statement_id, "verdict": "unverifiable", "best_source": None, "best_vintage": pd.NaT,
            "best_value": float("nan"), "rel_diff": float("nan"), "explanation": why}


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
        return unverifiable(sid, f"No series in the data covers {row['measure']} for {when}{own}.")
    best = rows.iloc[0]
    side_has = claim.side is None or bool((rows["reporter"] == claim.side).any())
    side_name = country_name(claim.side) if claim.side else ""
    if best["verdict"] == "mismatch" and not side_has:
        return unverifiable(sid, f"No {side_name}-reported figure for {row['measure']}, {when}, is in the data{own}; "
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
    return {"statement_id": sid, "verdict": best["verdict"], "best_source": best["source"],
            "best_vintage": best["vintage"], "best_value": float(best["value"]), "rel_diff": float(best["rel_diff"]),
            "explanation": sentence + "."}
