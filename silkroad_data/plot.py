"""Charts an economist can publish: every figure drawn carries its citation on the chart.

The helpers
-----------
plot_series(series_ids, ax=None, title=None, labels=None)
    Any series over time (the ids of ``sd.series``), on at most two value axes, one unit each.
plot_trade(ax=None)
    China-Latin America trade in goods: total, exports and imports (US$ billion).
plot_trade_growth(ax=None)
    Growth of that trade: over the previous year, and average annual over a span (percent).
plot_investment(ax=None)
    China's direct investment in the region: the stock and the flow, in two panels.
plot_ecommerce(ax=None)
    E-commerce: market size and sales, users, and buyers on Chinese platforms (three panels).
plot_4g_coverage(ax=None)
    4G coverage of the population by country (percent).
plot_projects(ax=None)
    The Chinese technology deals of the projects table (US$ million).

Every helper returns a :class:`Chart`: it unpacks as ``fig, ax`` (``fig, axes`` for the
panel charts), and in a notebook the chart shows once however the cell ends: a bare helper
call, ``plt.show()``, or the figure itself.

>>> import matplotlib.pyplot as plt
>>> from silkroad_data import plot
>>> plot.plot_trade()                                   # doctest: +SKIP
>>> fig, ax = plot.plot_trade(); plt.show()             # doctest: +SKIP
>>> fig, ax = plot.plot_trade(); fig                    # doctest: +SKIP
>>> plot.plot_trade().savefig("trade.png")              # doctest: +SKIP

Composing a figure: every helper takes ``ax=`` (a panel chart also takes one axes, whose
place it divides into its panels, or as many axes as it has panels). The source notes of all
the charts drawn into a figure are gathered into one note at the figure's foot.

>>> fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.8), layout="constrained")  # doctest: +SKIP
>>> plot.plot_trade(ax=left); plot.plot_4g_coverage(ax=right)                          # doctest: +SKIP

Conventions, the same on every chart:

- each paper's figures are drawn with their own marker, so where papers disagree both
  values show (never an average);
- reported figures are filled; estimates, forecasts, targets and parts of a year are hollow
  (hatched on bars), joined by a dashed line;
- a figure the paper qualifies carries a sign: ">" over, "≥" at least, "<" under, "≤" up
  to, "≈" about, "≲" nearly;
- a figure sits at its date: a flow in the middle of its period, a stock or a rank at the
  date it is given for; a date the paper gives only to the quarter, half or year carries a
  thin line over the time it may lie in;
- a chart has at most two value axes, each of one unit and kind of measure, with one grid;
  stocks and flows are never one line; levels start at zero; ranks run downwards from 1;
- the unit and scale are on the axis ("US$ billion"), and a source note at the foot of the
  figure names exactly the papers drawn, the primary sources they credit, and the package version.

The helpers leave matplotlib's global settings as they found them. The figures they make
are pyplot figures (so ``plt.show()`` and ``plt.close(fig)`` work on them); a figure passed
in through ``ax=`` that has no layout engine gets matplotlib's constrained layout, so that
the labels and the note fit.
"""

from __future__ import annotations

import functools
import io
import textwrap
from contextlib import contextmanager

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib._pylab_helpers import Gcf
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, MaxNLocator
from matplotlib.transforms import ScaledTranslation

import silkroad_data as sd

from ._version import __version__
from .citation import in_text, short_source
from .metadata import MEASURES, QUALIFIERS, UNITS
from .values import plain_records

__all__ = [
    "plot_series", "plot_trade", "plot_trade_growth", "plot_investment", "plot_ecommerce", "plot_4g_coverage",
    "plot_projects", "Chart", "style", "axis_scale", "source_note",
]

STYLE = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.facecolor": "white",
    "axes.edgecolor": "black",
    "grid.alpha": 0.3,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.hashsalt": "silkroad-data",
    "text.parse_math": False,  # "US$14.94 billion" is money, not mathematics
    "text.hinting": "force_autohint",
    "text.antialiased": True,
    "svg.fonttype": "path",
    "figure.dpi": 100,
}
COLORS = ("#1f5a96", "#c8553d", "#3a8f5c", "#8c6bb1", "#d4a017", "#5b5b5b")
MARKERS = ("o", "s", "^", "D", "v", "P")
NOTE_GRAY = "#444444"
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))
_NICE_STEPS = (1, 2, 2.5, 5, 10)


