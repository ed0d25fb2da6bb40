"""Shared pieces of the national-file parsers: the error that names file, sheet, row and column, and unit conversion."""
from __future__ import annotations

from loaders.schema import RecordError


class SourceFileError(RecordError):
    """A national statistics file that cannot be read as expected; the message names file, sheet, row and column."""

    def __init__(self, file: str, message: str, sheet: str | None = None, row: int | None = None,
                 column: str | None = None) -> None:
        where = [file]
        if sheet is not None:
            where.append(f"sheet {sheet!r}")
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {message}")


def usd(value: float) -> float:
    """A value in USD, trimming binary artefacts of a unit conversion (176.04787 * 1000 -> 176047.87000000002)."""
    return round(float(value), 4)


def usd_from_thousands(value: float) -> float:
    """Thousand USD -> USD."""
    return usd(float(value) * 1000)
