"""The printed scale: values in base units shown in the scale the papers print ("US$263.6 billion").

Values are stored in base units (``2.636e11``) with ``printed_scale``, the power of ten of the
scale word printed (9 for "billion"). Every place that shows a number as printed divides by
``10**printed_scale`` here, and labels its unit here: ``sd.printed``, ``sd.wide``, the
exports' printed columns, the citations' corrected values and the charts' axes.

Example
-------
>>> from silkroad_data.scale import in_printed_scale, unit_label
>>> in_printed_scale(2.636e11, 9), unit_label("USD", 9)
(263.6, 'US$ billion')
"""

from __future__ import annotations

import pandas as pd

from .metadata import SCALES, UNITS

# The scale words a chart's axis may use: thousand, million, billion, trillion (never "ten thousand").
_AXIS_POWERS = tuple(sorted((s.power for s in SCALES.terms if s.power % 3 == 0), reverse=True))


def in_printed_scale(values, printed_scale):
    """``values`` (base units) divided by ``10**printed_scale``: the numbers as the papers print them.

    Takes two Series (row by row) or two numbers; a missing scale is no scale.

    >>> import pandas as pd
    >>> in_printed_scale(pd.Series([2.636e11, 4.1]), pd.Series([9, 0])).tolist()
    [263.6, 4.1]
    >>> in_printed_scale(4.1e11, 9)
    410.0
    """
    if isinstance(values, pd.Series):
        power = printed_scale.fillna(0).astype(int) if isinstance(printed_scale, pd.Series) else int(printed_scale or 0)
        return (values.astype("Float64") / 10.0 ** power).astype("float64").round(12)
    if values is None:
        return None
    return round(values / 10.0 ** int(printed_scale or 0), 12)


def scale_word(power) -> str | None:
    """The scale word of a power of ten ("billion" for 9), or None for no scale word.

    >>> scale_word(9), scale_word(8), scale_word(0)
    ('billion', 'hundred million', None)
    """
    return next((s.code.replace("_", " ") for s in SCALES.terms if s.power == int(power or 0)), None)


def unit_label(unit, power) -> str:
    """The unit of a figure in its printed scale: 'US$ billion', 'million' (a count), 'percent'.

    >>> unit_label("USD", 9), unit_label("count", 6), unit_label("percent", 0), unit_label("km", 6)
    ('US$ billion', 'million', 'percent', 'million km')
    """
    spec = UNITS[unit] if unit in UNITS else None
    label = spec.label if spec is not None else str(unit)
    word = scale_word(power)
    if word is None:
        return label
    if spec is not None and spec.currency:
        return f"{label} {word}"
    return word if unit == "count" else f"{word} {label}"


def axis_power(unit: str, top: float) -> int:
    """The scale of a chart's value axis whose largest value is ``top``: money and counts in
    thousands, millions, billions or trillions; other units unscaled.

    >>> axis_power("USD", 2.6e11), axis_power("count", 450), axis_power("km", 5e6)
    (9, 0, 0)
    """
    spec = UNITS.get(unit)
    if unit != "count" and not (spec is not None and spec.currency):
        return 0
    return next((p for p in _AXIS_POWERS if top >= 10.0 ** p), 0)