# -- what a helper returns, and how it shows ------------------------------------------------


class Chart(tuple):
    """What a helper returns: ``(fig, ax)`` (``(fig, axes)`` for a panel chart).

    It unpacks as ``fig, ax``, and at the end of a notebook cell it shows the figure once.

    >>> from silkroad_data import plot
    >>> chart = plot.plot_4g_coverage()                 # doctest: +SKIP
    >>> fig, ax = chart                                 # doctest: +SKIP
    >>> chart.savefig("coverage_4g.png", dpi=200)       # doctest: +SKIP
    """

    __slots__ = ()

    def __new__(cls, fig, ax):
        return super().__new__(cls, (fig, ax))

    @property
    def fig(self) -> Figure:
        """The figure (the root figure when drawn into a subfigure)."""
        return self[0]

    @property
    def ax(self):
        """The axes drawn into (an array of axes for a panel chart)."""
        return self[1]

    def savefig(self, fname, **kwargs) -> None:
        """Save the figure in the package's style (``bbox_inches="tight"`` unless given)."""
        kwargs.setdefault("bbox_inches", "tight")
        with style():
            self.fig.savefig(fname, **kwargs)

    def __repr__(self) -> str:
        return f"<Chart {_title(np.ravel(self.ax)[0])!r}: unpack as fig, ax>"

    def _repr_png_(self) -> bytes:
        return _png(self.fig)

    def _ipython_display_(self) -> None:
        _display(self.fig)


class ChartFigure(Figure):
    """A Figure that shows itself once in a notebook, also when a cell ends with it after ``fig, ax = ...``."""

    def _repr_png_(self) -> bytes:
        return _png(self)

    def _ipython_display_(self) -> None:
        _display(self)


def _png(fig, dpi: int = 100) -> bytes:
    buf = io.BytesIO()
    with style():
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def _title(ax) -> str:
    title = next((t for t in (ax.get_title(loc) for loc in ("left", "center", "right")) if t), "")
    return " ".join(title.split())


def _on_pyplot(fig) -> bool:
    return any(m.canvas.figure is fig for m in Gcf.get_all_fig_managers())


def _display(fig) -> None:
    """Show ``fig`` once in IPython.

    With the inline backend the figure is shown here and released from pyplot, so that the
    end of the cell (or a ``plt.show()`` after it) does not show it a second time. A window or
    widget backend shows pyplot's figures itself; then only the text form is given.
    """
    from IPython.display import display

    text = f"<Figure: {'; '.join(t for t in map(_title, fig.axes) if t) or 'a chart'}>"
    on_pyplot = _on_pyplot(fig)
    if on_pyplot and "inline" not in str(mpl.get_backend()).lower():
        display({"text/plain": text}, raw=True)
        return
    display({"image/png": _png(fig), "text/plain": text}, raw=True)
    if on_pyplot:
        plt.close(fig)


@contextmanager
def style():
    """The package's chart style, applied only inside the block (global rcParams are restored).

    >>> import matplotlib
    >>> from silkroad_data.plot import style
    >>> with style():
    ...     matplotlib.rcParams["font.family"]
    ['DejaVu Sans']
    """
    with mpl.rc_context(STYLE):
        yield


# -- figures, axes and the source note ------------------------------------------------------


def _root(fig):
    """The root figure of a figure or subfigure."""
    try:
        return fig.get_figure(root=True)
    except TypeError:  # matplotlib before 3.10
        return getattr(fig, "figure", fig) or fig


def _new_figure(figsize) -> Figure:
    """A pyplot figure (``plt.show()`` shows it) with constrained layout."""
    return plt.figure(FigureClass=ChartFigure, figsize=figsize, layout="constrained")


def _target(ax, figsize):
    """The figure and axes to draw into: the caller's ``ax``, or a new figure's."""
    if ax is None:
        fig = _new_figure(figsize)
        return fig, fig.add_subplot()
    if not isinstance(ax, Axes):
        raise TypeError(f"ax= takes one matplotlib Axes, not {type(ax).__name__}: for example fig, ax = plt.subplots().")
    root = _root(ax.figure)
    if root.get_layout_engine() is None:
        root.set_layout_engine("constrained")
    _style_axes(ax)
    return root, ax


