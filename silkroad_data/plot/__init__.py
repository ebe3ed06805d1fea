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

The code: ``frame`` (style, the Chart, figures and the source note), ``axes`` (time and value
axes), ``lines`` (series over time) and ``bars`` (bars and timelines).
"""

from __future__ import annotations

from .axes import axis_scale
from .bars import plot_4g_coverage, plot_ecommerce, plot_projects
from .frame import Chart, source_note, style
from .lines import plot_investment, plot_series, plot_trade, plot_trade_growth

__all__ = [
    "plot_series", "plot_trade", "plot_trade_growth", "plot_investment", "plot_ecommerce", "plot_4g_coverage",
    "plot_projects", "Chart", "style", "axis_scale", "source_note",
]
