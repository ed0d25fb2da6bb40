"""Two-engine fixtures: one local SparkSession for the whole run (small, no UI, on loopback, files in temp folders) and
the hand-made store in both layouts; without pyspark the Spark tests skip locally and fail in CI (CI=true)."""
from __future__ import annotations

import importlib.util
import os

import pytest

from tests.engines.stores import small_records, write_file_store, write_folder_store
from tests.skips import skip_without


def pytest_collection_modifyitems(config, items):
    skip_without(items, "spark", importlib.util.find_spec("pyspark") is not None,
                 "pyspark is not installed (pip install -r requirements-dev.txt): the Spark side cannot run")


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    """The process's SparkSession, started once through the engine module as TRADE_ENGINE=spark would start it."""
    from loaders.world.engine import spark_session

    os.environ["TRADE_SPARK_MASTER"] = "local[2]"
    try:
        session = spark_session()
    finally:
        del os.environ["TRADE_SPARK_MASTER"]
    # NB a few rows: two shuffle partitions instead of 200 keep each query to seconds
    session.conf.set("spark.sql.shuffle.partitions", "2")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def frame():
    return small_records()


@pytest.fixture(scope="session")
def stores(tmp_path_factory, frame):
    """The same records as one Parquet file and as a year=/reporter= folder."""
    root = tmp_path_factory.mktemp("two-engine-stores")
    return {"file": write_file_store(root / "records.parquet", frame),
            "folder": write_folder_store(root / "store", frame)}


@pytest.fixture(scope="session")
def flows_store(stores):
    """The file store's year-ordered companion, as tools/build_snapshot.py writes the world store's (on DuckDB)."""
    from tools.build_snapshot import world_flows_parquet

    before = os.environ.pop("TRADE_ENGINE", None)
    try:
        path = stores["file"].with_name("flows.parquet")
        path.write_bytes(world_flows_parquet(stores["file"].read_bytes()))
    finally:
        if before is not None:
            os.environ["TRADE_ENGINE"] = before
    return path
