"""The partitioned layout: one dataset per table, hive-partitioned by paper.

``silkroad-data build --layout partitioned --out DIR`` writes ``DIR/<table>/source_id=<id>/part-0.parquet``
for every table with a ``source_id`` column (one folder per paper) and ``DIR/<table>/part-0.parquet``
for the others (the cross-paper pairs). Every file has the same schema and metadata as the
single-file table, ``source_id`` column included, so each file read alone is complete and
engines that read hive partitions (DuckDB, Polars, Spark, Arrow) read the folder as one table.
``DIR/manifest.json`` lists every file with its rows and SHA-256.

Example
-------
>>> from silkroad_data.pipeline import assemble
>>> from silkroad_data.pipeline.partitioned import write_partitioned
>>> write_partitioned(assemble()[0], "data-partitioned")          # doctest: +SKIP
>>> import duckdb                                                  # doctest: +SKIP
>>> duckdb.sql("SELECT count(*) FROM read_parquet('data-partitioned/trade/**/*.parquet', "
...            "hive_partitioning = true) WHERE source_id = 'li2022'")   # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from .._version import __version__
from ..paths import MANIFEST, sha256_of

LAYOUT = "partitioned"


def write_partitioned(tables: dict[str, pd.DataFrame], out: str | Path) -> dict:
    """Write every table as a dataset hive-partitioned by ``source_id`` into ``out``; return the manifest.

    ``out`` must be new, empty, or a data folder this package wrote, and never inside an installed
    copy of the package (:func:`silkroad_data.store.check_out`, as for the single-file layout). It is
    replaced at once: the new folder is written beside it, then swapped in under the same lock as
    the single-file layout's (:func:`silkroad_data.store.build_lock`), so concurrent builds into one
    folder wait for each other, and a failed one leaves the previous folder as it was.
    """
    from ..store import build_lock, check_out, fsync, sibling, unlocked_recover
    from .write import table_citations

    out = check_out(Path(out))
    citations = table_citations(tables)
    with build_lock(out):
        unlocked_recover(out)  # what a crashed build left: finished or undone
        check_out(out)  # again, under the lock
        new, old = sibling(out, "new"), sibling(out, "old")
        try:
            manifest = _write_new(tables, new, citations)
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


def _write_new(tables: dict[str, pd.DataFrame], new: Path, citations: dict) -> dict:
    """Write the partitioned files and their manifest (last) into the new folder ``new``."""
    from .write import to_arrow

    new.mkdir()
    files = {}
    for name in sorted(tables):
        df = tables[name]
        parts = [(f"source_id={sid}", part) for sid, part in df.groupby("source_id", sort=True)] \
            if "source_id" in df.columns and len(df) else [("", df)]
        for folder, part in parts:
            path = new / name / folder / "part-0.parquet" if folder else new / name / "part-0.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(to_arrow(name, part.reset_index(drop=True), citations[name]), path,
                           compression="zstd", write_statistics=True)
            files[path.relative_to(new).as_posix()] = {"table": name, "rows": len(part), "sha256": sha256_of(path)}
    manifest = {"dataset": "silkroad_data", "version": __version__, "layout": LAYOUT, "files": files}
    (new / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest
