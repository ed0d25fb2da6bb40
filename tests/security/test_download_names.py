"""Download file names are built from validated parts and cannot carry a path, whatever a query holds."""
from types import SimpleNamespace

import pytest

from dashboard.downloads import file_name
from loaders.query import Query


def test_a_valid_query_gives_the_expected_name():
    assert file_name("mirror", Query(years=(2018, 2020))) == "mirror_ARM-KAZ_2018-2020.csv"


@pytest.mark.parametrize("pair", [("../..", "/etc"), ("..\\..", "C:\\x"), ("a\0b", "\\\\host\\share"),
                                  ("x" * 300, "y")])
def test_hostile_parts_cannot_make_a_path(pair):
    name = file_name("../series", SimpleNamespace(pair=pair, years=(1, 2)))
    assert name.endswith(".csv") and name.count(".") == 1
    assert not set(name) & set("/\\\0:") and len(name) <= 124
