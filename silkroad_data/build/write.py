"""Writing the tables: deterministic Parquet files with self-describing metadata, atomically.

Each file carries, in its schema metadata, the table's description, each column's
description and unit, the dataset version and the full citations of the papers it draws
on, so a file passed around alone still says where its numbers come from. No timestamps or
random ids are written: the same records in the same environment give the same bytes.

Example
-------
>>> from silkroad_data.build.write import arrow_schema
>>> arrow_schema("trade").field("value").metadata[b"unit"]
b'see unit'
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .._version import __version__
from ..exports.datapackage import write_descriptor
from ..cite.cff import dataset_citation
from ..metadata import FIELD_TYPES, OBSERVATION_TABLES, RESOURCES, dataset
from ..paths import MANIFEST, sha256_of
from ..values import plain, plain_records

METADATA_KEY = b"silkroad_data"


def arrow_type(kind: str) -> pa.DataType:
    """The Arrow type of a field type of the metadata."""
    return getattr(pa, FIELD_TYPES[kind][2])()


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
    out = {}
    for name, df in tables.items():
        used = set()
        for col in df.columns:
            if col == "source_id" or col.startswith("source_id_"):
                used |= set(df[col].dropna())
        out[name] = [citation_of[s] for s in sorted(used) if s in citation_of]
    return out


def _column(series: pd.Series) -> list:
    # Plain Python values, so the Arrow types come from the registry and not from pandas.
    values = series.tolist()
    return [plain(v) for v in values]


def to_arrow(table: str, df: pd.DataFrame, citations: list[str]) -> pa.Table:
    """``df`` as an Arrow table with the registry's schema and metadata."""
    sch = arrow_schema(table, citations)
    arrays = [pa.array(_column(df[f.name]), type=f.type) for f in sch]
    return pa.Table.from_arrays(arrays, schema=sch)


@contextmanager
def build_lock(out: Path):
    """One build at a time per data folder (concurrent builds wait for each other)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f".{out.name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_tables(tables: dict[str, pd.DataFrame], out: Path) -> dict:
    """Write every table and the manifest into ``out``, replacing its old content at once.

    Files are first written into a sibling folder; only when all of them and the manifest
    are complete does that folder take the place of ``out``.
    """
    out = Path(out)
    citations = table_citations(tables)
    with build_lock(out):
        tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        try:
            entries = {}
            for name in sorted(tables):
                df = tables[name]
                path = tmp / f"{name}.parquet"
                pq.write_table(to_arrow(name, df, citations[name]), path, compression="zstd", write_statistics=True)
                entries[name] = {
                    "file": path.name,
                    "kind": RESOURCES[name].kind,
                    "description": RESOURCES[name].description,
                    "rows": len(df),
                    "bytes": path.stat().st_size,
                    "sha256": sha256_of(path),
                }
            write_descriptor(tmp, "parquet", plain_records(tables["sources"]), sorted(tables))
            series = {}
            for name in OBSERVATION_TABLES:
                for sid in tables[name]["series_id"]:
                    series[sid] = name
            manifest = {"dataset": "silkroad_data", "version": __version__, "tables": entries,
                        "series": dict(sorted(series.items()))}
            (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
            for p in tmp.iterdir():
                with open(p, "rb") as fh:
                    os.fsync(fh.fileno())
            old = out.parent / f".{out.name}.old-{os.getpid()}"
            if out.exists():
                os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return manifest
