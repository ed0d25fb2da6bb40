"""UN Comtrade keyed bulk files (one per reporter and period, gzipped tab-separated text) -> records, checked line by line."""
from __future__ import annotations

import csv
import gzip
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from loaders.live import BadResponse
from loaders.sources.comtrade_codes import iso3_of
from loaders.sources.comtrade_records import REQUIRED, normalize_records

# NB comtradeapicall's bulkDownloadFinalFile names each file "COMTRADE-FINAL-" + typeCode + freqCode + reporterCode
# zero-padded to 3 + period + classificationCode + "[" + publicationDate[:10] + "].gz" (".txt" once decompressed)
FILE_NAME = re.compile(r"^COMTRADE-FINAL-(?P<type>[CS])(?P<freq>[AM])(?P<reporter>\d{3,4})(?P<period>\d{6}|\d{4})"
                       r"(?P<classification>[A-Z][A-Z0-9]{1,4})\[(?P<published>\d{4}-\d{2}-\d{2})\]\.(?P<ext>gz|txt)$")
BULK_URL = "https://comtradeapi.un.org/bulk/v1/get/{type}/{freq}/HS?reporterCode={reporter}&period={period}"
INTS = ("refYear", "refMonth", "reporterCode", "partnerCode", "partner2Code", "motCode", "aggrLevel",
        "legacyEstimationFlag")
FLOATS = ("cifvalue", "fobvalue", "primaryValue")
BOOLS = ("isAggregate", "isReported", "isQtyEstimated", "isAltQtyEstimated", "isNetWgtEstimated",
         "isGrossWgtEstimated")
BULK_REQUIRED = (*REQUIRED, "typeCode", "period", "aggrLevel")
# NB each row keeps its own level (TOTAL = aggrLevel 0, then 2/4/6 digits): an aggregate is never added to its detail
# NB only the fields the checks and the normaliser read are kept: a row of all 47 costs about 5 KB in memory
KEPT = (*BULK_REQUIRED, *BOOLS, "legacyEstimationFlag", "mosCode")
LEVELS = {0: re.compile("TOTAL"), 2: re.compile(r"\d{2}"), 4: re.compile(r"\d{4}"), 6: re.compile(r"\d{6}")}


class BulkFileError(ValueError):
    """A bulk file that cannot be ingested; the message names the file and, where known, the line."""


@dataclass(frozen=True)
class BulkFile:
    """What a bulk file's name says it holds."""
    path: Path
    type_code: str
    freq: str
    reporter_code: int
    period: str
    classification: str
    published: date

    @property
    def year(self) -> int:
        return int(self.period[:4])

    @property
    def source_url(self) -> str:
        return BULK_URL.format(type=self.type_code, freq=self.freq, reporter=self.reporter_code, period=self.period)


def parse_file_name(path: Path) -> BulkFile | None:
    """The reporter, period and edition a bulk file's name gives; None for a name that is not a bulk file's."""
    match = FILE_NAME.match(path.name)
    if not match:
        return None
    try:
        published = date.fromisoformat(match["published"])
    except ValueError:
        return None
    return BulkFile(path, match["type"], match["freq"], int(match["reporter"]), match["period"],
                    match["classification"], published)


def read_bulk_file(bulk: BulkFile) -> tuple[pd.DataFrame, list[str]]:
    """Records of one bulk file (with their ISO3 reporter) and its warnings; BulkFileError names file and line."""
    name = bulk.path.name
    reporter = iso3_of(bulk.reporter_code)
    if bulk.type_code != "C":
        raise BulkFileError(f"{name}: services (typeCode S) are not goods trade records")
    if reporter is None:
        raise BulkFileError(f"{name}: reporter code {bulk.reporter_code} is not a country in Comtrade's reference table")
    items, lines = [], []
    for line, item in _typed_rows(bulk):
        _check_row(item, bulk, line)
        items.append(item)
        lines.append(line)
    try:
        frame, warnings = normalize_records(items, source_url=bulk.source_url, retrieved=bulk.published)
    except BadResponse as exc:
        raise BulkFileError(f"{name}: {_first_bad_line(items, lines, bulk)}{exc}") from None
    return frame, warnings


