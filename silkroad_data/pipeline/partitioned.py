"""The partitioned layout: each table as a few large Parquet files, papers bucketed by a hash of their id.

``silkroad-data build --layout partitioned --out DIR`` writes ``DIR/<table>/part-<k>.parquet``.
A table's papers are spread over ``n`` buckets, ``n`` a power of two chosen so that a file holds
at most :data:`ROWS_PER_FILE` rows (one file until a table outgrows it). A paper's bucket is the
first 8 bytes of the SHA-256 of its ``source_id`` (UTF-8), read as a big-endian number, modulo
``n`` (:func:`bucket_of`): it depends on the paper alone, so a new paper changes only the files of
its own bucket, and every other file is written again with the very same bytes (a copy that
compares content, or the manifest's SHA-256, sends only the changed files), as long as ``n``
stays the same. Tables without a ``source_id`` (the
pairs across papers) are cut into files of at most :data:`ROWS_PER_FILE` rows in key order.

Inside a file the rows are sorted by ``source_id`` (then period and key), in row groups of
:data:`ROW_GROUP_ROWS` rows with min/max statistics and a Bloom filter of ``source_id``, so an
engine filtering on a paper reads the footers of a few files and skips every row group that
cannot hold it, instead of opening a file per paper. A filter on a period finds no order to use (every row group holds many years); it reads
the period column of every row group, which is what it does on the single file too.

Every file has the schema of the single-file table; its metadata carries the table's
description, columns and licence, and the citations of the papers whose rows it holds, not of
every paper. The full list is written once beside the data: ``DIR/datapackage.json`` (the
papers, and each table's files) and ``DIR/manifest.json`` (each file with its table, bucket,
rows, bytes and SHA-256, and the rule that places a paper).

Example
-------
>>> from silkroad_data.pipeline.partitioned import bucket_of
>>> bucket_of("li2022", 1)
0
>>> 0 <= bucket_of("li2022", 8) < 8
True
>>> from silkroad_data.pipeline import assemble
>>> from silkroad_data.pipeline.partitioned import write_partitioned
>>> write_partitioned(assemble()[0], "data-partitioned")          # doctest: +SKIP
>>> import duckdb                                                  # doctest: +SKIP
>>> duckdb.sql("SELECT count(*) FROM read_parquet('data-partitioned/trade/*.parquet') "
...            "WHERE source_id = 'li2022'")                       # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .._version import __version__
from ..metadata import RESOURCES
from ..paths import MANIFEST, sha256_of

LAYOUT = "partitioned"

# Rows in one file at most: large enough that a table of a million figures is a handful of files
# (engines and object stores pay per file), small enough that adding a paper rewrites a fraction.
ROWS_PER_FILE = 250_000
# Rows in one row group: the unit an engine skips by its statistics. As large as a file of a
# thousand papers' table, so that at that size a file is laid out as the single file is (smaller
# groups cost DuckDB a thread per group and gained nothing, measured at 1,000 papers x 100 figures).
ROW_GROUP_ROWS = 131_072
BUCKET_RULE = "sha256(source_id as UTF-8), first 8 bytes as a big-endian integer, modulo the table's buckets"


def bucket_of(source_id: str, buckets: int) -> int:
    """The bucket (file number) of the paper ``source_id`` in a table of ``buckets`` buckets."""
    return int.from_bytes(hashlib.sha256(source_id.encode("utf-8")).digest()[:8], "big") % buckets


def buckets_for(rows: int) -> int:
    """The number of buckets of a table of ``rows`` rows: the least power of two that keeps each file
    near :data:`ROWS_PER_FILE` rows (a power of two, so that one more bucket count splits each bucket in two)."""
    n = 1
    while rows > n * ROWS_PER_FILE:
        n *= 2
    return n


def write_partitioned(tables: dict[str, pd.DataFrame], out: str | Path) -> dict:
    """Write every table as a few Parquet files (papers bucketed by id) into ``out``; return the manifest.

    ``out`` must be new, empty, or a data folder this package wrote, and never inside an installed
    copy of the package (:func:`silkroad_data.store.check_out`, as for the single-file layout). It is
    replaced at once: the new folder is written beside it, then swapped in under the same lock as
    the single-file layout's (:func:`silkroad_data.store.build_lock`), so concurrent builds into one
    folder wait for each other, and a failed one leaves the previous folder as it was.
    """
    from ..store import build_lock, check_out, fsync, sibling, unlocked_recover

    out = check_out(Path(out))
    with build_lock(out):
        unlocked_recover(out)  # what a crashed build left: finished or undone
        check_out(out)  # again, under the lock
        new, old = sibling(out, "new"), sibling(out, "old")
        try:
            manifest = _write_new(tables, new)
            for p in new.rglob("*"):
                fsync(p)
            fsync(new)
            if out.exists():
                os.replace(out, old)
            os.replace(new, out)
            fsync(out.parent)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            # A failure, not a crash: undo now (put the old folder back, delete the new one).
            shutil.rmtree(new, ignore_errors=True)
            unlocked_recover(out)
            raise
    return manifest


def _sort_keys(name: str, columns: list[str]) -> list[tuple[str, str]]:
    """The order of a file's rows: by paper when the table has one, then period, then the key."""
    keys = [c for c in ("source_id", "period_start") if c in columns]
    return [(c, "ascending") for c in keys + [RESOURCES[name].primary_key]]


