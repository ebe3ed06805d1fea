"""silkroad_data: every quantitative figure of papers on China and Latin America.

Each figure is a row of a tidy, validated table, with its citation: the paper, where in
it, the verbatim words it was read from, and the primary source the paper credits.

The functions, by task::

    Find figures   search(words, area=, period=), catalog(words), figure(id), figures(ids),
                   series(id), tables(), load(table), observations(), areas(region="LCN")
    Shape them     wide(series), panel(series_or_concept), with_year(frame), printed(frame),
                   figure_of(table, row, column), figures_in(table)
    Cite them      cite(figures, style=), cite_dataset(), sources(), references()
    Compare        conflicts(), corroborations(), revisions(), derived(), audit()
    Releases       changes(since="0.1.0"), load(table, version="0.1.0"), series(id, version=)
    Write them     export(frame, "x.xlsx" | ".csv" | ".dta" | ".json" | ".parquet" | ".feather"),
                   export_tables(fmt, out), parquet_path(table), schema(table)
    Errors         DataError (bad input or data), BuildError (raw records with problems)

Each function's help (``help(sd.panel)``) has an example to paste into a notebook.

Example
-------
>>> import silkroad_data as sd
>>> sd.tables()                          # doctest: +SKIP
>>> trade = sd.load("trade")             # doctest: +SKIP
>>> sd.catalog("trade")                  # doctest: +SKIP
>>> sd.series("chn_lcn_trade_total")     # doctest: +SKIP
>>> sd.wide(["chn_lcn_exports", "chn_lcn_imports"])   # doctest: +SKIP
>>> print(sd.cite(trade.obs_id[0]))      # doctest: +SKIP

Importing the package or loading a table imports neither pandera nor matplotlib;
plotting lives in ``silkroad_data.plot``.
"""

from ._version import __version__
from .api import audit, cite, cite_dataset, conflicts, corroborations, derived, observations, references, revisions, search, series, sources, tables
from .api import areas, figure, figures
from .errors import BuildError, DataError
from .api import load, parquet_path
from .schema import schema

# Series, their wide frames and figures as printed: imported when first used, as the citation
# code is, so that `import silkroad_data; sd.load(...)` costs little more than pandas and pyarrow.
_TIMESERIES = ("catalog", "figure_of", "figures_in", "printed", "wide")
_TIMESERIES += ("panel", "with_year")
# The release history, imported when first asked for (a load at the current version never reads it).
_RELEASES = ("changes",)


def __getattr__(name):
    if name in _TIMESERIES:
        from . import timeseries

        return getattr(timeseries, name)
    if name in _RELEASES:
        from . import releases

        return getattr(releases, name)
    raise AttributeError(f"module 'silkroad_data' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_TIMESERIES) | set(_RELEASES))


def export(df, path, fmt=None, table=None):
    """Write a DataFrame to CSV, Excel, Stata, JSON, Parquet or Feather (see :func:`silkroad_data.exports.files.export`)."""
    from .exports.files import export as _export

    return _export(df, path, fmt=fmt, table=table)


def export_tables(fmt, out, tables=None):
    """Export packaged tables (see :func:`silkroad_data.exports.files.export_tables`)."""
    from .exports.files import export_tables as _export_tables

    return _export_tables(fmt, out, tables)


# The functions by task (help(sd) lists them in this order), then the version and the errors.
__all__ = [
    "search", "catalog", "figure", "figures", "series", "tables", "load", "observations", "areas",
    "wide", "panel", "with_year", "printed", "figure_of", "figures_in",
    "cite", "cite_dataset", "sources", "references", "conflicts", "corroborations", "revisions", "derived", "audit",
    "changes", "export", "export_tables", "parquet_path", "schema",
    "__version__", "BuildError", "DataError",
]
