"""The page's Download CSV hands over the formula-safe CSV of exactly the frame shown, under the validated name."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from dashboard import downloads
from loaders.query import Query


def test_the_page_download_neutralises_formulas(monkeypatch):
    buttons = []
    monkeypatch.setattr(downloads.st, "download_button", lambda label, **kwargs: buttons.append((label, kwargs)))
    frame = pd.DataFrame({"note": ["=1+1", "plain"], "value_usd": [-5.0, 2.5]})
    downloads.download_csv(frame, "mirror", Query(years=(2018, 2020)))
    [(label, kwargs)] = buttons
    assert label == "Download CSV"
    assert kwargs["file_name"] == "mirror_ARM-KAZ_2018-2020_flow-all_basis-all_margin-10_2pct_latest-vintage.csv"
    assert kwargs["mime"] == "text/csv"
    assert kwargs["data"]() == b"note,value_usd\r\n'=1+1,-5.0\r\nplain,2.5\r\n"
    # a click must not rerun the page; one key per view, so two buttons on a page never clash
    assert (kwargs["on_click"], kwargs["key"], kwargs["icon"]) == ("ignore", "download-mirror", ":material/download:")


def test_a_query_over_all_years_names_them_all_and_odd_characters_become_underscores():
    q = SimpleNamespace(pair=("A/B", "KAZ"), years=None)
    assert downloads.file_name("sources", q) == "sources_A_B-KAZ_all-years.csv"
