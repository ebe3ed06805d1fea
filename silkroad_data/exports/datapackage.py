"""A Frictionless Data Package descriptor (``datapackage.json``) from the metadata.

The same declarations that drive validation and the Parquet metadata give each resource
its Table Schema (:meth:`silkroad_data.metadata.Resource.table_schema`): types, descriptions,
units (a custom ``unit`` property), controlled vocabularies as ``enum`` constraints, primary
and foreign keys. Each resource also carries its file's SHA-256 (and a CSV file its bytes).

Example
-------
>>> from silkroad_data.exports.datapackage import table_schema
>>> table_schema("trade")["primaryKey"]
['obs_id']
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .._version import __version__
from ..metadata import RESOURCES, dataset

_FORMATS = {"csv": ("csv", "text/csv"), "parquet": ("parquet", "application/vnd.apache.parquet")}


def table_schema(table: str) -> dict:
    """The Table Schema of ``table``: fields, primary key and foreign keys, as the metadata declares them."""
    return RESOURCES[table].table_schema()


def descriptor(folder: Path, fmt: str, sources: list[dict], tables: list[str] | None = None) -> dict:
    """The data package describing the ``fmt`` files (``<table>.<fmt>``) in ``folder``.

    ``sources`` are rows of the sources table (their citations become the package's sources).
    """
    folder = Path(folder)
    ext, mediatype = _FORMATS[fmt]
    resources = []
    for name in tables or list(RESOURCES):
        path = folder / f"{name}.{ext}"
        data = path.read_bytes()
        res = {"name": name, "path": path.name, "format": ext, "mediatype": mediatype,
               "description": RESOURCES[name].description,
               "hash": f"sha256:{hashlib.sha256(data).hexdigest()}", "schema": table_schema(name)}
        if fmt == "csv":
            # Frictionless counts the bytes of text files it streams; a Parquet file is read
            # whole by its reader, so its size is in the manifest instead.
            res["bytes"] = len(data)
            res["encoding"] = "utf-8"
        resources.append(res)
    return {
        "name": dataset.NAME,
        "title": dataset.TITLE,
        "description": dataset.DESCRIPTION,
        "version": __version__,
        "licenses": [dataset.LICENSE],
        "sources": [{"title": s["citation"], **({"path": f"https://doi.org/{s['doi']}"} if s.get("doi") else {})}
                    for s in sources],
        "resources": resources,
    }


def write_descriptor(folder: Path, fmt: str, sources: list[dict], tables: list[str] | None = None) -> Path:
    """Write ``datapackage.json`` into ``folder`` and return its path."""
    path = Path(folder) / "datapackage.json"
    text = json.dumps(descriptor(folder, fmt, sources, tables), indent=2, ensure_ascii=False, sort_keys=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path
