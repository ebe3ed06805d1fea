"""Checking the packaged tables against a fresh build, by content (rows, schema, metadata).

Bytes can differ between pyarrow versions; content must not. Used by
``silkroad-data validate`` and by the test suite.

Example
-------
>>> from silkroad_data.pipeline import assemble                          # doctest: +SKIP
>>> from silkroad_data.pipeline.check.packaged import differences_from_packaged  # doctest: +SKIP
>>> differences_from_packaged(assemble()[0])                          # doctest: +SKIP
[]
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..write import METADATA_KEY, table_citations, to_arrow
from ...paths import DATA_DIR
from ...values import plain_records


def differences_from_packaged(tables: dict, data: Path = DATA_DIR) -> list[str]:
    """Differences between freshly assembled ``tables`` and the files in ``data``."""
    from ...errors import DataError
    from ...loader import read_manifest

    data = Path(data)
    try:
        manifest = read_manifest(data)
    except DataError as exc:
        return [str(exc)]
    out = []
    from ...exports.datapackage import descriptor
    packaged_dp = data / "datapackage.json"
    try:
        fresh_dp = descriptor(data, "parquet", plain_records(tables["sources"]), sorted(tables))
    except OSError:  # a table file missing or not a file: said below, table by table
        fresh_dp = None
    if not packaged_dp.is_file() or _json_or_none(packaged_dp) != fresh_dp:
        out.append(f"datapackage.json in {data} is missing or stale")
    citations = table_citations(tables)
    if set(manifest["tables"]) != set(tables):
        out.append(f"tables differ: packaged {sorted(manifest['tables'])}, fresh {sorted(tables)}")
    for name, df in tables.items():
        entry = manifest["tables"].get(name)
        if entry is None:
            continue
        file = entry["file"]
        if Path(file).name != file or file.startswith("."):
            out.append(f"{name}: the manifest names {file!r} as its file, which is not a file of the data folder")
            continue
        path = data / file
        if not path.is_file():
            out.append(f"{name}: file {path} is missing" if not path.exists() else f"{name}: {path} is not a file")
            continue
        try:
            bytes_ = path.read_bytes()
        except OSError as exc:
            out.append(f"{name}: {path} cannot be read ({exc.strerror or exc})")
            continue
        if hashlib.sha256(bytes_).hexdigest() != entry["sha256"]:
            out.append(f"{name}: {path} does not match the SHA-256 in the manifest")
        fresh = to_arrow(name, df, citations[name])
        try:
            packaged = pq.ParquetFile(pa.BufferReader(bytes_)).read()
        except (pa.ArrowException, OSError, ValueError) as exc:
            out.append(f"{name}: {path} is not a readable Parquet file (empty, truncated or damaged: {exc})")
            continue
        if not packaged.schema.equals(fresh.schema, check_metadata=False):
            out.append(f"{name}: schema differs")
        elif [f.metadata for f in packaged.schema] != [f.metadata for f in fresh.schema]:
            out.append(f"{name}: column metadata differs")
        elif packaged.schema.metadata.get(METADATA_KEY) != fresh.schema.metadata.get(METADATA_KEY):
            out.append(f"{name}: table metadata differs")
        elif not packaged.equals(fresh):
            out.append(f"{name}: rows differ ({packaged.num_rows} packaged, {fresh.num_rows} fresh)")
        if entry["rows"] != len(df):
            out.append(f"{name}: manifest says {entry['rows']} rows, fresh build has {len(df)}")
    return out


def differences_from_manifest(data: Path = DATA_DIR) -> list[str]:
    """Differences between the files of the data folder ``data`` and its manifest: each table's
    file, bytes, SHA-256 and rows, and the descriptor's presence (what an installed copy can check).

    >>> from silkroad_data.pipeline.check.packaged import differences_from_manifest
    >>> differences_from_manifest()
    []
    """
    from ...errors import DataError
    from ...loader import read_manifest

    data = Path(data)
    try:
        manifest = read_manifest(data)
    except DataError as exc:
        return [str(exc)]
    out = [] if (data / "datapackage.json").is_file() else [f"datapackage.json in {data} is missing"]
    for name, entry in sorted(manifest["tables"].items()):
        file = entry["file"]
        if Path(file).name != file or file.startswith("."):
            out.append(f"{name}: the manifest names {file!r} as its file, which is not a file of the data folder")
            continue
        path = data / file
        try:
            bytes_ = path.read_bytes()
        except OSError as exc:
            out.append(f"{name}: {path} cannot be read ({exc.strerror or exc})")
            continue
        if len(bytes_) != entry["bytes"] or hashlib.sha256(bytes_).hexdigest() != entry["sha256"]:
            out.append(f"{name}: {path} does not match the size and SHA-256 in the manifest")
            continue
        try:
            rows = pq.ParquetFile(pa.BufferReader(bytes_)).metadata.num_rows
        except (pa.ArrowException, OSError, ValueError) as exc:
            out.append(f"{name}: {path} is not a readable Parquet file ({exc})")
            continue
        if rows != entry["rows"]:
            out.append(f"{name}: manifest says {entry['rows']} rows, the file holds {rows}")
    return out


def _json_or_none(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