def _panels(ax, n: int, height_ratios, figsize, what: str):
    """The figure and ``n`` stacked axes of a panel chart.

    ``ax`` is None (a new figure), one Axes (its place is divided into the panels) or a
    sequence of ``n`` Axes.
    """
    if ax is None:
        fig = _new_figure(figsize)
        return fig, np.asarray(fig.subplots(n, 1, height_ratios=height_ratios), dtype=object)
    if isinstance(ax, Axes):
        spec = ax.get_subplotspec()
        if spec is None:
            raise ValueError(f"{what} draws {n} panels: pass an axes made by subplots() (its place is divided into the "
                             f"panels), or {n} axes.")
        parent = ax.figure
        grid = spec.subgridspec(n, 1, height_ratios=height_ratios)
        ax.remove()
        axes = [parent.add_subplot(grid[i]) for i in range(n)]
    else:
        axes = list(np.ravel(ax))
        if len(axes) != n or not all(isinstance(a, Axes) for a in axes):
            raise ValueError(f"{what} draws {n} panels: pass one axes (its place is divided into the panels) or {n} axes, "
                             f"not {len(axes)}.")
    root = _root(axes[0].figure)
    if root.get_layout_engine() is None:
        root.set_layout_engine("constrained")
    for a in axes:
        _style_axes(a)
    return root, np.asarray(axes, dtype=object)


def _source_order() -> dict[str, int]:
    return {s: i for i, s in enumerate(sd.sources()["source_id"])}


def axis_scale(unit: str, values) -> tuple[float, str]:
    """Divisor and axis label for values in ``unit`` ("US$ billion", "percent", "million").

    >>> axis_scale("USD", [2.6e11, 1.5e10])
    (1000000000.0, 'US$ billion')
    >>> axis_scale("rank", [2, 3])
    (1.0, 'rank')
    """
    top = float(np.nanmax(np.abs(np.asarray(values, dtype=float)))) if len(values) else 0.0
    if unit == "percent":
        return 1.0, "percent"
    spec = UNITS.get(unit)
    for divisor, word in _SCALES:
        if top >= divisor:
            if spec is not None and spec.currency:
                return divisor, f"{spec.label} {word}"
            if unit == "count":
                return divisor, word
    return 1.0, spec.label if spec is not None and spec.currency else unit


def source_note(figures: pd.DataFrame) -> str:
    """The note naming exactly the papers of ``figures`` and the primary sources they credit.

    Each paper is named by the key the chart's labels use ([li2022]) and its in-text citation.

    >>> import silkroad_data as sd
    >>> source_note(sd.series("chn_lcn_fdi_flow"))   # doctest: +ELLIPSIS
    'Sources: [clabri] China-Latin America Belt and Road Cooperation, n.d.... Chart: silkroad-data ...'
    """
    src = {r["source_id"]: r for r in plain_records(sd.sources())}
    parts = []
    for sid in sorted(set(figures["source_id"]), key=_source_order().get):
        cited = figures.loc[figures["source_id"] == sid, "cited_source"] if "cited_source" in figures else pd.Series([], dtype=object)
        credited = sorted({short_source(c, 70) for c in cited.dropna()})
        parts.append(f"[{sid}] " + in_text(src[sid], "apa") + (f", citing {'; '.join(credited)}" if credited else ""))
    return "Sources: " + " | ".join(parts).rstrip(".") + f". Chart: silkroad-data {__version__}."


def _note(fig, figures: pd.DataFrame) -> None:
    """Add ``figures`` to those drawn in ``fig`` and write the figure's one source note at its foot.

    The note is the figure's ``supxlabel``, so the layout engines keep room for it.
    """
    fig = _root(fig)
    if not isinstance(fig, ChartFigure):
        # The caller's own figure: it too shows once when a notebook cell ends with it.
        fig._ipython_display_ = functools.partial(_display, fig)
    drawn = getattr(fig, "_silkroad_figures", [])
    drawn = [*drawn, figures[[c for c in ("source_id", "cited_source") if c in figures]]]
    fig._silkroad_figures = drawn
    width = max(60, int(fig.get_figwidth() * 17))
    note = "\n".join(textwrap.wrap(source_note(pd.concat(drawn, ignore_index=True)), width, break_on_hyphens=False))
    with style():
        fig.supxlabel(note, x=0.01, ha="left", fontsize=6.5, color=NOTE_GRAY, linespacing=1.3)


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


# -- drawing series ----------------------------------------------------------------------------


