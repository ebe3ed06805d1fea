"""Writing the tables: deterministic Parquet files with self-describing metadata, swapped in at once.

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

import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .._version import __version__
from ..errors import DataError
from ..exports.datapackage import write_descriptor
from ..citation.cff import dataset_citation
from ..metadata import OBSERVATION_TABLES, RESOURCES, dataset
from ..paths import MANIFEST, sha256_of
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


# The swap. The new files are written into a hidden sibling folder ``.<name>.new``; when every
# file and the manifest (written last) are on disk, the folder in place moves aside to
# ``.<name>.old``, the new one takes its name, and the old one is deleted. A crash can stop this
# at any instant; whoever comes next (a build, or a load that finds no data folder) runs
# :func:`recover` under the same lock: a complete new folder is put in place (or else the old
# one is put back), and every leftover is deleted. So there is always a loadable data folder,
# or one recover() away.

def _sibling(out: Path, kind: str) -> Path:
    return out.parent / f".{out.name}.{kind}"


def lock_path(out: Path) -> Path:
    """The lock file of the data folder ``out`` (beside it, never inside the folder swapped)."""
    return _sibling(out, "lock")


@contextmanager
def build_lock(out: Path, timeout: float = -1):
    """One writer at a time per data folder (concurrent builds wait for each other).

    A cross-platform lock (the ``filelock`` package: ``fcntl`` on Unix, ``msvcrt`` on Windows).
    """
    from filelock import FileLock

    out.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(lock_path(out), timeout=timeout):
        yield


def _leftovers(out: Path) -> list[Path]:
    """Folders left beside ``out`` by interrupted swaps (this version's and earlier versions' names)."""
    prefix = f".{out.name}."
    try:
        siblings = list(out.parent.iterdir())
    except OSError:
        return []
    return sorted(p for p in siblings if p.name.startswith(prefix) and p.name != lock_path(out).name
                  and (p.name[len(prefix):] in ("new", "old") or p.name[len(prefix):].startswith(("tmp-", "old-"))))


def is_complete(folder: Path) -> bool:
    """True when ``folder`` holds a manifest this package wrote and every file it lists, intact."""
    import hashlib

    try:
        doc = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        entries = doc["tables"].values()
        if doc.get("dataset") != "silkroad_data" or not (folder / "datapackage.json").is_file():
            return False
        for e in entries:
            name = str(e["file"])
            if Path(name).name != name or name.startswith("."):
                return False
            data = (folder / name).read_bytes()
            if len(data) != e["bytes"] or hashlib.sha256(data).hexdigest() != e["sha256"]:
                return False
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return True


def _unlocked_recover(out: Path) -> bool:
    """recover() for a caller that holds the lock."""
    leftovers = _leftovers(out)
    if not leftovers:
        return False
    if not out.exists():
        new = _sibling(out, "new")
        olds = [p for p in leftovers if p.name != new.name and p.is_dir()]
        if new in leftovers and is_complete(new):
            os.replace(new, out)
        else:
            # The most recent previous folder that is complete (earlier versions named it .old-PID).
            olds.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
            back = next((p for p in olds if is_complete(p)), None)
            if back is not None:
                os.replace(back, out)
    for p in _leftovers(out):
        shutil.rmtree(p, ignore_errors=True)
    return True


def recover(out: Path, timeout: float = -1) -> bool:
    """Finish or undo a swap that a crash interrupted, and delete what it left; True if there was any.

    Takes the lock first, so a swap still under way in another process is waited for, not undone.

    >>> from silkroad_data.build.write import recover
    >>> recover(Path("silkroad_data/data"))   # doctest: +SKIP
    False
    """
    out = Path(out)
    if not _leftovers(out):
        return False
    with build_lock(out, timeout):
        return _unlocked_recover(out)


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # a folder cannot be opened on Windows; its entries are durable there anyway
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _package_wrote(folder: Path) -> bool:
    """True when ``folder`` holds only a data folder this package wrote (a manifest and its files)."""
    try:
        doc = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        ours = {MANIFEST, "datapackage.json"} | {str(e["file"]) for e in doc["tables"].values()}
        if doc.get("dataset") != "silkroad_data":
            return False
        return all(p.name in ours and p.is_file() and not p.is_symlink() for p in folder.iterdir())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def check_out(out: Path) -> Path:
    """``out`` as an absolute path, if a build may replace it; else a :class:`DataError` saying why.

    A build replaces the whole folder, so it must be new, empty, or a data folder that this
    package wrote; and an installed copy of the package is never written into.
    """
    from ..paths import PACKAGE_DIR, SOURCE_CHECKOUT

    given = out
    out = Path(out).expanduser().resolve()
    what = f"`--out {given}`" + (f" ({out})" if str(given) != str(out) else "")
    if out.parent == out:
        raise DataError(f"{what} is the root of the file system; give a folder of its own for the tables, such as ./data.")
    if not SOURCE_CHECKOUT and (out == PACKAGE_DIR or PACKAGE_DIR in out.parents):
        raise DataError(f"{what} is inside the installed package ({PACKAGE_DIR}), which is never written into: its "
                        "tables ship built. Give a folder of your own, such as --out ./data.")
    cwd = Path.cwd().resolve()
    if out == cwd or out in cwd.parents:
        raise DataError(f"{what} is the current folder or holds it; a build replaces the whole folder it writes. "
                        "Give a new folder of its own, such as --out ./data.")
    if out.exists() and not out.is_dir():
        raise DataError(f"{what} is a file, not a folder; give a new folder for the tables, such as --out ./data.")
    if out.is_dir() and any(out.iterdir()) and not _package_wrote(out):
        held = sorted(p.name for p in out.iterdir())
        shown = ", ".join(held[:5]) + (", …" if len(held) > 5 else "")
        raise DataError(f"{what} holds files that this package did not write ({shown}); a build replaces the whole "
                        "folder, so nothing there is touched. Give a new or empty folder, or the data folder of an "
                        "earlier build.")
    return out


def _publish(tables: dict[str, pd.DataFrame], out: Path, citations: dict, result: dict):
    """Write and swap in the new folder, one step at a time.

    A generator that yields after each step, so that a test can stop it after any step as a
    crash would (no handler of this function runs then); :func:`write_tables` runs it whole.
    """
    new, old = _sibling(out, "new"), _sibling(out, "old")
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
        _fsync(p)
    series = {}
    for name in OBSERVATION_TABLES:
        for sid in tables[name]["series_id"]:
            series[sid] = name
    manifest = {"dataset": "silkroad_data", "version": __version__, "tables": entries,
                "series": dict(sorted(series.items()))}
    # The manifest last: a folder with a manifest is complete.
    (new / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    _fsync(new / MANIFEST)
    _fsync(new)
    result["manifest"] = manifest
    yield "write manifest.json"
    if out.exists():
        os.replace(out, old)
        yield "move the old folder aside"
    os.replace(new, out)
    _fsync(out.parent)
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
        _unlocked_recover(out)
        check_out(out)  # again, under the lock
        try:
            for _ in _publish(tables, out, citations, result):
                pass
        except BaseException:
            # A failure, not a crash: undo now (put the old folder back, delete the new one).
            shutil.rmtree(_sibling(out, "new"), ignore_errors=True)
            _unlocked_recover(out)
            raise
    return result["manifest"]
