"""Parquet and Feather files of a user's frame, with the package's schema metadata kept.

A column of a packaged table keeps its Arrow type and its metadata (description, unit, the
field's declaration), read from the packaged file itself, so that a filtered frame written
back is described as its table is; a frame of one table keeps that table's metadata too.
Columns a user added (``score``, ``printed_value``) are written with the types pandas gives.

Example
-------
>>> import silkroad_data as sd, pyarrow.parquet as pq, tempfile, pathlib
>>> path = sd.export(sd.load("trade").head(3), pathlib.Path(tempfile.mkdtemp()) / "trade.parquet")
>>> pq.read_schema(path).field("value").metadata == pq.read_schema(sd.parquet_path("trade")).field("value").metadata
True
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..errors import DataError
from ..loader import manifest, parquet_path
from ..metadata import OBSERVATION_TABLES


def _source_schema(df: pd.DataFrame, table: str | None) -> tuple[pa.Schema | None, bool]:
    """The packaged schema whose fields describe ``df``'s columns, and whether ``df`` is of that one table."""
    import pyarrow.parquet as pq

    tables = manifest()["tables"]
    if table is not None:
        if table not in tables:
            return None, False
        return pq.read_schema(parquet_path(table)), True
    named = set(df["table"].astype(str)) if "table" in df.columns else set()
    if len(named) == 1 and next(iter(named)) in tables:
        return pq.read_schema(parquet_path(next(iter(named)))), True
    if named and named <= set(OBSERVATION_TABLES):  # figures of several tables: their columns are declared alike
        return pq.read_schema(parquet_path(OBSERVATION_TABLES[0])), False
    return None, False


def arrow_table(df: pd.DataFrame, table: str | None = None) -> pa.Table:
    """``df`` as an Arrow table, each packaged column with its packaged type and metadata."""
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"Only a DataFrame can be written to Parquet or Feather; got a {type(df).__name__}.")
    if len(set(map(str, df.columns))) < len(df.columns):
        raise DataError("The frame has two columns of the same name; rename them before writing it.")
    frame = df.copy()
    frame.columns = [str(c) for c in frame.columns]
    frame.attrs = {}  # a wide table's figure ids are keyed by tuples, which pandas' metadata cannot hold
    arrow = pa.Table.from_pandas(frame)
    schema, whole = _source_schema(df, table)
    if schema is None:
        return arrow
    for i, field in enumerate(arrow.schema):
        if field.name in schema.names:
            declared = schema.field(field.name)
            try:
                column = arrow.column(i).cast(declared.type)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                column = arrow.column(i)  # a column the user changed keeps its own type, and the declaration
            arrow = arrow.set_column(i, declared.with_type(column.type), column)
    meta = dict(arrow.schema.metadata or {})
    if whole:
        meta.update(schema.metadata or {})
    return arrow.replace_schema_metadata(meta)


def to_parquet(df: pd.DataFrame, path: Path, table: str | None = None) -> None:
    import pyarrow.parquet as pq

    pq.write_table(arrow_table(df, table), path)


def to_feather(df: pd.DataFrame, path: Path, table: str | None = None) -> None:
    import pyarrow.feather as feather

    feather.write_feather(arrow_table(df, table), path)