def _partial(row) -> bool:
    """A flow or growth over part of a year (Jan-Nov 2019): not comparable with full years."""
    if row["measure"] not in ("level_flow", "growth_rate", "change"):
        return False
    start, end = pd.Timestamp(row["period_start"]), pd.Timestamp(row["period_end"])
    return not (start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31 and start.year == end.year)


def _period_tag(row) -> str:
    start, end = pd.Timestamp(row["period_start"]), pd.Timestamp(row["period_end"])
    return f"{start:%b}-{end:%b %Y}" if start.year == end.year else f"{start:%Y}-{end:%Y}"


def _hollow(row) -> bool:
    return row["status"] != "reported" or _partial(row)


def _draw(ax, df: pd.DataFrame, divisor: float, color: str, tags: list) -> None:
    """One series: each paper with its own marker; hollow where not a reported full period.

    A paper's points are joined only between consecutive years: the papers give scattered
    years, and a line across a gap would draw figures nobody reported. Point labels are
    collected in ``tags`` and placed once the axes' limits are known.
    """
    order = _source_order()
    for r in df[df["measure"] == "average_annual_growth"].to_dict("records"):
        # An average over a span is drawn across the span it averages, labelled above its middle.
        y = r["value"] / divisor
        start, end = pd.Timestamp(r["period_start"]), pd.Timestamp(r["period_end"])
        ax.hlines(y, start, end, color=color, linewidth=2, linestyle=":", zorder=2)
        ax.annotate(f"{QUALIFIERS[r['qualifier']].sign}{r['reported']} a year on average, {_period_tag(r)} [{r['source_id']}]",
                    (start + (end - start) / 2, y), xytext=(0, 4), textcoords="offset points", fontsize=7, color=color,
                    ha="center", va="bottom")
    df = df[df["measure"] != "average_annual_growth"]
    for sid, g in sorted(df.groupby("source_id"), key=lambda kv: order[kv[0]]):
        g = g.assign(x=[_x(r) for r in g.to_dict("records")]).sort_values("x")
        marker = MARKERS[order[sid] % len(MARKERS)]
        rows = g.to_dict("records")
        xs, ys = list(g["x"]), list(g["value"].to_numpy() / divisor)
        for (r0, x0, y0), (r1, x1, y1) in zip(zip(rows, xs, ys), list(zip(rows, xs, ys))[1:]):
            if x1.year - x0.year <= 1 and not (_partial(r0) or _partial(r1)):
                dashed = r0["status"] != "reported" or r1["status"] != "reported"
                ax.plot([x0, x1], [y0, y1], color=color, linewidth=1.2, linestyle="--" if dashed else "-", zorder=2)
        for r, x, y in zip(rows, xs, ys):
            span = _precision_span(r)
            if span is not None:
                ax.plot(list(span), [y, y], color=color, linewidth=1, alpha=0.8, solid_capstyle="butt", zorder=2)
            ax.plot([x], [y], marker=marker, markersize=6, color=color, markerfacecolor="white" if _hollow(r) else color,
                    linestyle="none", zorder=3, clip_on=False)
            sign = QUALIFIERS[r["qualifier"]].sign
            tag = (f"{sign} " if sign else "") + (_period_tag(r) if _partial(r) else "") + \
                (f" ({r['status']})" if r["status"] != "reported" else "")
            if tag.strip():
                tags.append((ax, x, y, tag.strip(), color))


def _place_tags(tags: list) -> None:
    """Label points once the limits are known, inside the frame.

    Points of several series sharing a label at one date ("Jan-Nov 2019") get it once, beside
    the top one; a label goes left of its point in the right quarter of the frame.
    """
    groups: dict = {}
    for ax, x, y, text, color in tags:
        groups.setdefault((id(ax), x, text), []).append((ax, y, color))
    for (_, x, text), members in groups.items():
        ax = members[0][0]
        inverted = ax.yaxis_inverted()
        _, y, color = max(members, key=lambda m: -m[1] if inverted else m[1])
        if len({m[2] for m in members}) > 1:
            color = "#333333"  # a label shared by several series
        right = _runs_out(ax, x, text, 7)
        ax.annotate(text, (x, y), xytext=(-7 if right else 7, 0), textcoords="offset points", fontsize=7,
                    color=color, ha="right" if right else "left", va="center")


