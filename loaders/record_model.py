"""The pandera model of the record schema (imported only when records are validated, so start-up does not pay pandera)."""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from loaders.schema import CONFIDENCES, FLOWS, FREQS, ISO3_CODES, PARTNER_BASES, VALUATIONS, WEB_URL


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
    source_url: str = pa.Field(str_matches=WEB_URL)
    confidence: str = pa.Field(isin=CONFIDENCES)
    # NB the compiler's own flag that the value is an estimate (IMF STATUS e), not a reported figure
    estimated: bool
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
