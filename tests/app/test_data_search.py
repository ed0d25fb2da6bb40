"""The Data page's search box filters the records table (it used to highlight matches and keep every row)."""
from __future__ import annotations

from tests.app.test_pages import run_page


def test_search_keeps_only_matching_records():
    at = run_page("dashboard/pages/data.py")
    before = at.dataframe[1].value
    at.text_input(key="data-search").input("kz_bns 2023").run()
    after = at.dataframe[1].value
    assert len(after) < len(before)
    assert set(after["source"]) == {"kz_bns"}
    # every BNS record of 2023 stays (others may mention 2023 in their vintage or note, e.g. the 2023 file's edition)
    wanted = before[(before["source"] == "kz_bns") & (before["period_start"].dt.year == 2023)]
    assert len(wanted) > 0 and set(wanted.index) <= set(after.index)
    assert any("records shown" in c.value for c in at.caption)
