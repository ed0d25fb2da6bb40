"""Two bridge steps that depend on a setting or a flag: valuation is zero for an importer that compiles FOB, and the
timing step's lag is chosen on the importer's months brought to FOB at the set margin (numbers worked out by hand)."""
from __future__ import annotations

import pandas as pd
import pytest

from loaders.query import Query
from loaders.views.bridge import bridge
from loaders.views.timing import timing_effect
from tests.unit.gap_snapshot import months, rec, snapshot
from tests.unit.test_bridge import bars_of, step

YEAR_2023 = Query(margin=0.1, years=(2023, 2023))


def fob_importer_records() -> list[dict]:
    return [rec("ARM", "export", "2023", 100e6), {**rec("KAZ", "import", "2023", 104e6, source="kz_bns"),
                                                  "valuation": "FOB"}]


def test_an_importer_compiling_fob_gets_no_valuation_step():
    bars = bars_of(bridge(snapshot(fob_importer_records()), YEAR_2023), "ARM→KAZ")
    valuation = step(bars, "valuation (CIF/FOB)")
    assert valuation["value_usd"] == 0.0
    assert valuation["method"] == "the importer compiles imports FOB: no CIF/FOB difference"
    assert step(bars, "residual (unexplained)")["value_usd"] == pytest.approx(104e6 - 100e6)


def test_an_importer_compiling_cif_gets_the_margin_on_the_exporters_figure():
    records = [rec("ARM", "export", "2023", 100e6), rec("KAZ", "import", "2023", 104e6, source="kz_bns")]
    bars = bars_of(bridge(snapshot(records), YEAR_2023), "ARM→KAZ")
    assert step(bars, "valuation (CIF/FOB)")["value_usd"] == pytest.approx(10e6)
    assert step(bars, "residual (unexplained)")["value_usd"] == pytest.approx(104e6 - 100e6 - 10e6)



def test_a_total_without_its_export_and_import_legs_leaves_valuation_unmeasured():
    records = [rec("ARM", "turnover", "2023", 140e6),
               rec("KAZ", "turnover", "2023", 120e6, source="kz_official", vintage="2024-05-01", confidence="B")]
    valuation = step(bars_of(bridge(snapshot(records), YEAR_2023), "ARM↔KAZ"), "valuation (CIF/FOB)")
    assert valuation["kind"] == "unmeasured" and pd.isna(valuation["value_usd"])
    assert valuation["reason"] == "needs the export and import legs of the first country's total"


def test_the_valuation_step_says_its_method_and_inputs():
    records = [rec("ARM", "export", "2023", 100e6), rec("KAZ", "import", "2023", 104e6, source="kz_bns")]
    flow = step(bars_of(bridge(snapshot(records), YEAR_2023), "ARM→KAZ"), "valuation (CIF/FOB)")
    assert flow["method"] == "the importer's CIF value exceeds the exporter's FOB value by the set margin c: + c·X"
    assert flow["inputs"] == "c = 10.0 %; X 100.00 M USD"
    assert flow["reason"] == ""  # a measured step needs no reason
    records = [rec("ARM", "export", "2023", 100e6), {**rec("KAZ", "import", "2023", 104e6, source="kz_bns"),
                                                     "valuation": "unknown"}]
    unknown = step(bars_of(bridge(snapshot(records), YEAR_2023), "ARM→KAZ"), "valuation (CIF/FOB)")
    assert unknown["method"] == flow["method"] + " (assumes the importer compiles CIF)"
    assert unknown["value_usd"] == pytest.approx(10e6)
    records = [rec("ARM", "export", "2023", 100e6), rec("ARM", "import", "2023", 40e6, basis="origin"),
               rec("ARM", "import", "2023", 60e6, basis="consignment"),
               rec("KAZ", "turnover", "2023", 120e6, source="kz_official", vintage="2024-05-01", confidence="B")]
    bars = bars_of(bridge(snapshot(records), YEAR_2023), "ARM↔KAZ", "unknown")
    total = step(bars[bars["start_basis"] == "origin"], "valuation (CIF/FOB)")
    assert total["method"] == (
        "each total has one CIF leg: the second country's imports (CIF) mirror the first's exports (FOB) → "
        "+ c·exports; the second's exports (FOB) mirror the first's imports (CIF) → − c/(1+c)·imports; c is the set "
        "margin, assuming both compile imports CIF")
    assert total["inputs"] == "c = 10.0 %; exports 100.00 M USD, imports 60.00 M USD"  # imports by consignment

# The exporter ships 10 a month in 2023. The importer books 11 a month in 2023 (10 CIF at a 10 % margin, same month)
# and 10 in each of January and February 2024. At c = 10 %: lag 0 fits exactly (|10 − 11/1.1| = 0 every month), so
# nothing moves across the year end. Ignoring the margin (c = 0): lag 0 errs 12 × 1 = 12, lag 1 11 × 1 + 0 = 11,
# lag 2 10 × 1 + 0 + 0 = 10, so lag 2 wins and the step is 2023 as booked (132) minus March 2023–February 2024
# (10 × 11 + 10 + 10 = 130) = 2.
EXPORTER = pd.DataFrame({"period_start": pd.date_range("2023-01-01", periods=12, freq="MS"), "value_usd": 10.0})
IMPORTER = pd.DataFrame({"period_start": pd.date_range("2023-01-01", periods=14, freq="MS"),
                         "value_usd": [11.0] * 12 + [10.0, 10.0]})


@pytest.mark.parametrize(("margin", "lag", "moved"), [(0.1, 0, 0.0), (0.0, 2, 2.0)])
def test_the_timing_lag_is_chosen_at_the_set_margin(margin, lag, moved):
    row = timing_effect(EXPORTER, IMPORTER, margin=margin).set_index("year").loc[2023]
    assert (row["lag_months"], row["timing_usd"]) == (lag, pytest.approx(moved))


@pytest.mark.parametrize(("margin", "moved"), [(0.1, 0.0), (0.0, 2e6)])
def test_the_bridges_timing_step_uses_the_set_margin(margin, moved):
    records = (months("ARM", "export", 2023, [10e6] * 12)
               + months("KAZ", "import", 2023, [11e6] * 12, source="kz_bns", basis="origin")
               + months("KAZ", "import", 2024, [10e6, 10e6], source="kz_bns", basis="origin"))
    bars = bars_of(bridge(snapshot(records), YEAR_2023.with_(margin=margin)), "ARM→KAZ")
    assert step(bars, "timing")["value_usd"] == pytest.approx(moved)
