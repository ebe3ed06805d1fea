"""Loading the packaged tables: checked against the manifest, cached, light to import.

This module imports pandas and pyarrow only; never pandera, matplotlib or PyYAML.

Example
-------
>>> import silkroad_data as sd
>>> trade = sd.load("trade")
>>> {"obs_id", "value", "quote"} <= set(trade.columns)
True
"""

from __future__ import annotations

import difflib
import hashlib
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import DataError
from .paths import DATA_DIR, MANIFEST

_INTEGERS = {pa.int64(): pd.Int64Dtype()}
_RESTORE = ("Restore the packaged files with `git checkout -- silkroad_data/data` in a checkout, "
            "rebuild them with `silkroad-data build`, or reinstall the package.")


@lru_cache(maxsize=1)
def manifest() -> dict:
    """The manifest of the packaged tables: file, rows, bytes and SHA-256 of each."""
    path = DATA_DIR / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"The data manifest {path} is missing. {_RESTORE}") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"The data manifest {path} is damaged ({exc}). {_RESTORE}") from None


def _unknown(kind: str, name: str, known) -> DataError:
    close = difflib.get_close_matches(str(name), list(known), n=3, cutoff=0.5)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return DataError(f"Unknown {kind} {name!r}.{hint} Known: {', '.join(sorted(known))}." if len(known) < 30
                     else f"Unknown {kind} {name!r}.{hint} See sd.tables() or sd.search().")


def table_entry(table: str) -> dict:
    """The manifest entry of ``table``; an unknown name lists the close matches."""
    tables = manifest()["tables"]
    if not isinstance(table, str) or table not in tables:
        raise _unknown("table", table, tables)
    return tables[table]


def parquet_path(table: str) -> Path:
    """Path of the Parquet file of ``table``, for DuckDB, Polars or Spark.

    >>> import silkroad_data as sd
    >>> sd.parquet_path("trade").name
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


@lru_cache(maxsize=None)
def _checked(table: str) -> Path:
    """The table's file, once per process checked against the manifest (size and SHA-256)."""
    entry = table_entry(table)
    path = _file_of(entry, table)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"The file of table '{table}' ({path}) is missing. {_RESTORE}") from None
    if len(data) != entry["bytes"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise DataError(f"The file of table '{table}' ({path}) does not match the manifest: it is damaged, "
                        f"truncated or edited by hand. {_RESTORE}")
    return path


@lru_cache(maxsize=None)
def _frame(table: str) -> pd.DataFrame:
    # Nullable integers stay integers (a missing year is <NA>, not a float NaN).
    return _categorical(table, pq.read_table(_checked(table)).to_pandas(date_as_object=False, types_mapper=_INTEGERS.get))


def _categorical(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Columns of a controlled vocabulary as pandas categoricals, their categories in the vocabulary's order."""
    from .metadata import RESOURCES

    resource = RESOURCES.get(table)
    for field in resource.fields if resource is not None else ():
        if field.vocabulary is not None and field.name in df.columns:
            df[field.name] = pd.Categorical(df[field.name], categories=[t.code for t in field.vocabulary.terms])
    return df


def load(table: str) -> pd.DataFrame:
    """One table as a tidy pandas DataFrame (a fresh copy; the cache stays intact).

    >>> import silkroad_data as sd
    >>> sd.load("trade")[["obs_id", "reported", "period_label"]].head()   # doctest: +SKIP
    """
    return _frame(table).copy()
