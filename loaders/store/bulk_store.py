"""The product store: Hive-partitioned Parquet (year=YYYY/reporter=ISO3/part-0.parquet), each partition written atomically."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from loaders.schema import RECORD_COLUMNS
from loaders.store.cache import store_dir  # noqa: F401  (where refresh writes)
from loaders.store.safe_files import atomic_write

PART_FILE = "part-0.parquet"
# NB a name starting with "_" or "." is skipped by pyarrow.dataset, so the manifest and temp files are never read as data
MANIFEST = "_manifest.json"
MANIFEST_VERSION = 1
PARTITIONS = pa.schema([("year", pa.int32()), ("reporter", pa.string())])
# NB the partition keys live in the folder names only: a column both in the file and in the path would clash on read
FILE_SCHEMA = pa.schema([
    (c, pa.bool_() if c == "estimated" else pa.float64() if c == "value_usd"
     else pa.timestamp("ns") if c in ("period_start", "period_end", "vintage") else pa.string())
    for c in RECORD_COLUMNS if c != "reporter"
])


def partition_folder(store: Path, year: int, reporter: str) -> Path:
    return store / f"year={year}" / f"reporter={reporter}"


def write_partition(folder: Path, records: pd.DataFrame, inputs: dict[str, str]) -> None:
    """Write the partition's Parquet file, then its manifest (input file name -> sha256), each atomically.

    NB data first: a crash between the two leaves an old or missing manifest, so the next run rewrites the partition.
    """
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(records.drop(columns="reporter"), preserve_index=False)
    table = table.replace_schema_metadata(None).cast(FILE_SCHEMA)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    atomic_write(folder / PART_FILE, buffer.getvalue())
    manifest = {"version": MANIFEST_VERSION, "inputs": inputs, "rows": len(records)}
    atomic_write(folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())


def is_current(folder: Path, inputs: dict[str, str]) -> bool:
    """True when the partition was written, by this format version, from exactly these input files."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (folder / PART_FILE).is_file() and manifest.get("version") == MANIFEST_VERSION \
        and manifest.get("inputs") == inputs


def open_store(store: Path) -> ds.Dataset:
    """The store as a pyarrow dataset, year and reporter read from the folder names."""
    return ds.dataset(store, format="parquet", partitioning=ds.partitioning(PARTITIONS, flavor="hive"))


def read_store(store: Path) -> pd.DataFrame:
    """Every record of the store, in the record schema's columns."""
    frame = open_store(store).to_table().to_pandas()
    return frame[RECORD_COLUMNS].astype({"reporter": "str"})


def write_pair_rows(store: Path, records: pd.DataFrame, hs: str) -> list[Path]:
    """A refreshed pair's HS rows, one file per (year, reporter) partition beside any bulk part-0, each atomically.

    NB a file of its own per partner and level: a bulk partition's part-0 (every partner) is never overwritten by one
    pair's rows, and a rerun of the same refresh replaces its own file.
    """
    written = []
    years = records["period_start"].dt.year
    for (year, reporter), rows in records.groupby([years, "reporter"], sort=True):
        partners = "-".join(sorted(rows["partner"].unique()))
        folder = partition_folder(store, int(year), str(reporter))
        folder.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pandas(rows.drop(columns="reporter"), preserve_index=False)
        buffer = io.BytesIO()
        pq.write_table(table.replace_schema_metadata(None).cast(FILE_SCHEMA), buffer, compression="zstd")
        path = folder / f"refresh-{partners}-{rows['freq'].iloc[0]}-hs{hs}.parquet"
        atomic_write(path, buffer.getvalue())
        written.append(path)
    return written
