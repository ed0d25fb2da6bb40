"""IMF Direction of Trade Statistics, every reporter's country table (DOTS_N.xlsx, US$ millions) -> records.

Each workbook has the sheets 'Exports, FOB' and 'Imports, CIF': row 4 names the reporter, row 5 the unit, row 7 the
years, partners from row 8 down. A value written '1.00 e' is an IMF estimate (flag e). Aggregates and residuals
('World', 'Euro Area', '... not specified') are dropped: they are never pairs.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from loaders.countries import classify
from loaders.sources.files import SourceFileError

SOURCE = "imf_dots"
SOURCE_URL = "https://data.imf.org/"
VINTAGE = "2022-02-02"  # NB the date of the copy (reference/README.md); the same edition as imf_dots.csv's 2022 rows
COPY = "https://github.com/SamLeBlanc/Direction-of-Trade-Map/tree/a769819d/data/DOTS"
SHEETS = {"Exports, FOB": ("export", "destination", "FOB"), "Imports, CIF": ("import", "origin", "CIF")}
UNIT = "US Dollars, Millions"
REPORTER_ROW, UNIT_ROW, YEAR_ROW, FIRST_DATA_ROW = 3, 4, 6, 7  # 0-based
NAME_COLUMN, FIRST_YEAR_COLUMN = 1, 2
ESTIMATE_SUFFIX = " e"


def parse_value(cell, where: tuple) -> tuple[float | None, bool]:
    """A cell -> (US$ millions or None when empty, whether the IMF flags it as its estimate)."""
    if cell is None or cell == "":
        return None, False
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell), False
    text = str(cell).strip()
    if text.endswith(ESTIMATE_SUFFIX):
        try:
            return float(text[: -len(ESTIMATE_SUFFIX)].replace(",", "")), True
        except ValueError:
            pass
    file, sheet, row, column = where
    raise SourceFileError(file, f"not a number or an estimate like '1.00 e' ({text[:30]!r})", sheet=sheet, row=row,
                          column=column)


def read_table(path: Path) -> pd.DataFrame:
    """One reporter's workbook -> reporter_name, partner_name, flow, partner_basis, valuation, year, millions,
    estimated, sheet."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    rows = []
    for sheet, (flow, basis, valuation) in SHEETS.items():
        if sheet not in book.sheet_names:
            raise SourceFileError(path.name, f"no sheet {sheet!r}")
        cells = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        if len(cells) <= YEAR_ROW or cells[UNIT_ROW][NAME_COLUMN] != UNIT:
            raise SourceFileError(path.name, f"row {UNIT_ROW + 1} does not say {UNIT!r}", sheet=sheet)
        reporter = str(cells[REPORTER_ROW][NAME_COLUMN]).strip()
        years = [_year(c, path.name, sheet, i) for i, c in enumerate(cells[YEAR_ROW][FIRST_YEAR_COLUMN:])]
        for r, line in enumerate(cells[FIRST_DATA_ROW:], start=FIRST_DATA_ROW + 1):
            partner = str(line[NAME_COLUMN]).strip()
            for year, cell in zip(years, line[FIRST_YEAR_COLUMN:]):
                value, estimated = parse_value(cell, (path.name, sheet, r, str(year)))
                if value is not None:
                    rows.append((reporter, partner, flow, basis, valuation, year, value, estimated, sheet))
    columns = ["reporter_name", "partner_name", "flow", "partner_basis", "valuation", "year", "millions",
               "estimated", "sheet"]
    return pd.DataFrame(rows, columns=columns).assign(file=path.name)


def _year(cell, file: str, sheet: str, index: int) -> int:
    try:
        year = int(str(cell).strip())
    except ValueError:
        year = 0
    if not 1900 <= year <= 2100:
        raise SourceFileError(file, f"not a year ({str(cell)[:12]!r})", sheet=sheet, row=YEAR_ROW + 1,
                              column=str(index + FIRST_YEAR_COLUMN + 1))
    return year


def read_imf_dots_world(folder: Path) -> pd.DataFrame:
    """Every workbook of the folder as records (the record schema's columns), country pairs only."""
    files = sorted(Path(folder).glob("DOTS_*.xlsx"), key=lambda p: int(p.stem.split("_")[1]))
    if not files:
        raise SourceFileError(Path(folder).name, "no DOTS_*.xlsx workbooks")
    raw = pd.concat([read_table(f) for f in files], ignore_index=True)
    return to_records(raw)


def to_records(raw: pd.DataFrame) -> pd.DataFrame:
    """read_table rows of several workbooks -> records; names mapped through country_names/imf_dots.csv."""
    reporters = classify(SOURCE, raw["reporter_name"], "imf_dots_world")
    partners = classify(SOURCE, raw["partner_name"], "imf_dots_world")
    keep = (reporters["kind"] == "country") & (partners["kind"] == "country")
    raw = raw.assign(reporter=reporters["iso3"], partner=partners["iso3"])[keep]
    # NB the same reporter's table is published under two file numbers (DOTS_143 and DOTS_144, Nicaragua): identical
    # rows count once; two different values for one figure stop the build.
    key = ["reporter", "partner", "flow", "year"]
    raw = raw.drop_duplicates(subset=[*key, "millions", "estimated"], keep="first")
    clash = raw[raw.duplicated(subset=key, keep=False)]
    if not clash.empty:
        first = clash.iloc[0]
        raise SourceFileError(first["file"], f"two different values for {first['reporter']}->{first['partner']} "
                                             f"{first['flow']} {first['year']}")
    flag = raw["estimated"].map({True: "; IMF estimate (flag e)", False: ""})
    return pd.DataFrame({
        "source": SOURCE, "reporter": raw["reporter"], "partner": raw["partner"], "flow": raw["flow"],
        "partner_basis": raw["partner_basis"], "valuation": raw["valuation"], "freq": "A",
        "period_start": raw["year"].astype(str) + "-01-01", "period_end": raw["year"].astype(str) + "-12-31",
        "hs_code": "TOTAL", "value_usd": (raw["millions"] * 1e6).round(4), "vintage": VINTAGE,
        "source_url": SOURCE_URL, "confidence": "A", "estimated": raw["estimated"].astype(bool),
        "note": "IMF Direction of Trade Statistics, " + raw["file"] + " sheet '" + raw["sheet"]
                + "', US$ millions x 1e6" + flag + "; copy " + COPY,
    }).reset_index(drop=True)
