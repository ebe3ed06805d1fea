"""A paper's normalized rows as typed Arrow columns, and every paper's columns as one frame per kind.

The build turns each paper's rows (dicts, as :mod:`.normalize` makes them) into Arrow tables
with the registry's types as soon as the paper's own records are checked, and drops the
dicts: a million figures are then held once, as columns, not as a million dicts. The tables
of all papers are concatenated (cached papers come from :mod:`.rowcache` already in this
form) and turned into pandas frames once, for the schema's checks and the rules that span
papers.

Besides the registry's columns each kind keeps the private columns that validation messages
and rules read (``_file``, and the value as printed before its scale word was applied).

Example
-------
>>> from silkroad_data.pipeline.columns import row_schema
>>> row_schema("observations").field("_file").type
DataType(string)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from operator import itemgetter

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import Problem
from ..metadata import FIELD_TYPES, RESOURCES
from ..metadata.rows import ROW_KINDS

# The kinds of rows held as columns, by name (metadata.rows declares each kind, its table and its
# private columns); the others stay rows (a handful per paper).
COLUMN_KINDS = {name: kind for name, kind in ROW_KINDS.items() if kind.columns}

_PYTHON = {"string": str, "float64": float, "int64": int, "bool": bool, "date": date}


def arrow_type(kind: str) -> pa.DataType:
    """The Arrow type of a field type of the metadata."""
    return getattr(pa, FIELD_TYPES[kind][2])()


def row_schema(kind: str) -> pa.Schema:
    """The Arrow schema of rows of ``kind``: the registry's columns, then the private ones."""
    return _schema(_column_types(kind))


@lru_cache(maxsize=None)
def _schema(columns: tuple[tuple[str, str], ...]) -> pa.Schema:
    return pa.schema([pa.field(name, arrow_type(type_)) for name, type_ in columns])


def _column_types(kind: str) -> tuple[tuple[str, str], ...]:
    """(name, field type) of every column of ``kind``, read from the registry each time (so a column declared since is seen)."""
    return tuple((f.name, f.type) for f in RESOURCES[COLUMN_KINDS[kind].table].fields) + COLUMN_KINDS[kind].private


# The Python types a date or whole-number column holds exactly as they are (_accepts, for a whole column).
_EXACT = {"date": {date, type(None)}, "int64": {int, type(None)}}


def _accepts(value, kind: str) -> bool:
    if value is None:
        return True
    want = _PYTHON[kind]
    if kind == "float64":
        return type(value) in (float, int)  # not a bool
    if kind == "int64":
        return type(value) is int
    return type(value) is want  # a datetime is not a date; a bool is not text


# Longer text is a sign of a paragraph pasted whole, or of a damaged file.
TEXT_MAX_CHARS = 5000


def to_columns(kind: str, rows: list[dict], problems: list[Problem], by_name: dict[str, list] | None = None) -> pa.Table:
    """Rows of ``kind`` as an Arrow table of :func:`row_schema` (``by_name``: the same rows' columns, when at hand).

    Text that is not valid Unicode (lone surrogates) or longer than :data:`TEXT_MAX_CHARS`
    is a located problem; so is a value of the wrong type (which normalize never makes: a
    fault of the package if it does), which is left empty: every problem is reported at once.
    """
    columns = _column_types(kind)
    schema = _schema(columns)
    key = RESOURCES[COLUMN_KINDS[kind].table].primary_key
    names = [name for name, _ in columns]
    if by_name is not None:
        transposed = [by_name[name] for name in names]
    else:
        try:  # every row holds every column (as normalize makes them): transpose at C speed
            transposed = list(zip(*map(itemgetter(*names), rows))) if rows else [()] * len(names)
        except KeyError:
            transposed = [[row.get(name) for row in rows] for name in names]
    arrays = []
    for (name, type_), field, values in zip(columns, schema, transposed):
        try:  # Arrow refuses text of another type itself, but would truncate a datetime or a float
            if type_ in ("date", "int64") and not set(map(type, values)) <= _EXACT[type_]:
                raise TypeError
            array = pa.array(values, type=field.type)
        except (TypeError, ValueError, pa.ArrowException):
            kept = []
            for row, v in zip(rows, values):
                why = _refused(v, type_)
                if why:
                    problems.append(Problem(row.get("_file") or kind, str(row.get(key)), name, why))
                kept.append(None if why else v)
            array = pa.array(kept, type=field.type)
        if type_ == "string" and (pc.max(pc.utf8_length(array)).as_py() or 0) > TEXT_MAX_CHARS:
            for n in pc.indices_nonzero(pc.fill_null(pc.greater(pc.utf8_length(array), TEXT_MAX_CHARS), False)).to_pylist():
                row = rows[n]
                problems.append(Problem(row.get("_file") or kind, str(row.get(key)), name,
                                        f"is {len(values[n])} characters long; at most {TEXT_MAX_CHARS}"))
        arrays.append(array)
    return pa.Table.from_arrays(arrays, schema=schema)


class ColumnRows(Sequence):
    """Rows of a kind made on whole columns (``columns``: values by column name), read as a list of dicts,
    each made when asked for; ``table`` holds the same rows as Arrow columns once they are made without a
    problem (:func:`to_columns`), for the rules of single records to run on whole columns."""

    def __init__(self, columns: dict[str, list]):
        self.columns = columns
        self.names = list(columns)
        self.table: pa.Table | None = None

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), ()))

    def __getitem__(self, n):
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(len(self)))]
        return {name: values[n] for name, values in self.columns.items()}

    def __iter__(self):
        names = self.names
        return (dict(zip(names, values)) for values in zip(*self.columns.values()))


def _refused(value, type_: str) -> str | None:
    """Why ``value`` cannot be stored in a column of ``type_`` (None when it can)."""
    if not _accepts(value, type_):
        return f"value {value!r} is not of the column's type ({type_})"
    if type(value) is str:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "holds characters that are not valid Unicode text (lone surrogates)"
    return None


def empty(kind: str) -> pa.Table:
    """No rows of ``kind``."""
    return row_schema(kind).empty_table()


def arrow_columns(table: str, df: pd.DataFrame) -> list[pa.Array]:
    """The registry's columns of ``table`` from a pandas frame, as Arrow arrays of the registry's types.

    Every missing form pandas holds (None, NaN, NA, NaT) becomes null.
    """
    return [pa.Array.from_pandas(df[f.name], type=arrow_type(f.type)) for f in RESOURCES[table].fields]


_PANDAS = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}


def to_frame(table: pa.Table) -> pd.DataFrame:
    """Columns as the typed frame the checks read: the registry's pandas types (dates as ``datetime.date``)."""
    return table.to_pandas(types_mapper=_PANDAS.get, date_as_object=True)


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows as a DataFrame with the registry's columns, in order, and typed.

    Private columns (``_file`` and friends) are kept at the end for error messages.
    """
    extra = sorted({"_file"} | {k for k in set().union(*rows) if k.startswith("_")})
    fields = RESOURCES[table].fields
    names = [f.name for f in fields] + extra
    try:  # every row holds every column (as normalize makes them): transpose at C speed
        columns = list(zip(*map(itemgetter(*names), rows))) if rows else [()] * len(names)
    except KeyError:
        columns = [[r.get(name) for r in rows] for name in names]
    data = {}
    for f, values in zip(fields, columns):
        data[f.name] = pd.Series(list(values), dtype=f.pandas_dtype)
    for k, values in zip(extra, columns[len(fields):]):
        data[k] = pd.Series(list(values), dtype="object")
    return pd.DataFrame(data, index=pd.RangeIndex(len(rows)))
