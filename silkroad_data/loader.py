"""Loading the packaged tables: checked against the manifest, cached by content, light to import.

This module imports pandas and pyarrow only; never pandera, matplotlib or PyYAML.

Example
-------
>>> import silkroad_data as sd
>>> trade = sd.load("trade")
>>> {"obs_id", "value", "quote"} <= set(trade.columns)
True
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import DataError
from .paths import DATA_DIR, MANIFEST

_INTEGERS = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}  # the pandas types FIELD_TYPES declares
_RESTORE = ("Restore the packaged files with `git checkout -- silkroad_data/data` in a checkout, "
            "rebuild them with `silkroad-data build`, or reinstall the package.")


_MANIFESTS: dict = {}  # manifest path -> ((device, inode, mtime, size), manifest)
_HEX = frozenset("0123456789abcdef")


def _shape_problem(doc) -> str | None:
    """What makes ``doc`` not a manifest this package writes, or None."""
    if not isinstance(doc, dict):
        return f"it holds a {type(doc).__name__}, not a mapping"
    tables = doc.get("tables")
    if not isinstance(tables, dict):
        return "its 'tables' mapping is missing or not a mapping"
    if not isinstance(doc.get("series", {}), dict):
        return "its 'series' entry is not a mapping"
    for name, e in tables.items():
        if not isinstance(e, dict):
            return f"the entry of table {name!r} is not a mapping"
        for key, kind in (("file", str), ("bytes", int), ("rows", int), ("sha256", str)):
            if not isinstance(e.get(key), kind) or isinstance(e.get(key), bool):
                return f"the entry of table {name!r} has no {kind.__name__} '{key}'"
        if len(e["sha256"]) != 64 or not set(e["sha256"]) <= _HEX:
            return f"the entry of table {name!r} has a 'sha256' that is not 64 hex digits"
    return None


def read_manifest(folder: Path) -> dict:
    """The manifest of the data folder ``folder``, checked for shape; a :class:`DataError` says what is wrong."""
    path = Path(folder) / MANIFEST
    try:
        doc = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise DataError(f"The data manifest {path} is missing. {_RESTORE}") from None
    except IsADirectoryError:
        raise DataError(f"The data manifest {path} is a folder, not a file. {_RESTORE}") from None
    except (ValueError, RecursionError) as exc:
        raise DataError(f"The data manifest {path} is damaged ({exc}). {_RESTORE}") from None
    except OSError as exc:
        raise DataError(f"The data manifest {path} cannot be read ({exc.strerror or exc}). {_RESTORE}") from None
    problem = _shape_problem(doc)
    if problem:
        raise DataError(f"The data manifest {path} is not one this package wrote: {problem}. {_RESTORE}")
    doc.setdefault("series", {})
    return doc


def _stamp(path: Path):
    st = path.stat()
    return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size


def _recover_swap() -> bool:
    """When a build's swap was interrupted (or is under way), wait for it or finish it; True if it did."""
    try:
        from .store import recover

        return recover(DATA_DIR, timeout=60)
    except Exception:  # a read-only folder, a lock that cannot be had: report the data missing
        return False


def manifest() -> dict:
    """The manifest of the packaged tables: file, rows, bytes and SHA-256 of each.

    Read again whenever the file changes, so a process that rebuilt the tables sees its new files.

    >>> import silkroad_data as sd
    >>> from silkroad_data.loader import manifest
    >>> manifest()["tables"]["trade"]["file"]
    'trade.parquet'
    """
    path = DATA_DIR / MANIFEST
    for attempt in (1, 2):
        try:
            stamp = _stamp(path)
        except FileNotFoundError:
            if attempt == 1 and _recover_swap():
                continue
            break
        except OSError:
            break
        cached = _MANIFESTS.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
        doc = read_manifest(DATA_DIR)
        _MANIFESTS[path] = (stamp, doc)
        return doc
    return read_manifest(DATA_DIR)  # raises the message of what is wrong


manifest.cache_clear = _MANIFESTS.clear  # type: ignore[attr-defined]


def _unknown(kind: str, name: str, known) -> DataError:
    import difflib  # only for this message

    close = difflib.get_close_matches(str(name), list(known), n=3, cutoff=0.5)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return DataError(f"Unknown {kind} {name!r}.{hint} Known: {', '.join(sorted(known))}." if len(known) < 30
                     else f"Unknown {kind} {name!r}.{hint} See sd.tables() or sd.search().")


