"""Charts: what they show, what they leave alone, and that they come out the same every time."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import matplotlib
import pytest

matplotlib.use("Agg")

import silkroad_data as sd  # noqa: E402
from silkroad_data import plot  # noqa: E402
from silkroad_data.charts import CATALOG, render_catalog  # noqa: E402


def _texts(fig) -> str:
    return "\n".join(t.get_text() for t in fig.texts) + "\n".join(
        t.get_text() for ax in fig.axes for t in ax.texts)


@pytest.mark.parametrize("name", list(CATALOG))
def test_every_chart_returns_a_figure_with_a_complete_source_note(name):
    before = dict(matplotlib.rcParams)
    fig, axes = CATALOG[name][0]()
    assert isinstance(fig, matplotlib.figure.Figure)
    note = [t.get_text() for t in fig.texts if t.get_text().startswith("Sources:")]
    assert len(note) == 1 and f"silkroad-data {sd.__version__}" in note[0]
    assert dict(matplotlib.rcParams) == before  # global state left as found


def test_source_note_names_exactly_the_papers_drawn():
    fig, ax = plot.plot_4g_coverage()
    note = next(t.get_text() for t in fig.texts if t.get_text().startswith("Sources:")).replace("\n", " ")
    assert "Malena" in note and "Andrés Rodríguez" in note  # the paper, and the source it credits
    for other in ("Li et al.", "Lou", "Liu"):
        assert other not in note


def test_axis_carries_unit_and_scale():
    fig, ax = plot.plot_trade()
    assert ax.get_ylabel().startswith("US$ billion")
    assert plot.axis_scale("USD", [2.6e11]) == (1e9, "US$ billion")
    assert plot.axis_scale("count", [2.98e8]) == (1e6, "million")
    assert plot.axis_scale("percent", [83]) == (1.0, "percent")


def test_stocks_and_flows_are_never_one_axis():
    fig, axes = plot.plot_investment()
    labels = [ax.get_ylabel() for ax in axes]
    assert "stock at a date" in labels[0] and "flow in the period" in labels[1]


def test_qualified_and_partial_figures_are_marked_and_conflicts_shown():
    fig, axes = plot.plot_investment()
    assert any(t.get_text().startswith(">") for t in axes[0].texts)  # "more than $410 billion"
    fig, ax = plot.plot_trade()
    texts = _texts(fig)
    assert "Jan-Nov 2019" in texts
    conflict = sd.conflicts().query("series_id == 'chn_lcn_trade_total'").iloc[0]
    assert f"papers differ: {conflict['reported_a']}" in texts


def test_forecasts_look_different_from_reported_values():
    fig, axes = plot.plot_ecommerce()
    bars = [p for p in axes[0].patches]
    hatched = [p for p in bars if p.get_hatch()]
    ecommerce = sd.load("ecommerce")
    drawn = ecommerce[ecommerce["series_id"].isin(["lcn_ecommerce_market", "lcn_ecommerce_retail_sales"])]
    assert len(hatched) == (drawn["status"] != "reported").sum() > 0


def test_helpers_draw_into_a_given_axes_and_generic_series():
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    out_fig, out_ax = plot.plot_series(["chn_lcn_exports", "chn_lcn_imports"], ax=ax)
    assert out_fig is fig and out_ax is ax
    assert any(t.get_text().startswith("Sources:") for t in ax.texts)
    with pytest.raises(sd.DataError):
        plot.plot_series("no_such_series")


def test_importing_the_package_does_not_import_matplotlib():
    code = "import sys, silkroad_data as sd; sd.load('trade'); print('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The catalog rendered once in this process."""
    out = tmp_path_factory.mktemp("catalog")
    return out, render_catalog(out)


def test_chart_catalog_svg_is_byte_identical_across_runs(rendered, tmp_path):
    # A second run in a fresh process gives the same bytes as this one.
    code = f"from silkroad_data.charts import render_catalog; render_catalog({str(tmp_path)!r})"
    subprocess.run([sys.executable, "-c", code], check=True)
    digests = [{p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.svg"))}
               for folder in (rendered[0], tmp_path)]
    assert digests[0] == digests[1] and len(digests[0]) == len(CATALOG)
    assert "<dc:date>" not in (tmp_path / "trade.svg").read_text()


def test_render_catalog_writes_svg_and_png(rendered):
    _, paths = rendered
    assert sorted(p.name for p in paths) == sorted(f"{n}.{ext}" for n in CATALOG for ext in ("svg", "png"))
    assert all(p.stat().st_size > 1000 for p in paths)
