"""The reliability ranking's caution in words: reporters whose figures look derived from their partners'."""
from __future__ import annotations

import pandas as pd

from loaders.world.queries import EQUAL_LOG_GAP

# NB ten times the ~1 % of its genuine pairs that a typical reporter has equal to the partner's figure by chance
EQUAL_SHARE_FLAGGED = 0.10


def looks_derived(reporters: pd.DataFrame) -> pd.Series:
    """Per reporter row, whether its share_equal_to_mirror reaches EQUAL_SHARE_FLAGGED (False where unknown)."""
    return reporters["share_equal_to_mirror"].ge(EQUAL_SHARE_FLAGGED).fillna(False).astype(bool)


def equal_to_mirror_note(reporters: pd.DataFrame) -> str:
    """A sentence naming the rated reporters (a reliability) that look derived, against the median reporter's share;
    '' where none does."""
    rated = reporters.dropna(subset=["reliability", "share_equal_to_mirror"])
    flagged = rated[looks_derived(rated)]
    if flagged.empty:
        return ""
    named = ", ".join(f"{row.reporter} ({row.share_equal_to_mirror:.0%} of its compared pairs)"
                      for row in flagged.itertuples())
    median = rated["share_equal_to_mirror"].median()
    return (f"Read with care: {named} report figures equal to the partner's within {EQUAL_LOG_GAP:.1%}, with no "
            f"CIF/FOB margin between them; the median reporter does so in {median:.1%} "
            "of its pairs. Such figures look derived from the partners' own, so their agreement with them, and the "
            "reliability shown (a pale bar), may be overstated.")
