"""Download file names are built from validated parts and cannot carry a path, whatever a query holds."""
from types import SimpleNamespace

import pytest

from dashboard.downloads import file_name
from loaders.query import Query


def test_a_valid_query_gives_the_expected_name():
    # the mirror reads flow, basis, margin (10.2 %, its '.' made '_') and vintage, so its file name says them all
    assert file_name("mirror", Query(years=(2018, 2020))) == \
        "mirror_ARM-KAZ_2018-2020_flow-all_basis-all_margin-10_2pct_latest-vintage.csv"
    assert file_name("series", Query(freq="M", flow="export")) == \
        "series_ARM-KAZ_all-years_flow-export_basis-all_monthly_latest-vintage.csv"
    assert file_name("products", Query(margin=0.06)) == "products_ARM-KAZ_all-years.csv"  # reads no margin
    assert file_name("reconciled_band", Query(vintage="first", basis="origin")) == \
        "reconciled_band_ARM-KAZ_all-years_flow-all_basis-origin_annual_first-vintage.csv"
    assert file_name("bridge", Query(margin=0.06)) == \
        "bridge_ARM-KAZ_all-years_flow-all_basis-all_margin-6pct_latest-vintage.csv"


@pytest.mark.parametrize("pair", [("../..", "/etc"), ("..\\..", "C:\\x"), ("a\0b", "\\\\host\\share"),
                                  ("x" * 300, "y")])
def test_hostile_parts_cannot_make_a_path(pair):
    name = file_name("../series", SimpleNamespace(pair=pair, years=(1, 2)))
    assert name.endswith(".csv") and name.count(".") == 1
    assert not set(name) & set("/\\\0:") and len(name) <= 154


def test_a_selection_the_frame_was_cut_to_is_named_last(monkeypatch):
    import pandas as pd

    from dashboard import downloads

    q = Query(years=(2023, 2023))
    # the products view reads the years only: view, pair, years, then the detail
    assert file_name("products", q, "2023_ARM-to-KAZ") == "products_ARM-KAZ_2023-2023_2023_ARM-to-KAZ.csv"
    shown = {}
    monkeypatch.setattr(downloads.st, "download_button", lambda label, **kwargs: shown.update(kwargs))
    downloads.download_csv(pd.DataFrame({"a": [1]}), "products", q, detail="2023_ARM-to-KAZ")
    assert shown["file_name"] == "products_ARM-KAZ_2023-2023_2023_ARM-to-KAZ.csv"