def _files_of(name: str, table: pa.Table) -> list[tuple[int, int, pa.Table]]:
    """The files of one table as ``(bucket, buckets, rows)``, each file's rows in order."""
    n = buckets_for(table.num_rows)
    order = _sort_keys(name, table.column_names)
    if "source_id" not in table.column_names:
        table = table.sort_by(order)
        return [(k, n, table.slice(k * ROWS_PER_FILE, ROWS_PER_FILE)) for k in range(n)]
    if n == 1:
        return [(0, 1, table.sort_by(order))]
    papers = pc.unique(table["source_id"].combine_chunks())
    bucket = pa.array([bucket_of(s, n) if s is not None else 0 for s in papers.to_pylist()], pa.int64())
    rows_bucket = pc.take(bucket, pc.index_in(table["source_id"], value_set=papers))
    table = table.append_column("_bucket", rows_bucket).sort_by([("_bucket", "ascending")] + order)
    counts = {r["values"]: r["counts"] for r in pc.value_counts(table["_bucket"]).to_pylist()}
    table = table.drop_columns("_bucket")
    files, start = [], 0
    for k in range(n):
        files.append((k, n, table.slice(start, counts.get(k, 0))))
        start += counts.get(k, 0)
    return files


def _write_new(tables: dict[str, pd.DataFrame], new: Path) -> dict:
    """Write the files, the descriptor and the manifest (last) into the new folder ``new``."""
    from ..exports.datapackage import write_descriptor
    from .write import _records, arrow_schema, frame_citations, to_arrow

    citation_of = dict(zip(tables["sources"]["source_id"], tables["sources"]["citation"]))
    new.mkdir()
    files, parts = {}, {}
    for name in sorted(tables):
        whole = to_arrow(name, tables[name], [])
        width = len(str(buckets_for(whole.num_rows) - 1))
        parts[name] = []
        for k, n, rows in _files_of(name, whole):
            if not rows.num_rows and n > 1:
                continue  # an empty bucket has no file (a table always has at least its first)
            path = new / name / f"part-{k:0{max(5, width)}d}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            # The citations of this file's papers only: a file's metadata does not grow with the corpus.
            cites = frame_citations(rows.select([c for c in rows.column_names if c.startswith("source_id")]).to_pandas(),
                                    citation_of)
            rows = pa.Table.from_arrays(rows.columns, schema=arrow_schema(name, cites))
            sorting = [pq.SortingColumn(rows.schema.get_field_index(c)) for c, _ in _sort_keys(name, rows.column_names)]
            # A Bloom filter of the papers of each row group: a bucket's row groups span ranges of ids
            # that hold other buckets' papers too, and the filter lets an engine skip them all the same.
            bloom = {"source_id": {"ndv": max(1, pc.count_distinct(rows["source_id"]).as_py()), "fpp": 0.01}} if "source_id" in rows.column_names else None
            pq.write_table(rows, path, compression="zstd", write_statistics=True, row_group_size=ROW_GROUP_ROWS,
                           sorting_columns=sorting, bloom_filter_options=bloom)
            rel = path.relative_to(new).as_posix()
            parts[name].append(rel)
            files[rel] = {"table": name, "bucket": k, "buckets": n, "rows": rows.num_rows,
                          "bytes": path.stat().st_size, "sha256": sha256_of(path)}
    # The papers and every table's files, once for the whole folder.
    write_descriptor(new, "parquet", _records(tables["sources"]), sorted(tables), files=parts)
    manifest = {"dataset": "silkroad_data", "version": __version__, "layout": LAYOUT, "bucket_rule": BUCKET_RULE,
                "rows_per_file": ROWS_PER_FILE, "files": files,
                "parts": {name: {"rows": len(tables[name]), "files": parts[name]} for name in sorted(tables)}}
    (new / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest
