"""Recording a release: the packaged tables stored in the release history, and the documents made from it.

``silkroad-data release`` records the tables of the data folder as the release of the current
version (its day from ``RELEASED`` in ``metadata/dataset.py``), then writes ``CHANGELOG.md`` and
``.zenodo.json`` from the history. A release, once recorded, never changes: recording it again
with the same tables does nothing, with other tables is refused.

Example
-------
>>> from silkroad_data.pipeline.release import zenodo_metadata
>>> zenodo_metadata()["upload_type"]
'dataset'
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .. import releases
from .._version import __version__
from ..errors import DataError
from ..metadata import OBSERVATION_TABLES, RESOURCES, dataset
from ..paths import DATA_DIR, RAW_DIR
from ..values import plain_records

ROOT = RAW_DIR.parent


def _version_key(version: str) -> tuple:
    parts = []
    for p in version.replace("+", ".").split("."):
        parts.append((0, int(p)) if p.isdigit() else (1, p))
    return tuple(parts)


def _bare(table: pa.Table) -> pa.Table:
    """The table without its file's metadata (descriptions, citations, version): only its rows are stored."""
    schema = pa.schema([f.remove_metadata() for f in table.schema])
    return pa.Table.from_arrays(table.columns, schema=schema)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _store(table: pa.Table) -> str:
    """Store the table's rows in the history (once per distinct content); return their key."""
    bare = _bare(table)
    key = releases.content_key(bare)
    path = releases.object_path(key)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        sink = pa.BufferOutputStream()
        # The strongest zstd level: the history ships in the package, and is written once.
        pq.write_table(bare, sink, compression="zstd", compression_level=19, write_statistics=False)
        _write_atomic(path, sink.getvalue().to_pybytes())
        if releases.content_key(pq.read_table(path)) != key:
            path.unlink()
            raise DataError(f"The stored copy of a table does not read back as written ({path}); nothing recorded.")
    return key


def record_release(folder: Path = DATA_DIR, version: str | None = None, notes: str = "",
                   renamed: dict[str, dict[str, str]] | None = None, root: Path | None = ROOT) -> dict:
    """Record the tables of ``folder`` as release ``version`` (default: the current version); return its record.

    ``renamed`` declares the columns renamed since the previous release with the same meaning,
    by table (``"observations"`` for every observation table): ``{"observations": {"unit_multiplier":
    "printed_scale"}}``. ``notes`` say in words what the release is. With ``root`` (a source
    checkout), ``CHANGELOG.md`` and ``.zenodo.json`` are written there afterwards.

    >>> from silkroad_data.pipeline.release import record_release
    >>> record_release()          # doctest: +SKIP
    """
    from ..loader import read_manifest

    version = version or __version__
    try:
        day = dataset.released(version)
    except KeyError as exc:
        raise DataError(f"{exc.args[0]} (for example \"{version}\": \"YYYY-MM-DD\"), then run `silkroad-data release` "
                        "again.") from None
    manifest = read_manifest(folder)
    entries = {}
    for name in sorted(manifest["tables"]):
        e = manifest["tables"][name]
        arrow = pq.read_table(Path(folder) / e["file"])
        primary = RESOURCES[name].primary_key if name in RESOURCES else None
        entries[name] = {"key": _store(arrow), "rows": arrow.num_rows, "kind": e.get("kind") or RESOURCES[name].kind,
                         **({"primary_key": primary} if primary in arrow.column_names else {})}
    doc = json.loads(json.dumps(releases.history()))  # a copy
    doc.setdefault("releases", [])
    known = {r["version"]: r for r in doc["releases"]}
    if version in known:
        if {n: e["key"] for n, e in known[version]["tables"].items()} == {n: e["key"] for n, e in entries.items()}:
            record = known[version]
        else:
            raise DataError(f"Release {version} is recorded with other tables, and a release never changes: "
                            "set a new version in silkroad_data/_version.py (with its day in RELEASED of "
                            "silkroad_data/metadata/dataset.py), rebuild, and run `silkroad-data release` again.")
    else:
        last = doc["releases"][-1]["version"] if doc["releases"] else None
        if last is not None and _version_key(version) <= _version_key(last):
            raise DataError(f"Version {version} is not later than the last release, {last}; a new release needs a "
                            "higher version in silkroad_data/_version.py.")
        for table, names in (renamed or {}).items():
            for old, new in names.items():
                if not old or not new or old == new:
                    raise DataError(f"A renamed column needs an old and a different new name; got {old!r} -> {new!r}.")
        record = {"version": version, "released": day, "notes": notes,
                  **({"renamed_columns": renamed} if renamed else {}), "tables": entries}
        doc["releases"].append(record)
        doc["format"] = 1
        doc["note"] = "Generated by `silkroad-data release`; do not edit by hand."
        releases.HISTORY.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(releases.HISTORY, (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode())
        releases._CACHE.clear()
    if root is not None:
        write_release_documents(Path(root))
    return record


# --- the documents made from the history -----------------------------------------------------------

def _cell(v) -> str:
    if v is None:
        return "—"
    text = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)
    text = " ".join(text.split())
    text = text if len(text) <= 80 else text[:79] + "…"
    return text.replace("|", "\\|")


