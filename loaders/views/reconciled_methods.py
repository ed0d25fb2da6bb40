"""The reconciled view's methods in words: name, rule (plain Unicode, no LaTeX) and what each assumes, one row each."""
from __future__ import annotations

import pandas as pd

from loaders.views.reconciled import METHODS, OTS_MARGIN
from loaders.views.reconciled_sigma import DEFAULT_SIGMA

METHOD_NAMES = {"importer_preferred_usd": "importer-preferred", "exporter_preferred_usd": "exporter-preferred",
                "mean_usd": "mean", "ots_max_usd": "OTS max rule", "baci_usd": "BACI-style inverse-variance"}
METHOD_COLUMNS = ["column", "method", "rule", "meaning"]


def reconciled_methods(margin: float) -> pd.DataFrame:
    """One row per method of the reconciled view, in its column order, for the sidebar's CIF/FOB margin."""
    rules = {
        "importer_preferred_usd": (f"M_fob = M ÷ {1 + margin:.3f}",
                                   f"the importer's figure (CIF), brought to FOB at the sidebar's {margin:.1%} margin"),
        "exporter_preferred_usd": ("X", "the exporter's figure (FOB) as reported"),
        "mean_usd": ("(X + M_fob) ÷ 2", "halfway between the two reports"),
        "ots_max_usd": (f"the larger of X and M ÷ {1 + OTS_MARGIN:.2f}",
                        f"Open Trade Statistics' rule with its fixed {OTS_MARGIN:.0%} margin: the larger report wins"),
        "baci_usd": ("w × X + (1 − w) × M_fob, with w = V_M ÷ (V_X + V_M) and V = exp(σ²) × (exp(σ²) − 1)",
                     ("each report weighted by the other side's error variance V, from each reporter's error σ, "
                      "estimated from its mirror gaps with all partners in the IMF's world tables (five-year windows, "
                      f"the latest for later years; σ = {DEFAULT_SIGMA} where a reporter has no estimate)")),
    }
    return pd.DataFrame([(c, METHOD_NAMES[c], *rules[c]) for c in METHODS], columns=METHOD_COLUMNS)
