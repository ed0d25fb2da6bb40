"""Kyrgyzstan's National Statistical Committee (https://www.stat.kg/): goods exports and imports by partner, annual."""
from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError

import pandas as pd
from openpyxl.utils import get_column_letter

from loaders.countries import UnmappedName, classify, name_table, normalise
from loaders.schema import RECORD_COLUMNS, validate_records
from loaders.sources.files import SourceFileError, usd_from_thousands

SOURCE = "kg_nsc"
REPORTER = "KGZ"
SOURCE_URL = "https://www.stat.kg/en/statistics/vneshneekonomicheskaya-deyatelnost/"
COPY_URL = "https://github.com/mary-lev/eu-export-sanctions/tree/aca6dd9/data/kyrgyzstan_data"
# NB the date of the copy (commit aca6dd9, /work/shared/reference/README.md, "Added later" table).
COPY_DATE = date(2024, 11, 17)
MISSING_MARKS = frozenset({"", "-", "–", "—", "...", "…", "x", "х"})
YEAR_HEADER = re.compile(r"^((?:19|20)\d\d)\s*([0-9¹²³⁴⁵⁶⁷⁸⁹⁰*)]*)$")
FOOTNOTE = re.compile(r"^([0-9¹²³⁴⁵⁶⁷⁸⁹*]{1,2})\s*\)?\s+(\S.*)$")
TABLE_ID = re.compile(r"\b(\d\.\d\d\.\d\d\.\d\d)\b")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
MIN_YEAR_COLUMNS = 2


@dataclass(frozen=True)
class TableSpec:
    """One published table: its file, flow, NSC table number and how partners and values are defined."""

    file: str
    flow: str
    table_id: str
    label: str
    partner_basis: str
    valuation: str


# NB partner basis and valuation. Neither file says how partners are attributed or how values are valued: the only
# text in them is the title, the unit "(thousand US dollars)", the names and, in the imports file, the footnote
# "1 Рreliminary data" (checked in xl/sharedStrings.xml of both files: no "origin", "consignment", "CIF", "FOB", or
# their Russian words). /work/shared/reference/figures-and-sources.md and reconciliation-methods.md say nothing
# about Kyrgyzstan's tables either (its notation, restated in docs/methods.md#notation, only states the general
# convention "X ... (FOB)", "M ... (CIF, unless j compiles FOB)", which is notation, not a statement about the NSC).
# Hence: exports by `destination` (the table is the geographic distribution of exports, as the brief fixes), imports
# `unknown`, and valuation `unknown` for both.
TABLES = (
    TableSpec("kg_exports_by_country_1994_2023.xlsx", "export", "4.03.00.18", "exports by country",
              "destination", "unknown"),
    TableSpec("kg_imports_by_country_1994_2023.xlsx", "import", "4.03.00.20", "imports by country",
              "unknown", "unknown"),
)


@dataclass(frozen=True)
class YearHeader:
    """A year column's header: the year and whether a footnote mark flags it (e.g. '2023 1': preliminary)."""

    year: int
    preliminary: bool


@dataclass(frozen=True)
class YearColumn:
    """A year column of a table: 0-based index, spreadsheet letter and parsed header."""

    index: int
    letter: str
    header: YearHeader
    mark: str


@dataclass(frozen=True)
class Sheet:
    """The cell values of one worksheet, row by row (row 1 first)."""

    name: str
    rows: list[tuple]


@dataclass(frozen=True)
class Workbook:
    """A workbook read into memory: its sheets and its 'last modified' document property."""

    file: str
    sheets: list[Sheet]
    modified: datetime | None


def parse_year_header(cell: object) -> YearHeader | None:
    """A header cell -> its year; a trailing footnote mark ('2023 1', '2023¹', '2023*') marks it preliminary."""
    mark = year_mark(cell)
    if mark is None:
        return None
    year, footnote = mark
    return YearHeader(year=year, preliminary=bool(footnote))


def year_mark(cell: object) -> tuple[int, str] | None:
    """A header cell -> (year, footnote mark or ''), or None when the cell is not a year."""
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, (int, float)):
        return (int(cell), "") if float(cell).is_integer() and 1900 <= cell <= 2099 else None
    match = YEAR_HEADER.match(" ".join(str(cell).split()))
    if not match:
        return None
    return int(match.group(1)), match.group(2).strip(")")


def find_year_header(rows: list[tuple]) -> tuple[int, list[YearColumn]] | None:
    """The first row holding at least two consecutive years (1994, 1995, ...) -> (1-based row, its year columns)."""
    for number, row in enumerate(rows, start=1):
        columns = []
        for index, cell in enumerate(row):
            mark = year_mark(cell)
            if mark is not None:
                columns.append(YearColumn(index, get_column_letter(index + 1), YearHeader(mark[0], bool(mark[1])),
                                          mark[1]))
        years = [c.header.year for c in columns]
        if len(columns) >= MIN_YEAR_COLUMNS and years == list(range(years[0], years[0] + len(years))):
            return number, columns
    return None


