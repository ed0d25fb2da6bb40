"""The IMF's country names map to ISO3 (historic reporters to ISO 3166-3) through the checked table; aggregates never do."""
from pathlib import Path

import pandas as pd
import pytest

from loaders.countries import classify, name_table
from loaders.schema import ISO3_CODES

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "imf_dots_world"


@pytest.mark.parametrize(("name", "iso3", "kind"), [
    ("USSR", "SUN", "country"), ("Yugoslavia", "YUG", "country"), ("Czechoslovakia", "CSK", "country"),
    ("Eastern Germany", "DDR", "country"), ("Netherlands Antilles", "ANT", "country"),
    ("Serbia and Montenegro", "SCG", "country"), ("Kyrgyz Rep.", "KGZ", "country"),
    ("China, P.R.: Mainland", "CHN", "country"), ("Armenia, Rep. of", "ARM", "country"),
    ("Taiwan Province of China", "TWN", "country"), ("World", "", "aggregate"), ("Euro Area", "", "aggregate"),
    ("European Union", "", "aggregate"), ("Advanced Economies", "", "aggregate"),
    ("Africa not specified", "", "unspecified"), ("Belgium-Luxembourg", "", "unspecified"),
])
def test_imf_names(name, iso3, kind):
    found = classify("imf_dots", pd.Series([name]), "test").iloc[0]
    assert (found["iso3"], found["kind"]) == (iso3, kind)


def test_no_code_stands_for_two_countries():
    countries = name_table("imf_dots").query("kind == 'country'")
    assert not countries["iso3"].duplicated().any()
    assert countries["iso3"].isin(ISO3_CODES).all()


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference is not beside this checkout")
def test_every_name_in_the_imf_tables_is_in_the_name_table():
    from python_calamine import CalamineWorkbook

    from loaders.sources.imf_dots_world import FIRST_DATA_ROW, NAME_COLUMN, REPORTER_ROW

    names = set()
    for path in REFERENCE.glob("DOTS_*.xlsx"):
        book = CalamineWorkbook.from_path(str(path))
        for sheet in book.sheet_names:
            cells = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            names |= {str(row[NAME_COLUMN]) for row in [cells[REPORTER_ROW], *cells[FIRST_DATA_ROW:]]}
    classify("imf_dots", pd.Series(sorted(names)), "imf_dots_world")  # raises UnmappedName, listing the missing
