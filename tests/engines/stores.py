"""A small hand-made record set written as both store layouts the engines read: one Parquet file (as the world store)
and a Hive-partitioned folder (as the product store, through bulk_store.write_partition)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from loaders.store.bulk_store import partition_folder, write_partition
from tests.factories import annual, monthly, records

COUNTRIES = ("ARM", "KAZ", "KGZ", "GEO", "AZE", "RUS", "TUR", "IRN", "CHN", "DEU")
YEARS = (2019, 2020)
PRODUCTS = ("01", "0101", "010121", "87", "8703", "870322", "27", "2709")
MILLION = 1e6


def _totals(rng: np.random.Generator) -> list[dict]:
    """Annual TOTAL rows for most ordered pairs: some one-sided, some IMF estimates, some imputations (M = X × 1.06)."""
    rows = []
    for year in YEARS:
        for exporter in COUNTRIES:
            for importer in COUNTRIES:
                if exporter == importer:
                    continue
                draw = rng.random()
                x = round(float(rng.uniform(1, 900)) * MILLION, 2)
                m = round(x * 1.06, 2) if draw < 0.15 else round(x * float(rng.uniform(0.5, 1.8)), 2)
                if draw > 0.1 or draw < 0.05:  # NB 5 % have no export report
                    rows.append(annual(year, source="imf_dots", reporter=exporter, partner=importer, flow="export",
                                       value_usd=x, estimated=bool(draw > 0.9)))
                if draw < 0.95:  # NB 5 % have no import report
                    rows.append(annual(year, source="imf_dots", reporter=importer, partner=exporter, flow="import",
                                       partner_basis="origin", valuation="CIF", value_usd=m))
    return rows


def _products(rng: np.random.Generator) -> list[dict]:
    """HS rows for a few pairs: annual on one side, twelve months on the other, two vintages of some years."""
    rows = []
    for exporter, importer in (("ARM", "KAZ"), ("KAZ", "ARM"), ("CHN", "DEU"), ("TUR", "GEO")):
        for year in YEARS:
            for code in PRODUCTS:
                x = round(float(rng.uniform(0.1, 50)) * MILLION, 2)
                rows.append(annual(year, source="comtrade", reporter=exporter, partner=importer, flow="export",
                                   hs_code=code, value_usd=x, vintage="2024-06-01"))
                if exporter == "ARM":  # NB an older edition the latest one replaces
                    rows.append(annual(year, source="comtrade", reporter=exporter, partner=importer, flow="export",
                                       hs_code=code, value_usd=x / 2, vintage="2023-06-01"))
                if code == "870322" and importer == "GEO":
                    continue  # NB a line the importer does not list
                for month in range(1, 13) if importer == "KAZ" else ():
                    rows.append(monthly(year, month, source="comtrade", reporter=importer, partner=exporter,
                                        flow="import", partner_basis="origin", valuation="CIF", hs_code=code,
                                        value_usd=round(x * float(rng.uniform(0.5, 1.6)) / 12, 2)))
                if importer != "KAZ":
                    rows.append(annual(year, source="comtrade", reporter=importer, partner=exporter, flow="import",
                                       partner_basis="origin", valuation="CIF", hs_code=code,
                                       value_usd=round(x * float(rng.uniform(0.5, 1.6)), 2)))
    return rows


def small_records(seed: int = 14) -> pd.DataFrame:
    """Every hand-made record, validated by the record schema, timestamps in nanoseconds as the real stores hold them."""
    rng = np.random.default_rng(seed)
    frame = records(_totals(rng) + _products(rng))
    return frame.astype({c: "datetime64[ns]" for c in ("period_start", "period_end", "vintage")})


def write_file_store(path: Path, frame: pd.DataFrame) -> Path:
    frame.to_parquet(path, index=False, compression="zstd")
    return path


def write_folder_store(root: Path, frame: pd.DataFrame) -> Path:
    for (year, reporter), rows in frame.groupby([frame["period_start"].dt.year, "reporter"]):
        write_partition(partition_folder(root, int(year), str(reporter)), rows, inputs={"hand-made": "-"})
    return root
