"""One pair's product rows from the product store: only the pair's reporters' partitions are listed or read."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from loaders.schema import RECORD_COLUMNS

# A figure already in the dataset when all of these agree (a refresh writes its rows to the cache and the store).
PUBLICATION = ["source", "reporter", "partner", "flow", "freq", "period_start", "vintage", "hs_level"]


def pair_files(store: Path, pair: tuple[str, str]) -> list[Path]:
    """The Parquet files of the pair's reporters' partitions (year=*/reporter=A|B/*.parquet), in a stable order."""
    if not store.is_dir():
        return []
    return sorted(p for reporter in pair for p in store.glob(f"year=*/reporter={reporter}/*.parquet") if p.is_file())


def pair_store_signature(store: Path, pair: tuple[str, str]) -> tuple:
    """Changes whenever a file of the pair's partitions is written or removed (for caches keyed on the data)."""
    return tuple((str(p.relative_to(store)), p.stat().st_mtime_ns, p.stat().st_size) for p in pair_files(store, pair))


def pair_product_rows(store: Path, pair: tuple[str, str]) -> pd.DataFrame:
    """The store's product rows (hs_code != TOTAL) in which one country of the pair reports trade with the other."""
    files = pair_files(store, pair)
    if not files:
        return pd.DataFrame(columns=RECORD_COLUMNS)
    import pyarrow.dataset as ds  # NB only when the pair has store files: never at the app's start-up otherwise

    from loaders.store.bulk_store import PARTITIONS

    dataset = ds.dataset([str(p) for p in files], format="parquet", partition_base_dir=str(store),
                         partitioning=ds.partitioning(PARTITIONS, flavor="hive"))
    wanted = ds.field("partner").isin(list(pair)) & (ds.field("hs_code") != "TOTAL")
    frame = dataset.to_table(filter=wanted).to_pandas()
    frame = frame[frame["reporter"].astype(str) != frame["partner"]]
    return frame[RECORD_COLUMNS].astype({"reporter": "str"}).reset_index(drop=True)


def with_store_products(records: pd.DataFrame, store_rows: pd.DataFrame) -> pd.DataFrame:
    """The records plus the store rows of publications they do not already hold, in the records' dtypes."""
    if store_rows.empty:
        return records
    store_rows = store_rows.astype(records.dtypes.to_dict())

    def publications(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(hs_level=frame["hs_code"].str.len().where(frame["hs_code"] != "TOTAL", 0))[PUBLICATION]

    known = publications(records).drop_duplicates()
    marked = publications(store_rows).merge(known, on=PUBLICATION, how="left", indicator=True)
    new = store_rows.loc[(marked["_merge"] == "left_only").to_numpy()]
    return pd.concat([records, new], ignore_index=True) if not new.empty else records
