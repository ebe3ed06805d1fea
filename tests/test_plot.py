"""Charts: what they show and what they leave alone (how they look: test_charts_images.py)."""

from __future__ import annotations

import re

import pydoc
import subprocess
import sys

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import silkroad_data as sd  # noqa: E402
from silkroad_data import plot  # noqa: E402
from silkroad_data.charts import CATALOG  # noqa: E402

TIME_CHARTS = ("trade", "trade_growth", "investment")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def charts():
    """Every chart of the catalog, made once (kept off pyplot, so closing the other tests' figures leaves them be)."""
    out = {}
    for name, (helper, _) in CATALOG.items():
        out[name] = helper()
        plt.close(out[name].fig)
    return out


def _notes(fig) -> list[str]:
    return [t.get_text() for t in fig.texts if t.get_text().startswith("Sources:")] + [
        t.get_text() for ax in fig.axes for t in ax.texts if t.get_text().startswith("Sources:")]


def _texts(fig) -> str:
    return "\n".join(t.get_text() for t in fig.texts) + "\n".join(t.get_text() for ax in fig.axes for t in ax.texts)


@pytest.mark.parametrize("name", list(CATALOG))
def test_every_chart_has_one_complete_source_note(charts, name):
    chart = charts[name]
    fig, axes = chart  # unpacks as (fig, ax)
    assert isinstance(fig, matplotlib.figure.Figure) and chart.fig is fig and chart.ax is axes
    notes = _notes(fig)
    assert len(notes) == 1 and f"silkroad-data {sd.__version__}" in notes[0]


def test_a_helper_leaves_rcparams_alone_and_makes_a_pyplot_figure():
    before = dict(matplotlib.rcParams)
    fig, ax = plot.plot_projects()
    assert dict(matplotlib.rcParams) == before
    assert plt.fignum_exists(fig.number)  # plt.show() shows it


def test_source_note_names_exactly_the_papers_drawn(charts):
    note = _notes(charts["coverage_4g"].fig)[0].replace("\n", " ")
    assert "[malena] Malena" in note and "Andrés Rodríguez" in note  # the paper, and the source it credits
    for other in ("Li et al.", "Lou", "Liu"):
        assert other not in note


def _papers_named(note: str) -> list[str]:
    return re.findall(r"\[([a-z][a-z0-9_]*)\]", note.replace("\n", " "))


def test_every_helper_draws_into_given_axes_and_a_composed_figure_has_one_note(charts):
    fig, axes = plt.subplots(3, 2, figsize=(14, 14))
    for (name, (helper, _)), ax in zip(CATALOG.items(), axes.ravel()):
        out_fig, _ = helper(ax=ax)
        assert out_fig is fig, name
    notes = _notes(fig)
    assert len(notes) == 1, notes  # gathered once, at the figure's foot
    # The one note names each paper that any of its charts names, once.
    alone = {sid for chart in charts.values() for note in _notes(chart.fig) for sid in _papers_named(note)}
    named = _papers_named(notes[0])
    assert sorted(named) == sorted(alone) and set(alone) <= set(sd.sources()["source_id"]) and alone


def test_a_panel_chart_takes_one_axes_or_as_many_axes_as_panels():
    fig, (a, b) = plt.subplots(1, 2)
    _, axes = plot.plot_investment(ax=a)  # its place divided into two panels
    assert len(axes) == 2 and a not in fig.axes and all(ax in fig.axes for ax in axes)
    fig, three = plt.subplots(3, 1)
    _, axes = plot.plot_ecommerce(ax=three)
    assert list(axes) == list(three)
    with pytest.raises(ValueError, match="3 panels"):
        plot.plot_ecommerce(ax=three[:2])


def test_axis_carries_unit_and_scale(charts):
    fig, ax = charts["trade"]
    assert ax.get_ylabel() == "US$ billion (flow in the period)"
    assert plot.axis_scale("USD", [2.6e11]) == (1e9, "US$ billion")
    assert plot.axis_scale("count", [2.98e8]) == (1e6, "million")
    assert plot.axis_scale("percent", [83]) == (1.0, "percent")


def test_at_most_two_value_axes_and_a_clear_error_for_a_third():
    with pytest.raises(ValueError, match="at most two value axes.*chn_lcn_trade_partner_rank.*panels"):
        plot.plot_series(["chn_lcn_trade_total", "chn_lcn_trade_total_growth", "chn_lcn_trade_partner_rank"])


def test_a_second_unit_has_its_own_zero_based_axis_on_the_one_grid():
    fig, ax = plot.plot_series(["chn_lcn_fdi_stock", "chn_lcn_fdi_flow"])
    twin = next(a for a in fig.axes if a is not ax)
    assert ax.get_ylabel() == "US$ billion (stock at a date)" and twin.get_ylabel() == "US$ billion (flow in the period)"
    assert ax.get_ylim()[0] == 0 and twin.get_ylim()[0] == 0
    assert 14.08 < twin.get_ylim()[1] and twin.get_ylim()[1] - twin.get_ylim()[0] > 14  # not a 13.4-14.8 scale
    assert not any(line.get_visible() for line in twin.get_ygridlines())  # one grid
    left, right = ax.get_yticks(), twin.get_yticks()
    assert len(left) == len(right)  # the right axis's ticks fall on the left axis's grid lines
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "China's direct investment flow to Latin America (right axis)" in labels


