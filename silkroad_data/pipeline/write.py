"""Writing the tables: deterministic Parquet files with self-describing metadata, swapped in at once.

Each file carries, in its schema metadata, the table's description, each column's
description and unit, the dataset version and the full citations of the papers it draws
on, so a file passed around alone still says where its numbers come from. No timestamps or
random ids are written: the same records in the same environment give the same bytes.

Example
-------
>>> from silkroad_data.pipeline.write import arrow_schema
>>> arrow_schema("trade").field("value").metadata[b"unit"]
b'see unit'
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .._version import __version__
from ..exports.datapackage import write_descriptor
from ..citation.cff import dataset_citation
from ..metadata import OBSERVATION_TABLES, RESOURCES, dataset
from ..paths import MANIFEST, sha256_of
from ..store import build_lock, check_out, fsync, sibling, unlocked_recover
from .columns import arrow_columns, arrow_type

METADATA_KEY = b"silkroad_data"


def arrow_schema(table: str, citations: list[str] | None = None) -> pa.Schema:
    """The Arrow schema of ``table``: types, nullability, column and table descriptions."""
    resource = RESOURCES[table]
    fields = []
    for f in resource.fields:
        meta = {b"description": f.description.encode()}
        if f.unit:
            meta[b"unit"] = f.unit.encode()
        if f.vocabulary is not None:
            meta[b"vocabulary"] = ",".join(f.vocabulary.codes()).encode()
        fields.append(pa.field(f.name, arrow_type(f.type), nullable=not resource.required(f), metadata=meta))
    table_meta = {
        "dataset": "silkroad_data",
        "version": __version__,
        "table": table,
        "description": resource.description,
        "primary_key": resource.primary_key,
        "citations": citations or [],
        # What a reader of the file-level key-value metadata (DuckDB's parquet_kv_metadata, R's
        # readers, Spark) sees without Arrow's per-column metadata: every column's description,
        # unit and vocabulary (codes with their meanings), the licence and the dataset's citation.
        "schema": resource.table_schema(),
        "licence": dataset.LICENSE,
        "dataset_citation": dataset_citation(__version__),
    }
    return pa.schema(fields, metadata={METADATA_KEY: json.dumps(table_meta, ensure_ascii=False, sort_keys=True).encode()})


def table_citations(tables: dict[str, pd.DataFrame]) -> dict[str, list[str]]:
    """For each table, the full citations of the papers its rows draw on."""
    sources = tables["sources"]
    citation_of = dict(zip(sources["source_id"], sources["citation"]))
    return {name: frame_citations(df, citation_of) for name, df in tables.items()}


def frame_citations(df: pd.DataFrame, citation_of: dict[str, str]) -> list[str]:
    """The full citations (``citation_of``: source_id -> citation) of the papers the rows of ``df`` draw on."""
    used = set()
    for col in df.columns:
        if col == "source_id" or col.startswith("source_id_"):
            used |= set(df[col].dropna().unique().tolist())  # the distinct ids, not every row's
    return [citation_of[s] for s in sorted(used) if s in citation_of]


def _column(series: pd.Series) -> list:
    # Plain Python values, so the Arrow types come from the registry and not from pandas.
    # Every missing form (None, NaN, NA, NaT) as None, found by pandas at once rather than value by value.
    if not series.hasnans:
        return series.tolist()
    return series.astype(object).where(series.notna(), None).tolist()


def _records(df: pd.DataFrame) -> list[dict]:
    """Rows of ``df`` as dicts of plain values, missing ones as None (as ``plain_records`` gives them, column by column)."""
    names = list(df.columns)
    return [dict(zip(names, values)) for values in zip(*(_column(df[name]) for name in names))]


def to_arrow(table: str, df: pd.DataFrame, citations: list[str]) -> pa.Table:
    """``df`` as an Arrow table with the registry's schema and metadata."""
    return pa.Table.from_arrays(arrow_columns(table, df), schema=arrow_schema(table, citations))


def _publish(tables: dict[str, pd.DataFrame], out: Path, citations: dict, result: dict):
    """Write and swap in the new folder, one step at a time.

    A generator that yields after each step, so that a test can stop it after any step as a
    crash would (no handler of this function runs then); :func:`write_tables` runs it whole.
    """
    new, old = sibling(out, "new"), sibling(out, "old")
    new.mkdir()
    yield "mkdir"
    entries = {}
    for name in sorted(tables):
        df = tables[name]
        path = new / f"{name}.parquet"
        pq.write_table(to_arrow(name, df, citations[name]), path, compression="zstd", write_statistics=True)
        entries[name] = {
            "file": path.name,
            "kind": RESOURCES[name].kind,
            "description": RESOURCES[name].description,
            "rows": len(df),
            "bytes": path.stat().st_size,
            "sha256": sha256_of(path),
        }
        yield f"write {path.name}"
    write_descriptor(new, "parquet", _records(tables["sources"]), sorted(tables))
    yield "write datapackage.json"
    for p in new.iterdir():
        fsync(p)
    series = {}
    for name in OBSERVATION_TABLES:
        for sid in tables[name]["series_id"].unique().tolist():
            series[sid] = name
    manifest = {"dataset": "silkroad_data", "version": __version__, "tables": entries,
                "series": dict(sorted(series.items()))}
    # The manifest last: a folder with a manifest is complete.
    (new / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    fsync(new / MANIFEST)
    fsync(new)
    result["manifest"] = manifest
    yield "write manifest.json"
    if out.exists():
        os.replace(out, old)
        yield "move the old folder aside"
    os.replace(new, out)
    fsync(out.parent)
    yield "move the new folder in"
    shutil.rmtree(old, ignore_errors=True)
    yield "delete the old folder"


def write_tables(tables: dict[str, pd.DataFrame], out: Path) -> dict:
    """Write every table and the manifest into ``out``, replacing its old content at once.

    Files are first written into a sibling folder; only when all of them and the manifest
    are complete does that folder take the place of ``out`` (see :func:`recover`). ``out``
    must be new, empty, or a data folder this package wrote (:func:`check_out`).
    """
    out = check_out(Path(out))
    citations = table_citations(tables)
    result: dict = {}
    with build_lock(out):
        unlocked_recover(out)
        check_out(out)  # again, under the lock
        try:
            for _ in _publish(tables, out, citations, result):
                pass
        except BaseException:
            # A failure, not a crash: undo now (put the old folder back, delete the new one).
            shutil.rmtree(sibling(out, "new"), ignore_errors=True)
            unlocked_recover(out)
            raise
    return result["manifest"]