def parse_value(cell: object, file: str, sheet: str, row: int, column: str) -> float:
    """A value cell in thousand USD -> float; an empty cell, '-' or '...' is missing (NA), never 0."""
    if cell is None:
        return float("nan")
    if isinstance(cell, bool):
        raise SourceFileError(file, f"not a number: {cell!r}", sheet=sheet, row=row, column=column)
    if isinstance(cell, (int, float)):
        value = float(cell)
    else:
        text = " ".join(str(cell).split())
        if text in MISSING_MARKS:
            return float("nan")
        try:
            value = float(text.replace(" ", ""))
        except ValueError:
            raise SourceFileError(file, f"not a number: {text[:40]!r}", sheet=sheet, row=row, column=column) from None
    if value < 0 or value != value:
        raise SourceFileError(file, f"not a value in thousand USD: {cell!r}", sheet=sheet, row=row, column=column)
    return value


def english_name_column(rows: list[tuple], header_row: int, first_year_index: int) -> int:
    """The name column written in Latin script (the tables give Kyrgyz, Russian and English names side by side)."""
    best, best_share = None, 0.0
    for index in range(first_year_index):
        names = [str(r[index]).strip() for r in rows[header_row:] if index < len(r) and r[index] is not None]
        names = [n for n in names if n]
        if not names:
            continue
        share = sum(not CYRILLIC.search(n) for n in names) / len(names)
        if share > best_share:
            best, best_share = index, share
    if best is None or best_share < 0.9:
        return -1
    return best


def is_footnote(name: str, values: list[object]) -> bool:
    """A row below the table that explains a footnote mark: '1 Preliminary data' with no values."""
    return bool(FOOTNOTE.match(name)) and all(v is None for v in values)


def read_footnotes(rows: list[tuple], header_row: int, name_index: int, columns: list[YearColumn]) -> dict[str, str]:
    """Footnote mark -> its text, from the rows below the header."""
    notes = {}
    for row in rows[header_row:]:
        name = _cell_text(row, name_index)
        values = [_cell(row, c.index) for c in columns]
        if name and is_footnote(name, values):
            match = FOOTNOTE.match(name)
            notes[match.group(1)] = match.group(2).strip()
    return notes


def read_table(rows: list[tuple], file: str, sheet: str) -> pd.DataFrame:
    """A sheet's rows (lists of cell values, row 1 first) -> one line per name row and year column.

    Columns: name, name_column (letter), row (1-based), column (letter), year, preliminary, footnote (text of the
    year's footnote mark), value (thousand USD, NaN when missing).
    """
    found = find_year_header(rows)
    if found is None:
        raise SourceFileError(file, "no header row with the years found", sheet=sheet)
    header_row, columns = found
    name_index = english_name_column(rows, header_row, columns[0].index)
    if name_index < 0:
        raise SourceFileError(file, "no column of English country names left of the years", sheet=sheet,
                              row=header_row)
    footnotes = read_footnotes(rows, header_row, name_index, columns)
    lines = []
    for number, row in enumerate(rows[header_row:], start=header_row + 1):
        name = _cell_text(row, name_index)
        cells = [_cell(row, c.index) for c in columns]
        if all(v is None for v in cells):
            # NB a row without any value cell is a blank line, a heading or a footnote ('1 Рreliminary data').
            continue
        if not name:
            raise SourceFileError(file, "values without an English country name", sheet=sheet, row=number,
                                  column=get_column_letter(name_index + 1))
        for column, cell in zip(columns, cells):
            lines.append({
                "name": name, "name_column": get_column_letter(name_index + 1), "row": number,
                "column": column.letter, "year": column.header.year,
                "preliminary": column.header.preliminary, "footnote": footnotes.get(column.mark, ""),
                "value": parse_value(cell, file, sheet, number, column.letter),
            })
    if not lines:
        raise SourceFileError(file, "no country rows below the year header", sheet=sheet, row=header_row)
    return pd.DataFrame(lines)


def table_id(rows: list[tuple]) -> str | None:
    """The NSC table number in the title rows ('4.03.00.20: Geographic distribution of imports of goods')."""
    for row in rows[:5]:
        for cell in row:
            match = TABLE_ID.search(str(cell)) if isinstance(cell, str) else None
            if match:
                return match.group(1)
    return None


