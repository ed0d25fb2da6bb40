"""The bridge in words and the bridge picker's choices, on hand-made bars."""
from __future__ import annotations

import pandas as pd

from loaders.views.bridge_summary import bridge_choices, bridges_of, cause_sentence, default_bridge


def bars(steps: list[tuple[str, float, str]], residual: float | None) -> pd.DataFrame:
    rows = [{"kind": "step", "step": s, "value_usd": v, "confidence": c} for s, v, c in steps]
    rows.append({"kind": "residual", "step": "residual (unexplained)", "value_usd": residual, "confidence": ""})
    return pd.DataFrame(rows)


def test_the_largest_cause_and_the_unexplained_share():
    # gross movement |−6| + |2| + |2| = 10 M; the residual 2 M is 20 % of it
    sentence = cause_sentence(bars([("revision", -6e6, "A"), ("timing", 2e6, "A")], 2e6))
    assert sentence == ("The largest measured cause is revision (-6.0 M USD); 20% of the gross movement in the "
                        "bridge (+2.0 M USD) is left unexplained.")


def test_an_assumed_cause_says_so_and_no_end_says_why():
    assert "(resting on an assumption" in cause_sentence(bars([("re-exports", -3e6, "C")], 1e6))
    assert cause_sentence(bars([], 5e6)).startswith("No cause of the gap can be measured")
    assert cause_sentence(bars([("revision", 1e6, "A")], None)).startswith("One side published no figure")


CHOICES = pd.DataFrame({
    "bridge": ["2022 t-consignment", "2022 a", "2022 t", "2023 a", "2023 a2", "2024 t"],
    "year": [2022, 2022, 2022, 2023, 2023, 2024],
    "direction": ["ARM↔KAZ", "ARM→KAZ", "ARM↔KAZ", "ARM→KAZ", "ARM→KAZ", "ARM↔KAZ"],
    "start_basis": ["consignment", "destination", "origin", "destination", "destination", "origin"],
    "end_basis": ["unknown", "unknown", "unknown", "unknown", "origin", "origin"],
    "status": ["complete", "complete", "complete", "complete", "complete", "no end figure"],
})


def test_the_picker_opens_on_the_newest_complete_year_turnover_first():
    choices = bridge_choices(CHOICES)
    assert choices["year"].tolist() == [2024, 2023, 2023, 2022, 2022, 2022]
    assert default_bridge(choices)["bridge"] == "2023 a"  # 2024 has no end figure; 2023 has no turnover bridge
    # 2022: the turnover bridge by origin, as the Overview's headline, not the first one (by consignment)
    assert default_bridge(choices[choices["year"] != 2023])["bridge"] == "2022 t"
    assert bridges_of(choices, 2023, "Armenia → Kazakhstan")["bridge"].tolist() == ["2023 a", "2023 a2"]


def test_the_margin_never_changes_which_bridges_there_are():
    # NB dashboard.data.bridge_choices lists the bridges at the default margin whatever the sidebar's
    from loaders.query import MARGIN_LIMITS, Query
    from loaders.store.snapshot import read_snapshot
    from loaders.views import run_view

    bundled = read_snapshot()
    low, high = (run_view("bridge", bundled, Query(margin=m)) for m in MARGIN_LIMITS)
    assert not low["value_usd"].equals(high["value_usd"])  # the bars move ...
    assert bridge_choices(low).equals(bridge_choices(high))  # ... the bridges to pick from do not
    assert default_bridge(bridge_choices(low)).equals(default_bridge(bridge_choices(high)))
