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

from .arguments import choice, frame, text
from .errors import DataError
from .loader import load as _load
from .loader import manifest, observations
from .loader import parquet_path as _parquet_path
from .metadata import OBSERVATION_TABLES, RESOURCES
from .values import missing as missing_value, plain_records


def load(table: str, version: str | None = None) -> pd.DataFrame:
    """One table as a tidy pandas DataFrame, one row per figure (a fresh copy).

    ``version`` pins a release: the rows exactly as that release shipped them (see docs/releases.md).

    >>> import silkroad_data as sd
    >>> sd.load("trade")[["obs_id", "reported", "period_label"]].head()   # doctest: +SKIP
    >>> sd.load("digital_infrastructure", version="0.1.0").shape[0] > 0
    True
    """
    if version is not None:
        from .releases import load as load_release  # only when a release is asked for: a load stays light

        return load_release(table, version)
    return _load(table)


def parquet_path(table: str, version: str | None = None):
    """Path of the Parquet file of ``table``, for DuckDB, Polars or Spark; ``version`` gives that
    release's file in the release history.

    >>> import silkroad_data as sd
    >>> sd.parquet_path("trade").name
    'trade.parquet'
    """
    if version is not None:
        from .releases import parquet_path as release_path

        return release_path(table, version)
    return _parquet_path(table)


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


def series(series_id: str, version: str | None = None) -> pd.DataFrame:
    """One series over time, sorted by period, with the citation columns of each figure.

    ``version`` pins a release (its rows as shipped). A series id of an earlier release finds
    its figures under their id today, with a note (``.attrs["note"]`` and a warning) naming it.

    >>> import silkroad_data as sd
    >>> s = sd.series("chn_lcn_trade_total")
    >>> s[["period_label", "value", "source_id"]].head()   # doctest: +SKIP
    >>> sd.series("chn_lcn_bri_mou_countries").attrs["note"]   # doctest: +SKIP
    """
    text(series_id, "series_id", "sd.series", "'chn_lcn_trade_total' (for several, sd.wide([...]))")
    if version is not None:
        from .releases import series as release_series

        return release_series(series_id, version)
    index = manifest()["series"]
    if series_id not in index:
        from .releases import old_series  # an id an earlier release used: its figures under their id today

        found = old_series(series_id)
        if found is not None:
            return found
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


_BY_ID: dict = {}  # the SHA-256 of each table of figures -> {obs_id or project_id: row}


def _rows_by_id() -> dict[str, dict]:
    """Every figure and deal as a plain row, by its id; made once per version of the tables (a
    bibliography of hundreds of figures looks each up in a dict, not in every table)."""
    tables = (*OBSERVATION_TABLES, "projects")
    key = tuple(manifest()["tables"][t]["sha256"] for t in tables)
    rows = _BY_ID.get(key)
    if rows is None:
        rows = {}
        for table in tables:
            id_col = "project_id" if table == "projects" else "obs_id"
            for row in plain_records(load(table)):
                rows.setdefault(row[id_col], row)
        _BY_ID.clear()
        _BY_ID[key] = rows
    return rows


def _figure(obs_id: str) -> dict:
    row = _rows_by_id().get(obs_id) if isinstance(obs_id, str) else None
    if row is None:
        raise DataError(f"Unknown observation id {obs_id!r}. Find ids with sd.search(...) or sd.load(table).obs_id.")
    return dict(row)


