"""The one record schema every source is normalised into, validated at the loader boundary with pandera."""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pycountry

RECORD_COLUMNS = [
    "source", "reporter", "partner", "flow", "partner_basis", "valuation", "freq",
    "period_start", "period_end", "hs_code", "value_usd", "vintage", "source_url",
    "confidence", "note",
]
FLOWS = ["export", "import", "re-export", "re-import", "turnover"]
PARTNER_BASES = ["destination", "origin", "consignment", "unknown"]
VALUATIONS = ["FOB", "CIF", "unknown"]
FREQS = ["A", "M", "P"]
CONFIDENCES = ["A", "B", "C"]
ISO3_CODES = frozenset(c.alpha_3 for c in pycountry.countries)


class RecordError(ValueError):
    """A record that breaks the schema; the message names file, row and column."""


class TradeRecord(pa.DataFrameModel):
    source: str = pa.Field(str_matches=r"^[a-z][a-z0-9_]{1,31}$")
    reporter: str
    partner: str
    flow: str = pa.Field(isin=FLOWS)
    partner_basis: str = pa.Field(isin=PARTNER_BASES)
    valuation: str = pa.Field(isin=VALUATIONS)
    freq: str = pa.Field(isin=FREQS)
    period_start: pa.typing.Series[pa.DateTime]
    period_end: pa.typing.Series[pa.DateTime]
    hs_code: str = pa.Field(str_matches=r"^(TOTAL|\d{2}|\d{4}|\d{6}|\d{8})$")
    value_usd: float = pa.Field(ge=0, nullable=True)
    vintage: pa.typing.Series[pa.DateTime]
    source_url: str = pa.Field(str_matches=r"^https?://\S+$")
    confidence: str = pa.Field(isin=CONFIDENCES)
    note: str = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True
        ordered = True

    @pa.check("reporter", "partner", name="ISO 3166 alpha-3 code")
    def iso3(cls, codes: pd.Series) -> pd.Series:
        return codes.isin(ISO3_CODES)

    @pa.dataframe_check(error="period_end before period_start")
    def period_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return df["period_end"] >= df["period_start"]

    @pa.dataframe_check(error="reporter equals partner")
    def distinct_countries(cls, df: pd.DataFrame) -> pd.Series:
        return df["reporter"] != df["partner"]


def empty_records() -> pd.DataFrame:
    """A zero-row frame with the record schema's columns and dtypes."""
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in RECORD_COLUMNS})
    return validate_records(frame, origin="<empty>")


def validate_records(frame: pd.DataFrame, origin: str, row_offset: int = 2) -> pd.DataFrame:
    """Coerce and validate records; raise RecordError naming origin, row and column of the first failures.

    ``row_offset`` converts a 0-based frame position to the line number a person sees (header + 1-based).
    """
    missing = [c for c in RECORD_COLUMNS if c not in frame.columns]
    extra = [c for c in frame.columns if c not in RECORD_COLUMNS]
    if missing or extra:
        raise RecordError(f"{origin}: columns do not match the record schema (missing {missing}, unexpected {extra})")
    frame = frame.reset_index(drop=True)
    try:
        valid = TradeRecord.validate(frame[RECORD_COLUMNS], lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise RecordError(_describe_failures(exc.failure_cases, origin, row_offset)) from None
    return valid


def _describe_failures(cases: pd.DataFrame, origin: str, row_offset: int) -> str:
    # NB pandera repeats a frame-level failure once per column; report it once, as the row's failure.
    frame_level = cases["schema_context"] == "DataFrameSchema"
    cases = cases.assign(column=cases["column"].where(~frame_level, "(row)"))
    cases = cases.dropna(subset=["index"]).drop_duplicates(subset=["index", "column", "check"])
    cases = cases.sort_values(["index", "schema_context"], kind="stable")
    lines = [
        f"{origin}: row {int(case.index) + row_offset}, column {case.column}: "
        f"fails {str(case.check)[:60]} (value {str(case.failure_case)[:60]!r})"
        for case in cases.head(5).itertuples(index=False)
    ]
    if len(cases) > 5:
        lines.append(f"... and {len(cases) - 5} more")
    return "; ".join(lines) or f"{origin}: records do not match the schema"
