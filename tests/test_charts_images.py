"""The charts look as committed: each catalog chart and a composed figure against a baseline image,
and the catalog's SVG files byte for byte the same from run to run.

The comparison is ours, with numpy: the root mean square difference of the pixels (0-255) over
the whole image, and the largest mean difference of a 16-pixel tile, so that a small local change
(a marker moved, a label gone) is noticed even where the whole image barely changes. Text is drawn
with DejaVu Sans, which ships with matplotlib, so the images do not depend on the fonts of the
machine. After a deliberate change, look at the charts, then write new baselines with
``SILKROAD_UPDATE_BASELINES=1 python -m pytest tests/test_charts_images.py`` and commit them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.image  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

from silkroad_data import plot  # noqa: E402
from silkroad_data.charts import CATALOG, save  # noqa: E402

BASELINE = Path(__file__).resolve().parent / "baseline"
DPI = 60          # small images: quick to draw and to compare, and still every marker and label
MAX_RMS = 2.0     # whole image, 0-255
MAX_TILE = 10.0   # mean absolute difference of the worst 16 x 16 tile, 0-255
TILE = 16
NAMES = [*CATALOG, "composed"]


def composed():
    """Four charts in one figure, as a user composes them."""
    fig, axes = plt.subplots(2, 2, figsize=(14, 10), layout="constrained")
    plot.plot_trade(ax=axes[0, 0])
    plot.plot_trade_growth(ax=axes[0, 1])
    plot.plot_investment(ax=axes[1, 0])
    plot.plot_4g_coverage(ax=axes[1, 1])
    return fig


def pixels(path: Path) -> np.ndarray:
    image = matplotlib.image.imread(path)
    return (image[..., :3] * 255.0).astype(float)


def difference(expected: np.ndarray, actual: np.ndarray) -> tuple[float, float]:
    """(RMS over the image, mean absolute difference of the worst tile), both on 0-255."""
    if expected.shape != actual.shape:
        return float("inf"), float("inf")
    delta = np.abs(expected - actual).mean(axis=2)
    rms = float(np.sqrt((delta ** 2).mean()))
    h, w = (delta.shape[0] // TILE) * TILE, (delta.shape[1] // TILE) * TILE
    tiles = np.pad(delta, ((0, (-delta.shape[0]) % TILE), (0, (-delta.shape[1]) % TILE)))
    tiles = tiles.reshape(tiles.shape[0] // TILE, TILE, tiles.shape[1] // TILE, TILE).mean(axis=(1, 3))
    return rms, float(tiles.max()) if h or w else float(delta.max())


SVG_CHARTS = ("trade", "ecommerce")  # a time series and bars: every way the catalog writes an SVG


def png(fig, path: Path) -> None:
    """The figure as drawn at its own size (no trimming: one draw), at the baselines' resolution."""
    with plot.style():
        fig.savefig(path, format="png", dpi=DPI, metadata={"Software": None})


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every chart drawn once in this process as PNG (two also as the catalog's SVG); the drawn figures kept."""
    out = tmp_path_factory.mktemp("charts")
    drawn = {}
    for name, (helper, _) in CATALOG.items():
        chart = helper()
        if name in SVG_CHARTS:
            save(chart.fig, out / f"{name}.svg")  # first, as the catalog does: a draw settles the layout a little
        png(chart.fig, out / f"{name}.png")
        plt.close(chart.fig)
        drawn[name] = chart
    fig = composed()
    png(fig, out / "composed.png")
    plt.close(fig)
    drawn["composed"] = (fig, fig.axes)
    return out, drawn


@pytest.mark.parametrize("name", NAMES)
def test_chart_matches_its_baseline(rendered, name):
    rendered = rendered[0]
    actual, expected = rendered / f"{name}.png", BASELINE / f"{name}.png"
    if os.environ.get("SILKROAD_UPDATE_BASELINES"):
        BASELINE.mkdir(exist_ok=True)
        shutil.copyfile(actual, expected)
        pytest.skip(f"baseline written: {expected}")
    assert expected.exists(), f"no baseline {expected}; write it with SILKROAD_UPDATE_BASELINES=1"
    a, b = pixels(expected), pixels(actual)
    rms, tile = difference(a, b)
    if not (rms <= MAX_RMS and tile <= MAX_TILE):
        if a.shape == b.shape:
            diff = np.clip(np.abs(a - b).mean(axis=2) * 4, 0, 255).astype(np.uint8)
            matplotlib.image.imsave(rendered / f"{name}-diff.png", diff, cmap="gray_r")
        pytest.fail(f"chart {name} differs from {expected} (size {a.shape[:2]} vs {b.shape[:2]}, RMS {rms:.2f} > {MAX_RMS} "
                    f"or worst tile {tile:.1f} > {MAX_TILE}); drawn: {actual}, difference: {rendered / (name + '-diff.png')}. "
                    "If the change is meant, look at it and write new baselines (see this file's docstring).")


def test_comparison_notices_a_small_change_and_passes_the_same_image():
    image = pixels(BASELINE / "trade.png")
    assert difference(image, image.copy()) == (0.0, 0.0)
    moved = image.copy()
    y, x = image.shape[0] // 3, image.shape[1] // 2
    moved[y:y + 6, x:x + 6] = 30.0  # one marker-sized dark square
    rms, tile = difference(image, moved)
    assert tile > MAX_TILE  # noticed, however little the whole image changes
    assert difference(image, image[:-1]) == (float("inf"), float("inf"))  # another size is another chart


def test_chart_catalog_svg_is_byte_identical_across_runs(rendered, tmp_path):
    # A second run in a fresh process gives the same bytes as this one.
    code = (f"from silkroad_data.charts import render\nfor name in {SVG_CHARTS!r}: render(name, {str(tmp_path)!r}, ('svg',))")
    subprocess.run([sys.executable, "-c", code], check=True)
    digests = [{p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.svg"))}
               for folder in (rendered[0], tmp_path)]
    assert digests[0] == digests[1] and len(digests[0]) == len(SVG_CHARTS)
    assert "<dc:date>" not in (tmp_path / "trade.svg").read_text()


def test_render_catalog_writes_svg_and_png(tmp_path):
    from silkroad_data.charts import render

    paths = render("coverage_4g", tmp_path)
    assert sorted(p.name for p in paths) == ["coverage_4g.png", "coverage_4g.svg"]
    assert all(p.stat().st_size > 1000 for p in paths)
    assert not plt.get_fignums()  # the catalog closes what it draws


@pytest.mark.parametrize("name", ["trade", "trade_growth", "investment", "composed"])
def test_labels_stay_inside_the_frame(rendered, name):
    fig, axes = rendered[1][name]
    for ax in np.ravel(axes):
        if not ax.get_xaxis().get_major_formatter().__class__.__name__ == "DateFormatter":
            continue
        frame = ax.get_window_extent()
        for text in ax.texts:
            box = text.get_window_extent()
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1, text.get_text()


@pytest.mark.parametrize("name", ["coverage_4g", "ecommerce", "projects"])
def test_names_are_not_clipped_and_bars_fill_their_panels(rendered, name):
    fig, axes = rendered[1][name]
    for ax in np.ravel(axes):
        for label in ax.get_yticklabels():
            assert label.get_window_extent().x0 >= 0, label.get_text()  # inside the figure, not cut at the left
        bottom, top = ax.get_ylim()
        assert abs(bottom - top) == len(ax.get_yticks())  # half a bar of room at each end, no more
    # The panels, their labels and the note fill the figure's height (no empty band).
    boxes = [ax.get_tightbbox() for ax in np.ravel(axes)] + [fig.texts[0].get_window_extent()]
    assert sum(b.height for b in boxes) > 0.85 * fig.bbox.height
