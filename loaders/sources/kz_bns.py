"""Kazakhstan's Bureau of National Statistics (https://stat.gov.kz/): annual trade by partner country, .xls files."""
from __future__ import annotations

import datetime as dt
import io
import re
import struct
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from loaders.countries import UnmappedName, classify, name_table, normalise
from loaders.schema import RECORD_COLUMNS, validate_records
from loaders.sources.files import SourceFileError, usd_from_thousands

SOURCE = "kz_bns"
REPORTER = "KAZ"
SOURCE_URL = "https://stat.gov.kz/"
COPY_URL = "https://github.com/mary-lev/eu-export-sanctions/tree/aecc5ff2/data/kazakhstan_data"
FILE_NAME = re.compile(r"^kz_bns_main_indicators_by_country_(\d{4})\.xls$")
TITLE = 'BNS "Основные показатели внешней торговли" by partner country'

# Column positions (0-based) of the value columns; each total is followed by its share column, which is not read.
NAME_COLUMN, TURNOVER_COLUMN, EXPORT_COLUMN, IMPORT_COLUMN = 0, 1, 3, 5
HEADINGS = {TURNOVER_COLUMN: "товарооборот", EXPORT_COLUMN: "экспорт", IMPORT_COLUMN: "импорт"}
COLUMN_LABELS = {NAME_COLUMN: "A (name)", TURNOVER_COLUMN: "B (Товарооборот)", EXPORT_COLUMN: "D (Экспорт)",
                 IMPORT_COLUMN: "F (Импорт)"}
MISSING_MARKS = {"", "-", "–", "—"}
TURNOVER_TOLERANCE = 0.5  # thousand USD: the files' own rounding stays below 0.11

# Partner basis and valuation. The 2023 file's sheet 'Метод.пояснения' is the only methodology among the files. It says
# where the data come from -- "Статистическая информация по взаимной торговле со странами Евразийского экономического
# союза сформирована на основе статистических отчетов ... (индекс -1-ТС ...)" and "Данные по экспорту и импорту
# Республики Казахстан с остальными странами-партнерами сформированы на основе данных Комитета государственных доходов
# Министерства финансов Республики Казахстан" -- and then only defines terms: "Страна происхождения товара – страна,
# в которой товар был полностью произведен или подвергнут достаточной переработке", "Страна назначения товара –
# последняя страна, в которую будут доставлены товары ...", "Торгующая страна – ..." and "Страна отправления – страна,
# из которой осуществляется отгрузка (отправка) товара". It never says which of these countries the import column is
# by, so imports are `unknown` rather than a guessed `origin` or `consignment`. Exports are by `destination` (the
# only export-side country it defines).
EXPORT_BASIS, IMPORT_BASIS = "destination", "unknown"
# The sheet mentions no valuation at all (no CIF/СИФ, FOB/ФОБ): imports are therefore `unknown`. Exports are recorded
# FOB by the international convention (IMTS 2010) that the IMF's DOTS tables for Kazakhstan also use -- an assumption,
# not a statement of the file.
EXPORT_VALUATION, IMPORT_VALUATION = "FOB", "unknown"

COVER_SHEET = "Обложка"
COVER_DATE = re.compile(r"Дата опубликования:\s*(\d{1,2})\.(\d{1,2})\.(\d{4})")
TITLE_YEAR = re.compile(r"\b((?:19|20)\d{2})\s+год")
SHEET_YEAR = re.compile(r"^(?:12_)?((?:19|20)\d{2})$")


@dataclass(frozen=True)
class SheetRow:
    """One named row of a year sheet, values in thousand USD (None = empty cell or '-')."""
    row: int  # 1-based, as a spreadsheet shows it
    name: str
    turnover: float | None
    export: float | None
    imports: float | None


@dataclass(frozen=True)
class SheetTable:
    """A parsed year sheet: the year its title states and its named rows (countries and subtotals)."""
    year: int
    rows: list[SheetRow]


