"""The page's Download CSV hands over the formula-safe CSV of exactly the frame shown, under the validated name."""
from __future__ import annotations

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
    assert kwargs["file_name"] == "mirror_ARM-KAZ_2018-2020.csv" and kwargs["mime"] == "text/csv"
    assert kwargs["data"]() == b"note,value_usd\r\n'=1+1,-5.0\r\nplain,2.5\r\n"
