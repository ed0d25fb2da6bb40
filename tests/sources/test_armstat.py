"""Armstat's all-partner copies: cells checked by hand, names mapped, aggregates left out, bad input refused."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from loaders.countries import name_table
from loaders.schema import ISO3_CODES
from loaders.sources.armstat import read_armstat, read_copy
from loaders.sources.files import SourceFileError

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference"
FOLDER = REFERENCE / "armstat_all_partners"
pytestmark = pytest.mark.skipif(not FOLDER.is_dir(), reason="../shared/reference/armstat_all_partners is not beside "
                                                            "this checkout")


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return read_armstat(FOLDER)


def value(records, partner, flow, basis, month, vintage):
    rows = records[(records["partner"] == partner) & (records["flow"] == flow) & (records["partner_basis"] == basis)
                   & (records["period_start"] == pd.Timestamp(month)) & (records["vintage"] == pd.Timestamp(vintage))]
    assert len(rows) == 1, rows
    return rows["value_usd"].iloc[0]


def test_cells_read_by_hand(records):
    # arm_trade_country_copy_2025-02-25.csv line 8137: "Georgia",2023,1,9036.59779,6930.44009,62201.01483 (thousand USD)
    assert value(records, "GEO", "export", "destination", "2023-01-01", "2025-02-25") == 9_036_597.79
    assert value(records, "GEO", "import", "origin", "2023-01-01", "2025-02-25") == 6_930_440.09
    assert value(records, "GEO", "import", "consignment", "2023-01-01", "2025-02-25") == 62_201_014.83
    # Same cells in the first copy (arm_trade_country_copy_2024-02-13.csv line 1843, extra country_region column).
    assert value(records, "GEO", "export", "destination", "2023-01-01", "2024-02-13") == 9_036_597.79
    # The 2025 copy renames the USA: line 27033 "USA",2024,1,2556.53293,...; line 27056 "United States",2023,12,...
    assert value(records, "USA", "export", "destination", "2024-01-01", "2025-02-25") == 2_556_532.93
    assert value(records, "USA", "export", "destination", "2023-12-01", "2025-02-25") == 4_812_652.92


def test_armenia_kazakhstan_rows_equal_the_separate_reference_copy(records):
    """Every ARM-KAZ value of every vintage equals armstat_am_kz_monthly.csv, read here without the parser."""
    reference = pd.read_csv(REFERENCE / "armstat_am_kz_monthly.csv")
    kaz = records[records["partner"] == "KAZ"]
    for column, flow, basis in [("exports_kusd", "export", "destination"), ("imports_origin_kusd", "import", "origin"),
                                ("imports_consignment_kusd", "import", "consignment")]:
        ours = kaz[(kaz["flow"] == flow) & (kaz["partner_basis"] == basis)]
        ours = ours.set_index([ours["vintage"].dt.strftime("%Y-%m-%d"), ours["period_start"].dt.year,
                               ours["period_start"].dt.month])["value_usd"].sort_index()
        theirs = reference.set_index(["vintage", "year", "month"])[column].sort_index() * 1000
        assert len(ours) == len(theirs) == 773
        assert (ours.to_numpy() - theirs.to_numpy()).max() < 1e-6
        assert list(ours.index) == list(theirs.index)


def test_every_copy_is_a_vintage_and_no_partner_is_an_aggregate(records):
    assert sorted(records["vintage"].dt.strftime("%Y-%m-%d").unique()) == [
        "2024-02-13", "2024-05-13", "2024-08-17", "2024-11-03", "2025-02-25"]
    assert records["partner"].isin(ISO3_CODES).all()
    assert not records.duplicated(["partner", "flow", "partner_basis", "period_start", "vintage"]).any()
    not_countries = set(name_table("armstat").query("kind != 'country'")["name"])
    assert {"Unknown country", "EU countries not specified", "Nagorno-Karabakh"} <= not_countries


def test_every_name_in_every_copy_is_in_the_name_table():
    table = name_table("armstat")
    for path in sorted(FOLDER.glob("*.csv")):
        names = set(pd.read_csv(path, encoding="utf-8-sig", usecols=["country"])["country"].str.strip())
        assert names <= set(table["name"]), path.name


def copy_with(tmp_path: Path, edit) -> Path:
    source = FOLDER / "arm_trade_country_copy_2024-02-13.csv"
    target = tmp_path / source.name
    lines = source.read_text(encoding="utf-8").splitlines()
    target.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return target


def test_a_text_value_names_file_row_and_column(tmp_path):
    # Line 3 of the copy: Afghanistan,2023,3,0,0.518,0,2023-03-01,Other countries
    path = copy_with(tmp_path, lambda lines: [*lines[:2], lines[2].replace(",0.518,", ",n/a,"), *lines[3:]])
    with pytest.raises(SourceFileError, match=r"arm_trade_country_copy_2024-02-13\.csv, row 3, column "
                                              r"import_origin: not a number"):
        read_copy(path)


def test_a_renamed_partner_is_refused_with_its_name(tmp_path):
    path = copy_with(tmp_path, lambda lines: [lines[0], *(line.replace("Georgia,", "Grusia,") for line in lines[1:])])
    with pytest.raises(SourceFileError, match=r"row \d+, column country: .*'Grusia'"):
        read_copy(path)


def test_a_truncated_copy_or_missing_column_is_refused(tmp_path):
    path = copy_with(tmp_path, lambda lines: [lines[0], *lines[1:40], lines[40][:12]])
    with pytest.raises(SourceFileError, match="row 41"):
        read_copy(path)
    path = copy_with(tmp_path, lambda lines: [lines[0].replace("import_consignment", "import_consign"), *lines[1:]])
    with pytest.raises(SourceFileError, match="missing columns"):
        read_copy(path)


def test_an_unknown_copy_date_is_refused(tmp_path):
    shutil.copy(FOLDER / "arm_trade_country_copy_2024-02-13.csv", tmp_path / "arm_trade_country_copy_2030-01-01.csv")
    with pytest.raises(SourceFileError, match="2030-01-01 has no known published copy"):
        read_armstat(tmp_path)