def _runs_out(ax, x, text: str, fontsize: float, offset: float = 10) -> bool:
    """Whether ``text`` written rightwards from ``x`` would run out of the frame (then it goes leftwards)."""
    lo, hi = ax.get_xlim()
    frac = (mdates.date2num(x) - lo) / (hi - lo)
    return frac + (offset + 0.6 * fontsize * len(text)) / _width_pt(ax) > 0.97


def _width_pt(ax) -> float:
    return ax.get_position().width * _root(ax.figure).get_figwidth() * 72


def _legend(ax, entries: list[tuple], keys: list[tuple]) -> None:
    """One legend under the axes: the series (coloured lines) in the first column, the papers and keys in the second.

    Where the two columns would be wider than the axes, one column; long labels are wrapped.
    """
    char, handle, gap = 4.2, 24, 20  # points: a character at 8 points, a handle with its padding, between columns
    width = _width_pt(ax)

    def longest(items):
        return max((len(label) for _, label in items), default=0)

    two = bool(keys) and 2 * handle + gap + (longest(keys) + min(longest(entries), 36)) * char <= width
    room = int(((width - longest(keys) * char - 2 * handle - gap) if two else (width - handle)) / char)
    entries = [(h, "\n".join(textwrap.wrap(label, max(room, 30)))) for h, label in entries]
    if two:
        rows = max(len(entries), len(keys))
        blank = (Line2D([], [], linestyle="none"), "")
        items = entries + [blank] * (rows - len(entries)) + keys + [blank] * (rows - len(keys))
    else:
        items = entries + keys
    handles, labels = zip(*items)
    # Under the x tick labels, whatever the height of the axes.
    below = ax.transAxes + ScaledTranslation(0, -22 / 72, _root(ax.figure).dpi_scale_trans)
    ax.legend(handles, labels, ncols=2 if two else 1, loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=below,
              borderaxespad=0, handlelength=2.2, columnspacing=2.5, alignment="left", fontsize=8)


