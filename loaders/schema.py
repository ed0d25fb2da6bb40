"""The one record schema every source is normalised into, validated at the loader boundary with pandera."""
from __future__ import annotations

import re

import pandas as pd
import pycountry

RECORD_COLUMNS = [
    "source", "reporter", "partner", "flow", "partner_basis", "valuation", "freq",
    "period_start", "period_end", "hs_code", "value_usd", "vintage", "source_url",
    "confidence", "estimated", "note",
]
FLOWS = ["export", "import", "re-export", "re-import", "turnover"]
PARTNER_BASES = ["destination", "origin", "consignment", "unknown"]
VALUATIONS = ["FOB", "CIF", "unknown"]
FREQS = ["A", "M", "P"]
CONFIDENCES = ["A", "B", "C"]
# NB historic reporters (USSR, Yugoslavia, Czechoslovakia, ...) keep their ISO 3166-3 codes (SUN, YUG, CSK, ...)
ISO3_CODES = frozenset(c.alpha_3 for c in [*pycountry.countries, *pycountry.historic_countries])
# NB a link is http(s) only, and without the characters that could end an HTML attribute or a markdown link.
WEB_URL = r"^https?://[^\s<>\"`\\\x00-\x1f\x7f]+$"
URI_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.IGNORECASE)


class RecordError(ValueError):
    """A record that breaks the schema; the message names file, row and column."""


def __getattr__(name: str):
    # NB the pandera model lives in its own module so that importing this one does not import pandera.
    if name == "TradeRecord":
        from loaders.record_model import TradeRecord
        return TradeRecord
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def empty_records() -> pd.DataFrame:
    """A zero-row frame with the record schema's columns and dtypes."""
    frame = pd.DataFrame({c: pd.Series(dtype="bool" if c == "estimated" else "str") for c in RECORD_COLUMNS})
    return validate_records(frame, origin="<empty>")


def validate_records(frame: pd.DataFrame, origin: str, row_offset: int = 2) -> pd.DataFrame:
    """Coerce and validate records; raise RecordError naming origin, row and column of the first failures.

    ``row_offset`` converts a 0-based frame position to the line number a person sees (header + 1-based).
    """
    missing = [c for c in RECORD_COLUMNS if c not in frame.columns]
    extra = [c for c in frame.columns if c not in RECORD_COLUMNS]
    if missing or extra:
        raise RecordError(f"{origin}: columns do not match the record schema (missing {missing}, unexpected {extra})")
    import pandera.pandas as pa

    from loaders.record_model import TradeRecord

    frame = frame.reset_index(drop=True)
    try:
        valid = TradeRecord.validate(frame[RECORD_COLUMNS], lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise RecordError(_describe_failures(exc.failure_cases, origin, row_offset)) from None
    return valid


def check_served(frame: pd.DataFrame) -> str | None:
    """The record schema's value checks, vectorised for a copy already validated once (a cache hit): the first
    problem found, or None. Cheap enough for every load; pandera re-run would cost more than the load itself."""
    checks = [
        ("reporter", frame["reporter"].isin(ISO3_CODES), "not an ISO 3166 alpha-3 code"),
        ("partner", frame["partner"].isin(ISO3_CODES), "not an ISO 3166 alpha-3 code"),
        ("(row)", frame["reporter"] != frame["partner"], "reporter equals partner"),
        ("value_usd", frame["value_usd"].isna() | (frame["value_usd"] >= 0), "a negative value"),
        ("source_url", frame["source_url"].str.match(WEB_URL).fillna(False).astype(bool), "not an http(s) link"),
        ("flow", frame["flow"].isin(FLOWS), "not a known flow"),
        ("partner_basis", frame["partner_basis"].isin(PARTNER_BASES), "not a known partner basis"),
        ("valuation", frame["valuation"].isin(VALUATIONS), "not a known valuation"),
        ("freq", frame["freq"].isin(FREQS), "not a known frequency"),
        ("confidence", frame["confidence"].isin(CONFIDENCES), "not a known confidence grade"),
        ("estimated", pd.Series(frame["estimated"].dtype == "bool", index=frame.index), "not true/false"),
        ("(row)", frame["period_end"] >= frame["period_start"], "period_end before period_start"),
    ]
    for column, ok, problem in checks:
        bad = ~ok.to_numpy(dtype=bool)
        if bad.any():
            row = int(bad.argmax())
            return f"row {row + 2}, column {column}: {problem} ({str(frame[column].iloc[row])[:60]!r})" \
                if column != "(row)" else f"row {row + 2}: {problem}"
    return None


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


def _has_scheme(value: str) -> bool:
    # NB browsers drop leading control characters and spaces, and tabs and newlines anywhere, before reading a scheme.
    return bool(URI_SCHEME.match(re.sub(r"[\t\n\r]", "", value).lstrip("".join(map(chr, range(33))))))


def check_links(frame: pd.DataFrame, column: str, origin: str, citations: bool = False) -> None:
    """Raise RecordError naming the first rows whose link is not an http(s) URL (empty cells pass).

    With ``citations`` a cell may instead hold citation text ('same article') that does not start with a URL scheme
    (javascript:, data:, file:, ...), so it can never become a link that runs code.
    """
    values = frame[column].dropna().astype(str)
    web = values.str.match(WEB_URL)
    if citations:
        web |= ~values.map(_has_scheme).astype(bool)
    bad = values[~web]
    lines = [f"{origin}: row {int(i) + 2}, column {column}: not an http(s) link (value {v[:60]!r})"
             for i, v in bad.head(5).items()]
    if len(bad) > 5:
        lines.append(f"... and {len(bad) - 5} more")
    if lines:
        raise RecordError("; ".join(lines))
