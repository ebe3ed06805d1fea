"""Missing values, one way: every form pandas gives them (None, NaN, NA, NaT) becomes None.

Citations, exports, charts, the writer and the documents all read rows through here.

Example
-------
>>> import pandas as pd
>>> from silkroad_data.values import plain_records
>>> plain_records(pd.DataFrame({"a": [1.0, None]}))
[{'a': 1.0}, {'a': None}]
"""

from __future__ import annotations

import pandas as pd


def missing(v) -> bool:
    """True for every form a missing value takes in pandas (None, NaN, NA, NaT)."""
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)


def plain(value):
    """A value with any kind of missing as None."""
    return None if missing(value) else value


def plain_records(df: pd.DataFrame) -> list[dict]:
    """Rows of ``df`` as dicts, missing values as None (what citations and JSON want)."""
    return [{k: plain(v) for k, v in r.items()} for r in df.to_dict("records")]
