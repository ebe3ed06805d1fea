"""The partitioned layout: the same rows as the single-file tables for DuckDB, Polars and Spark,
with a paper's filter and a year's filter; few files, each citing only its own papers; a new
paper changes only the files of its bucket."""

from __future__ import annotations

import hashlib
import json
import shutil

import pyarrow.parquet as pq
import pytest

from silkroad_data import parquet_path
from silkroad_data.metadata import RESOURCES
from silkroad_data.paths import RAW_DIR
from silkroad_data.pipeline import assemble, partitioned
from silkroad_data.pipeline.partitioned import bucket_of, write_partitioned

PAPER = "li2022"
YEAR = (2015, 2016)  # a year's filter: period_start in [2015-01-01, 2016-01-01)


@pytest.fixture(scope="module")
def tables():
    return assemble(RAW_DIR, cache=False)[0]


@pytest.fixture(scope="module")
def small_files(tmp_path_factory, tables):
    """The packaged papers written with files of at most 40 rows, so tables span several buckets and row groups."""
    mp = pytest.MonkeyPatch()
    mp.setattr(partitioned, "ROWS_PER_FILE", 40)
    mp.setattr(partitioned, "ROW_GROUP_ROWS", 8)
    try:
        out = tmp_path_factory.mktemp("layout") / "data"
        write_partitioned(tables, out)
    finally:
        mp.undo()
    return out


@pytest.fixture(scope="module")
def default(tmp_path_factory, tables):
    out = tmp_path_factory.mktemp("layout") / "data"
    write_partitioned(tables, out)
    return out


def _single(name):
    return pq.read_table(parquet_path(name))


def _glob(folder, name):
    return (folder / name / "*.parquet").as_posix()


def _meta(schema):
    return json.loads(schema.metadata[b"silkroad_data"])


def test_the_five_papers_are_one_file_per_table_with_the_single_files_schema_and_metadata(default):
    for name in RESOURCES:
        files = sorted((default / name).iterdir())
        assert [f.name for f in files] == ["part-00000.parquet"], name
        assert pq.read_schema(files[0]).equals(_single(name).schema, check_metadata=True), name
    listed = json.loads((default / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert sorted(listed) == sorted(f"{name}/part-00000.parquet" for name in RESOURCES)


def test_each_file_holds_whole_papers_of_its_bucket_and_cites_only_them(small_files, tables, monkeypatch):
    monkeypatch.setattr(partitioned, "ROWS_PER_FILE", 40)
    citation_of = dict(zip(tables["sources"]["source_id"], tables["sources"]["citation"]))
    manifest = json.loads((small_files / "manifest.json").read_text(encoding="utf-8"))
    several = 0
    for rel, entry in manifest["files"].items():
        path = small_files / rel
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
        t = pq.read_table(path)
        single = _single(entry["table"]).schema
        assert t.schema.remove_metadata().equals(single.remove_metadata()), rel
        assert t.num_rows == entry["rows"]
        # As many buckets as keep the files near 40 rows (a bucket holds whole papers, so it may hold more).
        assert entry["buckets"] == partitioned.buckets_for(len(tables[entry["table"]]))
        meta, single_meta = _meta(t.schema), _meta(single)
        assert {k: v for k, v in meta.items() if k != "citations"} == {k: v for k, v in single_meta.items() if k != "citations"}
        cited = {s for c in t.column_names if c.startswith("source_id") for s in t.column(c).to_pylist() if s}
        assert meta["citations"] == [citation_of[s] for s in sorted(cited)], rel
        if "source_id" in t.column_names:
            assert {bucket_of(s, entry["buckets"]) for s in t.column("source_id").to_pylist()} <= {entry["bucket"]}
            several += entry["buckets"] > 1
    assert several  # the small files did spread papers over buckets
    # The whole list of papers is once beside the data.
    package = json.loads((small_files / "datapackage.json").read_text(encoding="utf-8"))
    assert [s["title"] for s in package["sources"]] == list(tables["sources"]["citation"])
    trade = next(r for r in package["resources"] if r["name"] == "trade")
    assert trade["path"] == manifest["parts"]["trade"]["files"] and len(trade["path"]) > 1


def test_rows_are_sorted_by_paper_in_row_groups_whose_statistics_separate_papers(small_files):
    duckdb = pytest.importorskip("duckdb")
    for path in sorted((small_files / "trade").glob("*.parquet")):
        meta = pq.ParquetFile(path).metadata
        col = meta.schema.to_arrow_schema().get_field_index("source_id")
        ranges = [(meta.row_group(g).column(col).statistics.min, meta.row_group(g).column(col).statistics.max)
                  for g in range(meta.num_row_groups)]
        assert meta.num_row_groups > 1
        assert all(lo <= hi for lo, hi in ranges)
        assert all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:]))  # sorted: a paper's rows are in adjacent groups
        ids = pq.read_table(path, columns=["source_id"]).column("source_id").to_pylist()
        assert ids == sorted(ids)
        # Each row group has a Bloom filter of its papers (as DuckDB reads it): a paper it does not hold is excluded.
        blooms = duckdb.sql(f"SELECT DISTINCT row_group_id, bloom_filter_excludes FROM parquet_bloom_probe("
                            f"'{path.as_posix()}', 'source_id', 'no-such-paper')").fetchall()
        assert len(blooms) == meta.num_row_groups and all(excludes for _, excludes in blooms)
        held = duckdb.sql(f"SELECT bloom_filter_excludes FROM parquet_bloom_probe("
                          f"'{path.as_posix()}', 'source_id', '{ids[0]}') WHERE row_group_id = 0").fetchall()
        assert held == [(False,)]  # the first row group holds the first paper


