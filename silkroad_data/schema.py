"""The declared schema of every table, as a pandera schema, for users checking their own frames.

Generated from :mod:`silkroad_data.metadata`; the build runs the same checks on its typed
columns with pyarrow.compute (:func:`silkroad_data.pipeline.validate.schema_problems`), and a
test holds the two equal. pandera is imported only when a schema is asked for; it comes with
``pip install "silkroad-data[schema]"`` (and with the build's tools).

Example
-------
>>> import silkroad_data as sd
>>> schema = sd.schema("trade")
>>> schema.columns["unit"].nullable
False
>>> schema.validate(sd.load("trade")).shape[0] > 0
True
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pandas as pd

from .errors import DataError
from .metadata import RESOURCES


def _is_date(s: pd.Series) -> pd.Series:
    # The build holds dates as datetime.date objects, where a datetime is not a date; a loaded
    # table holds them as datetime64, where a date is a time at midnight.
    if pd.api.types.is_datetime64_any_dtype(s):
        return s.isna() | (s == s.dt.normalize())
    return s.map(lambda v: type(v) is date)


# The checks of a column besides its type and nullability, with the words that report them.
LARGE = 1e16
TOO_LARGE = "implausibly large (|value| >= 1e16)"


def not_in(f) -> str:
    """How a value outside the field's vocabulary is reported."""
    return f"not in the '{f.vocabulary.name}' vocabulary"


def no_match(f) -> str:
    """How a value that does not match the field's pattern is reported."""
    return f"does not match {f.pattern}"


@lru_cache(maxsize=None)
def pandera_schema(table: str, check_types: bool = True):
    """The pandera schema of ``table``, generated from :mod:`silkroad_data.metadata` (built once per table).

    The build checks frames that :func:`frame` has already cast to the declared types, so it
    leaves the type checks out (``check_types=False``); every other check stays.
    """
    try:
        import pandera.pandas as pa  # the build checks with pyarrow (schema_problems); pandera is the declared schema
    except ImportError:
        raise DataError('The schema of a table is a pandera schema, and pandera is not installed. Install it with '
                        'pip install "silkroad-data[schema]" (or pip install pandera), then ask again.') from None

    resource = RESOURCES[table]
    columns = {}
    for f in resource.fields:
        checks = []
        if f.vocabulary is not None:
            checks.append(pa.Check.isin(f.vocabulary.codes(), error=not_in(f)))
        if f.pattern:
            checks.append(pa.Check.str_matches(f.pattern, error=no_match(f)))
        if f.type == "float64":
            checks.append(pa.Check(lambda s: s.abs() < LARGE, element_wise=False, error=TOO_LARGE))
        if f.type == "date":
            checks.append(pa.Check(_is_date, ignore_na=True, error="is not a date"))
        # A vocabulary column loads as a categorical (sd.load) or as text (a frame of one's own):
        # its codes are checked, not which of the two it is.
        dtype = None if f.type == "date" or f.vocabulary is not None or not check_types else f.pandas_dtype
        columns[f.name] = pa.Column(dtype, nullable=not resource.required(f), unique=resource.unique(f), checks=checks, coerce=False)
    return pa.DataFrameSchema(columns, strict=False, ordered=False, name=table)


def schema(table: str):
    """The pandera schema of ``table``: every column's type, nullability, uniqueness, vocabulary and pattern.

    Use it to check a frame you derived from a table before you publish it.

    >>> import silkroad_data as sd
    >>> trade = sd.load("trade")
    >>> sd.schema("trade").validate(trade[trade.source_id == "lou2019"]).shape[1] == trade.shape[1]
    True
    """
    if not isinstance(table, str) or table not in RESOURCES:
        from .loader import _unknown

        raise _unknown("table", table, RESOURCES)
    return pandera_schema(table)