def classify_names(cells: pd.DataFrame, file: str, sheet: str) -> pd.DataFrame:
    """Add `iso3` and `kind` from data/reference/country_names/kg_nsc.csv.

    A name the table lacks -> SourceFileError at its first cell, carrying the UnmappedName message (all such names).
    """
    names = pd.Series(cells["name"].unique())
    try:
        kinds = classify(SOURCE, names, origin=file)
    except UnmappedName as exc:
        known = set(name_table(SOURCE).index)
        first = cells[~cells["name"].map(normalise).isin(known)].iloc[0]
        raise SourceFileError(file, str(exc), sheet=sheet, row=int(first["row"]), column=first["name_column"]) from exc
    lookup = pd.DataFrame({"name": names, "iso3": kinds["iso3"].to_numpy(), "kind": kinds["kind"].to_numpy()})
    return cells.merge(lookup, on="name", how="left", validate="many_to_one")


def check_total(cells: pd.DataFrame, file: str, sheet: str, tolerance: float = 0.01) -> pd.DataFrame:
    """Per year: the Total row against the sum of the country rows, and with the unspecified rows added.

    ``ok`` when the countries, or the countries plus the unspecified rows ('Undefined country', ...), come within
    ``tolerance`` of the Total. A sum *above* the Total by more than ``tolerance`` means a subtotal was counted as a
    partner or a value is wrong: SourceFileError naming the Total's cell. A sum *below* it is what the file publishes
    (trade it does not attribute to any partner, e.g. exports 2021) and is returned, not refused, so the records can
    say so. Returns one line per year (thousand USD); an empty frame when the table has no Total row.
    """
    total = cells[(cells["kind"] == "aggregate") & (cells["name"].str.strip().str.casefold() == "total")]
    if total.empty:
        return pd.DataFrame()
    by_kind = cells.pivot_table(index="year", columns="kind", values="value", aggfunc="sum", fill_value=0.0)
    report = pd.DataFrame({
        "total": total.set_index("year")["value"],
        "countries": by_kind["country"] if "country" in by_kind else 0.0,
        "unspecified": by_kind["unspecified"] if "unspecified" in by_kind else 0.0,
    })
    report["gap"] = report["total"] - report["countries"]
    report["gap_after_unspecified"] = report["gap"] - report["unspecified"]
    report["share_attributed"] = (report["countries"] + report["unspecified"]) / report["total"]
    limit = tolerance * report["total"].abs()
    report["ok"] = (report["gap"].abs() <= limit) | (report["gap_after_unspecified"].abs() <= limit)
    report.loc[report["total"].isna(), "ok"] = True
    excess = report[report["gap_after_unspecified"] < -limit]
    if not excess.empty:
        year = int(excess.index[0])
        cell = total[total["year"] == year].iloc[0]
        line = excess.iloc[0]
        raise SourceFileError(
            file, f"{year}: the country and unspecified rows sum to {line['countries'] + line['unspecified']:,.1f}, "
                  f"more than {tolerance:.0%} above the Total {line['total']:,.1f} (a subtotal counted as a partner?)",
            sheet=sheet, row=int(cell["row"]), column=cell["column"])
    return report


def choose_vintage(modified: datetime | None) -> tuple[date, str]:
    """The vintage: the date of the copy, as the file states no publication date.

    NB the two tables' own last-modified dates differ (exports 2024-10-01, imports 2024-03-02); as vintages they would
    make one edition look like two, and turnover (exports + imports of one edition) underivable. They go in the note.
    """
    saved = f"{modified:%Y-%m-%d}" if modified is not None else "not recorded"
    return COPY_DATE, f"the date of the copy; the file states no publication date (last modified {saved})"


def read_workbook(path: Path) -> Workbook:
    """All sheets' cell values and the document's modified date; SourceFileError when the file cannot be read."""
    import openpyxl

    if not path.is_file():
        raise SourceFileError(path.name, "file not found")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheets = [Sheet(ws.title, [tuple(r) for r in ws.iter_rows(values_only=True)]) for ws in book.worksheets]
            modified = book.properties.modified
        finally:
            book.close()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, ValueError, TypeError,
            ParseError, zlib.error) as exc:
        raise SourceFileError(path.name, f"cannot be read as an xlsx workbook ({type(exc).__name__}: {exc})") from None
    return Workbook(path.name, sheets, modified)


def table_sheet(book: Workbook) -> Sheet:
    """The sheet with the year header (the imports file also has an empty 'Лист1')."""
    for sheet in book.sheets:
        if find_year_header(sheet.rows) is not None:
            return sheet
    names = ", ".join(repr(s.name) for s in book.sheets)
    raise SourceFileError(book.file, f"no header row with the years found in any sheet ({names})")


