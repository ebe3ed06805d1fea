"""Charts an economist can publish: every figure drawn carries its citation on the chart.

Conventions, the same on every chart:

- each paper's figures are drawn with their own marker, so where papers disagree both
  values show (never an average);
- reported figures are filled; estimates, forecasts and targets are hollow, joined by a
  dashed line;
- a figure the paper qualifies carries a sign: ">" over, "≥" at least, "<" under, "≤" up
  to, "≈" about, "≲" nearly;
- stocks and flows are never one line (a series has one measure);
- the unit and scale are on the axis ("US$ billion"), and a source note under the chart
  names exactly the papers drawn, the primary sources they credit, and the package version.

Helpers return ``(fig, ax)`` (or ``(fig, axes)``), accept ``ax=`` to draw into your own
axes, and leave matplotlib's global state as they found it.

Example
-------
>>> from silkroad_data import plot
>>> fig, ax = plot.plot_trade()                      # doctest: +SKIP
>>> fig.savefig("trade.png", bbox_inches="tight")    # doctest: +SKIP
"""

from __future__ import annotations

import io
import textwrap
from contextlib import contextmanager

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

import silkroad_data as sd

from ._version import __version__
from .cite import in_text, short_source
from .metadata import MEASURES, QUALIFIERS, UNITS
from .values import plain_records

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "svg.hashsalt": "silkroad-data",
    "text.parse_math": False,  # "US$14.94 billion" is money, not mathematics
    "svg.fonttype": "path",
    "figure.dpi": 100,
}
COLORS = ("#1f5a96", "#c8553d", "#3a8f5c", "#8c6bb1", "#d4a017", "#5b5b5b")
MARKERS = ("o", "s", "^", "D", "v", "P")
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))


class ChartFigure(Figure):
    """A matplotlib Figure that shows itself in Jupyter (as PNG) without pyplot's global state."""

    def _repr_png_(self) -> bytes:
        buf = io.BytesIO()
        with style():
            self.savefig(buf, format="png", dpi=100, bbox_inches="tight")
        return buf.getvalue()


@contextmanager
def style():
    """The package's chart style, applied only inside the block (global rcParams are restored)."""
    with mpl.rc_context(STYLE):
        yield


def _source_order() -> dict[str, int]:
    return {s: i for i, s in enumerate(sd.sources()["source_id"])}