@dataclass(frozen=True)
class Vintage:
    """When a file was published and how that date is known."""
    date: dt.date
    how: str


def read_kz_bns(folder: Path) -> pd.DataFrame:
    """All records of the BNS files `kz_bns_main_indicators_by_country_YYYY.xls` in ``folder``, validated."""
    folder = Path(folder)
    files = sorted(p for p in folder.iterdir() if FILE_NAME.match(p.name)) if folder.is_dir() else []
    if not files:
        raise SourceFileError(str(folder), "no kz_bns_main_indicators_by_country_YYYY.xls file found")
    frames = [read_workbook(path) for path in files]
    frame = pd.concat(frames, ignore_index=True)[RECORD_COLUMNS]
    return validate_records(frame, origin=f"{SOURCE} files in {folder}")


def read_workbook(path: Path) -> pd.DataFrame:
    """The records of one file: its own year's sheet (first edition) and the previous year's (second edition)."""
    file = path.name
    year = file_year(path)
    book = open_book(path)
    vintage = read_vintage(book, path)
    frames = []
    editions = ((year, "own-year sheet: first edition"), (year - 1, "previous-year sheet: second edition"))
    for sheet_year, edition in editions:
        sheet = year_sheet(book, file, sheet_year)
        table = parse_sheet(sheet_rows(book.sheet_by_name(sheet)), file, sheet)
        if table.year != sheet_year:
            raise SourceFileError(file, f"title states {table.year}, expected {sheet_year}", sheet=sheet)
        frames.append(sheet_records(table, file, sheet, vintage, f"{edition} of {sheet_year}"))
    return pd.concat(frames, ignore_index=True)


def file_year(path: Path) -> int:
    match = FILE_NAME.match(path.name)
    if match is None:
        raise SourceFileError(path.name, "file name is not kz_bns_main_indicators_by_country_YYYY.xls")
    return int(match.group(1))


def open_book(path: Path):
    """The workbook, or SourceFileError naming the file when it is unreadable or truncated."""
    import xlrd
    from xlrd.compdoc import CompDocError

    try:
        return xlrd.open_workbook(str(path), logfile=io.StringIO())
    except (xlrd.XLRDError, CompDocError, OSError, EOFError, ValueError, IndexError, AssertionError,
            KeyError, struct.error) as exc:
        raise SourceFileError(path.name, f"cannot be read as an .xls workbook ({type(exc).__name__}: {exc})") from None


def year_sheet(book, file: str, year: int) -> str:
    """The name of the sheet for ``year`` ('12_2019' or '2022'); SourceFileError naming the sheet when absent."""
    for name in book.sheet_names():
        match = SHEET_YEAR.match(name.strip())
        if match and int(match.group(1)) == year:
            return name
    # NB name the missing sheet in the style of the other sheets ('12_2018' beside '12_2019', '2021' beside '2022').
    expected = f"12_{year}" if any(n.startswith("12_") for n in book.sheet_names()) else str(year)
    raise SourceFileError(file, f"year sheet for {year} missing (sheets: {', '.join(book.sheet_names())})",
                          sheet=expected)


def sheet_rows(sheet) -> list[list]:
    """An xlrd sheet as lists of plain cell values: text as str, numbers as float, empty as ''."""
    import xlrd

    rows = []
    for r in range(sheet.nrows):
        row = []
        for cell in sheet.row(r):
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                row.append("")
            elif cell.ctype == xlrd.XL_CELL_NUMBER:
                row.append(float(cell.value))
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                row.append(xlrd.error_text_from_code.get(cell.value, "#ERROR"))
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                row.append("TRUE" if cell.value else "FALSE")
            else:
                row.append(str(cell.value))
        rows.append(row)
    return rows


