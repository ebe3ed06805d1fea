"""A Data Package v2 descriptor (``datapackage.json``) from the metadata.

The same declarations that drive validation and the Parquet metadata give each resource
its Table Schema (:meth:`silkroad_data.metadata.Resource.table_schema`): types, descriptions,
units (a custom ``unit`` property), controlled vocabularies as ``enum`` constraints and as v2
``categories`` (each code with its meaning), primary and foreign keys. Each resource also
carries its file's SHA-256 (and a CSV file its bytes). The package names its contributors,
keywords, licence and the papers (with a link where they have one); ``created`` is the release
day of the data version, never the clock, so the same records give the same descriptor.

Frictionless checks the hash and size of CSV files; it does not check a Parquet file's hash.
The package does that itself: the loader and ``silkroad-data validate`` compare every Parquet
file with the SHA-256 in ``manifest.json``.

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

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLE_SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
_FORMATS = {"csv": ("csv", "text/csv"), "parquet": ("parquet", "application/vnd.apache.parquet")}


def table_schema(table: str) -> dict:
    """The Table Schema of ``table``: fields, primary key and foreign keys, as the metadata declares them."""
    return {"$schema": TABLE_SCHEMA_PROFILE, **RESOURCES[table].table_schema()}


def _link(source: dict) -> str | None:
    """Where a paper can be found: its DOI, else its web address (for papers that are only on the web)."""
    if source.get("doi"):
        return f"https://doi.org/{source['doi']}"
    return source.get("url") or None


def descriptor(folder: Path, fmt: str, sources: list[dict], tables: list[str] | None = None,
               files: dict[str, list[str]] | None = None) -> dict:
    """The data package describing the ``fmt`` files (``<table>.<fmt>``) in ``folder``.

    ``sources`` are rows of the sources table (their citations become the package's sources).
    ``files`` gives, for a table written as several files (the partitioned layout), their paths in
    ``folder``: its resource's ``path`` is then their list, and the manifest holds each file's SHA-256.
    """
    folder = Path(folder)
    ext, mediatype = _FORMATS[fmt]
    resources = []
    for name in tables or list(RESOURCES):
        if files is not None:
            resources.append({"name": name, "type": "table", "path": list(files[name]), "format": ext,
                              "mediatype": mediatype, "description": RESOURCES[name].description,
                              "schema": table_schema(name)})
            continue
        path = folder / f"{name}.{ext}"
        data = path.read_bytes()
        res = {"name": name, "type": "table", "path": path.name, "format": ext, "mediatype": mediatype,
               "description": RESOURCES[name].description,
               "hash": f"sha256:{hashlib.sha256(data).hexdigest()}", "schema": table_schema(name)}
        if fmt == "csv":
            # Frictionless counts the bytes of text files it streams; a Parquet file is read
            # whole by its reader, so its size is in the manifest instead.
            res["bytes"] = len(data)
            res["encoding"] = "utf-8"
        resources.append(res)
    package = {
        "$schema": PROFILE,
        "name": dataset.NAME,
        "title": dataset.TITLE,
        "description": dataset.DESCRIPTION,
        # The release's DOI as the package's id, once a repository has given it one (never made up).
        **({"id": f"https://doi.org/{dataset.doi(__version__)}"} if dataset.doi(__version__) else {}),
        "version": __version__,
        "created": f"{dataset.released(__version__)}T00:00:00Z",
        **({"homepage": dataset.HOMEPAGE} if dataset.HOMEPAGE else {}),
        "keywords": list(dataset.KEYWORDS),
        "contributors": [dict(c) for c in dataset.CONTRIBUTORS],
        "licenses": [dataset.LICENSE],
        "sources": [{"title": s["citation"], **({"path": _link(s)} if _link(s) else {})} for s in sources],
        "resources": resources,
    }
    return package


def write_descriptor(folder: Path, fmt: str, sources: list[dict], tables: list[str] | None = None,
                     files: dict[str, list[str]] | None = None) -> Path:
    """Write ``datapackage.json`` into ``folder`` and return its path."""
    path = Path(folder) / "datapackage.json"
    text = json.dumps(descriptor(folder, fmt, sources, tables, files), indent=2, ensure_ascii=False, sort_keys=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path