def changelog_text() -> str:
    """``CHANGELOG.md``: each release with its day, notes and a summary of its changes, newest first."""
    lines = ["# Changelog", "",
             "Generated by `silkroad-data release` from the release history "
             "(silkroad_data/releases/); do not edit by hand. Every change, figure by figure: "
             "`sd.changes(since=...)` or `silkroad-data changes --since ...` (see docs/releases.md).", ""]
    recs = releases.history()["releases"]
    for i in range(len(recs) - 1, -1, -1):
        r = recs[i]
        lines += [f"## {r['version']} ({r['released']})", ""]
        if r.get("notes"):
            lines += [r["notes"], ""]
        if i == 0:
            total = sum(e["rows"] for e in r["tables"].values() if e["kind"] == "observations")
            lines += [f"The first release: {total} figures in {len(r['tables'])} tables.", ""]
            continue
        ch = releases.changes(since=recs[i - 1]["version"], until=r["version"])
        fig = ch[ch["obs_id"].notna()]
        changed = fig[~fig["field"].isin([releases.ADDED, releases.REMOVED])]
        for what, tables in (("Figures", set(OBSERVATION_TABLES)), ("Projects", {"projects"}),
                             ("Papers (sources)", {"sources"}), ("Credited works (references)", {"references"})):
            part = fig[fig["table"].isin(tables)]
            if part.empty:
                continue
            kinds = {f: len(g) for f, g in part.groupby("field")}
            added, removed = kinds.pop(releases.ADDED, 0), kinds.pop(releases.REMOVED, 0)
            moved = part[~part["field"].isin([releases.ADDED, releases.REMOVED])]["obs_id"].nunique()
            fields = ", ".join(f"`{f}` {n}" for f, n in sorted(kinds.items(), key=lambda x: (-x[1], x[0])))
            lines.append(f"- {what}: {added} added, {removed} removed, {moved} changed in at least one field"
                         + (f" ({fields})" if fields else "") + ".")
        # A "table" change with a figure is that figure moving between tables; without one, a table came or went.
        moves = changed[changed["field"] == "table"]
        for (old, new), group in moves.groupby(["old", "new"], sort=True):
            lines.append(f"- Figures moved from `{old}` to `{new}`: {len(group)}.")
        for c in ch[(ch["field"] == "table") & ch["obs_id"].isna()].to_dict("records"):
            lines.append(f"- Table `{c['new']}` added." if c["old"] is None else f"- Table `{c['old']}` dropped.")
        cols = ch[ch["field"] == "column"]
        for table, group in cols.groupby("table", sort=True):
            said = []
            for kind, pick in (("renamed", lambda c: c["old"] is not None and c["new"] is not None),
                               ("added", lambda c: c["old"] is None), ("dropped", lambda c: c["new"] is None)):
                picked = [c for c in group.to_dict("records") if pick(c)]
                if picked:
                    said.append(f"{kind} " + ", ".join(f"`{c['old']}` → `{c['new']}`" if kind == "renamed"
                                                       else f"`{c['new'] or c['old']}`" for c in picked))
            where = "every observation table" if table == "observations" else f"`{table}`"
            lines.append(f"- Columns of {where}: {'; '.join(said)}.")
        series = changed[changed["field"] == "series_id"]
        if len(series):
            pairs = dict.fromkeys(f"`{o}` → `{n}`" for o, n in zip(series["old"], series["new"]))
            lines.append(f"- Series renamed: {', '.join(pairs)} (an old id still finds its figures).")
        values = changed[changed["field"] == "value"]
        if len(values):
            lines += ["- Values changed:", "", "  | figure | old | new | reason |", "  |---|---|---|---|"]
            lines += [f"  | `{c['obs_id']}` | {_cell(c['old'])} | {_cell(c['new'])} | {_cell(c['reason'])} |"
                      for c in values.to_dict("records")]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _identifier(value: str | None) -> tuple[str, str] | None:
    """(identifier, scheme) of a DOI or a web address; None for anything else."""
    if not isinstance(value, str) or not value.strip():
        return None
    v = value.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if v.lower().startswith(prefix):
            return v[len(prefix):], "doi"
    if v.startswith("10.") and "/" in v:
        return v, "doi"
    if v.startswith(("http://", "https://")):
        return v, "url"
    return None