def _want(name, where=None):
    """The rows of the single file, as sorted reprs (optionally filtered in Python)."""
    rows = _single(name).select(RESOURCES[name].field_names).to_pylist()
    return sorted(repr(tuple(r.values())) for r in rows if where is None or where(r))


def _in_year(r):
    return r["period_start"] is not None and YEAR[0] <= r["period_start"].year < YEAR[1]


@pytest.mark.parametrize("layout", ["small_files", "default"])
def test_duckdb_reads_the_same_rows_whole_by_paper_and_by_year(layout, request):
    duckdb = pytest.importorskip("duckdb")
    folder = request.getfixturevalue(layout)
    con = duckdb.connect()
    year = f"period_start >= DATE '{YEAR[0]}-01-01' AND period_start < DATE '{YEAR[1]}-01-01'"
    for name, r in RESOURCES.items():
        cols = ", ".join(f'"{c}"' for c in r.field_names)
        got = con.execute(f"SELECT {cols} FROM read_parquet('{_glob(folder, name)}')").fetchall()
        assert sorted(map(repr, got)) == _want(name), name
        if "source_id" in r.field_names:
            got = con.execute(f"SELECT {cols} FROM read_parquet('{_glob(folder, name)}') WHERE source_id = ?", [PAPER]).fetchall()
            assert sorted(map(repr, got)) == _want(name, lambda row: row["source_id"] == PAPER), name
        if "period_start" in r.field_names:
            got = con.execute(f"SELECT {cols} FROM read_parquet('{_glob(folder, name)}') WHERE {year}").fetchall()
            assert sorted(map(repr, got)) == _want(name, _in_year), name
    n = con.execute(f"SELECT count(*) FROM read_parquet('{_glob(folder, 'trade')}') WHERE source_id = ?", [PAPER]).fetchone()[0]
    assert n == _single("trade").column("source_id").to_pylist().count(PAPER) > 0


@pytest.mark.parametrize("layout", ["small_files", "default"])
def test_polars_reads_the_same_rows_whole_by_paper_and_by_year(layout, request):
    import datetime

    pl = pytest.importorskip("polars")
    folder = request.getfixturevalue(layout)
    for name, r in RESOURCES.items():
        scan = pl.scan_parquet(_glob(folder, name)).select(r.field_names)
        assert sorted(map(repr, scan.collect().rows())) == _want(name), name
        if "source_id" in r.field_names:
            got = scan.filter(pl.col("source_id") == PAPER).collect().rows()
            assert sorted(map(repr, got)) == _want(name, lambda row: row["source_id"] == PAPER), name
        if "period_start" in r.field_names:
            got = scan.filter((pl.col("period_start") >= datetime.date(YEAR[0], 1, 1))
                              & (pl.col("period_start") < datetime.date(YEAR[1], 1, 1))).collect().rows()
            assert sorted(map(repr, got)) == _want(name, _in_year), name


def test_spark_reads_the_same_rows_whole_by_paper_and_by_year(small_files):
    """Spark in local mode (runs where pyspark and a Java runtime are installed, as in .ci/run)."""
    pytest.importorskip("pyspark", reason="pyspark is not installed (.ci/run installs it)")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime for Spark")
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
    try:
        for name, r in RESOURCES.items():
            frame = spark.read.parquet(str(small_files / name)).select(*r.field_names)
            assert sorted(repr(tuple(row)) for row in frame.collect()) == _want(name), name
            if "source_id" in r.field_names:
                got = frame.where(F.col("source_id") == PAPER).collect()
                assert sorted(repr(tuple(row)) for row in got) == _want(name, lambda row: row["source_id"] == PAPER), name
            if "period_start" in r.field_names:
                got = frame.where((F.col("period_start") >= F.lit(f"{YEAR[0]}-01-01").cast("date"))
                                  & (F.col("period_start") < F.lit(f"{YEAR[1]}-01-01").cast("date"))).collect()
                assert sorted(repr(tuple(row)) for row in got) == _want(name, _in_year), name
    finally:
        spark.stop()


def test_a_new_paper_changes_only_the_files_of_its_bucket(tmp_path, monkeypatch):
    """Four papers, then the fifth added: every file of another bucket keeps its bytes."""
    from silkroad_data.pipeline.records import read_paper

    monkeypatch.setattr(partitioned, "ROWS_PER_FILE", 40)
    files = sorted(RAW_DIR.glob("*.yaml"))
    sid = read_paper(files[-1])[0].source_id
    before, after = tmp_path / "before", tmp_path / "after"
    write_partitioned(assemble(files[:-1], cache=False)[0], before)
    write_partitioned(assemble(files, cache=False)[0], after)
    old = json.loads((before / "manifest.json").read_text(encoding="utf-8"))["files"]
    new = json.loads((after / "manifest.json").read_text(encoding="utf-8"))["files"]
    kept = changed = 0
    for rel, entry in new.items():
        if "source_id" not in RESOURCES[entry["table"]].field_names:
            continue  # the pairs across papers are cut in key order, not by paper
        if rel not in old or old[rel]["buckets"] != entry["buckets"]:
            continue  # the table grew into more buckets: all its files are new
        if entry["bucket"] == bucket_of(sid, entry["buckets"]):
            changed += (before / rel).read_bytes() != (after / rel).read_bytes()
        else:
            assert (before / rel).read_bytes() == (after / rel).read_bytes(), rel
            kept += 1
    assert kept and changed
