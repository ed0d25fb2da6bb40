"""The compiler's estimation flag (the IMF's 'e') as a record column: read, carried into every figure, drawn apart."""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard.charts import series_chart
from loaders.query import Query
from loaders.schema import check_served
from loaders.store.snapshot import SnapshotError, read_snapshot
from loaders.views.mirror import mirror
from loaders.views.series import series
from tests.factories import annual, months, snapshot, write_snapshot

IMF = {"source": "imf_dots", "vintage": "2022-02-02"}


@pytest.fixture(scope="module")
def bundled():
    return read_snapshot(pair=("ARM", "KAZ"))


def test_bundled_flags_are_the_reference_files_e_rows(bundled):
    # reference/imf_dots_am_kz_annual.csv flags two rows 'e': KAZ exports to ARM 1993 (1.05 M) and imports (1.52 M)
    flagged = bundled.records[bundled.records["estimated"]]
    assert sorted(zip(flagged["source"], flagged["reporter"], flagged["flow"], flagged["value_usd"])) == [
        ("imf_dots", "KAZ", "export", 1_050_000.0), ("imf_dots", "KAZ", "import", 1_520_000.0)]


def test_mirror_says_which_side_is_an_estimate(bundled):
    out = mirror(bundled, Query(years=(1993, 1993)))
    kaz_arm = out[out["direction"] == "KAZ→ARM"].iloc[0]
    arm_kaz = out[out["direction"] == "ARM→KAZ"].iloc[0]
    assert (kaz_arm["x_value_usd"], bool(kaz_arm["x_estimated"])) == (1_050_000.0, True)
    assert (arm_kaz["m_value_usd"], bool(arm_kaz["m_estimated"])) == (1_520_000.0, True)
    assert bool(arm_kaz["x_estimated"]) is False  # Armenia's own 1.383 M is a reported figure
    assert kaz_arm["status"] == "both sides, but KAZ's figure is an estimate"
    assert arm_kaz["status"] == "both sides, but KAZ's figure is an estimate"
    later = mirror(bundled, Query(years=(1995, 1995)))
    assert set(later["status"]) == {"both sides reported"}


def test_an_estimated_month_or_leg_makes_the_figure_estimated():
    rows = [*months(2020, 12, value_usd=10.0)[:11], *months(2020, 12, value_usd=10.0, estimated=True)[11:],
            *months(2020, 12, flow="import", partner_basis="origin", valuation="CIF", value_usd=5.0),
            annual(2021, value_usd=120.0),
            annual(2021, flow="import", partner_basis="origin", valuation="CIF", value_usd=60.0)]
    out = series(snapshot(rows), Query(flow="all"))
    flags = {(r.flow, r.year): r.estimated for r in out.itertuples()}
    # 2020 exports: 11 reported months + December estimated -> estimated; imports all reported; turnover has an
    # estimated leg. 2021: nothing estimated.
    assert flags == {("export", 2020): True, ("import", 2020): False, ("turnover", 2020): True,
                     ("export", 2021): False, ("import", 2021): False, ("turnover", 2021): False}


def test_the_chart_draws_estimates_as_their_own_open_markers():
    rows = [annual(2019, **IMF, value_usd=1e6), annual(2020, **IMF, value_usd=2e6, estimated=True),
            annual(2021, **IMF, value_usd=3e6)]
    frame = series(snapshot(rows), Query())
    figure = series_chart(frame, pd.DataFrame(columns=["event_id"]), "A", "test")
    marks = [t for t in figure.data if "estimated" in t.name]
    assert len(marks) == 1
    assert list(marks[0].x) == [2020] and list(marks[0].y) == [2.0]
    assert marks[0].marker.symbol == "diamond-open"


def test_a_csv_flag_is_read_as_written_and_anything_else_is_refused(tmp_path):
    folder = write_snapshot(tmp_path / "ok", [annual(2020, estimated=False), annual(2021, estimated=True)])
    assert read_snapshot(folder).records["estimated"].tolist() == [False, True]  # text 'False' is not true
    bad = write_snapshot(tmp_path / "bad", [annual(2020), annual(2021, estimated="maybe")])
    with pytest.raises(SnapshotError, match=r"test.csv: row 3, column estimated: not True or False \('maybe'\)"):
        read_snapshot(bad)


def test_a_served_copy_with_text_flags_is_not_served():
    frame = snapshot([annual(2020)]).records
    assert check_served(frame) is None
    assert "column estimated" in check_served(frame.astype({"estimated": "str"}))