def _figures_by_id(ids: list) -> list[dict]:
    """The package's rows of the figures ``ids`` (observation or project ids), in the order given."""
    wanted = list(dict.fromkeys(i for i in ids if isinstance(i, str)))
    bad = [i for i in ids if not isinstance(i, str)]
    if bad:
        raise DataError(f"The DataFrame has a row without an obs_id (or project_id) text ({bad[0]!r}); pass rows of an "
                        "observation or projects table, such as sd.load('trade') or sd.search('4G').")
    found: dict[str, dict] = {}
    for table, key in [(t, "obs_id") for t in OBSERVATION_TABLES] + [("projects", "project_id")]:
        df = load(table)
        for row in plain_records(df[df[key].isin(wanted)]):
            found.setdefault(row[key], row)
    unknown = [i for i in wanted if i not in found]
    if unknown:
        shown = ", ".join(map(repr, unknown[:5])) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        raise DataError(f"The DataFrame names figures the package does not hold: {shown}. Pass rows of sd.load(...), "
                        "sd.search(...) or sd.series(...), whose obs_id (or project_id) are the package's.")
    return [found[i] for i in wanted]


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
        frame(figures, "figures", "sd.cite", "sd.load('trade')")
        missing = [c for c in ("source_id",) if c not in figures.columns]
        if missing or not ({"obs_id", "project_id"} & set(figures.columns)):
            raise DataError("The DataFrame has no source_id and obs_id (or project_id) columns: pass rows of an "
                            "observation or projects table, such as sd.load('trade') or sd.search('4G').")
        known = set(load("sources")["source_id"])
        given = {v if isinstance(v, str) else repr(v) for v in figures["source_id"] if not missing_value(v)}
        unknown = sorted(given - known)
        if unknown:
            raise DataError(f"The DataFrame has figures of unknown paper(s) {', '.join(map(repr, unknown))} in its "
                            f"source_id column; the papers are {', '.join(sorted(known))}.")
        # The figures are cited from the package's own records, found by their ids: a column edited in
        # the frame (its cited_source, its quote) never makes a citation.
        ids = [o if isinstance(o, str) else p for o, p in
               zip(figures["obs_id"] if "obs_id" in figures.columns else [None] * len(figures),
                   figures["project_id"] if "project_id" in figures.columns else [None] * len(figures))]
        return _figures_by_id(ids)
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

    text(style, "style", "sd.cite", "'apa' or 'bibtex'")
    choice(markup, "markup", "sd.cite", MARKUPS)
    style = style_name(style)
    rows = _rows(figures)
    by_source = {r["source_id"]: r for r in plain_records(sources())}
    works = _works()
    if isinstance(figures, (str, pd.Series)):
        return format_figure(rows[0], by_source[rows[0]["source_id"]], style, markup, works)
    return bibliography(rows, by_source, style, markup, works)


def cite_dataset(style: str = "apa", markup: str = "text") -> str:
    """The citation of the dataset itself (this version), in any style of :func:`cite`.

    >>> import silkroad_data as sd
    >>> print(sd.cite_dataset())     # doctest: +SKIP
    silkroad-data contributors. (2026). silkroad-data: Figures of papers on China and Latin America (Version 0.3.2) [Data set].
    >>> f"(Version {sd.__version__})" in sd.cite_dataset()
    True
    """
    from ._version import __version__
    from .citation import MARKUPS, dataset_citation

    text(style, "style", "sd.cite_dataset", "'apa' or 'bibtex'")
    choice(markup, "markup", "sd.cite_dataset", MARKUPS)
    return dataset_citation(__version__, style, markup)


def conflicts() -> pd.DataFrame:
    """Pairs of figures from different papers, same series and period, that disagree.

    Both figures stay in their tables; this only pairs them, with both quotes and sources.

    >>> import silkroad_data as sd
    >>> sd.conflicts()[["series_id", "reported_a", "reported_b", "difference"]]   # doctest: +SKIP
    """
    return load("conflicts")


def corroborations(same_source: bool = False) -> pd.DataFrame:
    """Pairs of figures from different papers, same series and period, that agree, and credit different works.

    Two papers that repeat one credited work do not corroborate each other: such pairs
    (``same_primary_source`` true) are left out unless ``same_source=True``. ``undated`` says
    which pairs rest on undated statements, perhaps of papers written years apart.

    >>> import silkroad_data as sd
    >>> bool(sd.corroborations()["same_primary_source"].any())
    False
    >>> len(sd.corroborations(same_source=True)) >= len(sd.corroborations())
    True
    """
    pairs = load("corroborations")
    if same_source:
        return pairs
    return pairs[~pairs["same_primary_source"].astype(bool)].reset_index(drop=True)


