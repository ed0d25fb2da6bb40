"""Statements view: each published statement checked against every series, basis, vintage and derived figure.

Verdicts:
- match: a series equals the stated figure within the rounding the statement itself implies ("100.4 million" ±0.05 M,
  "53 million" ±0.5 M, "2.4 times" ±0.05, "+23%" ±0.5 pp; "more than two-thirds" is a threshold);
- close: no match, but a series is within CLOSE (5 %) of the stated figure, relative to the series' value;
- mismatch: nothing within 5 %;
- unverifiable: no comparable series, or only the other country's figure for the same trade, which differs (that is
  the mirror gap, not a check of the statement).
The best match is the best verdict first, then the statement's own side (its ``side`` column), then the smallest
relative difference, then the source priority and the earliest vintage. A figure copied into the data from the
statement itself is never counted, and a quoted figure (confidence B or C) is not a candidate where an official series
has a figure for the same reporter, flow and period. The explanation also names the newest official figure for the
period when it is not the one that reproduces the statement. A growth ratio is also tried against every other base year, to say which one
would make it right.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.query import Query
from loaders.store.snapshot import Snapshot
from loaders.views.common import official_first, source_rank
from loaders.views.memo import memo
from loaders.views.period_figures import pair_figures
from loaders.views.statement_candidates import level_candidates, ratio_candidates, share_candidates
from loaders.views.statement_claims import Claim, claims_of, statement_pair
from loaders.views.statement_export import STATEMENT_COLUMNS, with_statement_columns
from loaders.views.statement_text import explain

CLOSE = 0.05
BASIS_ORDER = {"origin": 0, "destination": 1, "unknown": 2, "consignment": 3}  # headline basis first on ties
CANDIDATE_BUILDERS = {"level": level_candidates, "ratio": ratio_candidates, "share": share_candidates}


def judge(candidates: pd.DataFrame, claims: dict[str, Claim]) -> pd.DataFrame:
    """Verdict of every candidate against its claim, ranked best first within each claim."""
    if candidates.empty:
        return candidates.assign(verdict=pd.Series(dtype="str"), rel_diff=pd.Series(dtype="float64"))
    claim = candidates["claim"]
    stated, low, high = (claim.map({k: getattr(c, f) for k, c in claims.items()}) for f in ("stated", "low", "high"))
    side = claim.map({k: c.side for k, c in claims.items()})
    value = candidates["value"].astype("float64")
    slack = 1e-9 * stated.abs()  # NB float noise must not turn an exact 100.5 into a miss of ±0.05
    within = (value >= low - slack) & (value <= high + slack)
    rel_diff = (stated - value) / value
    verdict = np.select([within, rel_diff.abs() <= CLOSE], ["match", "close"], "mismatch")
    # NB every figure past a threshold ("more than two-thirds") matches equally: nearness to it is no merit.
    threshold = np.isinf(high) | np.isinf(low)
    ranked = candidates.assign(
        verdict=verdict, rel_diff=rel_diff, _tier=pd.Series(verdict, index=candidates.index).map(
            {"match": 0, "close": 1, "mismatch": 2}), _other_side=(candidates["reporter"] != side).astype(int),
        _distance=rel_diff.abs().where(~(threshold & within), 0.0), _source=source_rank(candidates["source"]),
        _basis=candidates["partner_basis"].map(BASIS_ORDER).fillna(len(BASIS_ORDER)),
        series_id=(candidates["source"] + "|" + candidates["reporter"] + "|" + candidates["flow"] + "|"
                   + candidates["partner_basis"] + "|" + candidates["vintage"].astype("str")))
    order = ["claim", "_tier", "_other_side", "_distance", "_source", "vintage", "_basis"]
    return ranked.sort_values(order, kind="stable")


def _claims_for(statements: pd.DataFrame, q: Query) -> tuple[list[dict], dict[str, Claim]]:
    rows, claims = [], {}
    for row in statements.to_dict("records"):
        if statement_pair(row) != frozenset(q.pair):  # NB a statement naming no pair applies to none
            continue
        main, beside, why = claims_of(row, q.pair)
        rows.append({**row, "why": why})
        for role, claim in (("main", main), ("beside", beside)):
            if claim is not None:
                claims[f"{row['statement_id']}#{role}"] = claim
    return rows, claims


def statements(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """One row per statement of the pair: who said it and when, the stated value in its unit, the verdict, the best
    series (words, source, edition, value, link) and an explanation.

    The query's years do not hide a statement: its period may lie outside the data, which is then the verdict.
    """
    # NB checked once per pair and statements frame (no other query field changes a verdict); the entry holds the
    # statements frame, so its id cannot be reused while the entry lives.
    _, checked = memo(snapshot.records, ("statements", q.pair, id(snapshot.statements)),
                      lambda: (snapshot.statements, _checked_statements(snapshot, q)))
    return checked


def _checked_statements(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    rows, claims = _claims_for(snapshot.statements, q)
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in STATEMENT_COLUMNS})
    shapes = {(p.first, p.last) for c in claims.values() for p in (c.period, c.base) if p} | {(1, 12)}
    # NB a quoted figure never stands in for the government's own series for the same period: it is not a check.
    figures = official_first(pair_figures(snapshot.records, q.pair, shapes),
                             ["reporter", "partner", "flow", "year", "first", "last"])
    built = [build(figures, {k: c for k, c in claims.items() if c.kind == kind}, q.pair)
             for kind, build in CANDIDATE_BUILDERS.items() if any(c.kind == kind for c in claims.values())]
    ranked = judge(pd.concat(built, ignore_index=True), claims)
    self_quoted = set(ranked.loc[ranked["excluded"].astype(bool), "claim"])
    ranked = ranked[~ranked["excluded"].astype(bool)]
    # NB only ratio candidates carry at_stated_base: a pair whose statements are all levels or shares has none.
    stated_base = ranked["at_stated_base"] if "at_stated_base" in ranked else pd.Series(True, index=ranked.index)
    at_base = stated_base.astype("boolean").fillna(True).astype(bool).rename("_at_base")
    judged = dict(tuple(ranked.groupby(["claim", at_base], sort=False)))
    checked = pd.DataFrame([explain(row, claims, judged, self_quoted) for row in rows])
    return with_statement_columns(checked, rows, claims, snapshot.statements, snapshot.records, q.pair)
