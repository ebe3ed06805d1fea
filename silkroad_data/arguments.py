"""The arguments of the public functions, checked once where each function is called.

A value of the wrong kind (a list where one id goes, ``None`` where a frame goes, a frame where
a word goes) is refused before any work is done, with a :class:`~silkroad_data.errors.DataError`
that names the function, the argument, what it accepts and what it got; so no ``TypeError``
from deep inside pandas reaches the person who called.

Example
-------
>>> from silkroad_data.arguments import text
>>> text(["a"], "series_id", "sd.series", "'chn_lcn_trade_total'")
Traceback (most recent call last):
...
silkroad_data.errors.DataError: sd.series: series_id must be one text (a str), such as 'chn_lcn_trade_total'; got a list (['a']).
"""

from __future__ import annotations

from .errors import DataError


def got(value) -> str:
    """What ``value`` is, briefly: its type and the start of its text."""
    if value is None:
        return "None"
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    kind = type(value).__name__
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    if type(value).__module__.startswith("pandas"):
        return f"{article} {kind}"  # a frame's text would fill the message
    return f"{article} {kind} ({shown})"


def text(value, name: str, call: str, example: str, optional: bool = False) -> None:
    """Refuse ``value`` unless it is a ``str`` (or None, when ``optional``)."""
    if value is None and optional:
        return
    if not isinstance(value, str):
        also = " or None" if optional else ""
        raise DataError(f"{call}: {name} must be one text (a str){also}, such as {example}; got {got(value)}.")


def texts(value, name: str, call: str, example: str) -> list[str]:
    """``value`` as a list of texts: one ``str``, or a collection of them (a list, a tuple, a set, a pandas
    Series or Index, an array), not empty; refused otherwise."""
    if isinstance(value, str):
        return [value]
    items = None
    if not isinstance(value, (bytes, bytearray, dict)) and type(value).__name__ != "DataFrame":
        try:
            items = list(value)
        except TypeError:  # not a collection
            items = None
    if items and all(isinstance(v, str) for v in items):
        return items
    bad = value if items is None else next((v for v in items if not isinstance(v, str)), None)
    what = "an empty collection" if items == [] else got(bad)
    raise DataError(f"{call}: {name} must be a text or a list of texts, such as {example}; got {what}.")


def choice(value, name: str, call: str, choices, optional: bool = False) -> None:
    """Refuse ``value`` unless it is one of ``choices`` (texts), or None when ``optional``."""
    if value is None and optional:
        return
    if not isinstance(value, str) or value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise DataError(f"{call}: {name}={got(value) if not isinstance(value, str) else repr(value)} is not accepted; "
                        f"use one of {listed}" + (" (or None)." if optional else "."))


def frame(value, name: str, call: str, example: str) -> None:
    """Refuse ``value`` unless it is a pandas DataFrame with one column of each name."""
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        raise DataError(f"{call}: {name} must be a pandas DataFrame, such as {example}; got {got(value)}.")
    if value.columns.duplicated().any():
        twice = list(dict.fromkeys(value.columns[value.columns.duplicated()]))
        raise DataError(f"{call}: the frame {name} has the column(s) {', '.join(map(repr, twice))} more than once; "
                        "keep one column of each name (drop or rename the copies).")


def path(value, name: str, call: str, example: str) -> None:
    """Refuse ``value`` unless it is a path: a ``str`` or an ``os.PathLike`` (pathlib.Path)."""
    import os

    if not isinstance(value, (str, os.PathLike)) or (isinstance(value, str) and not value.strip()):
        raise DataError(f"{call}: {name} must be a path (a str or pathlib.Path), such as {example}; got {got(value)}.")
