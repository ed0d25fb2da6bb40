"""A statement's verdict in one short sentence that names the series behind it (the long explanation stays apart)."""
from __future__ import annotations

import pandas as pd

from loaders.views.statement_claims import Claim
from loaders.views.statement_words import (
    allowed_text,
    bound_text,
    describe,
    difference_text,
    series_text,
    stated_text,
    value_text,
)

VERDICT_WORDS = {"match": "Reproduced", "close": "Close, not exact", "mismatch": "Not reproduced",
                 "unverifiable": "Not checkable"}


def not_checkable(why: str) -> str:
    return f"Not checkable: {why[0].lower()}{why[1:]}"


def verdict_sentence(best: pd.Series, claim: Claim) -> str:
    """"Reproduced by Armenia's exports to Kazakhstan, Armstat, …: 71.32 M USD."; a threshold says why its difference
    from the series is no miss."""
    found, verdict = describe(best, claim.kind), best["verdict"]
    other = (" the other country's record," if claim.side is not None and best["reporter"] != claim.side else "")
    if verdict == "match" and abs(claim.high - claim.low) == float("inf"):
        limit = "floor" if claim.high == float("inf") else "ceiling"
        off = f"{abs(best['rel_diff']):.1%}".replace("%", " %") + (" below" if best["rel_diff"] < 0 else " above")
        return (f"Reproduced by{other} {series_text(best, claim.kind)}: {value_text(claim.kind, best['value'])} is "
                f"{bound_text(claim)}, as stated. The statement gives a {limit}, not a figure, so its "
                f"{stated_text(claim)} lying {off} the series is no miss.")
    if verdict == "match":
        return f"Reproduced by{other} {found}."
    if verdict == "close":
        return (f"Close, but outside the statement's rounding ({allowed_text(claim)}):{other} {found}; "
                f"{difference_text(best['rel_diff'])}.")
    return f"Not reproduced: no series within 5 %. Nearest:{other} {found}; {difference_text(best['rel_diff'])}."
