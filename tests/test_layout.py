"""The partitioned layout read by real engines: the same rows as the single-file tables."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from silkroad_data.pipeline import assemble
from silkroad_data.pipeline.partitioned import write_partitioned
from silkroad_data.metadata import RESOURCES
from silkroad_data import parquet_path
from silkroad_data.paths import RAW_DIR


@pytest.fixture(scope="module")
def partitioned(tmp_path_factory):
    out = tmp_path_factory.mktemp("layout") / "data"
    write_partitioned(assemble(RAW_DIR)[0], out)
    return out


def _single(name):
    return pq.read_table(parquet_path(name))


def test_every_file_has_the_single_files_schema_and_metadata(partitioned):
    for name in RESOURCES:
        single = _single(name).schema
        files = sorted((partitioned / name).rglob("*.parquet"))
        assert files, name
        for f in files:
            assert pq.read_schema(f).equals(single, check_metadata=True), f
        if "source_id" in single.names and pq.read_metadata(parquet_path(name)).num_rows:
            assert all(f.parent.name.startswith("source_id=") for f in files)


def test_duckdb_reads_the_same_rows(partitioned):
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    for name, r in RESOURCES.items():
        cols = ", ".join(f'"{c}"' for c in r.field_names)
        glob = (partitioned / name / "**" / "*.parquet").as_posix()
        got = con.execute(f"SELECT {cols} FROM read_parquet('{glob}', hive_partitioning = true)").fetchall()
        want = con.execute(f"SELECT {cols} FROM read_parquet('{parquet_path(name).as_posix()}')").fetchall()
        assert sorted(map(repr, got)) == sorted(map(repr, want)), name
    # A paper's rows are pruned by its partition.
    trade = (partitioned / "trade" / "**" / "*.parquet").as_posix()
    n = con.execute(f"SELECT count(*) FROM read_parquet('{trade}', hive_partitioning = true) WHERE source_id = 'li2022'").fetchone()[0]
    assert n == int((pq.read_table(parquet_path("trade")).column("source_id").to_pylist()).count("li2022"))


def test_polars_reads_the_same_rows(partitioned):
    pl = pytest.importorskip("polars")
    for name, r in RESOURCES.items():
        got = pl.scan_parquet(partitioned / name / "**" / "*.parquet", hive_partitioning=True).select(r.field_names).collect()
        want = pl.read_parquet(parquet_path(name)).select(r.field_names)
        assert sorted(map(repr, got.rows())) == sorted(map(repr, want.rows())), name


def test_spark_reads_the_same_rows(partitioned):
    """Spark in local mode (runs where pyspark and a Java runtime are installed, as in .ci/run)."""
    import shutil

    pytest.importorskip("pyspark", reason="pyspark is not installed (.ci/run installs it)")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime for Spark")
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
    try:
        for name, r in RESOURCES.items():
            got = spark.read.parquet(str(partitioned / name)).select(*r.field_names).collect()
            want = _single(name).select(r.field_names).to_pylist()
            assert sorted(repr(tuple(row)) for row in got) == sorted(repr(tuple(row.values())) for row in want), name
    finally:
        spark.stop()
