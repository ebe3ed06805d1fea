"""The axes of a chart: time on x (a figure at its date or in the middle of its period), values on y.

Example
-------
>>> from silkroad_data.plot.axes import axis_scale
>>> axis_scale("USD", [2.6e11, 1.5e10])
(1000000000.0, 'US$ billion')
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..metadata import MEASURES
from ..scale import axis_power, unit_label

_NICE_STEPS = (1, 2, 2.5, 5, 10)


def axis_scale(unit: str, values) -> tuple[float, str]:
    """Divisor and axis label for values in ``unit`` ("US$ billion", "percent", "million").

    >>> axis_scale("USD", [2.6e11, 1.5e10])
    (1000000000.0, 'US$ billion')
    >>> axis_scale("rank", [2, 3])
    (1.0, 'rank')
    """
    top = float(np.nanmax(np.abs(np.asarray(values, dtype=float)))) if len(values) else 0.0
    power = axis_power(unit, top)
    return 10.0 ** power, unit_label(unit, power)


# -- time axes --------------------------------------------------------------------------------


def _instant(row) -> bool:
    """A figure given at a date (a stock, a rank, a share at a date), not over a period."""
    return pd.Timestamp(row["period_start"]) == pd.Timestamp(row["period_end"])


def _x(row) -> pd.Timestamp:
    """Where a figure sits on a time axis: at its date, or in the middle of its period."""
    start, end = pd.Timestamp(row["period_start"]), pd.Timestamp(row["period_end"])
    return start + (end - start) / 2


_PRECISION_MONTHS = {"quarter": 3, "half": 6, "year": 12}


def _precision_span(row):
    """The time a date given only to the quarter, half or year may lie in (None if to the day or month)."""
    months = _PRECISION_MONTHS.get(row.get("period_precision") or "")
    if not months or not _instant(row):
        return None
    end = pd.Timestamp(row["period_end"])
    start = (end + pd.Timedelta(days=1) - pd.DateOffset(months=months)).normalize()
    return start, end


def _extent(rows) -> tuple[pd.Timestamp, pd.Timestamp]:
    lo, hi = [], []
    for r in rows:
        span = _precision_span(r)
        lo.append(span[0] if span else pd.Timestamp(r["period_start"]))
        hi.append(pd.Timestamp(r["period_end"]))
    return min(lo), max(hi)


def _time_axis(ax, start: pd.Timestamp, end: pd.Timestamp, instants_only: bool) -> None:
    """Years on the x axis, each tick where the figures of its label sit.

    Periods: a tick (and grid line) in the middle of each labelled year, so a flow of 2017
    sits on "2017". Dates only (stocks, ranks): ticks at the ends of years, labelled
    "end-2015", so a stock at the end of 2015 sits on "end-2015", not on "2016".
    """
    span_days = max((end - start).days, 1)
    pad = pd.Timedelta(days=max(75, int(span_days * 0.035)))
    ax.set_xlim(start - pad, end + pad)
    years = (end.year - start.year) + 1
    step = 1 if years <= 10 else 2 if years <= 20 else 5
    if instants_only:
        ax.xaxis.set_major_locator(mdates.YearLocator(base=step, month=12, day=31))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("end-%Y"))
    else:
        ax.xaxis.set_major_locator(mdates.YearLocator(base=step, month=7, day=1))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        if step > 1:  # the years between the labelled ones
            ax.xaxis.set_minor_locator(mdates.YearLocator(base=1, month=7, day=1))
            ax.tick_params(axis="x", which="minor", length=2)


# -- value axes -----------------------------------------------------------------------------


def _nice(x: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least ``x``."""
    if x <= 0:
        return 1.0
    power = 10 ** np.floor(np.log10(x))
    return next(s * power for s in _NICE_STEPS if s * power >= x * (1 - 1e-9))


def _value_limits(values: np.ndarray, intervals: int | None = None) -> tuple[float, float, float]:
    """Zero-based limits with room above the highest point, and the tick step.

    With ``intervals`` the limits span exactly that many steps (to share the other axis's grid).
    """
    lo, hi = min(0.0, float(np.nanmin(values))), max(0.0, float(np.nanmax(values)))
    span = (hi - lo) or max(abs(hi), 1.0)
    top, bottom = hi + 0.1 * span if hi > 0 else 0.0, lo - 0.1 * span if lo < 0 else 0.0
    if intervals is None:
        ticks = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]).tick_values(bottom, top)
        step = float(ticks[1] - ticks[0])
        return float(np.floor(bottom / step + 1e-9) * step), float(np.ceil(top / step - 1e-9) * step), step
    step = _nice((top - bottom) / intervals)
    while True:
        low = float(np.floor(bottom / step + 1e-9) * step)
        if low + intervals * step >= top - 1e-9:
            return low, low + intervals * step, step
        step = _nice(step * 1.0001)


def _rank_axis(ax, values: np.ndarray) -> None:
    """A rank axis: 1 at the top, whole-number ticks."""
    worst = max(float(np.nanmax(values)), 3.0)
    ax.set_ylim(worst + 0.5, 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=min(int(worst), 8)))


def _axis_label(unit: str, measures: list[str], scale_label: str) -> str:
    family = MEASURES[measures[0]].family
    if family == "rank":
        return "rank (1 is first)"
    words = MEASURES[measures[0]].words if len(set(measures)) == 1 else family
    return scale_label if words in (scale_label, unit) else f"{scale_label} ({words})"