def test_the_title_names_every_series_drawn():
    fig, ax = plot.plot_series(["chn_lcn_exports", "chn_lcn_imports"])
    title = " ".join(ax.get_title(loc="left").split())
    assert "China's exports of goods to Latin America" in title and "China's imports of goods from Latin America" in title


def test_rank_axis_is_inverted_with_whole_number_ticks():
    fig, ax = plot.plot_series("chn_lcn_trade_partner_rank")
    assert ax.yaxis_inverted()
    bottom, top = ax.get_ylim()
    ticks = [t for t in ax.get_yticks() if top <= t <= bottom]
    assert ticks and all(float(t).is_integer() for t in ticks) and 1 in ticks


def _day(x) -> str:
    return (mdates.num2date(x) if isinstance(x, (float, np.floating)) else pd.Timestamp(x)).date().isoformat()


def _marker_x(ax) -> list:
    return [_day(line.get_xdata()[0]) for line in ax.lines
            if line.get_marker() not in ("None", None, "") and len(line.get_xdata()) == 1]


def test_points_sit_at_their_dates_and_ticks_say_which():
    fig, axes = plot.plot_investment()
    stock, flow = axes
    assert sorted(_marker_x(stock)) == ["2015-12-31", "2017-12-31", "2019-11-30"]
    ticks = dict(zip(stock.get_xticks(), [t.get_text() for t in stock.get_xticklabels()]))
    assert ticks[mdates.date2num(pd.Timestamp("2015-12-31"))] == "end-2015"  # not on a "2016" tick
    # A flow of 2017 sits in the middle of 2017, on the "2017" tick.
    (x,) = _marker_x(flow)
    assert x.startswith("2017-07")
    labels = [t.get_text() for t in flow.get_xticklabels()]
    assert "2017" in labels
    assert abs(flow.get_xticks()[labels.index("2017")] - mdates.date2num(pd.Timestamp(x))) < 2


def test_a_date_known_only_to_the_year_carries_a_line_over_that_year():
    fig, ax = plot.plot_series("chn_lcn_bri_agreement_countries")  # "By 2023"
    spans = [line.get_xdata() for line in ax.lines if len(line.get_xdata()) == 2]
    assert [(_day(a), _day(b)) for a, b in spans] == [
        ("2023-01-01", "2023-12-31")]
    assert any("only to the year" in t.get_text() for t in ax.get_legend().get_texts())


def test_qualified_and_partial_figures_are_marked_and_conflicts_shown(charts):
    stock = charts["investment"].ax[0]
    assert any(t.get_text().startswith(">") for t in stock.texts)  # "more than $410 billion"
    texts = _texts(charts["trade"].fig)
    assert texts.count("Jan-Nov 2019") == 1  # one label for the three series' points of that period
    conflict = sd.conflicts().query("series_id == 'chn_lcn_trade_total'").iloc[0]
    assert f"papers differ: {conflict['reported_a']}" in texts


@pytest.mark.parametrize("name", TIME_CHARTS)
def test_legend_series_are_lines_and_papers_are_markers(charts, name):
    for ax in np.ravel(charts[name].ax):
        legend = ax.get_legend()
        for handle, text in zip(legend.legend_handles, legend.get_texts()):
            label = text.get_text()
            if not label:
                continue
            if label.startswith(("figures of", "hollow", "line:")):
                continue
            assert handle.get_marker() in ("None", None, "") and handle.get_linestyle() != "None", label


def test_help_lists_the_helpers_first():
    text = pydoc.render_doc(plot, renderer=pydoc.plaintext)
    lines = text.splitlines()
    assert len(lines) < 600  # not matplotlib's documentation
    head = "\n".join(lines[:30])
    for helper in ("plot_series", "plot_trade", "plot_trade_growth", "plot_investment", "plot_ecommerce", "plot_4g_coverage",
                   "plot_projects"):
        assert f"{helper}(" in head
    assert "Methods inherited from" not in text.split("FUNCTIONS")[0] or "Figure" not in text.split("FUNCTIONS")[0]


def test_forecasts_look_different_from_reported_values(charts):
    axes = charts["ecommerce"].ax
    hatched = [p for p in axes[0].patches if p.get_hatch()]
    ecommerce = sd.load("ecommerce")
    drawn = ecommerce[ecommerce["series_id"].isin(["lcn_ecommerce_market", "lcn_ecommerce_retail_sales"])]
    assert len(hatched) == (drawn["status"] != "reported").sum() > 0


def test_generic_series_and_unknown_series():
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    out_fig, out_ax = plot.plot_series(["chn_lcn_exports", "chn_lcn_imports"], ax=ax)
    assert out_fig is fig and out_ax is ax and len(_notes(fig)) == 1
    with pytest.raises(sd.DataError):
        plot.plot_series("no_such_series")


def test_importing_the_package_does_not_import_matplotlib():
    code = "import sys, silkroad_data as sd; sd.load('trade'); print('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