def read_vintage(book, path: Path) -> Vintage:
    """The publication date on the cover sheet where there is one, else the file's own last-saved date."""
    if COVER_SHEET in book.sheet_names():
        return Vintage(cover_date(sheet_rows(book.sheet_by_name(COVER_SHEET)), path.name),
                       f"publication date on cover sheet '{COVER_SHEET}'")
    return Vintage(last_saved_date(path), "file's last-saved date")


def cover_date(rows: list[list], file: str) -> dt.date:
    for cells in rows:
        for value in cells:
            match = COVER_DATE.search(str(value))
            if match:
                day, month, year = (int(g) for g in match.groups())
                return dt.date(year, month, day)
    raise SourceFileError(file, "no 'Дата опубликования: DD.MM.YYYY' on the cover sheet", sheet=COVER_SHEET)


def last_saved_date(path: Path) -> dt.date:
    """The date part of the OLE document property 'last saved' (SummaryInformation)."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            saved = ole.get_metadata().last_saved_time
    except OSError as exc:
        raise SourceFileError(path.name, f"cannot read the document properties ({exc})") from None
    if saved is None:
        raise SourceFileError(path.name, "no cover sheet and no last-saved date in the document properties")
    return saved.date()


def find_header(rows: list[list], file: str, sheet: str) -> int:
    """0-based index of the heading row ('Товарооборот', 'Экспорт', 'Импорт'); data start two rows below it."""
    for index, cells in enumerate(rows):
        if _text(cells, TURNOVER_COLUMN).casefold() != HEADINGS[TURNOVER_COLUMN]:
            continue
        for column, heading in HEADINGS.items():
            if _text(cells, column).casefold() != heading:
                raise SourceFileError(file, f"heading {_text(cells, column)!r}, expected {heading!r}", sheet=sheet,
                                      row=index + 1, column=COLUMN_LABELS[column])
        if not _text(rows[index + 1] if index + 1 < len(rows) else [], TURNOVER_COLUMN).casefold().startswith("всего"):
            raise SourceFileError(file, "no 'Всего' sub-heading below the heading row", sheet=sheet, row=index + 2,
                                  column=COLUMN_LABELS[TURNOVER_COLUMN])
        return index
    raise SourceFileError(file, "no header row with 'Товарооборот' in column B", sheet=sheet)


def title_year(rows: list[list], header: int, file: str, sheet: str) -> int:
    """The year in the title above the header ('за январь-декабрь 2019 года', 'за 2022 год'), checked against the
    sheet's name."""
    years = {int(m.group(1)) for cells in rows[:header] for value in cells for m in TITLE_YEAR.finditer(str(value))}
    if len(years) != 1:
        raise SourceFileError(file, f"title rows state {len(years)} years {sorted(years)}, expected one", sheet=sheet)
    year = years.pop()
    named = SHEET_YEAR.match(sheet.strip())
    if named is None or int(named.group(1)) != year:
        raise SourceFileError(file, f"title states {year}, which the sheet name does not", sheet=sheet)
    return year


