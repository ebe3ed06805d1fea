"""Bars and timelines: figures compared across areas or deals rather than over time.

Example
-------
>>> from silkroad_data.plot import plot_4g_coverage
>>> fig, ax = plot_4g_coverage()
>>> ax.get_xlabel()
'percent of the population'
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import FixedLocator

import silkroad_data as sd

from ..metadata import QUALIFIERS
from .axes import _nice, axis_scale
from .frame import COLORS, Chart, _note, _panels, _target, _wrap_title, style


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
