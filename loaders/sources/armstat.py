"""Armstat's external-trade database (https://armstat.am/am/?nid=717): Armenia's monthly trade with every partner.

Read from the copies republished in github.com/tavad/tvyal_newsletter, one CSV a copy (`arm_trade_country_copy_
YYYY-MM-DD.csv`, thousand USD, columns country, year, month, export, import_origin, import_consignment); the date of
the copy is the vintage.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from loaders.countries import UnmappedName, classify, name_table, normalise
from loaders.schema import RECORD_COLUMNS, validate_records
from loaders.sources.files import SourceFileError, usd_from_thousands

SOURCE_URL = "https://armstat.am/am/?nid=717"
COPY_NAME = re.compile(r"^arm_trade_country_copy_(\d{4}-\d{2}-\d{2})\.csv$")
# Where each copy was published (the repository's commit and path), by the date of the copy.
COPY_URLS = {
    "2024-02-13": "https://github.com/tavad/tvyal_newsletter/blob/867c0dd39a10/2024/2024_02_16_exports_1/arm_trade_country.csv",
    "2024-05-13": "https://github.com/tavad/tvyal_newsletter/blob/999303874f5c/2024/2024_05_11_reexports_gold/arm_trade_country.csv",
    "2024-08-17": "https://github.com/tavad/tvyal_newsletter/blob/9bfc0d9b332d/2024/2024_09_02_exports_semiannual/arm_trade_country.csv",
    "2024-11-03": "https://github.com/tavad/tvyal_newsletter/blob/bfad4e7dc6be/future_ideas/2024_11_04_exports/arm_trade_country.csv",
    "2025-02-25": "https://github.com/tavad/tvyal_newsletter/blob/d1b2914a9ed7/2025/2025_02_25_exports_annual/arm_trade_country.csv",
}
# column -> (flow, partner basis, valuation, words for the note)
SERIES = {
    "export": ("export", "destination", "FOB", "exports by country of destination"),
    "import_origin": ("import", "origin", "CIF", "imports by country of origin"),
    "import_consignment": ("import", "consignment", "CIF", "imports by country of consignment"),
}
KEY_COLUMNS = ["country", "year", "month"]


def read_armstat(folder: Path) -> pd.DataFrame:
    """Every copy in the folder -> validated records (three a partner and month), partners as ISO3."""
    copies = sorted(p for p in Path(folder).iterdir() if COPY_NAME.match(p.name))
    if not copies:
        raise SourceFileError(str(folder), "no arm_trade_country_copy_YYYY-MM-DD.csv file")
    records = pd.concat([read_copy(path) for path in copies], ignore_index=True)
    return validate_records(records, origin=f"{Path(folder).name}/")


def read_copy(path: Path) -> pd.DataFrame:
    """One copy -> records (not yet validated); a malformed cell raises SourceFileError naming its row and column."""
    vintage = COPY_NAME.match(path.name)[1]
    if vintage not in COPY_URLS:
        raise SourceFileError(path.name, f"copy date {vintage} has no known published copy (add it to COPY_URLS)")
    table = read_table(path)
    try:
        partners = classify("armstat", table["country"], path.name)
    except UnmappedName as exc:
        known = set(name_table("armstat")["name"].map(normalise))
        row = int((~table["country"].map(normalise).isin(known)).to_numpy().argmax())
        raise SourceFileError(path.name, str(exc).split(": ", 1)[1], row=row + 2, column="country") from None
    table = table.assign(partner=partners["iso3"])[partners["kind"] == "country"]
    parts = [series_records(table, column, vintage) for column in SERIES]
    return pd.concat(parts, ignore_index=True)[RECORD_COLUMNS]


def read_table(path: Path) -> pd.DataFrame:
    """The copy's cells, numbers checked; the byte-order mark of some copies is dropped (utf-8-sig)."""
    try:
        table = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise SourceFileError(path.name, f"cannot be read as UTF-8 CSV ({exc})") from None
    missing = [c for c in [*KEY_COLUMNS, *SERIES] if c not in table.columns]
    if missing:
        raise SourceFileError(path.name, f"missing columns {missing}", row=1)
    table["country"] = table["country"].str.strip()
    for column in ("year", "month"):
        table[column] = number_column(table, column, path.name, required=True).astype("int64")
    for column in SERIES:
        table[column] = number_column(table, column, path.name).astype("float64")
    bad_month = ~table["month"].between(1, 12)
    if bad_month.any():
        row = int(bad_month.to_numpy().argmax())
        raise SourceFileError(path.name, f"month {table['month'].iloc[row]} is not 1-12", row=row + 2, column="month")
    duplicated = table.duplicated(KEY_COLUMNS)
    if duplicated.any():
        row = int(duplicated.to_numpy().argmax())
        raise SourceFileError(path.name, "the same country and month appear twice", row=row + 2)
    return table


def number_column(table: pd.DataFrame, column: str, name: str, required: bool = False) -> pd.Series:
    """A column of numbers; the first cell that is not one raises SourceFileError (an empty cell is missing, or an
    error where ``required``)."""
    values = pd.to_numeric(table[column].str.strip().replace("", None), errors="coerce")
    bad = values.isna() & (table[column].str.strip().ne("") | required)
    negative = values < 0
    if bad.any() or negative.any():
        row = int((bad | negative).to_numpy().argmax())
        raise SourceFileError(name, f"not a number >= 0: {table[column].iloc[row][:30]!r}", row=row + 2, column=column)
    return values


def series_records(table: pd.DataFrame, column: str, vintage: str) -> pd.DataFrame:
    """One column of the copy (exports, imports by origin or by consignment) as records."""
    flow, basis, valuation, words = SERIES[column]
    starts = pd.to_datetime({"year": table["year"], "month": table["month"], "day": 1})
    ends = starts + pd.offsets.MonthEnd(0)
    return pd.DataFrame({
        "source": "armstat", "reporter": "ARM", "partner": table["partner"], "flow": flow, "partner_basis": basis,
        "valuation": valuation, "freq": "M", "period_start": starts.dt.strftime("%Y-%m-%d"),
        "period_end": ends.dt.strftime("%Y-%m-%d"), "hs_code": "TOTAL",
        "value_usd": table[column].map(usd_from_thousands, na_action="ignore"),
        "vintage": vintage, "source_url": SOURCE_URL, "confidence": "A", "estimated": False,
        "note": f"Armstat external trade database, {words}; thousand USD x 1000; copy {COPY_URLS[vintage]}",
    })


