"""Builds UN Comtrade bulk files for tests: the 47 record fields in wire order, tab-separated, gzipped reproducibly."""
from __future__ import annotations

import gzip
from pathlib import Path

FIELDS = [
    "typeCode", "freqCode", "refPeriodId", "refYear", "refMonth", "period", "reporterCode", "reporterISO",
    "reporterDesc", "flowCode", "flowDesc", "partnerCode", "partnerISO", "partnerDesc", "partner2Code", "partner2ISO",
    "partner2Desc", "classificationCode", "classificationSearchCode", "isOriginalClassification", "cmdCode", "cmdDesc",
    "aggrLevel", "isLeaf", "customsCode", "customsDesc", "mosCode", "motCode", "motDesc", "qtyUnitCode",
    "qtyUnitAbbr", "qty", "isQtyEstimated", "altQtyUnitCode", "altQtyUnitAbbr", "altQty", "isAltQtyEstimated",
    "netWgt", "isNetWgtEstimated", "grossWgt", "isGrossWgtEstimated", "cifvalue", "fobvalue", "primaryValue",
    "legacyEstimationFlag", "isReported", "isAggregate",
]
COUNTRIES = {51: ("ARM", "Armenia"), 398: ("KAZ", "Kazakhstan"), 417: ("KGZ", "Kyrgyzstan"), 0: ("W00", "World")}


def bulk_row(reporter: int, partner: int, year: int, flow: str, cmd: str, *, cif: float | None = None,
             fob: float | None = None, mot: int = 0, leaf: bool = False) -> dict:
    """One annual keyed row (qty and weights empty, isReported True, isAggregate False, as the keyed capture)."""
    primary = cif if cif is not None else fob
    level = 0 if cmd == "TOTAL" else len(cmd)
    return {
        "typeCode": "C", "freqCode": "A", "refPeriodId": f"{year}0101", "refYear": year, "refMonth": 52,
        "period": str(year), "reporterCode": reporter, "reporterISO": COUNTRIES[reporter][0],
        "reporterDesc": COUNTRIES[reporter][1], "flowCode": flow, "flowDesc": {"X": "Export", "M": "Import"}[flow],
        "partnerCode": partner, "partnerISO": COUNTRIES[partner][0], "partnerDesc": COUNTRIES[partner][1],
        "partner2Code": 0, "partner2ISO": "W00", "partner2Desc": "World", "classificationCode": "H6",
        "classificationSearchCode": "HS", "isOriginalClassification": True, "cmdCode": cmd,
        "cmdDesc": "All Commodities" if cmd == "TOTAL" else f"Commodity {cmd}", "aggrLevel": level, "isLeaf": leaf,
        "customsCode": "C00", "customsDesc": "TOTAL CPC", "mosCode": "0", "motCode": mot,
        "motDesc": "TOTAL MOT" if mot == 0 else "Rail", "qtyUnitCode": -1, "qtyUnitAbbr": "N/A", "qty": None,
        "isQtyEstimated": False, "altQtyUnitCode": -1, "altQtyUnitAbbr": "N/A", "altQty": None,
        "isAltQtyEstimated": False, "netWgt": None, "isNetWgtEstimated": False, "grossWgt": None,
        "isGrossWgtEstimated": False, "cifvalue": cif, "fobvalue": fob, "primaryValue": primary,
        "legacyEstimationFlag": 0, "isReported": True, "isAggregate": False,
    }


def bulk_text(rows: list[dict]) -> str:
    """Header line of the field names, then one tab-separated line per row (None empty, booleans True/False)."""
    def cell(value: object) -> str:
        return "" if value is None else str(value)
    lines = ["\t".join(FIELDS), *("\t".join(cell(row[f]) for f in FIELDS) for row in rows)]
    return "\n".join(lines) + "\n"


def write_bulk_file(path: Path, text: str) -> Path:
    """Gzip ``text`` to ``path`` with no timestamp or name inside, so a rebuild gives the same bytes."""
    path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    return path


def bulk_name(reporter: int, period: str, published: str) -> str:
    """The file name comtradeapicall's bulkDownloadFinalFile gives: COMTRADE-FINAL-CA0512023H6[2024-05-01].gz."""
    return f"COMTRADE-FINAL-C{'A' if len(period) == 4 else 'M'}{reporter:03d}{period}H6[{published}].gz"
