"""Each reporter's error σ from its mirror gaps with all partners, the partners' share taken out (docs/methods.md#world).

BACI's step E, simplified (reconciliation-methods.md §2.5): every genuine gap |ln(M_fob / X)| is modelled as the sum
of its two reporters' effects, |g_ij| ≈ a_i + a_j, one effect per country whichever side it reports; least squares
over all gaps, with each a ≥ 0, gives the effects at once, so a reporter is not blamed for its partners' errors.
For a half-normal error E|e| = σ·√(2/π), so σ = √(π/2)·a.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

HALF_NORMAL = math.sqrt(math.pi / 2)
SIGMA_COLUMNS = ["reporter", "partners_compared", "gap_effect", "sigma"]
METHOD = ("σ = √(π/2)·a, a = the reporter's effect in a least-squares fit |ln(M_fob/X)| ≈ a_exporter + a_importer "
          "over its genuine mirror gaps with all partners in the window (both sides reported, each >= $1 M, no IMF "
          "estimate, no imputation; M_fob = M / 1.06), each a >= 0; none under 10 partners")
METHOD_NAME = "least-squares reporter effects of |ln(M_fob/X)| (docs/methods.md#world)"


def reporter_sigmas(gaps: pd.DataFrame, min_partners: int) -> pd.DataFrame:
    """Per reporter of ``gaps`` (reporter, partner, abs_gap; each genuine gap listed once per side, as
    queries.genuine_gaps gives them): partners compared, its effect a and σ (both NA under ``min_partners``)."""
    reporters = pd.Index(pd.concat([gaps["reporter"], gaps["partner"]]).unique(), dtype="str").sort_values()
    once = gaps[gaps["reporter"] < gaps["partner"]]
    effects = _effects(reporters.get_indexer(once["reporter"]), reporters.get_indexer(once["partner"]),
                       once["abs_gap"].to_numpy(dtype="float64"), len(reporters))
    partners = gaps.groupby("reporter")["partner"].nunique().reindex(reporters, fill_value=0)
    enough = partners >= min_partners
    gap_effect = pd.Series(effects, index=reporters).where(enough)
    out = pd.DataFrame({"reporter": reporters, "partners_compared": partners.to_numpy(dtype="int64"),
                        "gap_effect": gap_effect.to_numpy(), "sigma": (HALF_NORMAL * gap_effect).to_numpy()})
    return out[SIGMA_COLUMNS]


def _effects(first: np.ndarray, second: np.ndarray, abs_gap: np.ndarray, count: int) -> np.ndarray:
    """The a ≥ 0 minimising Σ (|g| − a_first − a_second)²: its normal equations, a negative effect fixed at 0 and the
    rest solved again."""
    pairs = np.bincount(first * count + second, minlength=count * count).reshape(count, count).astype("float64")
    normal = pairs + pairs.T + np.diag(pairs.sum(axis=0) + pairs.sum(axis=1))
    target = (np.bincount(first, weights=abs_gap, minlength=count)
              + np.bincount(second, weights=abs_gap, minlength=count))
    free = np.diag(normal) > 0
    effects = np.zeros(count)
    while free.any():
        solved, *_ = np.linalg.lstsq(normal[np.ix_(free, free)], target[free], rcond=None)
        if (solved >= 0).all():
            effects[free] = solved
            break
        free[np.flatnonzero(free)[solved < 0]] = False
    return effects


WINDOW_YEARS = 5
WINDOW_COLUMNS = ["first_year", "last_year", *SIGMA_COLUMNS]


def windows(first_year: int, last_year: int, width: int = WINDOW_YEARS) -> list[tuple[int, int]]:
    """Spans of ``width`` years ending at ``last_year`` (the latest full window first), the earliest cut at
    ``first_year``."""
    ends = range(last_year, first_year - 1, -width)
    return [(max(end - width + 1, first_year), end) for end in ends]


def sigma_windows(gaps: pd.DataFrame, min_partners: int, width: int = WINDOW_YEARS) -> pd.DataFrame:
    """reporter_sigmas for each window of ``gaps``' years (reporter, partner, year, abs_gap), one row per window and
    reporter with an estimate."""
    if gaps.empty:
        return pd.DataFrame({c: pd.Series(dtype="str" if c == "reporter" else "int64" if c.endswith(("_year", "_compared"))
                                          else "float64") for c in WINDOW_COLUMNS})
    tables = []
    for first, last in windows(int(gaps["year"].min()), int(gaps["year"].max()), width):
        sigmas = reporter_sigmas(gaps[gaps["year"].between(first, last)], min_partners)
        tables.append(sigmas.dropna(subset=["sigma"]).assign(first_year=first, last_year=last))
    return pd.concat(tables, ignore_index=True)[WINDOW_COLUMNS]