def _style_axes(ax) -> None:
    """The package's look on axes made outside its style (the caller's own axes)."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(True, alpha=STYLE["grid.alpha"])
    ax.tick_params(labelsize=STYLE["font.size"])
    ax.xaxis.label.set_size(STYLE["axes.labelsize"])
    ax.yaxis.label.set_size(STYLE["axes.labelsize"])


def _paper_keys(figures: pd.DataFrame) -> list[tuple]:
    order = _source_order()
    keys = [(Line2D([], [], marker=MARKERS[order[sid] % len(MARKERS)], color="#555555", linestyle="none"), f"figures of [{sid}]")
            for sid in sorted(set(figures.loc[figures["measure"] != "average_annual_growth", "source_id"]), key=order.get)]
    if any(_hollow(r) for r in figures.to_dict("records") if r["measure"] != "average_annual_growth"):
        keys.append((Line2D([], [], marker="o", color="#555555", markerfacecolor="white", linestyle="none"),
                     "hollow: estimate, forecast or part of a year"))
    if any(_precision_span(r) is not None for r in figures.to_dict("records")):
        keys.append((Line2D([], [], color="#555555", linewidth=1, marker="o", markevery=[1], markersize=4),
                     "line: the date is given only to the year, half or quarter"))
    return keys


def _default_title(frames: dict) -> str:
    names = [f.iloc[0]["indicator"] for f in frames.values()]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _wrap_title(ax, title: str) -> str:
    width = ax.get_position().width * _root(ax.figure).get_figwidth()
    return "\n".join(textwrap.wrap(title, max(30, int(width * 72 / (11 * 0.58))), break_on_hyphens=False))


# The columns a chart of series reads.
_COLUMNS = ("obs_id", "series_id", "indicator", "period_start", "period_end", "period_precision", "value", "qualifier",
            "unit", "measure", "status", "reported", "source_id", "cited_source")


def plot_series(series_ids, ax=None, title: str | None = None, labels: dict | None = None) -> Chart:
    """Plot one or several series over time, on at most two value axes of one unit each.

    Series of the same unit and kind of measure share an axis; a second kind goes on a
    right-hand axis (its series are marked "right axis" in the legend); a third is refused,
    with the advice to draw it in a panel of its own. Stocks and flows are never joined.
    The title names every series drawn, unless ``title`` is given; ``labels`` maps series
    ids to legend labels.

    >>> from silkroad_data.plot import plot_series
    >>> fig, ax = plot_series(["chn_lcn_exports", "chn_lcn_imports"])       # doctest: +SKIP
    >>> plot_series(["chn_lcn_trade_total", "chn_lcn_trade_total_growth"])  # doctest: +SKIP
    """
    ids = [series_ids] if isinstance(series_ids, str) else list(series_ids)
    frames = {sid: sd.series(sid) for sid in ids}
    frames = {sid: f.loc[f["period_start"].notna(), [c for c in _COLUMNS if c in f]] for sid, f in frames.items()}
    frames = {sid: f for sid, f in frames.items() if len(f)}
    if not frames:
        raise ValueError(f"None of {ids} has a dated figure to draw; sd.series(...) shows their figures.")
    groups: dict = {}
    for sid, f in frames.items():
        groups.setdefault((f.iloc[0]["unit"], MEASURES[f.iloc[0]["measure"]].family), []).append(sid)
    if len(groups) > 2:
        kinds = "; ".join(f"{', '.join(s)} ({unit}, {family})" for (unit, family), s in groups.items())
        raise ValueError(f"A chart has at most two value axes, one unit each, and these series need {len(groups)}: {kinds}. "
                         "Draw them in panels, e.g. fig, axes = plt.subplots(2, 1, layout='constrained'); "
                         "plot_series([...], ax=axes[0]); plot_series([...], ax=axes[1]).")
    figures = pd.concat(frames.values(), ignore_index=True)
    labels = labels or {}
    with style():
        fig, ax = _target(ax, (8, 5.2))
        axes = [ax] + ([ax.twinx()] if len(groups) == 2 else [])
        entries, tags, color_of = [], [], {sid: COLORS[i % len(COLORS)] for i, sid in enumerate(frames)}
        intervals = None
        for side, (target, ((unit, family), sids)) in enumerate(zip(axes, groups.items())):
            values = pd.concat([frames[s]["value"] for s in sids])
            divisor, scale_label = axis_scale(unit, values)
            for sid in sids:
                f = frames[sid]
                _draw(target, f, divisor, color_of[sid], tags)
                label = labels.get(sid, f.iloc[0]["indicator"]) + (" (right axis)" if side else "")
                average = (f["measure"] == "average_annual_growth").all()
                entries.append((Line2D([], [], color=color_of[sid], linewidth=2, linestyle=":" if average else "-"), label))
            target.set_ylabel(_axis_label(unit, list(pd.concat([frames[s]["measure"] for s in sids])), scale_label))
            scaled = values.to_numpy(dtype=float) / divisor
            if family == "rank":
                _rank_axis(target, scaled)
            else:
                low, high, step = _value_limits(scaled, intervals if side else None)  # None when the left axis is a rank
                target.set_ylim(low, high)
                target.yaxis.set_major_locator(FixedLocator(np.arange(low, high + step / 2, step)))
                intervals = int(round((high - low) / step))
        if len(axes) == 2:
            axes[1].grid(False)  # one grid: the right axis's ticks fall on the left axis's grid lines
            axes[1].spines["right"].set_visible(True)
        start, end = _extent(figures.to_dict("records"))
        _time_axis(ax, start, end, all(_instant(r) for r in figures.to_dict("records")))
        ax.grid(True, which="major", axis="both")
        _place_tags(tags)
        _mark_conflicts(ax, axes, figures, groups, frames)
        _legend(ax, entries, _paper_keys(figures))
        ax.set_title(_wrap_title(ax, title or _default_title(frames)))
        _note(fig, figures)
    return Chart(fig, ax)


def _mark_conflicts(ax, axes, figures: pd.DataFrame, groups: dict, frames: dict) -> None:
    """Say so on the chart where two papers give different values for the same period."""
    pairs = sd.conflicts()
    pairs = pairs[pairs["obs_id_a"].isin(set(figures["obs_id"])) & pairs["obs_id_b"].isin(set(figures["obs_id"]))]
    rows = figures.set_index("obs_id")
    for p in pairs.to_dict("records"):
        a = rows.loc[p["obs_id_a"]].to_dict()
        side = next(i for i, sids in enumerate(groups.values()) if a["series_id"] in sids)
        values = pd.concat([frames[s]["value"] for s in list(groups.values())[side]])
        divisor, _ = axis_scale(a["unit"], values)
        x = _x(a)
        text = f"papers differ: {p['reported_a']} [{p['source_id_a']}] vs {p['reported_b']} [{p['source_id_b']}]"
        right = _runs_out(ax, x, text, 7, 10)
        axes[side].annotate(text,
                            (x, a["value"] / divisor), xytext=(-10 if right else 10, 14), textcoords="offset points",
                            fontsize=7, color="#8b0000", ha="right" if right else "left", va="bottom",
                            arrowprops={"arrowstyle": "-", "color": "#8b0000", "linewidth": 0.6, "shrinkB": 4})


def plot_trade(ax=None) -> Chart:
    """China-Latin America trade in goods: total, exports and imports (US$ billion).

    >>> from silkroad_data import plot
    >>> plot.plot_trade()        # doctest: +SKIP
    """
    return plot_series(["chn_lcn_trade_total", "chn_lcn_exports", "chn_lcn_imports"], ax=ax,
                       title="China-Latin America trade in goods",
                       labels={"chn_lcn_trade_total": "total (exports + imports)", "chn_lcn_exports": "China's exports to the region",
                               "chn_lcn_imports": "China's imports from the region"})


def plot_trade_growth(ax=None) -> Chart:
    """Growth of China-Latin America trade: over the previous year, and average annual over a span.

    >>> from silkroad_data import plot
    >>> plot.plot_trade_growth()        # doctest: +SKIP
    """
    return plot_series(["chn_lcn_trade_total_growth", "chn_lcn_exports_growth", "chn_lcn_imports_growth",
                        "chn_lcn_trade_total_avg_growth"], ax=ax,
                       title="Growth of China-Latin America trade",
                       labels={"chn_lcn_trade_total_growth": "total, over the previous year", "chn_lcn_exports_growth": "China's exports",
                               "chn_lcn_imports_growth": "China's imports", "chn_lcn_trade_total_avg_growth": "total, average annual growth over a span"})


def plot_investment(ax=None) -> Chart:
    """China's direct investment in the region: the stock (at a date) and the flow (in a year), in two panels.

    The panels share one time scale. ``ax`` may be one axes (its place is divided into the
    two panels) or two axes.

    >>> from silkroad_data import plot
    >>> fig, axes = plot.plot_investment()        # doctest: +SKIP
    """
    with style():
        fig, axes = _panels(ax, 2, [1, 1], (8, 7.6), "plot_investment")
    plot_series(["chn_lcn_fdi_stock"], ax=axes[0], title="China's direct investment stock in Latin America (at a date)")
    plot_series(["chn_lcn_fdi_flow"], ax=axes[1], title="China's direct investment flow to Latin America (in a year)")
    figures = pd.concat([sd.series("chn_lcn_fdi_stock"), sd.series("chn_lcn_fdi_flow")])
    start, end = _extent(figures[figures["period_start"].notna()].to_dict("records"))
    with style():
        # One time scale for both panels, spanning every figure drawn in either.
        _time_axis(axes[0], start, end, True)
        _time_axis(axes[1], start, end, False)
    return Chart(fig, axes)


def _bars(ax, df: pd.DataFrame, labels: list[str], title: str, xlabel: str, color: str) -> None:
    y = np.arange(len(df))
    reported = (df["status"] == "reported").to_numpy()
    # Estimates, forecasts and targets are hatched outlines; reported figures are solid.
    ax.barh(y[reported], df["value"].to_numpy()[reported], color=color, alpha=0.85, height=0.7)
    ax.barh(y[~reported], df["value"].to_numpy()[~reported], facecolor="white", edgecolor=color, hatch="///", linewidth=1,
            height=0.7)
    ax.set_yticks(y, labels)
    ax.set_ylim(len(df) - 0.5, -0.5)  # the first row at the top, half a bar of room around the bars
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(xlabel)
    ax.set_title(_wrap_title(ax, title))
    ax.grid(axis="y", visible=False)
    for yi, r in zip(y, df.to_dict("records")):
        sign = QUALIFIERS[r["qualifier"]].sign
        shown = f"{r['value']:g}%" if r["unit"] == "percent" else r["reported"]
        ax.annotate(f"{sign}{shown}  [{r['source_id']}]", (r["value"], yi), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=7.5)
    top = max(df["value"].max() * 1.3, 1)
    step = _nice(top / 6)
    ax.set_xlim(0, np.ceil(top / step) * step)
    ax.xaxis.set_major_locator(FixedLocator(np.arange(0, np.ceil(top / step) * step + step / 2, step)))


def plot_4g_coverage(ax=None) -> Chart:
    """Share of the population covered by 4G, by country (percent).

    >>> from silkroad_data import plot
    >>> plot.plot_4g_coverage()        # doctest: +SKIP
    """
    obs = sd.load("digital_infrastructure")
    df = obs[obs["series_id"].str.endswith("_4g_population_coverage")].sort_values("value", ascending=False)
    with style():
        fig, ax = _target(ax, (8, 3.4))
        undated = " (the paper gives no date)" if df["period_start"].isna().all() else ""
        _bars(ax, df, list(df["subject"]), "4G coverage of the population" + undated, "percent of the population", COLORS[0])
        _note(fig, df)
    return Chart(fig, ax)


def plot_ecommerce(ax=None) -> Chart:
    """E-commerce in the region: market size and sales, users, and the share of consumers buying on Chinese platforms.

    Three panels, each as tall as its bars. ``ax`` may be one axes (its place is divided
    into the panels) or three axes.

    >>> from silkroad_data import plot
    >>> fig, axes = plot.plot_ecommerce()        # doctest: +SKIP
    """
    obs = sd.load("ecommerce")
    size = obs[obs["series_id"].isin(["lcn_ecommerce_market", "lcn_ecommerce_retail_sales"])].sort_values("period_end")
    users = obs[obs["series_id"].isin(["lcn_ecommerce_users"])]
    penetration = obs[obs["series_id"].str.endswith("_chn_crossborder_platform_penetration")].sort_values("value", ascending=False)
    counts = [len(size), len(users), len(penetration)]
    # Each panel as tall as its bars, plus room for its title and axis.
    ratios = [n + 2.2 for n in counts]
    with style():
        fig, axes = _panels(ax, 3, ratios, (8, 0.3 * sum(ratios) + 0.6), "plot_ecommerce")

        def what(r):
            return f"{r['indicator'].split(',')[0]}, {r['period_label'] or 'undated'}" + \
                (f" ({r['status']})" if r["status"] != "reported" else "")

        div, label = axis_scale("USD", size["value"])
        _bars(axes[0], size.assign(value=size["value"] / div), [what(r) for r in size.to_dict("records")],
              "Latin American e-commerce: market size and retail sales", label, COLORS[1])
        udiv, ulabel = axis_scale("count", users["value"])
        _bars(axes[1], users.assign(value=users["value"] / udiv), [what(r) for r in users.to_dict("records")],
              "Latin American e-commerce users", ulabel, COLORS[2])
        _bars(axes[2], penetration, list(penetration["subject"]), "Consumers who have bought on Chinese cross-border platforms",
              "percent of consumers", COLORS[3])
        _note(fig, pd.concat([size, users, penetration]))
    return Chart(fig, axes)


def plot_projects(ax=None) -> Chart:
    """The Chinese technology deals of the projects table, in date order (US$ million).

    >>> from silkroad_data import plot
    >>> plot.plot_projects()        # doctest: +SKIP
    """
    df = sd.load("projects").sort_values(["date", "project_id"])
    with style():
        fig, ax = _target(ax, (8, 3.8))
        y = np.arange(len(df))
        amounts = df["amount"].to_numpy() / 1e6
        green = df["greenfield"].fillna(False).to_numpy(dtype=bool)
        ax.hlines(y, 0, amounts, color=COLORS[0], linewidth=2)
        ax.plot(amounts[green], y[green], "o", color=COLORS[0], label="greenfield")
        ax.plot(amounts[~green], y[~green], "o", color=COLORS[0], markerfacecolor="white", label="not greenfield")
        ax.set_yticks(y, [f"{r['date_label']}  {r['investor']}" for r in df.to_dict("records")])
        ax.set_ylim(len(df) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        for yi, r, x in zip(y, df.to_dict("records"), amounts):
            ax.annotate(f"{r['amount_reported']}m  {r['country']}, {r['subsector']}", (x, yi), xytext=(6, 0),
                        textcoords="offset points", va="center", fontsize=7)
        ax.set_xlim(0, amounts.max() * 2.3)
        ax.set_xlabel("US$ million")
        ax.grid(axis="y", visible=False)
        ax.legend(loc="upper right")
        ax.set_title(_wrap_title(ax, "Chinese technology deals in Latin America, 2009-2015"))
        _note(fig, df.assign(status="reported"))
    return Chart(fig, ax)