def _packaged(table: str) -> list[dict]:
    from ..loader import load

    return plain_records(load(table))


def zenodo_metadata(version: str | None = None) -> dict:
    """The deposit metadata of release ``version`` (default: the current one) for Zenodo's ``.zenodo.json``.

    The dataset ``isDerivedFrom`` each paper (its DOI, else its web address), ``cites`` each
    credited work that has one, and ``isNewVersionOf`` the previous release where that release
    has a DOI. No DOI is invented: where none is known, the field is absent.
    """
    version = version or __version__
    related, seen = [], set()

    def add(ident, relation):
        if ident and (ident[0], relation) not in seen:
            seen.add((ident[0], relation))
            related.append({"identifier": ident[0], "relation": relation, "scheme": ident[1]})

    for s in _packaged("sources"):
        add(_identifier(s.get("doi")) or _identifier(s.get("url")), "isDerivedFrom")
    for r in _packaged("references"):
        add(_identifier(r.get("doi")) or _identifier(r.get("url")), "cites")
    earlier = [v for v in releases.versions() if _version_key(v) < _version_key(version)]
    if earlier and dataset.doi(earlier[-1]):
        add((dataset.doi(earlier[-1]), "doi"), "isNewVersionOf")
    meta = {
        "upload_type": dataset.UPLOAD_TYPE,
        "title": dataset.TITLE,
        "version": version,
        "publication_date": dataset.released(version),
        "description": dataset.DESCRIPTION + " " + dataset.HOW_TO_CITE,
        "creators": [{"name": c["title"]} for c in dataset.CONTRIBUTORS if "creator" in c.get("roles", ())],
        "license": dataset.LICENSE["name"],
        "access_right": "open",
        "keywords": list(dataset.KEYWORDS),
        "related_identifiers": related,
    }
    if dataset.doi(version):
        meta["doi"] = dataset.doi(version)
    return meta


def zenodo_text(version: str | None = None) -> str:
    """The text of ``.zenodo.json``."""
    return json.dumps(zenodo_metadata(version), indent=2, ensure_ascii=False) + "\n"


def release_documents(root: Path = ROOT) -> dict[Path, str]:
    """The documents made from the release history, as ``{path: text}``."""
    root = Path(root)
    return {root / "CHANGELOG.md": changelog_text(), root / ".zenodo.json": zenodo_text()}


def write_release_documents(root: Path = ROOT) -> list[Path]:
    """Write ``CHANGELOG.md`` and ``.zenodo.json`` under ``root``; return those that changed."""
    changed = []
    for path, text in release_documents(root).items():
        if not (path.exists() and path.read_text(encoding="utf-8") == text):
            _write_atomic(path, text.encode("utf-8"))
            changed.append(path)
    return changed
