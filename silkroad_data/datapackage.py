"""A Frictionless Data Package descriptor (``datapackage.json``) from the schema registry.

The same registry that drives validation and the Parquet metadata gives each resource
its Table Schema: types, descriptions, units (a custom ``unit`` property), controlled
vocabularies as ``enum`` constraints, primary and foreign keys. Each resource also carries
its file's bytes and SHA-256, so ``frictionless validate`` checks integrity too.

Example
-------
>>> from silkroad_data.datapackage import table_schema
>>> table_schema("trade")["primaryKey"]
['obs_id']
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import schema
from ._version import __version__

_TYPES = {"string": "string", "float64": "number", "int64": "integer", "bool": "boolean", "date": "date"}
_FORMATS = {"csv": ("csv", "text/csv"), "parquet": ("parquet", "application/vnd.apache.parquet")}
LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}


def _field(c: schema.Column) -> dict:
    f = {"name": c.name, "type": _TYPES[c.dtype], "description": c.description}
    if c.unit:
        f["unit"] = c.unit
    constraints = {}
    if not c.nullable:
        constraints["required"] = True
    if c.vocabulary:
        constraints["enum"] = sorted(schema.VOCABULARIES[c.vocabulary])
    if c.pattern:
        constraints["pattern"] = c.pattern.lstrip("^").rstrip("$")  # Table Schema patterns are anchored
    if c.unique:
        constraints["unique"] = True
    if constraints:
        f["constraints"] = constraints
    return f


def table_schema(table: str) -> dict:
    """The Table Schema of ``table``: fields, primary key and foreign keys."""
    spec = schema.TABLES[table]
    names = {c.name for c in spec.columns}
    foreign = []
    if table != "sources" and "source_id" in names:
        foreign.append({"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}})
    if table != "references" and "reference_id" in names:
        foreign.append({"fields": ["reference_id"], "reference": {"resource": "references", "fields": ["reference_id"]}})
    out = {"fields": [_field(c) for c in spec.columns], "primaryKey": [spec.key], "missingValues": [""]}
    if foreign:
        out["foreignKeys"] = foreign
    return out


def descriptor(folder: Path, fmt: str, sources: list[dict], tables: list[str] | None = None) -> dict:
    """The data package describing the ``fmt`` files (``<table>.<fmt>``) in ``folder``.

    ``sources`` are rows of the sources table (their citations become the package's sources).
    """
    folder = Path(folder)
    ext, mediatype = _FORMATS[fmt]
    resources = []
    for name in tables or list(schema.TABLES):
        path = folder / f"{name}.{ext}"
        data = path.read_bytes()
        res = {"name": name, "path": path.name, "format": ext, "mediatype": mediatype,
               "description": schema.TABLES[name].description,
               "hash": f"sha256:{hashlib.sha256(data).hexdigest()}", "schema": table_schema(name)}
        if fmt == "csv":
            # Frictionless counts the bytes of text files it streams; a Parquet file is read
            # whole by its reader, so its size is in the manifest instead.
            res["bytes"] = len(data)
            res["encoding"] = "utf-8"
        resources.append(res)
    return {
        "name": "silkroad-data",
        "title": "silkroad-data: figures of five papers on China and Latin America",
        "description": "Every quantitative figure of five papers on China-Latin America trade, investment, "
                       "e-commerce and digital infrastructure, each with its citation and verbatim quote.",
        "version": __version__,
        "licenses": [LICENSE],
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
