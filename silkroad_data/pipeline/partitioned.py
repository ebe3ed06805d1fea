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
from ..errors import DataError
from ..paths import MANIFEST, sha256_of

LAYOUT = "partitioned"


def _ours(folder: Path) -> bool:
    try:
        doc = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return doc.get("dataset") == "silkroad_data" and doc.get("layout") == LAYOUT
    except (OSError, ValueError, AttributeError):
        return False


def write_partitioned(tables: dict[str, pd.DataFrame], out: str | Path) -> dict:
    """Write every table as a dataset hive-partitioned by ``source_id`` into ``out``; return the manifest.

    ``out`` must be new, empty, or a partitioned folder this package wrote; it is replaced
    at once (the new folder is written beside it, then renamed).
    """
    from .write import table_citations, to_arrow

    out = Path(out).expanduser().resolve()
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not _ours(out))):
        raise DataError(f"`--out {out}` holds files that this package did not write as a partitioned layout; "
                        "give a new or empty folder.")
    citations = table_citations(tables)
    new = out.parent / f".{out.name}.new"
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir(parents=True)
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
    old = out.parent / f".{out.name}.old"
    if out.exists():
        os.replace(out, old)
    os.replace(new, out)
    shutil.rmtree(old, ignore_errors=True)
    return manifest
