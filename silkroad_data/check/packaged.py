"""Checking the packaged tables against a fresh build, by content (rows, schema, metadata).

Bytes can differ between pyarrow versions; content must not. Used by
``silkroad-data validate`` and by the test suite.

Example
-------
>>> from silkroad_data.build import assemble                          # doctest: +SKIP
>>> from silkroad_data.check.packaged import differences_from_packaged  # doctest: +SKIP
>>> differences_from_packaged(assemble()[0])                          # doctest: +SKIP
[]
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from ..build.write import METADATA_KEY, table_citations, to_arrow
from ..paths import DATA_DIR, MANIFEST, sha256_of
from ..values import plain_records


def differences_from_packaged(tables: dict, data: Path = DATA_DIR) -> list[str]:
    """Differences between freshly assembled ``tables`` and the files in ``data``."""
    data = Path(data)
    try:
        manifest = json.loads((data / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return [f"manifest {data / MANIFEST} cannot be read: {exc}"]
    out = []
    from ..exports.datapackage import descriptor
    packaged_dp = data / "datapackage.json"
    fresh_dp = descriptor(data, "parquet", plain_records(tables["sources"]), sorted(tables))
    if not packaged_dp.exists() or json.loads(packaged_dp.read_text(encoding="utf-8")) != fresh_dp:
        out.append(f"datapackage.json in {data} is missing or stale")
    citations = table_citations(tables)
    if set(manifest["tables"]) != set(tables):
        out.append(f"tables differ: packaged {sorted(manifest['tables'])}, fresh {sorted(tables)}")
    for name, df in tables.items():
        entry = manifest["tables"].get(name)
        if entry is None:
            continue
        path = data / entry["file"]
        if not path.exists():
            out.append(f"{name}: file {path} is missing")
            continue
        if sha256_of(path) != entry["sha256"]:
            out.append(f"{name}: {path} does not match the SHA-256 in the manifest")
        fresh = to_arrow(name, df, citations[name])
        packaged = pq.read_table(path)
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