def cell_number(value, file: str, sheet: str, row: int, column: int) -> float | None:
    """A value cell in thousand USD: None when empty or '-', a float when numeric, SourceFileError otherwise."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if str(value).strip() in MISSING_MARKS:
        return None
    raise SourceFileError(file, f"value {str(value)[:40]!r} is not a number", sheet=sheet, row=row,
                          column=COLUMN_LABELS[column])


def check_turnover(row: SheetRow, file: str, sheet: str) -> None:
    """Turnover must equal exports + imports (an empty cell counting 0) within TURNOVER_TOLERANCE; else the columns
    have shifted."""
    parts = (row.export or 0.0) + (row.imports or 0.0)
    if abs((row.turnover or 0.0) - parts) > TURNOVER_TOLERANCE:
        raise SourceFileError(file, f"turnover {row.turnover} != exports {row.export} + imports {row.imports} "
                              f"(thousand USD, {row.name!r})", sheet=sheet, row=row.row,
                              column=COLUMN_LABELS[TURNOVER_COLUMN])


def parse_sheet(rows: list[list], file: str, sheet: str) -> SheetTable:
    """A year sheet given as rows of cell values (no file needed): its title year and every named row, checked."""
    header = find_header(rows, file, sheet)
    year = title_year(rows, header, file, sheet)
    table = []
    for index in range(header + 2, len(rows)):
        cells, row = rows[index], index + 1
        name = _text(cells, NAME_COLUMN)
        values = {c: cell_number(_cell(cells, c), file, sheet, row, c)
                  for c in (TURNOVER_COLUMN, EXPORT_COLUMN, IMPORT_COLUMN)}
        if not name:
            if any(v is not None for v in values.values()):
                raise SourceFileError(file, "values without a name", sheet=sheet, row=row,
                                      column=COLUMN_LABELS[NAME_COLUMN])
            continue
        parsed = SheetRow(row, name, values[TURNOVER_COLUMN], values[EXPORT_COLUMN], values[IMPORT_COLUMN])
        check_turnover(parsed, file, sheet)
        table.append(parsed)
    return SheetTable(year, table)


def map_names(table: SheetTable, file: str, sheet: str) -> pd.DataFrame:
    """Each row's iso3 and kind from data/reference/country_names/kz_bns.csv; SourceFileError on an unknown name."""
    names = pd.Series([r.name for r in table.rows], dtype=str)
    try:
        return classify(SOURCE, names, origin=f"{file}, sheet {sheet!r}")
    except UnmappedName as exc:
        known = name_table(SOURCE).index
        first = next(r for r in table.rows if normalise(r.name) not in known)
        raise SourceFileError(file, f"country name {first.name!r} is not in country_names/{SOURCE}.csv ({exc})",
                              sheet=sheet, row=first.row, column=COLUMN_LABELS[NAME_COLUMN]) from None


def sheet_records(table: SheetTable, file: str, sheet: str, vintage: Vintage, edition: str) -> pd.DataFrame:
    """Two records (export, import) for each country row of a sheet; subtotals and unspecified rows are dropped."""
    mapped = map_names(table, file, sheet)
    records = []
    seen: dict[str, SheetRow] = {}
    for row, iso3, kind in zip(table.rows, mapped["iso3"], mapped["kind"]):
        if kind != "country":
            continue
        if iso3 in seen:
            raise SourceFileError(file, f"{iso3} appears twice ({seen[iso3].name!r} in row {seen[iso3].row})",
                                  sheet=sheet, row=row.row, column=COLUMN_LABELS[NAME_COLUMN])
        seen[iso3] = row
        note = (f"{TITLE}, file {file}, sheet {sheet!r} row {row.row} {row.name!r} ({edition}); "
                f"vintage = {vintage.how}; thousand USD x 1000; copy {COPY_URL}")
        for flow, basis, valuation, value in (("export", EXPORT_BASIS, EXPORT_VALUATION, row.export),
                                              ("import", IMPORT_BASIS, IMPORT_VALUATION, row.imports)):
            records.append({
                "source": SOURCE, "reporter": REPORTER, "partner": iso3, "flow": flow, "partner_basis": basis,
                "valuation": valuation, "freq": "A", "period_start": f"{table.year}-01-01",
                "period_end": f"{table.year}-12-31", "hs_code": "TOTAL",
                "value_usd": float("nan") if value is None else usd_from_thousands(value),
                "vintage": vintage.date.isoformat(), "source_url": SOURCE_URL, "confidence": "A", "estimated": False,
                "note": note,
            })
    return pd.DataFrame(records, columns=RECORD_COLUMNS)


def _cell(cells: list, column: int):
    return cells[column] if column < len(cells) else ""


def _text(cells: list, column: int) -> str:
    value = _cell(cells, column)
    return " ".join(value.split()) if isinstance(value, str) else ""
