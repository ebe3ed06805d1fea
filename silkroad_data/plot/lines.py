"""Series over time: points at their dates, each paper with its own marker, on one or two value axes.

Example
-------
>>> from silkroad_data.plot import plot_series
>>> fig, ax = plot_series(["chn_lcn_exports", "chn_lcn_imports"])
>>> ax.get_ylabel()
'US$ billion (flow in the period)'
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator

import silkroad_data as sd

from ..errors import DataError
from ..metadata import MEASURES, QUALIFIERS
from .axes import _axis_label, _extent, _instant, _precision_span, _rank_axis, _time_axis, _value_limits, _x, axis_scale
from .frame import COLORS, MARKERS, Chart, _legend, _note, _panels, _runs_out, _source_order, _target, _wrap_title, style


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
        raise DataError(f"None of {ids} has a dated figure to draw; sd.series(...) shows their figures.")
    groups: dict = {}
    for sid, f in frames.items():
        groups.setdefault((f.iloc[0]["unit"], MEASURES[f.iloc[0]["measure"]].family), []).append(sid)
    if len(groups) > 2:
        kinds = "; ".join(f"{', '.join(s)} ({unit}, {family})" for (unit, family), s in groups.items())
        raise DataError(f"A chart has at most two value axes, one unit each, and these series need {len(groups)}: {kinds}. "
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