def table_entry(table: str) -> dict:
    """The manifest entry of ``table``; an unknown name lists the close matches."""
    tables = manifest()["tables"]
    if isinstance(table, str) and table not in tables and re.fullmatch(r"[a-z0-9]+\.\w+", table):
        raise DataError(f"{table!r} is the id of a figure, not a table: sd.figure({table!r}) returns it, "
                        f"and sd.load(table) one of {', '.join(sorted(tables))}.")
    if not isinstance(table, str) or table not in tables:
        raise _unknown("table", table, tables)
    return tables[table]


def parquet_path(table: str) -> Path:
    """Path of the Parquet file of ``table`` in the data folder, for DuckDB, Polars or Spark.

    >>> from silkroad_data.loader import parquet_path
    >>> parquet_path("trade").name
    'trade.parquet'
    """
    # The file name comes from the manifest, never from the caller, so no caller can
    # reach a path outside the data folder.
    return _file_of(table_entry(table), table)


def _file_of(entry: dict, table: str) -> Path:
    name = str(entry.get("file", ""))
    if not name or Path(name).name != name or name.startswith("."):
        raise DataError(f"The manifest names {name!r} as the file of table '{table}', which is not a file of the "
                        f"data folder. {_RESTORE}")
    return DATA_DIR / name


def _checked(table: str) -> tuple[bytes, dict]:
    """The bytes of the table's file, checked against the manifest (size and SHA-256), and its entry.

    The bytes checked are the bytes parsed: the file is read once. When they do not match, the
    manifest is read again: a build may have swapped the data folder in between.
    """
    for attempt in (1, 2, 3):
        entry = table_entry(table)
        path = _file_of(entry, table)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            problem = "is missing"
        except IsADirectoryError:
            problem = "is a folder, not a file"
        except OSError as exc:
            problem = f"cannot be read ({exc.strerror or exc})"
        else:
            if len(data) == entry["bytes"] and hashlib.sha256(data).hexdigest() == entry["sha256"]:
                return data, entry
            problem = "does not match the manifest: it is damaged, truncated or edited by hand"
        # A build that swapped the folder meanwhile changed the manifest too: read both again.
        if table_entry(table) == entry and not (attempt == 1 and _recover_swap()):
            break
    raise DataError(f"The file of table '{table}' ({path}) {problem}. {_RESTORE}")


_checked.cache_clear = lambda: None  # type: ignore[attr-defined]  # nothing cached: kept for callers that clear every cache


@lru_cache(maxsize=32)
def _parsed(folder: str, table: str, sha256: str) -> pd.DataFrame:
    data, entry = _checked(table)
    try:
        arrow = pq.ParquetFile(pa.BufferReader(data)).read()
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise DataError(f"The file of table '{table}' in {folder} matches its manifest but is not a Parquet file "
                        f"this package can read ({exc}). {_RESTORE}") from None
    # Nullable integers stay integers (a missing year is <NA>, not a float NaN), and booleans booleans.
    return _categorical(table, arrow.to_pandas(date_as_object=False, types_mapper=_INTEGERS.get))


def _frame(table: str) -> pd.DataFrame:
    """The table as read from the current data folder (cached by the SHA-256 of its file)."""
    if not isinstance(table, str):
        kind = type(table).__name__
        raise DataError(f"A table is named by one string, such as sd.load('trade'); got the {kind} {table!r}. "
                        "To load several: {name: sd.load(name) for name in ['trade', 'investment']}.")
    entry = table_entry(table)
    return _parsed(str(DATA_DIR), table, entry["sha256"])


_frame.cache_clear = _parsed.cache_clear  # type: ignore[attr-defined]


def load(table: str) -> pd.DataFrame:
    """One table of the data folder as a tidy pandas DataFrame (a fresh copy; the cache stays intact).

    ``sd.load`` is this, and takes ``version=`` too (:func:`silkroad_data.api.load`).

    >>> from silkroad_data.loader import load
    >>> load("trade")[["obs_id", "reported", "period_label"]].head()   # doctest: +SKIP
    """
    return _frame(table).copy()


def _categorical(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Columns of a controlled vocabulary as pandas categoricals, their categories in the vocabulary's order."""
    from .metadata import RESOURCES

    resource = RESOURCES.get(table)
    for field in resource.fields if resource is not None else ():
        if field.vocabulary is not None and field.name in df.columns:
            df[field.name] = pd.Categorical(df[field.name], categories=[t.code for t in field.vocabulary.terms])
    return df


def observations() -> pd.DataFrame:
    """Every figure of every theme table, in one DataFrame (same columns).

    >>> import silkroad_data as sd
    >>> sd.observations()["table"].nunique() > 1
    True
    """
    from .metadata import OBSERVATION_TABLES

    return pd.concat([load(t) for t in OBSERVATION_TABLES], ignore_index=True)
