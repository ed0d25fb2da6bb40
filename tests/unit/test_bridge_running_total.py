"""The bridge's running total: each counted bar adds to the one before, the end bar stands at the end figure, and the
CSV export carries the same column (every number worked out by hand)."""
from __future__ import annotations

import io
import math

import pandas as pd
import pytest

from loaders.csv_export import to_csv_bytes
from loaders.query import Query
from loaders.views.bridge import bridge
from tests.unit.gap_snapshot import snapshot
from tests.unit.test_bridge import bars_of, cars_and_exports

Q = Query(margin=0.1)
# cars_and_exports(): start 120 M; revision -20 M (100 M as of KAZ's vintage); valuation +0.1 x 100 = +10 M;
# re-exports -15 M; residual 90 - 120 - (-20 + 10 - 15) = -5 M; end 90 M. Attribution and timing are unmeasured.
RUNNING_BY_STEP = {
    "start: ARM export": 120e6,
    "revision between vintages": 100e6,
    "valuation (CIF/FOB)": 110e6,
    "re-exports": 95e6,
    "residual (unexplained)": 90e6,
    "end: KAZ import": 90e6,
}


def direction_bars() -> pd.DataFrame:
    return bars_of(bridge(snapshot(cars_and_exports()), Q), "ARM→KAZ")


def test_the_running_total_adds_each_measured_step_to_the_one_before():
    running = direction_bars().set_index("step")["running_usd"]
    for name, expected in RUNNING_BY_STEP.items():
        assert running[name] == pytest.approx(expected), name


def test_an_unmeasured_cause_has_no_running_total():
    bars = direction_bars().set_index("step")
    for name in ("partner attribution", "timing", "classification"):
        assert math.isnan(bars.loc[name, "running_usd"]), name


def test_without_an_end_figure_the_end_bar_has_no_running_total():
    bars = bars_of(bridge(snapshot([cars_and_exports()[0]]), Q), "ARM→KAZ").set_index("step")
    assert bars.loc["valuation (CIF/FOB)", "running_usd"] == pytest.approx(100e6 + 0.1 * 100e6)
    assert math.isnan(bars.loc["end: KAZ import", "running_usd"])


def test_the_csv_carries_the_running_total_as_computed_by_hand():
    written = pd.read_csv(io.BytesIO(to_csv_bytes(direction_bars())), dtype=str).set_index("step")
    for name, expected in RUNNING_BY_STEP.items():
        assert float(written.loc[name, "running_usd"]) == pytest.approx(expected), name
