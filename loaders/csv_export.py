"""CSV bytes for downloads and CLI exports, with spreadsheet-formula injection neutralised in text cells."""
from __future__ import annotations

import csv

import pandas as pd

# A spreadsheet treats a cell starting with one of these as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_text(value: object) -> object:
    """Prefix a quote to a text value a spreadsheet would run as a formula; other values are returned as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text column neutralised; numeric, boolean and date columns are untouched."""
    text_columns = [c for c in frame.columns
                    if pd.api.types.is_string_dtype(frame[c]) or pd.api.types.is_object_dtype(frame[c])]
    return frame.assign(**{c: frame[c].map(neutralise_text, na_action="ignore") for c in text_columns})


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """RFC 4180 CSV (UTF-8, quoted where needed, ISO dates) of exactly the frame's rows and columns."""
    return safe_frame(frame).to_csv(index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n",
                                    date_format="%Y-%m-%d").encode("utf-8")