def axis_scale(unit: str, values) -> tuple[float, str]:
    """Divisor and axis label for values in ``unit`` ("US$ billion", "percent", "million").

    >>> axis_scale("USD", [2.6e11, 1.5e10])
    (1000000000.0, 'US$ billion')
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
    """The note naming exactly the papers of ``figures`` and the primary sources they credit."""
    src = {r["source_id"]: r for r in plain_records(sd.sources())}
    parts = []
    for sid in sorted(set(figures["source_id"]), key=_source_order().get):
        row = src[sid]
        credited = sorted({short_source(c, 70) for c in figures.loc[figures["source_id"] == sid, "cited_source"].dropna()})
        parts.append(in_text(row, "apa") + (f", citing {'; '.join(credited)}" if credited else ""))
    return "Sources: " + " | ".join(parts).rstrip(".") + f". Chart: silkroad-data {__version__}."


def _new(ax, figsize=(8, 4.8)):
    if ax is not None:
        return ax.figure, ax, False
    fig = ChartFigure(figsize=figsize)
    return fig, fig.add_subplot(), True


def _finish(fig, figures: pd.DataFrame, axes, created: bool) -> None:
    """Put the source note under the chart (under the given axes when drawing into the user's)."""
    note = "\n".join(textwrap.wrap(source_note(figures), 120, break_on_hyphens=False))
    if created:
        lines = note.count("\n") + 1
        fig.subplots_adjust(bottom=0.12 + 0.035 * lines)
        fig.text(0.01, 0.01, note, fontsize=6.5, color="#444444", va="bottom", ha="left")
    else:
        ax = axes[-1] if isinstance(axes, (list, tuple, np.ndarray)) else axes
        ax.annotate(note, xy=(0, 0), xycoords="axes fraction", xytext=(0, -34), textcoords="offset points",
                    fontsize=6.5, color="#444444", va="top", ha="left")


def _x(row) -> pd.Timestamp:
    """Where a figure sits on a time axis: a stock at its date, a flow in the middle of its period."""
    start, end = pd.Timestamp(row["period_start"]), pd.Timestamp(row["period_end"])
    return end if row["measure"] == "level_stock" else start + (end - start) / 2


def _partial(row) -> bool:
    """A flow or growth over part of a year (Jan-Nov 2019): not comparable with full years."""
    if row["measure"] not in ("level_flow", "growth_rate", "change"):
        return False
    start, end = pd.Timestamp(row["period_start"]), pd.Timestamp(row["period_end"])
    return not (start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31 and start.year == end.year)


def _period_tag(row) -> str:
    start, end = pd.Timestamp(row["period_start"]), pd.Timestamp(row["period_end"])
    return f"{start:%b}-{end:%b %Y}" if start.year == end.year else f"{start:%Y}-{end:%Y}"


def _draw(ax, df: pd.DataFrame, divisor: float, color: str, label: str) -> None:
    """One series: each paper with its own marker; hollow where not a reported full period.

    A paper's points are joined only between consecutive years: the papers give scattered
    years, and a line across a gap would draw figures nobody reported.
    """
    order = _source_order()
    for r in df[df["measure"] == "average_annual_growth"].to_dict("records"):
        # An average over a span is drawn across the span it averages.
        y = r["value"] / divisor
        ax.hlines(y, pd.Timestamp(r["period_start"]), pd.Timestamp(r["period_end"]), color=color, linewidth=2, linestyle=":")
        ax.annotate(f"{QUALIFIERS[r['qualifier']].sign}{r['reported']} a year on average, {_period_tag(r)} [{r['source_id']}]",
                    (pd.Timestamp(r["period_start"]), y), xytext=(0, 4), textcoords="offset points", fontsize=7, color=color)
    df = df[df["measure"] != "average_annual_growth"]
    for sid, g in sorted(df.groupby("source_id"), key=lambda kv: order[kv[0]]):
        g = g.assign(x=[_x(r) for r in g.to_dict("records")]).sort_values("x")
        marker = MARKERS[order[sid] % len(MARKERS)]
        rows = g.to_dict("records")
        xs, ys = g["x"].to_numpy(), g["value"].to_numpy() / divisor
        for (r0, x0, y0), (r1, x1, y1) in zip(zip(rows, xs, ys), list(zip(rows, xs, ys))[1:]):
            if pd.Timestamp(x1).year - pd.Timestamp(x0).year <= 1 and not (_partial(r0) or _partial(r1)):
                dashed = r0["status"] != "reported" or r1["status"] != "reported"
                ax.plot([x0, x1], [y0, y1], color=color, linewidth=1.2, linestyle="--" if dashed else "-", zorder=2)
        for r, x, y in zip(rows, xs, ys):
            hollow = r["status"] != "reported" or _partial(r)
            ax.plot([x], [y], marker=marker, markersize=6, color=color, markerfacecolor="white" if hollow else color,
                    linestyle="none", zorder=3)
            sign = QUALIFIERS[r["qualifier"]].sign
            tag = sign + (f" {_period_tag(r)}" if _partial(r) else "") + (f" ({r['status']})" if r["status"] != "reported" else "")
            if tag.strip():
                ax.annotate(tag.strip(), (x, y), xytext=(6, -3), textcoords="offset points", fontsize=7, color=color)
    ax.plot([], [], color=color, marker="s", linestyle="none", label=label)


def _legend_papers(ax, figures: pd.DataFrame) -> None:
    order = _source_order()
    for sid in sorted(set(figures["source_id"]), key=order.get):
        ax.plot([], [], marker=MARKERS[order[sid] % len(MARKERS)], color="#555555", linestyle="none", label=f"figures of {sid}")
    if ((figures["status"] != "reported") | figures.apply(_partial, axis=1)).any():
        ax.plot([], [], marker="o", color="#555555", markerfacecolor="white", linestyle="none", label="hollow: estimate, forecast or part of a year")


def plot_series(series_ids, ax=None, title: str | None = None, labels: dict | None = None):
    """Plot one or several series over time (same unit and measure on one axis).

    Series of another unit or measure go on a twin axis; stocks and flows are never joined.

    >>> from silkroad_data.plot import plot_series
    >>> fig, ax = plot_series(["chn_lcn_exports", "chn_lcn_imports"])   # doctest: +SKIP
    """
    ids = [series_ids] if isinstance(series_ids, str) else list(series_ids)
    frames = [sd.series(s) for s in ids]
    frames = [f[f["period_start"].notna()] for f in frames]
    if not any(len(f) for f in frames):
        raise ValueError(f"None of {ids} has a dated figure to draw.")
    figures = pd.concat(frames, ignore_index=True)
    with style():
        fig, ax, created = _new(ax)
        first = frames[0].iloc[0]
        key = (first["unit"], _family(first["measure"]))
        twin = None
        main_values = pd.concat([f["value"] for f in frames if len(f) and (f.iloc[0]["unit"], _family(f.iloc[0]["measure"])) == key])
        divisor, axis_label = axis_scale(first["unit"], main_values)
        for i, (sid, f) in enumerate(zip(ids, frames)):
            if f.empty:
                continue
            row = f.iloc[0]
            target, div = ax, divisor
            if (row["unit"], _family(row["measure"])) != key:
                twin = twin or ax.twinx()
                div, twin_label = axis_scale(row["unit"], f["value"])
                twin.set_ylabel(f"{twin_label} ({MEASURES[row['measure']].words})")
                target = twin
            _draw(target, f, div, COLORS[i % len(COLORS)], (labels or {}).get(sid, row["indicator"]))
        ax.set_ylabel(f"{axis_label} ({MEASURES[first['measure']].words})")
        if first["measure"] in ("level_stock", "level_flow") and (main_values >= 0).all():
            ax.set_ylim(bottom=0)  # levels from zero, so heights compare honestly
        _legend_papers(ax, figures)
        handles, names = ax.get_legend_handles_labels()
        if twin is not None:
            h2, n2 = twin.get_legend_handles_labels()
            handles, names = handles + h2, names + n2
        ax.legend(handles, names, loc="best")
        ax.set_title(title or frames[0].iloc[0]["indicator"])
        first_year = pd.to_datetime(figures["period_start"]).dt.year.min()
        last_year = pd.to_datetime(figures["period_end"]).dt.year.max()
        ax.set_xlim(pd.Timestamp(first_year, 1, 1), pd.Timestamp(last_year + 1, 1, 1))
        ax.xaxis.set_major_locator(mdates.YearLocator(base=_year_step(figures)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        _mark_conflicts(ax, figures, divisor)
        _finish(fig, figures, ax, created)
    return fig, ax


def _family(measure: str) -> str:
    """Measures that can share an axis: a growth rate and an average annual growth can."""
    return MEASURES[measure].family


def _year_step(figures: pd.DataFrame) -> int:
    span = pd.to_datetime(figures["period_end"]).dt.year.max() - pd.to_datetime(figures["period_start"]).dt.year.min()
    return 1 if span <= 8 else 2 if span <= 16 else 4


def _mark_conflicts(ax, figures: pd.DataFrame, divisor: float) -> None:
    """Say so on the chart where two papers give different values for the same period."""
    pairs = sd.conflicts()
    pairs = pairs[pairs["obs_id_a"].isin(set(figures["obs_id"])) & pairs["obs_id_b"].isin(set(figures["obs_id"]))]
    rows = figures.set_index("obs_id")
    for p in pairs.to_dict("records"):
        a = rows.loc[p["obs_id_a"]]
        ax.annotate(f"papers differ: {p['reported_a']} ({p['source_id_a']}) vs {p['reported_b']} ({p['source_id_b']})",
                    (_x(a.to_dict() | {"measure": a["measure"]}), a["value"] / divisor), xytext=(8, 10),
                    textcoords="offset points", fontsize=7, color="#8b0000",
                    arrowprops={"arrowstyle": "-", "color": "#8b0000", "linewidth": 0.6})


def plot_trade(ax=None):
    """China-Latin America trade in goods: total, exports and imports (US$ billion)."""
    return plot_series(["chn_lcn_trade_total", "chn_lcn_exports", "chn_lcn_imports"], ax=ax,
                       title="China-Latin America trade in goods",
                       labels={"chn_lcn_trade_total": "total (exports + imports)", "chn_lcn_exports": "China's exports to LAC",
                               "chn_lcn_imports": "China's imports from LAC"})


def plot_trade_growth(ax=None):
    """Growth of China-Latin America trade: year on year, and average annual over spans."""
    return plot_series(["chn_lcn_trade_total_growth", "chn_lcn_exports_growth", "chn_lcn_imports_growth",
                        "chn_lcn_trade_total_avg_growth"], ax=ax,
                       title="Growth of China-Latin America trade",
                       labels={"chn_lcn_trade_total_growth": "total, over the previous year", "chn_lcn_exports_growth": "China's exports",
                               "chn_lcn_imports_growth": "China's imports", "chn_lcn_trade_total_avg_growth": "total, average annual growth over a span"})


def plot_investment():
    """China's direct investment in the region: stocks and flows in separate panels."""
    with style():
        fig = ChartFigure(figsize=(8, 6.4))
        axes = fig.subplots(2, 1)
    plot_series(["chn_lcn_fdi_stock"], ax=axes[0], title="China's direct investment stock in Latin America (at a date)")
    plot_series(["chn_lcn_fdi_flow"], ax=axes[1], title="China's direct investment flow to Latin America (in a year)")
    _strip_note(axes)
    figures = pd.concat([sd.series("chn_lcn_fdi_stock"), sd.series("chn_lcn_fdi_flow")])
    figures = figures[figures["period_start"].notna()]
    # One time axis for both panels, spanning every figure drawn in either.
    span = (pd.Timestamp(figures["period_start"].min().year, 1, 1), pd.Timestamp(figures["period_end"].max().year + 1, 1, 1))
    for ax in axes:
        ax.set_xlim(*span)
    with style():
        fig.subplots_adjust(hspace=0.35)
        _finish(fig, figures, axes, True)
    return fig, axes


def _strip_note(axes) -> None:
    """Drop the per-axes notes of a composed figure; one note for the figure replaces them."""
    for ax in np.ravel(axes):
        for child in list(ax.texts):
            if child.get_text().startswith("Sources:"):
                child.remove()


def _bars(ax, df: pd.DataFrame, labels: list[str], title: str, xlabel: str, color: str) -> None:
    y = np.arange(len(df))
    reported = (df["status"] == "reported").to_numpy()
    # Estimates, forecasts and targets are hatched outlines; reported figures are solid.
    ax.barh(y[reported], df["value"].to_numpy()[reported], color=color, alpha=0.85)
    ax.barh(y[~reported], df["value"].to_numpy()[~reported], facecolor="white", edgecolor=color, hatch="///", linewidth=1)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    for yi, r in zip(y, df.to_dict("records")):
        sign = QUALIFIERS[r["qualifier"]].sign
        shown = f"{r['value']:g}%" if r["unit"] == "percent" else r["reported"]
        ax.annotate(f"{sign}{shown}  [{r['source_id']}]", (r["value"], yi), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=7.5)
    ax.set_xlim(0, max(df["value"].max() * 1.35, 1))


def plot_4g_coverage(ax=None):
    """Share of the population covered by 4G, by country (percent)."""
    obs = sd.load("digital_infrastructure")
    df = obs[obs["series_id"].str.endswith("_4g_population_coverage")].sort_values("value", ascending=False)
    with style():
        fig, ax, created = _new(ax, (8, 3.6))
        undated = " (the paper gives no date)" if df["period_start"].isna().all() else ""
        _bars(ax, df, list(df["subject"]), "4G coverage of the population" + undated, "percent of the population", COLORS[0])
        _finish(fig, df, ax, created)
    return fig, ax


def plot_ecommerce():
    """E-commerce in the region: market size and sales, users, and the share of consumers buying on Chinese platforms."""
    obs = sd.load("ecommerce")
    with style():
        fig = ChartFigure(figsize=(8, 8.4))
        axes = fig.subplots(3, 1)
    size = obs[obs["series_id"].isin(["lcn_ecommerce_market", "lcn_ecommerce_retail_sales"])].sort_values("period_end")
    users = obs[obs["series_id"].isin(["lcn_ecommerce_users"])]
    penetration = obs[obs["series_id"].str.endswith("_chn_crossborder_platform_penetration")].sort_values("value", ascending=False)
    with style():
        div, label = axis_scale("USD", size["value"])
        _bars(axes[0], size.assign(value=size["value"] / div),
              [f"{r['indicator'].split(',')[0]} ({r['period_label'] or 'n.d.'}, {r['status']})" for r in size.to_dict("records")],
              "Latin American e-commerce: market size and retail sales", label, COLORS[1])
        udiv, ulabel = axis_scale("count", users["value"])
        _bars(axes[1], users.assign(value=users["value"] / udiv),
              [f"e-commerce users ({r['period_label']}, {r['status']})" for r in users.to_dict("records")],
              "Latin American e-commerce users", ulabel, COLORS[2])
        _bars(axes[2], penetration, list(penetration["subject"]), "Consumers who have bought on Chinese cross-border platforms",
              "percent of consumers", COLORS[3])
        fig.subplots_adjust(hspace=0.55, left=0.3)
        _finish(fig, pd.concat([size, users, penetration]), axes, True)
    return fig, axes


def plot_projects(ax=None):
    """The Chinese technology deals of the projects table, in date order (US$ million)."""
    df = sd.load("projects").sort_values(["date", "project_id"])
    with style():
        fig, ax, created = _new(ax, (8, 3.8))
        y = np.arange(len(df))
        amounts = df["amount"].to_numpy() / 1e6
        green = df["greenfield"].fillna(False).to_numpy(dtype=bool)
        ax.hlines(y, 0, amounts, color=COLORS[0], linewidth=2)
        ax.plot(amounts[green], y[green], "o", color=COLORS[0], label="greenfield")
        ax.plot(amounts[~green], y[~green], "o", color=COLORS[0], markerfacecolor="white", label="not greenfield")
        ax.set_yticks(y, [f"{r['date_label']}  {r['investor']}" for r in df.to_dict("records")])
        ax.invert_yaxis()
        for yi, r, x in zip(y, df.to_dict("records"), amounts):
            ax.annotate(f"{r['amount_reported']}m  {r['country']}, {r['subsector']}", (x, yi), xytext=(6, 0),
                        textcoords="offset points", va="center", fontsize=7)
        ax.set_xlim(0, amounts.max() * 1.9)
        ax.set_xlabel("US$ million")
        ax.grid(axis="y", visible=False)
        ax.legend(loc="upper right")
        ax.set_title("Chinese technology deals in Latin America, 2009-2015")
        _finish(fig, df.assign(status="reported"), ax, created)
    return fig, ax
