"""The chart catalog, rendered reproducibly as SVG and PNG.

With the same inputs and environment the SVG files are byte-identical from run to run:
fixed SVG hash salt, no creation date, text drawn as paths, one font (DejaVu Sans, which
ships with matplotlib).

Example
-------
>>> from silkroad_data.charts import render_catalog
>>> paths = render_catalog("charts")      # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from . import plot

# name -> (helper, one line on what the chart shows)
CATALOG = {
    "trade": (plot.plot_trade, "China-Latin America trade in goods: total, exports, imports (US$ billion)"),
    "trade_growth": (plot.plot_trade_growth, "Growth of China-Latin America trade over the previous year (percent)"),
    "investment": (plot.plot_investment, "China's direct investment in the region: stock (at a date) and flow (in a year), in separate panels"),
    "ecommerce": (plot.plot_ecommerce, "Latin American e-commerce: market size and sales, users, and consumers buying on Chinese platforms"),
    "coverage_4g": (plot.plot_4g_coverage, "4G coverage of the population by country (percent)"),
    "projects": (plot.plot_projects, "Chinese technology deals in Latin America on a timeline (US$ million)"),
}


def save(fig, path: str | Path, dpi: int = 150) -> Path:
    """Save ``fig`` reproducibly as SVG or PNG (by the suffix): no date, no software stamp.

    >>> from silkroad_data import plot
    >>> from silkroad_data.charts import save
    >>> save(plot.plot_trade().fig, "trade.svg")      # doctest: +SKIP
    """
    path = Path(path)
    with plot.style():
        if path.suffix == ".svg":
            fig.savefig(path, format="svg", bbox_inches="tight", metadata={"Date": None})
        else:
            fig.savefig(path, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return path


def render(name: str, out: str | Path, formats: tuple[str, ...] = ("svg", "png"), dpi: int = 150) -> list[Path]:
    """Render one chart of the catalog as ``<name>.svg`` and ``<name>.png`` in ``out``.

    >>> from silkroad_data.charts import render
    >>> render("trade", "charts")      # doctest: +SKIP
    [PosixPath('charts/trade.svg'), PosixPath('charts/trade.png')]
    """
    import matplotlib.pyplot as plt

    helper, _ = CATALOG[name]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    fig, _ = helper()
    try:
        return [save(fig, out / f"{name}.{ext}", dpi) for ext in formats]
    finally:
        plt.close(fig)


def render_catalog(out: str | Path, formats: tuple[str, ...] = ("svg", "png"), dpi: int = 150) -> list[Path]:
    """Render every chart of the catalog into ``out``; return the files written."""
    return [p for name in CATALOG for p in render(name, out, formats, dpi)]
