"""silkroad_data: every quantitative figure of five papers on China and Latin America.

Each figure is a row of a tidy, validated table, with its citation: the paper, where in
it, the verbatim words it was read from, and the primary source the paper credits.

Example
-------
>>> import silkroad_data as sd
>>> sd.tables()                          # doctest: +SKIP
>>> trade = sd.load("trade")             # doctest: +SKIP
>>> sd.series("chn_lcn_trade_total")     # doctest: +SKIP
>>> print(sd.cite(trade.obs_id[0]))      # doctest: +SKIP

Importing the package or loading a table imports neither pandera nor matplotlib;
plotting lives in ``silkroad_data.plot``.
"""

from ._version import __version__
from .api import cite, observations, references, search, series, sources, tables
from .errors import BuildError, DataError
from .loader import load, parquet_path

__all__ = [
    "__version__", "BuildError", "DataError", "cite", "load", "observations", "parquet_path",
    "references", "search", "series", "sources", "tables",
]