def _typed_rows(bulk: BulkFile) -> Iterator[tuple[int, dict]]:
    """(line number, row with the JSON record's types) for each data line; the header is line 1."""
    name, line = bulk.path.name, 1  # NB the line being read, so a cut-off stream is reported where it broke
    opener = gzip.open if bulk.path.suffix == ".gz" else open
    try:
        with opener(bulk.path, "rt", encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter="\t")
            header = next(reader, None)
            if header is None:
                raise BulkFileError(f"{name}: line 1: empty file, no header")
            missing = [f for f in BULK_REQUIRED if f not in header]
            if missing:
                raise BulkFileError(f"{name}: line 1: header lacks column(s) {', '.join(missing)}")
            kept = [(field, header.index(field)) for field in dict.fromkeys(KEPT) if field in header]
            line = 2
            for cells in reader:
                if len(cells) != len(header):
                    raise BulkFileError(f"{name}: line {line}: {len(cells)} cells for {len(header)} columns")
                yield line, _typed({field: cells[i] for field, i in kept}, name, line)
                line += 1
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise BulkFileError(f"{name}: line {line}: the gzip stream is cut off or damaged ({exc})") from None
    except UnicodeDecodeError:
        raise BulkFileError(f"{name}: line {line}: not UTF-8 text") from None


def _typed(row: dict, name: str, line: int) -> dict:
    # NB text cells: an empty cell is the JSON null, booleans are written True/False (either case)
    for field in INTS:
        if field in row:
            row[field] = _parse(row[field], int, field, name, line)
    for field in FLOATS:
        if field in row:
            row[field] = _parse(row[field], float, field, name, line)
    for field in BOOLS:
        if field in row:
            row[field] = _parse(row[field], _bool, field, name, line)
    return row


def _parse(text: str, kind, field: str, name: str, line: int):
    if text == "":
        return None
    try:
        return kind(text)
    except ValueError:
        raise BulkFileError(f"{name}: line {line}, column {field}: {text[:30]!r} is not "
                            f"{ {int: 'a whole number', float: 'a number'}.get(kind, 'true/false') }") from None


def _bool(text: str) -> bool:
    lowered = text.lower()
    if lowered not in ("true", "false"):
        raise ValueError(text)
    return lowered == "true"


def _check_row(item: dict, bulk: BulkFile, line: int) -> None:
    """The row is for the file's reporter and period, and its commodity code is at the level it claims."""
    name = bulk.path.name
    period = item["period"]
    expected = (("reporterCode", item["reporterCode"], bulk.reporter_code), ("freqCode", item["freqCode"], bulk.freq),
                ("period", period, bulk.period), ("refYear", item["refYear"], bulk.year))
    for field, value, wanted in expected:
        if value != wanted:
            raise BulkFileError(f"{name}: line {line}, column {field}: {str(value)[:20]} but the file name says "
                                f"{wanted}")
    level, code = item["aggrLevel"], item["cmdCode"]
    if level not in LEVELS or not LEVELS[level].fullmatch(code):
        raise BulkFileError(f"{name}: line {line}, column cmdCode: {code[:12]!r} is not an HS code at aggrLevel {level}")


def _first_bad_line(items: list[dict], lines: list[int], bulk: BulkFile) -> str:
    """'line N: ' for the first row the normaliser refuses on its own; '' when only rows together fail (a clash).

    NB by halving, so a million-row file costs about two more passes of the normaliser, not one call per row.
    """
    def refused(part: slice) -> bool:
        try:
            normalize_records(items[part], source_url=bulk.source_url, retrieved=bulk.published)
        except BadResponse:
            return True
        return False

    low, high = 0, len(items)
    while high - low > 1:
        middle = (low + high) // 2
        if refused(slice(low, middle)):
            high = middle
        elif refused(slice(middle, high)):
            low = middle
        else:
            return ""
    return f"line {lines[low]}: " if high > low and refused(slice(low, high)) else ""
