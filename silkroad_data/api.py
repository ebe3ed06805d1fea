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


_WORKS: dict = {}  # the references table's SHA-256 -> its Works


def _works() -> "Works":
    """Every credited work of the dataset, keyed once; built once per version of the references table."""
    from .citation import Works  # citations are imported when first asked for: a load stays light
    from .loader import manifest

    version = manifest()["tables"]["references"].get("sha256")
    works = _WORKS.get(version)
    if works is None:
        _WORKS.clear()
        works = _WORKS[version] = Works(plain_records(load("references")))
    return works


def _rows(figures) -> list[dict]:
    """The figures to cite, as rows: from an id, a list of ids, a DataFrame or one row (a Series)."""
    if isinstance(figures, str):
        return [_figure(figures)]
    if isinstance(figures, pd.Series):
        fid = figures.get("obs_id", figures.get("project_id"))
        if not isinstance(fid, str):
            raise DataError("This row has no obs_id (or project_id): pass a row of an observation or projects table, "
                            "such as sd.load('trade').iloc[0].")
        return [_figure(fid)]
    if isinstance(figures, pd.DataFrame):
        missing = [c for c in ("source_id",) if c not in figures.columns]
        if missing or not ({"obs_id", "project_id"} & set(figures.columns)):
            raise DataError("The DataFrame has no source_id and obs_id (or project_id) columns: pass rows of an "
                            "observation or projects table, such as sd.load('trade') or sd.search('4G').")
        rows = plain_records(figures)
        known = set(load("sources")["source_id"])
        unknown = sorted({str(r["source_id"]) for r in rows} - known)
        if unknown:
            raise DataError(f"The DataFrame has figures of unknown paper(s) {', '.join(map(repr, unknown))} in its "
                            f"source_id column; the papers are {', '.join(sorted(known))}.")
        return rows
    if isinstance(figures, (list, tuple, set, frozenset, pd.Index)) or type(figures).__name__ == "ndarray":
        ids = list(figures)
        bad = [i for i in ids if not isinstance(i, str)]
        if bad or not ids:
            raise DataError("Pass a list of observation ids (strings), such as ['lou2019.trade_total_2014']"
                            + (f"; got an item of type {type(bad[0]).__name__}." if bad else "; the list is empty."))
        return [_figure(i) for i in dict.fromkeys(ids)]
    raise DataError(f"sd.cite takes an observation id, a list of ids, a DataFrame or a row (Series); "
                    f"got a {type(figures).__name__}.")


def cite(figures, style: str = "apa", markup: str = "text") -> str:
    """A citation of one exact figure, or the bibliography of a set of figures.

    ``figures`` is an observation id (or a projects row id), or one row of a table (a
    Series): the figure's citation, with its paper, the primary source the paper credits, the
    locator and the quote. A list of ids or a DataFrame of figures gives the deduplicated
    bibliography of exactly those figures' papers and the primary sources they credit.
    ``style`` is ``apa``, ``chicago``, ``bibtex``, ``biblatex``, ``ris`` or ``csl-json`` (any
    case); ``markup`` (APA and Chicago) is ``text``, ``markdown`` or ``html`` (italics).

    >>> import silkroad_data as sd
    >>> print(sd.cite("lou2019.trade_total_2014", style="APA"))                # doctest: +SKIP
    >>> print(sd.cite(["lou2019.trade_total_2014", "malena.pe_4g_coverage"], style="bibtex"))  # doctest: +SKIP
    >>> trade = sd.load("trade")
    >>> print(sd.cite(trade[trade.series_id == "chn_lcn_trade_total"]))      # doctest: +SKIP
    >>> print(sd.cite(trade.iloc[0], style="chicago", markup="html"))          # doctest: +SKIP
    """
    from .citation import MARKUPS, bibliography, format_figure, style_name

    style = style_name(style)
    if markup not in MARKUPS:
        raise ValueError(f"Unknown markup {markup!r}; use one of {', '.join(MARKUPS)}.")
    rows = _rows(figures)
    by_source = {r["source_id"]: r for r in plain_records(sources())}
    works = _works()
    if isinstance(figures, (str, pd.Series)):
        return format_figure(rows[0], by_source[rows[0]["source_id"]], style, markup, works)
    return bibliography(rows, by_source, style, markup, works)


def cite_dataset(style: str = "apa", markup: str = "text") -> str:
    """The citation of the dataset itself (this version), in any style of :func:`cite`.

    >>> import silkroad_data as sd
    >>> print(sd.cite_dataset())
    silkroad-data contributors. (2026). silkroad-data: Figures of five papers on China and Latin America (Version 0.2.0) [Data set].
    """
    from ._version import __version__
    from .citation import dataset_citation

    return dataset_citation(__version__, style, markup)


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
