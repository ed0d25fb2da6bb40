"""TRADE_ENGINE picks the engine: DuckDB by default, Spark on request, a clear error for anything else or for a
missing pyspark (tests/app/test_start_up.py checks that the app starts without importing pyspark)."""
from __future__ import annotations

import sys

import pytest

from loaders.cli import main
from loaders.world import engine


@pytest.mark.parametrize("value", [None, "", "duckdb", " DuckDB "])
def test_duckdb_is_the_default(value, monkeypatch):
    if value is None:
        monkeypatch.delenv("TRADE_ENGINE", raising=False)
    else:
        monkeypatch.setenv("TRADE_ENGINE", value)
    assert engine.engine_name() == "duckdb"


def test_an_unknown_engine_is_named_with_the_ones_there_are(monkeypatch):
    monkeypatch.setenv("TRADE_ENGINE", "postgres")
    with pytest.raises(engine.EngineError, match=r"TRADE_ENGINE='postgres' .* duckdb, spark"):
        engine.read_store("anything.parquet")


def test_an_export_with_an_unknown_engine_fails_in_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("TRADE_ENGINE", "sparkk")
    assert main(["export", "world", "--years", "2020-2020", "--out", str(tmp_path / "w.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: TRADE_ENGINE='sparkk'") and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "w.csv").exists()


def test_spark_without_pyspark_names_the_package(monkeypatch):
    monkeypatch.setenv("TRADE_ENGINE", "spark")
    monkeypatch.setitem(sys.modules, "pyspark", None)  # NB an import of a None entry raises ImportError
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(engine.EngineError, match=r"needs the pyspark package \(pip install pyspark==\d"):
        engine.read_store("anything.parquet")


@pytest.mark.parametrize(("variables", "master"), [
    ({}, "local[2]"),
    ({"SPARK_MASTER": "spark://cluster:7077"}, "spark://cluster:7077"),
    ({"SPARK_MASTER": "spark://a:7077", "TRADE_SPARK_MASTER": "local[4]"}, "local[4]"),
])
def test_the_spark_master_comes_from_the_environment(variables, master, monkeypatch):
    for name in ("SPARK_MASTER", "TRADE_SPARK_MASTER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert engine.spark_master() == master


@pytest.mark.parametrize(("path", "folder"), [
    ("data/world/imf_dots_world.parquet", False), ("/stores/products", True), ("s3://bucket/products/", True),
    ("s3://bucket/world.parquet", False),
])
def test_a_store_is_a_file_by_its_name_else_a_partitioned_folder(path, folder):
    assert engine.is_folder(path) is folder
