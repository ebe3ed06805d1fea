"""What every chart shares: the style, the Chart a helper returns, its figure and axes, and the source note.

Example
-------
>>> import matplotlib
>>> from silkroad_data.plot.frame import style
>>> with style():
...     matplotlib.rcParams["font.size"]
9.0
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
from matplotlib.transforms import ScaledTranslation

import silkroad_data as sd

from .._version import __version__
from ..citation import in_text, short_source
from ..errors import DataError
from ..values import plain_records

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
        raise DataError(f"ax= takes one matplotlib Axes, not {type(ax).__name__}: for example fig, ax = plt.subplots().")
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
            raise DataError(f"{what} draws {n} panels: pass an axes made by subplots() (its place is divided into the "
                             f"panels), or {n} axes.")
        parent = ax.figure
        grid = spec.subgridspec(n, 1, height_ratios=height_ratios)
        ax.remove()
        axes = [parent.add_subplot(grid[i]) for i in range(n)]
    else:
        axes = list(np.ravel(ax))
        if len(axes) != n or not all(isinstance(a, Axes) for a in axes):
            raise DataError(f"{what} draws {n} panels: pass one axes (its place is divided into the panels) or {n} axes, "
                             f"not {len(axes)}.")
    root = _root(axes[0].figure)
    if root.get_layout_engine() is None:
        root.set_layout_engine("constrained")
    for a in axes:
        _style_axes(a)
    return root, np.asarray(axes, dtype=object)


def _source_order() -> dict[str, int]:
    return {s: i for i, s in enumerate(sd.sources()["source_id"])}


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


# -- labels, legends and the look of axes ----------------------------------------------------


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


def _wrap_title(ax, title: str) -> str:
    width = ax.get_position().width * _root(ax.figure).get_figwidth()
    return "\n".join(textwrap.wrap(title, max(30, int(width * 72 / (11 * 0.58))), break_on_hyphens=False))
