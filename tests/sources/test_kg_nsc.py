"""Kyrgyzstan NSC tables 4.03.00.18 / 4.03.00.20: hand-checked values, preliminary flags, names, totals, bad input."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from loaders.countries import UnmappedName, classify, name_table
from loaders.schema import ISO3_CODES, RECORD_COLUMNS
from loaders.sources import kg_nsc
from loaders.sources.files import SourceFileError

FOLDER = Path(__file__).resolve().parents[3] / "shared" / "reference" / "kg_nsc"
EXPORTS = "kg_exports_by_country_1994_2023.xlsx"
IMPORTS = "kg_imports_by_country_1994_2023.xlsx"

pytestmark = pytest.mark.skipif(not FOLDER.is_dir(), reason=f"{FOLDER} (shared reference files) is not present")


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return kg_nsc.read_kg_nsc(FOLDER)


def value(records: pd.DataFrame, partner: str, flow: str, year: int) -> float:
    line = records[(records["partner"] == partner) & (records["flow"] == flow)
                   & (records["period_start"] == pd.Timestamp(year, 1, 1))]
    assert len(line) == 1, (partner, flow, year, len(line))
    return line["value_usd"].iloc[0]


# (a) Values read by hand from the cells (thousand USD x 1000). Exports: sheet 'Лист1', years in row 4 (D4 = 1994,
# AG4 = 2023); imports: sheet 'import', years in row 3 (AG3 = '2023 1').
@pytest.mark.parametrize(("partner", "flow", "year", "expected"), [
    ("KAZ", "export", 2023, 449_009_325.0),   # exports AG72 'Kazakhstan' = 449009.325
    ("KAZ", "import", 2023, 862_182_567.0),   # imports AG78 'Kazakhstan' = 862182.567
    ("ARM", "export", 2022, 325_324.0),       # exports AF56 'Armenia' = 325.324
    ("ARM", "import", 2021, 3_357_660.0),     # imports AE64 'Armenia' = 3357.66
    ("KAZ", "export", 1994, 95_899_200.0),    # exports D72 'Kazakhstan' = 95899.2
    ("KAZ", "import", 1994, 58_266_964.0),    # imports D78 'Kazakhstan' = 58266.964
    ("HRV", "export", 1996, 20.0),            # exports F48 'Croatia' = 0.02
    ("ASM", "export", 2016, 0.0),             # exports Z159 'Eastern SAMOA' = 0: a real zero stays zero
    ("SLV", "import", 2007, 9_800.0),         # imports Q142 'Salvador' = '-', Q151 'El Salvador' = 9.8
])
def test_values_match_the_cells(records, partner, flow, year, expected):
    assert value(records, partner, flow, year) == expected


@pytest.mark.parametrize(("partner", "flow", "year"), [
    ("ARM", "export", 1996),   # exports F56 'Armenia' = '-'
    ("MYS", "export", 2018),   # exports AB82 'Malaysia' is empty
    ("HTI", "import", 2023),   # imports AG120 'Haiti' is empty
])
def test_dash_and_empty_cells_are_missing_not_zero(records, partner, flow, year):
    assert pd.isna(value(records, partner, flow, year))


def test_record_columns_and_constants(records):
    assert list(records.columns) == RECORD_COLUMNS
    assert set(records["source"]) == {"kg_nsc"}
    assert set(records["reporter"]) == {"KGZ"}
    assert set(records["hs_code"]) == {"TOTAL"}
    assert set(records["freq"]) == {"A"}
    assert (records["period_end"] == records["period_start"] + pd.offsets.YearEnd(0)).all()
    assert set(records["source_url"]) == {"https://www.stat.kg/en/statistics/vneshneekonomicheskaya-deyatelnost/"}
    basis = records.groupby("flow")["partner_basis"].unique().map(list).to_dict()
    assert basis == {"export": ["destination"], "import": ["unknown"]}
    assert set(records["valuation"]) == {"unknown"}
    assert not records.duplicated(["partner", "flow", "period_start"]).any()


def test_vintage_is_the_copy_date_with_each_files_modified_date_in_the_note(records):
    # The files state no publication date; the copy was taken 2024-11-17 (commit aca6dd9). docProps/core.xml:
    # exports dcterms:modified 2024-10-01T08:06:31Z, imports 2024-03-02T10:18:55Z.
    vintages = records.groupby("flow")["vintage"].unique().map(list).to_dict()
    assert vintages == {"export": [pd.Timestamp("2024-11-17")], "import": [pd.Timestamp("2024-11-17")]}
    notes = records.groupby("flow")["note"].first()
    assert "last modified 2024-10-01" in notes["export"] and "last modified 2024-03-02" in notes["import"]
    assert kg_nsc.choose_vintage(None)[0] == date(2024, 11, 17)


# (b) The imports header reads '2023 1' with the footnote '1 Рreliminary data' (row 210); the exports header does not.
def test_preliminary_2023_imports_only(records):
    imports = records[records["flow"] == "import"]
    year = imports["period_start"].dt.year
    assert imports.loc[year == 2023, "note"].str.contains("preliminary").all()
    assert not imports.loc[year == 2022, "note"].str.contains("preliminary").any()
    exports = records[records["flow"] == "export"]
    assert not exports["note"].str.contains("preliminary").any()


@pytest.mark.parametrize(("cell", "expected"), [
    ("2023 1", kg_nsc.YearHeader(2023, True)),
    ("2023¹", kg_nsc.YearHeader(2023, True)),
    ("2023*", kg_nsc.YearHeader(2023, True)),
    (2022, kg_nsc.YearHeader(2022, False)),
    (2022.0, kg_nsc.YearHeader(2022, False)),
    (" 1994 ", kg_nsc.YearHeader(1994, False)),
    ("Total", None),
    (None, None),
    (341091.4, None),
])
def test_parse_year_header(cell, expected):
    assert kg_nsc.parse_year_header(cell) == expected


# (c) No subtotal becomes a partner.
def test_partners_are_iso3_and_never_aggregates(records):
    assert set(records["partner"]) <= ISO3_CODES
    assert "KGZ" not in set(records["partner"])
    # Subtotals of exports 2023 (cells AG5 Total, AG6 The EU, AG7 CIS, AG9 EAEU, AG11 Europe, AG54 Asia) must not
    # appear as any record's value.
    subtotals = {3_384_856_093.0, 44_690_391.0, 1_609_641_958.0, 1_307_112_051.0, 1_148_706_782.0, 611_338_071.0}
    assert not subtotals & set(records["value_usd"].dropna())
    exports_2023 = records[(records["flow"] == "export") & (records["period_start"].dt.year == 2023)]
    assert exports_2023["value_usd"].sum() < 3_384_856_093.0


def test_every_year_has_one_record_per_partner(records):
    counts = records.groupby(["flow", "period_start"])["partner"].nunique()
    assert set(records["period_start"].dt.year) == set(range(1994, 2024))
    assert counts.groupby("flow").nunique().to_dict() == {"export": 1, "import": 1}


# (d) Coverage: every English name in either file (column C below the year header, read here without the parser) is
# in the name table, and the table lists no name that the files do not use.
def english_names(file: str) -> set[str]:
    book = openpyxl.load_workbook(FOLDER / file, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        names = {" ".join(str(r[2]).split()) for r in sheet.iter_rows(min_row=3, values_only=True) if r[2]}
    finally:
        book.close()
    return {n for n in names if not n[0].isdigit()}  # NB '1 Рreliminary data' is the footnote, not a name


def test_every_name_maps_and_the_table_has_no_stale_names():
    names = english_names(EXPORTS) | english_names(IMPORTS)
    found = classify("kg_nsc", pd.Series(sorted(names)), origin="test")
    assert set(found["kind"]) == {"country", "aggregate", "unspecified"}
    table = name_table("kg_nsc")
    assert set(table["name"]) == names


@pytest.mark.parametrize(("name", "iso3", "kind"), [
    ("Total", "", "aggregate"), ("CIS", "", "aggregate"), ("EAEU", "", "aggregate"), ("The EU", "", "aggregate"),
    ("Australia and Oceania", "", "aggregate"), ("Undefined country", "", "unspecified"),
    ("European Union (EU)", "", "unspecified"), ("Netherlands antilles", "", "unspecified"),
    ("Kazakhstan", "KAZ", "country"), ("Great Britain (United Kingdom)", "GBR", "country"),
    ("Butane", "BTN", "country"), ("Eastern SAMOA", "ASM", "country"), ("The Republic of Korea", "KOR", "country"),
])
def test_name_kinds(name, iso3, kind):
    found = classify("kg_nsc", pd.Series([name]), origin="test").iloc[0]
    assert (found["iso3"], found["kind"]) == (iso3, kind)


# Total check: only exports 2021 fall short (AE5 Total 2,752,163.747; the country rows sum to 1,646,612.6 and
# AE166 'Undefined country' is 96.903): the file attributes 1.1 bn USD to no partner. Every other year is within 1 %.
def test_total_check(records):
    checks = kg_nsc.total_checks(FOLDER)
    short = {file: sorted(report.index[~report["ok"]]) for file, report in checks.items()}
    assert short == {EXPORTS: [2021], IMPORTS: []}
    notes = records.loc[records["period_start"].dt.year == 2021].groupby("flow")["note"]
    assert notes.apply(lambda n: n.str.contains("attributed to no partner").all()).to_dict() == {
        "export": True, "import": False}


# (e) Bad input.
def test_truncated_file_names_the_file(tmp_path):
    for file in (EXPORTS, IMPORTS):
        shutil.copy(FOLDER / file, tmp_path / file)
    data = (tmp_path / IMPORTS).read_bytes()
    (tmp_path / IMPORTS).write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceFileError, match=IMPORTS):
        kg_nsc.read_kg_nsc(tmp_path)


def test_missing_file_names_the_file(tmp_path):
    shutil.copy(FOLDER / IMPORTS, tmp_path / IMPORTS)
    with pytest.raises(SourceFileError, match=f"{EXPORTS}: file not found"):
        kg_nsc.read_kg_nsc(tmp_path)


HEADER = [("title", "заголовок", "4.03.00.20: Geographic distribution of imports of goods", None, None),
          (None, None, None, 2022, "2023 1"),
          ("Бардыгы", "Всего", "Total", 10, 20)]


def test_text_in_a_number_cell_names_sheet_row_and_column():
    rows = HEADER + [("Казакстан", "Казахстан", "Kazakhstan", 4, "n/a")]
    with pytest.raises(SourceFileError, match=r"^f\.xlsx, sheet 'S', row 4, column E: not a number: 'n/a'"):
        kg_nsc.read_table(rows, "f.xlsx", "S")


def test_no_year_header():
    rows = [("Бардыгы", "Всего", "Total", 10, 20)]
    with pytest.raises(SourceFileError, match=r"f\.xlsx, sheet 'S': no header row with the years"):
        kg_nsc.read_table(rows, "f.xlsx", "S")


def test_read_table_from_rows():
    rows = HEADER + [("Казакстан", "Казахстан", "Kazakhstan", "-", 0), (None,) * 5,
                     ("1 Алдын ала", "1 Предварительные данные", "1 Preliminary data", None, None)]
    cells = kg_nsc.read_table(rows, "f.xlsx", "S")
    kaz = cells[cells["name"] == "Kazakhstan"].set_index("year")
    assert pd.isna(kaz.loc[2022, "value"]) and kaz.loc[2023, "value"] == 0
    assert kaz.loc[2023, "column"] == "E" and kaz.loc[2023, "row"] == 4
    assert bool(kaz.loc[2023, "preliminary"]) and not bool(kaz.loc[2022, "preliminary"])
    assert kaz.loc[2023, "footnote"] == "Preliminary data"
    assert set(cells["name"]) == {"Total", "Kazakhstan"}


def test_country_rows_above_the_total_are_refused():
    rows = HEADER + [("Казакстан", "Казахстан", "Kazakhstan", 4, 30)]
    cells = kg_nsc.classify_names(kg_nsc.read_table(rows, "f.xlsx", "S"), "f.xlsx", "S")
    with pytest.raises(SourceFileError, match=r"sheet 'S', row 3, column E: 2023: .* above the Total"):
        kg_nsc.check_total(cells, "f.xlsx", "S")


def test_unmapped_name_is_refused():
    rows = HEADER + [("Атлантида", "Атлантида", "Atlantis", 1, 2)]
    cells = kg_nsc.read_table(rows, "f.xlsx", "S")
    with pytest.raises(SourceFileError, match=r"f\.xlsx, sheet 'S', row 4, column C: .*'Atlantis'") as caught:
        kg_nsc.classify_names(cells, "f.xlsx", "S")
    assert isinstance(caught.value.__cause__, UnmappedName)
