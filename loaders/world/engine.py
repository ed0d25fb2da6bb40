"""The engine that runs the Ibis queries: DuckDB in process (default) or Spark (TRADE_ENGINE=spark), over a Parquet
store that is one file or a Hive-partitioned folder (year=/reporter=), local or in object storage (s3://...)."""
from __future__ import annotations

import itertools
import os
import threading

import ibis

from loaders.schema import RecordError

ENGINES = ("duckdb", "spark")
DEFAULT_ENGINE = "duckdb"
DEFAULT_SPARK_MASTER = "local[2]"
SPARK_PACKAGE = "pyspark==4.0.5"
# NB our stores keep dates as Parquet TIMESTAMP(NANOS) (pandas' default). Both engines read them as microseconds:
# Spark reads nanoseconds only as a long, and DuckDB 2.0.1 mis-propagates their statistics through a filter (the year
# of a filtered TIMESTAMP_NS is pruned to no rows, or fails "Perfect hash aggregate ... exceeded total groups").
NANOS_COLUMNS = ("period_start", "period_end", "vintage")
_SPARK_LOCK = threading.Lock()
_VIEW_NAMES = itertools.count()


class EngineError(RecordError):
    """TRADE_ENGINE names no engine this project runs, or the engine's package is not installed."""


def engine_name() -> str:
    """TRADE_ENGINE, lower-cased; duckdb when unset or empty."""
    name = os.environ.get("TRADE_ENGINE", "").strip().lower() or DEFAULT_ENGINE
    if name not in ENGINES:
        raise EngineError(f"TRADE_ENGINE={name!r} is not an engine this project runs: use one of {', '.join(ENGINES)}")
    return name


def spark_master() -> str:
    """The Spark master URL: TRADE_SPARK_MASTER, else SPARK_MASTER, else local mode on two cores."""
    for variable in ("TRADE_SPARK_MASTER", "SPARK_MASTER"):
        if value := os.environ.get(variable, "").strip():
            return value
    return DEFAULT_SPARK_MASTER


def is_folder(path) -> bool:
    """A store is one Parquet file when its name says so, else a Hive-partitioned folder (also for s3:// URLs)."""
    return not str(path).rstrip("/").endswith(".parquet")


def read_store(path, table_name: str = "records") -> ibis.Table:
    """The store's records as an Ibis table on the engine TRADE_ENGINE names; a folder's partition keys are columns."""
    return _read_spark(str(path)) if engine_name() == "spark" else _read_duckdb(str(path), table_name)


def _read_duckdb(path: str, table_name: str) -> ibis.Table:
    import tempfile

    # NB a fresh in-process connection per caller: a DuckDB connection is not shared across threads. It spills past
    # its memory into the temp folder (DuckDB's default is .tmp/ in the working directory)
    con = ibis.duckdb.connect(temp_directory=os.path.join(tempfile.gettempdir(), "trade-duckdb-spill"))
    if is_folder(path):
        # NB only *.parquet: the partitions' _manifest.json and .tmp-*.part files are not data
        table = con.read_parquet(f"{path.rstrip('/')}/**/*.parquet", table_name=table_name, hive_partitioning=True)
    else:
        table = con.read_parquet(path, table_name=table_name)
    nanos = [c for c in NANOS_COLUMNS if c in table.columns and table[c].type().is_timestamp()
             and table[c].type().scale == 9]
    return table.mutate(**{c: table[c].cast("timestamp(6)") for c in nanos}) if nanos else table


def spark_session():
    """The process's SparkSession (created once): master from spark_master(), or Spark Connect where SPARK_REMOTE
    is set; in local mode no UI and a warehouse in the temp folder, so nothing is written where it runs."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise EngineError(f"TRADE_ENGINE=spark needs the pyspark package (pip install {SPARK_PACKAGE}) "
                          "and Java 17") from None
    with _SPARK_LOCK:
        builder = SparkSession.builder.appName("trade-gap-dashboard")
        if os.environ.get("SPARK_REMOTE") and not os.environ.get("TRADE_SPARK_MASTER"):
            builder = builder.remote(os.environ["SPARK_REMOTE"])
        else:
            master = spark_master()
            builder = builder.master(master)
            if master.startswith("local"):
                import tempfile

                # NB local mode stays on loopback: no UI port, no driver address on the machine's network; a few
                # cores need a few shuffle partitions, not a cluster's 200
                for key, value in {"spark.ui.enabled": "false", "spark.driver.host": "127.0.0.1",
                                   "spark.sql.shuffle.partitions": "8",
                                   "spark.driver.bindAddress": "127.0.0.1",
                                   "spark.sql.warehouse.dir": os.path.join(tempfile.gettempdir(), "trade-spark-warehouse"),
                                   }.items():
                    builder = builder.config(key, value)
        session = builder.getOrCreate()
    session.conf.set("spark.sql.legacy.parquet.nanosAsLong", "true")
    # NB results come back through Arrow: row by row they take ~3x as long (61,000 world rows: 34 s against 13 s)
    session.conf.set("spark.sql.execution.arrow.pyspark.enabled", "true")
    return session


def _read_spark(path: str) -> ibis.Table:
    from pyspark.sql.functions import expr
    from pyspark.sql.types import LongType

    session = spark_session()
    # NB one store URL for both engines: DuckDB's httpfs reads s3://, Hadoop's S3 connector is s3a://
    frame = session.read.parquet("s3a://" + path[len("s3://"):] if path.startswith("s3://") else path)
    for field in frame.schema.fields:
        if field.name in NANOS_COLUMNS and isinstance(field.dataType, LongType):
            frame = frame.withColumn(field.name, expr(f"timestamp_micros(div(`{field.name}`, 1000))"))
    name = f"trade_store_{next(_VIEW_NAMES)}"
    frame.createOrReplaceTempView(name)
    return ibis.pyspark.connect(session).table(name)


def query_errors() -> tuple[type[Exception], ...]:
    """The exceptions a query raises on the active engine when the store cannot be read."""
    import duckdb

    if engine_name() != "spark":
        return (duckdb.Error,)
    from pyspark.errors import PySparkException

    return (duckdb.Error, PySparkException)
