"""The user-facing functions: tables, series, sources, search and citations.

The catalog of series and wide tables are in :mod:`silkroad_data.timeseries`; search in
:mod:`silkroad_data.textsearch`.

Example
-------
>>> import silkroad_data as sd
>>> sd.tables()[["table", "rows"]].head(3)            # doctest: +SKIP
>>> sd.search("4G")[["obs_id", "subject", "reported"]]  # doctest: +SKIP
>>> print(sd.cite(sd.load("trade").obs_id[0]))          # doctest: +SKIP
"""

from __future__ import annotations

import pandas as pd

from .cite import STYLES, bibliography, format_figure
from .errors import DataError
from .loader import load, manifest
from .metadata import OBSERVATION_TABLES, RESOURCES
from .values import plain_records


def tables() -> pd.DataFrame:
    """The tables, with kind, description and row count.

    >>> import silkroad_data as sd
    >>> "trade" in set(sd.tables()["table"])
    True
    """
    rows = [{"table": name, "kind": e["kind"], "rows": e["rows"], "description": e["description"]}
            for name, e in manifest()["tables"].items()]
    order = {name: i for i, name in enumerate(RESOURCES)}
    return pd.DataFrame(rows).sort_values("table", key=lambda s: s.map(order)).reset_index(drop=True)


def observations() -> pd.DataFrame:
    """Every figure of every theme table, in one DataFrame (same columns)."""
    return pd.concat([load(t) for t in OBSERVATION_TABLES], ignore_index=True)


def series(series_id: str) -> pd.DataFrame:
    """One series over time, sorted by period, with the citation columns of each figure.

    >>> import silkroad_data as sd
    >>> s = sd.series("chn_lcn_trade_total")
    >>> s[["period_label", "value", "source_id"]].head()   # doctest: +SKIP
    """
    index = manifest()["series"]
    if series_id not in index:
        import difflib

        close = difflib.get_close_matches(str(series_id), list(index), n=3, cutoff=0.6)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise DataError(f"Unknown series {series_id!r}.{hint} Find series by words with sd.catalog({str(series_id)!r}) "
                        f"(or `silkroad-data series {series_id}`), or figures with sd.search(...).")
    df = load(index[series_id])
    df = df[df["series_id"] == series_id]
    return df.sort_values(["period_end", "period_start", "obs_id"], na_position="last").reset_index(drop=True)


def sources() -> pd.DataFrame:
    """The papers, with full bibliographic records and a ready citation."""
    return load("sources")


def references() -> pd.DataFrame:
    """Entries of the papers' notes and reference lists that figures are credited to."""
    return load("references")


def search(text: str = "", table: str | None = None, area: str | None = None, source: str | None = None,
           period=None) -> pd.DataFrame:
    """Figures matching every word of ``text``, best first (see :func:`silkroad_data.textsearch.search`).

    >>> import silkroad_data as sd
    >>> sd.search("4G coverage")[["obs_id", "subject", "reported"]]   # doctest: +SKIP
    >>> sd.search("Brasil", table="digital_infrastructure").subject_code.iloc[0]
    'BRA'
    """
    from .textsearch import search as _search

    return _search(text, table=table, area=area, source=source, period=period)


def _figure(obs_id: str) -> dict:
    for table in OBSERVATION_TABLES:
        df = load(table)
        hit = df[df["obs_id"] == obs_id]
        if len(hit):
            return plain_records(hit)[0]
    df = load("projects")
    hit = df[df["project_id"] == obs_id]
    if len(hit):
        return plain_records(hit)[0]
    raise DataError(f"Unknown observation id {obs_id!r}. Find ids with sd.search(...) or sd.load(table).obs_id.")


def cite(figures, style: str = "apa") -> str:
    """A citation of one exact figure, or the bibliography of a set of figures.

    ``figures`` is an observation id (or a projects row id), or a DataFrame of
    observations: then the deduplicated bibliography of exactly those figures' papers and
    the primary sources they credit. ``style`` is ``apa``, ``chicago``, ``bibtex`` or ``csl-json``.

    >>> import silkroad_data as sd
    >>> print(sd.cite("lou2019.trade_total_2014", style="apa"))          # doctest: +SKIP
    >>> trade = sd.load("trade")
    >>> print(sd.cite(trade[trade.series_id == "chn_lcn_trade_total"]))  # doctest: +SKIP
    """
    if style not in STYLES:
        raise ValueError(f"Unknown citation style {style!r}; use one of {', '.join(STYLES)}.")
    src = sources()
    by_source = {r["source_id"]: r for r in plain_records(src)}
    if isinstance(figures, pd.DataFrame):
        if "source_id" not in figures.columns:
            raise ValueError("The DataFrame has no source_id column; pass rows of an observation table.")
        rows = plain_records(figures)
        return bibliography(rows, by_source, style)
    obs = _figure(str(figures))
    return format_figure(obs, by_source[obs["source_id"]], style)


def conflicts() -> pd.DataFrame:
    """Pairs of figures from different papers, same series and period, that disagree.

    Both figures stay in their tables; this only pairs them, with both quotes and sources.

    >>> import silkroad_data as sd
    >>> sd.conflicts()[["series_id", "reported_a", "reported_b", "difference"]]   # doctest: +SKIP
    """
    return load("conflicts")


def corroborations() -> pd.DataFrame:
    """Pairs of figures from different papers, same series and period, that agree."""
    return load("corroborations")


def revisions() -> pd.DataFrame:
    """Pairs of forecasts or targets from different papers, same series and period, made at different dates.

    A later forecast revises an earlier one: neither a disagreement nor a corroboration.

    >>> import silkroad_data as sd
    >>> sd.revisions()[["series_id", "reported_a", "made_a", "reported_b", "made_b"]]   # doctest: +SKIP
    """
    return load("revisions")


def derived() -> pd.DataFrame:
    """Figures implied by reported ones (a whole from a part and its share), kept apart from reported figures.

    >>> import silkroad_data as sd
    >>> sd.derived()[["indicator", "value", "value_low", "value_high", "formula"]]   # doctest: +SKIP
    """
    return load("derived")


def audit() -> pd.DataFrame:
    """The papers' arithmetic claims recomputed from the package's own figures, with a verdict.

    >>> import silkroad_data as sd
    >>> sd.audit()[["claim_id", "stated_reported", "recomputed", "verdict"]]   # doctest: +SKIP
    """
    return load("claims_audit")