def merge_duplicates(partners: pd.DataFrame) -> pd.DataFrame:
    """One line per partner and year: rows naming the same country ('Salvador', 'El Salvador') are summed."""
    def cells(group: pd.DataFrame) -> str:
        return " + ".join(f"{c}{r} ('{n}')" for c, r, n in zip(group["column"], group["row"], group["name"]))

    grouped = partners.groupby(["iso3", "year"], sort=True)
    merged = grouped.agg(value=("value", lambda v: v.sum(min_count=1)), preliminary=("preliminary", "any"),
                         footnote=("footnote", "first"), rows=("row", "size"))
    merged["cells"] = grouped.apply(cells, include_groups=False)
    return merged.reset_index()


def build_note(spec: TableSpec, sheet: str, line: pd.Series, vintage: date, how: str, shortfall: str = "") -> str:
    """The provenance note of one record: table, file, sheet, cell(s), preliminary flag, vintage, unit, copy."""
    parts = [f"NSC table {spec.table_id} ({spec.label}), file {spec.file}, sheet '{sheet}', "
             f"cell{'s' if line['rows'] > 1 else ''} {line['cells']}"
             + (" summed (the table lists the country twice)" if line["rows"] > 1 else "")]
    if line["preliminary"]:
        footnote = f" (footnote: '{line['footnote']}')" if line["footnote"] else ""
        parts.append(f"{line['year']} preliminary{footnote}")
    if shortfall:
        parts.append(shortfall)
    parts.append(f"vintage = {vintage.isoformat()}, {how}")
    parts.append("thousand USD x 1000")
    parts.append(f"copy {COPY_URL}")
    return "; ".join(parts)


def shortfall_notes(report: pd.DataFrame) -> dict[int, str]:
    """Year -> a remark for the years whose partner rows fall short of the Total by more than the tolerance."""
    notes = {}
    for year, line in report[~report["ok"]].iterrows() if not report.empty else []:
        notes[int(year)] = (f"the partner rows of {year} cover {line['share_attributed']:.1%} of the table's Total "
                            f"({line['total']:,.1f} thousand USD); {line['gap_after_unspecified']:,.1f} thousand USD "
                            f"is attributed to no partner in this file")
    return notes


def table_records(cells: pd.DataFrame, spec: TableSpec, sheet: str, vintage: date, how: str,
                  report: pd.DataFrame | None = None) -> pd.DataFrame:
    """Classified cells of one table -> records (aggregates and unspecified rows dropped), not yet validated."""
    shortfalls = shortfall_notes(report if report is not None else pd.DataFrame())
    partners = merge_duplicates(cells[cells["kind"] == "country"])
    values = partners["value"].map(lambda v: usd_from_thousands(v) if pd.notna(v) else float("nan"))
    return pd.DataFrame({
        "source": SOURCE,
        "reporter": REPORTER,
        "partner": partners["iso3"],
        "flow": spec.flow,
        "partner_basis": spec.partner_basis,
        "valuation": spec.valuation,
        "freq": "A",
        "period_start": partners["year"].map(lambda y: f"{y}-01-01"),
        "period_end": partners["year"].map(lambda y: f"{y}-12-31"),
        "hs_code": "TOTAL",
        "value_usd": values.astype("float64"),
        "vintage": vintage.isoformat(),
        "source_url": SOURCE_URL,
        "confidence": "A",
        "estimated": False,
        "note": [build_note(spec, sheet, line, vintage, how, shortfalls.get(int(line["year"]), ""))
                 for _, line in partners.iterrows()],
    }, columns=RECORD_COLUMNS)


def read_spec(folder: Path, spec: TableSpec) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One file -> (its records, its Total check report)."""
    book = read_workbook(folder / spec.file)
    sheet = table_sheet(book)
    found = table_id(sheet.rows)
    if found is not None and found != spec.table_id:
        raise SourceFileError(spec.file, f"holds table {found}, expected {spec.table_id}", sheet=sheet.name)
    cells = classify_names(read_table(sheet.rows, spec.file, sheet.name), spec.file, sheet.name)
    report = check_total(cells, spec.file, sheet.name)
    vintage, how = choose_vintage(book.modified)
    return table_records(cells, spec, sheet.name, vintage, how, report), report


def read_kg_nsc(folder: Path) -> pd.DataFrame:
    """Kyrgyzstan's exports and imports of goods by partner, annual, from the NSC tables in ``folder``."""
    frames = [read_spec(Path(folder), spec)[0] for spec in TABLES]
    records = pd.concat(frames, ignore_index=True)
    return validate_records(records, origin=f"{SOURCE} ({Path(folder).name})")


def total_checks(folder: Path) -> dict[str, pd.DataFrame]:
    """Per file, the Total row against the sums of the country and unspecified rows (thousand USD)."""
    return {spec.file: read_spec(Path(folder), spec)[1] for spec in TABLES}


def _cell(row: tuple, index: int) -> object:
    return row[index] if index < len(row) else None


def _cell_text(row: tuple, index: int) -> str:
    value = _cell(row, index)
    return " ".join(str(value).split()) if value is not None else ""