def revisions() -> pd.DataFrame:
    """Pairs of forecasts or targets from different papers, same series and period, made at different dates.

    A later forecast revises an earlier one: neither a disagreement nor a corroboration. Figure
    ``a`` is the earlier and ``difference`` is later minus earlier where ``made`` (at its
    precision) tells the order; ``later_obs_id`` names the later figure and is empty where the
    order cannot be told (``order_note`` says why).

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


# --- one figure, several figures, the areas -------------------------------------------------------------------------

def _unknown_figure(obs_id, known) -> DataError:
    import difflib

    close = difflib.get_close_matches(str(obs_id), list(known), n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return DataError(f"Unknown figure id {obs_id!r}.{hint} Find ids with sd.search('words') (its obs_id column).")


def figure(obs_id: str) -> pd.Series:
    """One figure by its id, as a row (a pandas Series named by the id) with its citation columns.

    >>> import silkroad_data as sd
    >>> f = sd.figure("lou2019.trade_total_2014")
    >>> f["reported"], f["source_id"]
    ('US$263.6 billion', 'lou2019')
    >>> print(sd.cite(f))              # doctest: +SKIP
    """
    if not isinstance(obs_id, str):
        raise DataError(f"sd.figure takes one figure id (a string), such as sd.figure('lou2019.trade_total_2014'); got "
                        f"a {type(obs_id).__name__}. For several ids: sd.figures([...]).")
    obs = observations()
    hit = obs.index[obs["obs_id"] == obs_id]
    if not len(hit):
        raise _unknown_figure(obs_id, obs["obs_id"])
    return obs.loc[hit[0]].rename(obs_id)


def figures(ids) -> pd.DataFrame:
    """Several figures by their ids, as rows of the tables of figures, in the order given.

    >>> import silkroad_data as sd
    >>> sd.figures(["malena.per_4g_population_coverage", "lou2019.trade_total_2014"])["source_id"].tolist()
    ['malena', 'lou2019']
    """
    if isinstance(ids, str) or not isinstance(ids, (list, tuple, pd.Index, pd.Series)) and type(ids).__name__ != "ndarray":
        raise DataError(f"sd.figures takes a list of figure ids, such as sd.figures(['lou2019.trade_total_2014']); got "
                        f"a {type(ids).__name__}" + (": for one id, sd.figure(id)." if isinstance(ids, str) else "."))
    wanted = list(dict.fromkeys(ids))
    bad = [i for i in wanted if not isinstance(i, str)]
    if bad:
        raise DataError(f"sd.figures takes figure ids (strings); got an item of type {type(bad[0]).__name__}.")
    obs = observations()
    known = set(obs["obs_id"])
    missing = [i for i in wanted if i not in known]
    if missing:
        raise _unknown_figure(missing[0], known)
    order = {i: n for n, i in enumerate(wanted)}
    found = obs[obs["obs_id"].isin(order)]
    return found.iloc[found["obs_id"].map(order).argsort()].reset_index(drop=True)


def areas(kind: str | None = None, region: str | None = None) -> pd.DataFrame:
    """The areas figures are about: code, names in English, Spanish and Portuguese, kind and region.

    ``code`` is the ISO 3166-1 alpha-3 code of a country or the World Bank code of an aggregate
    (``LCN`` Latin America & Caribbean, ``WLD`` World); ``kind`` is ``country`` or
    ``aggregate``; ``region`` the World Bank region code, ``LCN`` for every Latin American and
    Caribbean economy (declared for those economies and the areas of the figures, empty
    elsewhere). A name in Spanish or Portuguese is empty where the package does not declare it. ``kind`` and ``region`` narrow the list.

    >>> import silkroad_data as sd
    >>> lac = sd.areas(region="LCN")
    >>> lac.set_index("code").loc["BRA", ["name", "name_es", "name_pt"]].tolist()
    ['Brazil', 'Brasil', 'Brasil']
    >>> "MEX" in set(lac["code"]) and "CHN" not in set(lac["code"])
    True
    """
    from .metadata.areas import AREA_COLUMNS, area_rows

    table = pd.DataFrame(list(area_rows()), columns=list(AREA_COLUMNS)).replace("", None)
    for arg, value in (("kind", kind), ("region", region)):
        if value is None:
            continue
        known = sorted(set(table[arg].dropna()))
        if value not in known:
            raise DataError(f"{arg}={value!r} is not an area {arg}; use one of {', '.join(known)}.")
        table = table[table[arg] == value]
    return table.reset_index(drop=True)
