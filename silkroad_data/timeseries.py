"""From figures to time series: the catalog of series, a wide table by period, values in their printed scale.

A wide table never merges papers silently: where two papers give a figure for the same series
and period, each paper gets its own column unless the caller states a policy (``prefer=``
or ``agg=``); a part of a year is never put beside full years unless asked; and every cell
keeps the id of the figure it holds, so a number of the wide table can still be cited.

Example
-------
>>> import silkroad_data as sd
>>> sd.catalog("trade total")[["series_id", "figures", "papers"]]        # doctest: +SKIP
>>> w = sd.wide("chn_lcn_trade_total")
>>> sd.figure_of(w, "2016", "chn_lcn_trade_total [li2022]")
'li2022.chn_lcn_trade_total_2016'
"""

from __future__ import annotations

import pandas as pd

from . import arguments
from .errors import DataError
from .metadata import MEASURES, QUALIFIERS
from .scale import in_printed_scale, unit_label
from .textsearch import area_code, fold, narrow
from .values import plain_records

_AGGREGATES = ("mean", "median", "min", "max")


def printed(df: pd.DataFrame) -> pd.DataFrame:
    """The figures with their values in the scale the paper printed, and that scale's unit label.

    Adds ``printed_value`` (``value / 10**printed_scale``), ``printed_value_high``,
    ``printed_unit`` ("US$ billion") and ``printed_label``, the number as the paper wrote it
    around it ("more than 410", "85 (forecast)", "about 20"; see :func:`printed_label`), for a
    table copied into a text; ``value`` stays in base units.

    >>> import silkroad_data as sd
    >>> t = sd.printed(sd.series("chn_lcn_trade_total"))
    >>> t.loc[t.obs_id == "lou2019.trade_total_2014", ["printed_value", "printed_unit"]].values.tolist()
    [[263.6, 'US$ billion']]
    """
    arguments.frame(df, "df", "sd.printed", "sd.series('chn_lcn_trade_total')")
    missing = {"value", "unit", "printed_scale"} - set(df.columns)
    if missing:
        raise DataError(f"sd.printed needs the columns value, unit and printed_scale of a table of figures; missing: "
                        f"{', '.join(sorted(missing))}.")
    _numeric(df, ("value", "value_high", "printed_scale"), "sd.printed")
    if not all(isinstance(u, str) or u is None or (isinstance(u, float) and u != u) for u in df["unit"]):
        raise DataError("sd.printed: column 'unit' must hold unit codes (text such as 'USD'), as in a table of figures.")
    out = df.copy()
    out["printed_value"] = in_printed_scale(df["value"], df["printed_scale"])
    if "value_high" in df.columns:
        out["printed_value_high"] = in_printed_scale(df["value_high"], df["printed_scale"])
    out["printed_unit"] = [unit_label(u, p) for u, p in zip(df["unit"], df["printed_scale"].fillna(0).astype(int))]
    if {"qualifier", "status"} <= set(df.columns):
        out["printed_label"] = [printed_label(r, p) for r, p in zip(df.itertuples(index=False),
                                                                     df["printed_scale"].fillna(0).astype(int))]
    return out


def _number(value) -> str:
    """A number as a table prints it: no trailing zeros, thousands separated ('410', '1,234.5')."""
    return format(float(value), ",.12g")


def _numeric(df: pd.DataFrame, columns, call: str) -> None:
    """Refuse a frame whose columns ``columns`` (those it has) are not single columns of numbers."""
    for col in columns:
        if col not in df.columns:
            continue
        s = df[col]
        numbers = pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_complex_dtype(s) \
            and not pd.api.types.is_bool_dtype(s)
        if not numbers and not s.isna().all():
            raise DataError(f"{call}: column {col!r} must hold numbers, as in a table of figures; it holds "
                            f"{s.dtype} values. Pass rows of sd.load(...), sd.series(...) or sd.search(...).")
        given = s.dropna().astype("float64") if numbers else s.iloc[:0]
        if col == "printed_scale" and not ((given % 1 == 0) & (given.abs() <= 308)).all():
            raise DataError(f"{call}: column 'printed_scale' must hold powers of ten as whole numbers (9 for billion), "
                            "as in a table of figures.")


def printed_label(figure, power: int = 0) -> str:
    """A figure's number as the paper wrote it around it: its qualifier's words, a range, and its status
    where it is not a reported figure; the number divided by ``10**power`` (its printed scale).

    ``figure`` is a row of a table of figures (a Series, or a row of ``itertuples``).

    >>> import silkroad_data as sd
    >>> printed_label(sd.figure("clabri.fdi_stock_2019_11"), 9)
    'more than 410'
    >>> printed_label(sd.figure("li2022.lcn_ecommerce_retail_sales_2021"), 9)
    '85 (forecast)'
    """
    get = figure.get if hasattr(figure, "get") else lambda k, d=None: getattr(figure, k, d)
    value = get("value")
    if value is None or value != value:
        return ""
    number = _number(in_printed_scale(float(value), power))
    qualifier = str(get("qualifier") or "exact")
    high = get("value_high")
    if qualifier == "range" and high is not None and high == high:
        text = f"{number}–{_number(in_printed_scale(float(high), power))}"
    else:
        text = (QUALIFIERS[qualifier].words if qualifier in QUALIFIERS else "") + number
    status = str(get("status") or "reported")
    return text if status == "reported" else f"{text} ({status})"


def _observations() -> pd.DataFrame:
    from .loader import observations

    return observations()


def _areas(g: list[dict]) -> str:
    pairs = []
    for r in g:
        a = r["subject_code"] or r["subject"]
        b = r["counterpart_code"] or r["counterpart"]
        pair = f"{a}→{b}" if isinstance(b, str) else str(a)
        if pair not in pairs:
            pairs.append(pair)
    return ", ".join(pairs)


def catalog(text: str = "", table: str | None = None, area: str | None = None, source: str | None = None,
            by: str = "series") -> pd.DataFrame:
    """Every series (``by="concept"``: every concept): what it measures, in which unit, about which areas, over which periods, from which papers.

    One row per series: its indicator, unit in the printed scale, measure, areas (``CHN→LCN``
    for a bilateral series), first and last period (SDMX time keys), the number of periods and of
    figures, and the papers giving it. ``text`` keeps the series whose id, indicator or areas
    hold every word (accent- and case-folded; "Brasil" is Brazil); ``table``, ``area`` and
    ``source`` narrow to a table, an area (subject or counterpart) and a paper.

    >>> import silkroad_data as sd
    >>> cat = sd.catalog("trade total")
    >>> cat.set_index("series_id").loc["chn_lcn_trade_total", "papers"]      # doctest: +SKIP
    'clabri, li2022, liu2025, lou2019'
    >>> {"li2022", "lou2019"} <= set(cat.set_index("series_id").loc["chn_lcn_trade_total", "papers"].split(", "))
    True
    >>> sd.catalog(area="Brasil", table="digital_infrastructure")[["series_id", "figures"]]   # doctest: +SKIP

    ``by="concept"`` gives one row per concept instead (see :func:`concept_catalog`):

    >>> sd.catalog("4g", by="concept").set_index("concept_id").loc["4g_population_coverage", "areas"]
    'CRI, ECU, MEX, PER'
    """
    arguments.text(text, "text", "sd.catalog", "'trade total'")
    for name, value in (("table", table), ("area", area), ("source", source)):
        arguments.text(value, name, "sd.catalog", {"table": "'trade'", "area": "'Brazil'", "source": "'li2022'"}[name],
                       optional=True)
    arguments.choice(by, "by", "sd.catalog", ("series", "concept"))
    if by == "concept":
        return concept_catalog(text, table, area, source)
    obs = narrow(_observations(), table, area, source)
    cols = ["series_id", "table", "indicator", "unit", "printed_scale", "measure", "subject", "subject_code", "counterpart",
            "counterpart_code", "time_period", "period_start", "period_end", "source_id"]
    # One pass over plain rows (a groupby of 267 small frames is slow); dated figures in time order.
    records = sorted(plain_records(obs[cols]), key=lambda r: (r["series_id"], r["period_start"] is None,
                                                               r["period_start"] or 0, r["period_end"] or 0))
    by_series: dict[str, list[dict]] = {}
    for r in records:
        by_series.setdefault(r["series_id"], []).append(r)
    rows = []
    for sid, g in by_series.items():
        dated = [r for r in g if r["time_period"] is not None]
        last = max(dated, key=lambda r: (r["period_end"], r["period_start"])) if dated else None
        rows.append({
            "series_id": sid, "table": str(g[0]["table"]), "indicator": g[0]["indicator"],
            "unit": ", ".join(dict.fromkeys(unit_label(r["unit"], r["printed_scale"]) for r in g)),
            "measure": ", ".join(dict.fromkeys(str(r["measure"]) for r in g)),
            "areas": _areas(g),
            "first": dated[0]["time_period"] if dated else None, "last": last["time_period"] if last else None,
            "periods": len({r["time_period"] for r in dated}), "figures": len(g),
            "papers": ", ".join(sorted({r["source_id"] for r in g})),
        })
    cat = pd.DataFrame(rows, columns=["series_id", "table", "indicator", "unit", "measure", "areas", "first", "last",
                                      "periods", "figures", "papers"])
    return _with_words(cat, text, "series_id", "indicator")


def concept_catalog(text: str = "", table: str | None = None, area: str | None = None, source: str | None = None) -> pd.DataFrame:
    """Every concept, with the areas and papers behind it: the view of the catalog by what is measured.

    One row per concept (declared in ``silkroad_data/metadata/concepts.py``): its definition,
    kind of unit and measure, for a rank what is ranked among what, the areas of its series,
    the number of series and figures, the papers, and a note where figures of different papers
    may not be comparable. ``text``, ``table``, ``area`` and ``source`` narrow as in
    :func:`catalog`; the series of a concept are ``sd.observations()`` where ``concept_id``
    is it.

    >>> import silkroad_data as sd
    >>> row = sd.catalog(by="concept").set_index("concept_id").loc["trade_partner_rank"]
    >>> row["ranked"], row["among"].startswith("the trading partners of the counterpart area")
    ('the subject', True)
    """
    from .metadata.concepts import CONCEPTS

    obs = narrow(_observations(), table, area, source)
    cols = ["concept_id", "series_id", "subject", "subject_code", "counterpart", "counterpart_code", "source_id", "statistic"]
    by_concept: dict[str, list[dict]] = {}
    for r in sorted(plain_records(obs[cols]), key=lambda r: (str(r["concept_id"]), _areas([r]))):
        by_concept.setdefault(str(r["concept_id"]), []).append(r)
    rows = []
    for cid, g in by_concept.items():
        c = CONCEPTS[cid]
        rows.append({"concept_id": cid, "definition": c.description, "unit_kind": c.unit_kind, "measure": c.measure,
                     "ranked": c.ranked or None, "among": c.among or None, "areas": _areas(g),
                     "series": len({r["series_id"] for r in g}), "figures": len(g),
                     "statistics": sum(bool(r["statistic"]) for r in g),
                     "papers": ", ".join(sorted({r["source_id"] for r in g})), "note": c.note or None})
    cat = pd.DataFrame(rows, columns=["concept_id", "definition", "unit_kind", "measure", "ranked", "among", "areas", "series",
                                      "figures", "statistics", "papers", "note"])
    return _with_words(cat, text, "concept_id", "definition")


def _with_words(cat: pd.DataFrame, text: str, key: str, words_column: str) -> pd.DataFrame:
    """The rows of a catalog whose id, words or areas hold every word of ``text`` (accent- and case-folded, area names too)."""
    words = [w for w in fold(text).split() if w]
    if words:
        hay = (cat[key].map(fold) + " " + cat[words_column].map(fold) + " " + cat["areas"].map(fold) + " "
               + cat["areas"].map(lambda a: " ".join(fold(n) for n in _area_names_of(a))))
        for w in words:
            code = area_code(w)
            alias = f" {fold(code)}" if code else ""
            mask = hay.str.contains(w, regex=False)
            if alias:
                mask |= hay.str.contains(alias.strip(), regex=False)
            cat = cat[mask]
            hay = hay[mask]
    return cat.reset_index(drop=True)


def _area_names_of(areas_text: str) -> list[str]:
    from .metadata import areas

    known = areas()
    names = []
    for pair in areas_text.split(", "):
        for code in pair.split("→"):
            if code in known:
                names.append(known[code][0])
    return names


# --- wide tables ---------------------------------------------------------------------------------------------------

def _figures(series) -> pd.DataFrame:
    if isinstance(series, pd.DataFrame):
        if not {"obs_id", "series_id"} <= set(series.columns):
            raise DataError("sd.wide takes series ids, or rows of a table of figures (with obs_id and series_id).")
        obs = _observations()
        return obs[obs["obs_id"].isin({v for v in series["obs_id"] if isinstance(v, str)})]
    ids = [series] if isinstance(series, str) else list(series)
    obs = _observations()
    known = set(obs["series_id"])
    unknown = [s for s in ids if s not in known]
    if unknown:
        import difflib

        hints = {s: difflib.get_close_matches(s, known, n=2, cutoff=0.6) for s in unknown}
        said = "; ".join(f"{s!r}" + (f" (did you mean {', '.join(map(repr, h))}?)" if h else "") for s, h in hints.items())
        raise DataError(f"Unknown series {said}. Find series with sd.catalog('words') or `silkroad-data series words`.")
    return obs[obs["series_id"].isin(ids)]


def _year_row(r) -> tuple[object, str | None]:
    """The year a figure stands for in a table by year, or why it has none."""
    if pd.isna(r.period_start):
        return None, "undated"
    start, end = r.period_start, r.period_end
    if start == end:
        if (end.month, end.day) == (12, 31):
            return end.year, None
        return end.year, f"dated {r.time_period}, within {end.year} but not at its end"
    if start.year != end.year:
        return None, f"a span of several years ({r.time_period})"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return start.year, None
    return start.year, f"part of {start.year} only ({r.time_period}, '{r.period_label}')"


def _describe(r) -> str:
    return f"{r.obs_id} ({r.reported}, {r.period_label if isinstance(r.period_label, str) else 'undated'})"


def wide(series, by: str = "period", *, prefer=None, agg: str | None = None, partial: bool = False,
         leave_out: bool = False, scale: str = "printed", labels: bool = False, undated: bool = False) -> pd.DataFrame:
    """Periods as rows and a column per series, each cell traceable to its figure.

    ``series`` is a series id, a list of them, or rows of a table of figures (say from
    ``sd.search``). ``by="period"`` gives a row per SDMX time key (``2019``,
    ``2019-01/2019-11``, ``2016-12-31``), in time order; ``by="year"`` a row per year, which
    holds full calendar years and stocks at the end of a year only.

    Nothing is merged or dropped silently:

    - where papers give the same series for the same period, the series gets a column per paper
      (``chn_lcn_trade_total [li2022]``), unless ``prefer`` (a paper id or a list, best first)
      picks one or ``agg`` ("mean", "median", "min", "max") combines them;
    - two figures of one paper for the same series and period are refused, unless ``agg`` is given;
    - by year, a part of a year (January-November 2019, a date in mid-2019) is refused unless
      ``partial=True`` puts it in its year; several years' spans and undated figures have no
      row and are refused unless ``leave_out=True``.

    Refusals name the figures that would be merged. The result's ``attrs`` keep what a reader
    needs: ``attrs["obs_id"]`` maps each (row, column) to the figure id (a tuple of ids for a
    cell combined by ``agg``; read it with :func:`figure_of`), ``attrs["columns"]`` each
    column's series, paper, indicator, measure and unit, and ``attrs["set_aside"]`` the
    figures a stated policy left out, with why. Values are in the printed scale of their
    series ("US$ billion", see ``attrs["columns"]``); ``scale="base"`` keeps base units.
    ``labels=True`` gives each cell as the paper wrote it around the number, for a table
    copied into a text: "more than 410", "85 (forecast)", "about 20" (see :func:`printed`'s
    ``printed_label``). ``undated=True`` puts the figures the paper dates nowhere in a row
    ``undated`` instead of refusing them.

    >>> import silkroad_data as sd
    >>> w = sd.wide("chn_lcn_trade_total")
    >>> w.loc[["2001", "2016"]]      # doctest: +SKIP
    >>> print(sd.cite(sd.figure_of(w, "2016", "chn_lcn_trade_total [li2022]")))   # doctest: +SKIP
    >>> sd.wide("chn_lcn_fdi_stock", labels=True).loc["2019-11-30"].tolist()
    ['more than 410']
    """
    if isinstance(series, pd.DataFrame):
        arguments.frame(series, "series", "sd.wide", "sd.search('trade')")
    else:
        arguments.texts(series, "series", "sd.wide", "'chn_lcn_trade_total', a list of series ids, or rows of sd.search(...)")
    arguments.choice(by, "by", "sd.wide", ("period", "year"))
    arguments.choice(agg, "agg", "sd.wide", _AGGREGATES, optional=True)
    arguments.choice(scale, "scale", "sd.wide", ("printed", "base"))
    order = [] if prefer is None else arguments.texts(prefer, "prefer", "sd.wide", "'li2022' or ['li2022', 'lou2019']")
    figs = _figures(series)
    return _pivot(figs.assign(_key=figs["series_id"]), by, prefer=order, agg=agg, partial=partial, leave_out=leave_out,
                  scale=scale, labels=labels, undated=undated, same_unit="series_id")


def _pivot(figs: pd.DataFrame, by: str, *, prefer, agg, partial, leave_out, scale, labels, undated, same_unit) -> pd.DataFrame:
    """Periods as rows and a column per value of ``figs["_key"]`` (a series for sd.wide, an area for
    sd.panel), with the rules of :func:`wide`; ``same_unit`` is the column within whose values
    every figure must share one measure and unit (None: all the figures)."""
    if by not in ("period", "year"):
        raise DataError(f"by={by!r}: use by='period' (a row per time key) or by='year' (a row per calendar year).")
    if agg is not None and agg not in _AGGREGATES:
        raise DataError(f"agg={agg!r}: use one of {', '.join(_AGGREGATES)}, or prefer= to keep one paper's figure.")
    if scale not in ("printed", "base"):
        raise DataError(f"scale={scale!r}: use 'printed' (as the papers print them) or 'base' (base units).")
    order = [prefer] if isinstance(prefer, str) else list(prefer or [])
    figs = figs.sort_values(["_key", "period_start", "period_end", "obs_id"]).reset_index(drop=True)
    if figs.empty:
        raise DataError("No figures to put in a wide table.")
    groups = [(f"Series {sid} mixes", g) for sid, g in figs.groupby(same_unit)] if same_unit else [("The figures mix", figs)]
    for said, g in groups:
        if g["measure"].nunique() > 1 or g["unit"].nunique() > 1:
            kinds = ", ".join(f"{r.obs_id} ({r.measure}, {r.unit})" for r in g.itertuples())
            raise DataError(f"{said} measures or units ({kinds}): a stock at a date and a flow over a span, "
                            "or two units, cannot share a column. Pass the figures of one measure and unit.")

    # Rows: which row each figure goes in, and those that have none.
    rows, problems, left = [], [], []
    for r in figs.itertuples(index=False):
        if by == "period":
            key, why = (r.time_period, None) if isinstance(r.time_period, str) else (None, "undated")
        else:
            key, why = _year_row(r)
            if why and key is not None and partial:
                why = None
        if why == "undated" and undated:
            key, why = "undated", None
        if why is None:
            rows.append(key)
            continue
        rows.append(None)
        (left if leave_out else problems).append((r, why))
    if problems:
        lines = "\n".join(f"  - {_describe(r)}: {why}" for r, why in problems)
        hint = ("partial=True puts a part of a year in its year's row; " if any("part of" in w or "within" in w for _, w in problems)
                else "")
        if any(w == "undated" for _, w in problems):
            hint += "undated=True puts the figures dated nowhere under 'undated'; "
        raise DataError(f"These figures have no row of a table by {by}:\n{lines}\n"
                        f"{hint}leave_out=True leaves them out (listed in attrs['set_aside']); by='period' keeps every dated figure apart.")
    figs = figs.assign(_row=pd.Series(rows, index=figs.index, dtype=object))
    set_aside = [{"obs_id": r.obs_id, "why": why} for r, why in left]
    figs = figs[figs["_row"].notna()]

    # Columns: a series, split by paper where papers give the same period, unless a policy says otherwise.
    cells: dict[tuple, list] = {}
    for key, g in figs.groupby(["_row", "_key"], sort=False):
        cells[key] = list(g.itertuples(index=False))
    split = set()
    for (row, sid), members in list(cells.items()):
        papers = list(dict.fromkeys(m.source_id for m in members))
        if order and len(members) > 1:
            best = next((p for p in order if p in papers), None)
            if best is not None:
                keep = [m for m in members if m.source_id == best]
                set_aside += [{"obs_id": m.obs_id, "why": f"prefer={order} keeps {keep[0].obs_id}"} for m in members if m.source_id != best]
                members = cells[(row, sid)] = keep
                papers = [best]
        if len(members) > 1 and agg is None:
            if len(papers) == len(members) and not order:
                split.add(sid)
                continue
            listed = ", ".join(_describe(m) for m in members)
            raise DataError(f"{len(members)} figures for {sid} in {row}: {listed}. A wide cell holds one figure; "
                            f"agg='mean' (or median, min, max) combines them"
                            + ("" if order else ", prefer=[paper, ...] keeps one paper's") + ", or use sd.series to see them all.")

    values: dict[tuple, object] = {}
    ids: dict[tuple, object] = {}
    columns: dict[str, dict] = {}
    for sid in dict.fromkeys(figs["_key"]):
        g = figs[figs["_key"] == sid]
        power = int(g["printed_scale"].mode().iloc[0]) if scale == "printed" else 0
        measure = str(g["measure"].iloc[0])
        for (row, s), members in cells.items():
            if s != sid:
                continue
            groups = [[m] for m in members] if sid in split else [members]
            for group in groups:
                col = f"{sid} [{group[0].source_id}]" if sid in split else sid
                vals = in_printed_scale(pd.Series([m.value for m in group], dtype="float64"), power)
                values[(row, col)] = float(vals.iloc[0]) if len(group) == 1 else float(getattr(vals, agg)())
                if labels:
                    values[(row, col)] = (printed_label(group[0], power) if len(group) == 1
                                          else f"{agg} {_number(values[(row, col)])}")
                ids[(row, col)] = group[0].obs_id if len(group) == 1 else tuple(m.obs_id for m in group)
                if col not in columns:
                    columns[col] = {"series_id": group[0].series_id, "source_id": group[0].source_id if sid in split else None,
                                    "indicator": group[0].indicator, "measure": measure,
                                    "status": ", ".join(sorted(set(g.loc[g["source_id"] == group[0].source_id, "status"].astype(str))
                                                               if sid in split else set(g["status"].astype(str)))),
                                    "measure_words": MEASURES[measure].words if measure in MEASURES else measure,
                                    "unit": unit_label(group[0].unit, power)}

    # Rows in time order: by period, earlier starts first, then earlier ends.
    dated = figs[figs["_row"] != "undated"]
    if by == "period":
        firsts = dated.groupby("_row")[["period_start", "period_end"]].min().sort_values(["period_start", "period_end"])
        index = list(firsts.index)
    else:
        index = sorted(int(y) for y in dated["_row"].unique())
    index += ["undated"] if len(dated) < len(figs) else []
    table = pd.DataFrame(index=pd.Index(index, name="time_period" if by == "period" else "year", dtype=object if
                                        len(dated) < len(figs) else None),
                         columns=list(columns), dtype=object if labels else "float64")
    for (row, col), v in values.items():
        table.loc[row, col] = v
    table.columns.name = None
    table.attrs = {"obs_id": ids, "columns": columns, "set_aside": set_aside, "by": by, "scale": scale, "labels": labels}
    return table


def _panel_figures(concept_or_series) -> pd.DataFrame:
    """The figures of a concept (where the tables have a ``concept_id``) or of series ids."""
    obs = _observations()
    if isinstance(concept_or_series, str) and "concept_id" in obs.columns:
        hit = obs[obs["concept_id"] == concept_or_series]
        if len(hit):
            return hit
    if not (isinstance(concept_or_series, str) or (isinstance(concept_or_series, (list, tuple, pd.Index))
                                                   and concept_or_series and all(isinstance(s, str) for s in concept_or_series))):
        raise DataError(f"sd.panel takes a concept id or a series id, or a list of series ids (strings); got "
                        f"{concept_or_series!r}. Find series with sd.catalog('words').")
    return _figures(concept_or_series)


def panel(concept_or_series, by: str = "year", *, prefer=None, agg: str | None = None, partial: bool = False,
          leave_out: bool = False, undated: bool = False, scale: str = "printed", labels: bool = False) -> pd.DataFrame:
    """Areas as rows and periods as columns: one figure per country and period, each traceable to its figure.

    ``concept_or_series`` is a concept id (where the tables have a ``concept_id`` column: the
    same figure across areas and papers), a series id, or a list of series ids of one measure
    and unit (say the 4G population coverage of several countries). A row per area (its code,
    then its names in English, Spanish and Portuguese); a column per year (``by="year"``) or
    per SDMX time key (``by="period"``). The rules of :func:`wide` hold: papers giving the same
    area and period get a row each (``PER [li2022]``) unless ``prefer`` or ``agg`` says
    otherwise, a part of a year needs ``partial=True``, figures with no column are refused
    unless ``leave_out=True``, and ``undated=True`` puts the undated ones in a column
    ``undated``. ``attrs["obs_id"]`` maps each (area, period) cell to its figure (read it with
    :func:`figure_of`); ``attrs["rows"]`` says each row's series, paper and unit.

    >>> import silkroad_data as sd
    >>> coverage = ["per_4g_population_coverage", "mex_4g_population_coverage",
    ...             "cri_4g_population_coverage", "ecu_4g_population_coverage"]
    >>> p = sd.panel(coverage, undated=True)
    >>> p["undated"].to_dict()
    {'CRI': 66.0, 'ECU': 57.0, 'MEX': 80.0, 'PER': 83.0}
    >>> p.loc["PER", ["name", "name_es", "name_pt"]].tolist()
    ['Peru', 'Perú', 'Peru']
    >>> sd.figure_of(p, "PER", "undated")
    'malena.per_4g_population_coverage'
    """
    if by not in ("period", "year"):
        raise DataError(f"by={by!r}: use by='year' (a column per calendar year) or by='period' (a column per time key).")
    figs = _panel_figures(concept_or_series)
    key = figs["subject_code"].astype(object).where(figs["subject_code"].notna(), figs["subject"].astype(object))
    table = _pivot(figs.assign(_key=key), by, prefer=prefer, agg=agg, partial=partial, leave_out=leave_out, scale=scale,
                   labels=labels, undated=undated, same_unit=None)
    out = table.T
    out.index.name, out.columns.name = "area", table.index.name
    from .metadata.areas import area_rows

    names = {r["code"]: r for r in area_rows()}
    codes = [str(a).split(" [")[0] for a in out.index]
    for n, col in enumerate(("name", "name_es", "name_pt")):
        out.insert(n, col, [names[c][col] or None if c in names else None for c in codes])
    out.attrs = {"obs_id": {(c, r): v for (r, c), v in table.attrs["obs_id"].items()}, "rows": table.attrs["columns"],
                 "set_aside": table.attrs["set_aside"], "by": by, "scale": scale, "labels": labels}
    return out


def with_year(df: pd.DataFrame, partial: bool = False) -> pd.DataFrame:
    """The figures with a ``year`` column for a merge with country-year data, and ``year_note`` saying why one has none.

    The year is the rule of ``sd.wide(by="year")``: a full calendar year, or a stock dated 31
    December, has its year; a part of a year (January-November 2019, a stock dated 30 June)
    has its year only with ``partial=True`` (``year_note`` says which part); a span of several
    years and an undated figure have none. Nothing is dropped: rows without a year keep
    ``<NA>``. See docs/merging.md.

    >>> import silkroad_data as sd
    >>> t = sd.with_year(sd.series("chn_lcn_fdi_stock"))
    >>> t[["obs_id", "time_period", "year"]].values.tolist()
    [['li2022.chn_lcn_fdi_stock_2015', '2015-12-31', 2015], ['clabri.fdi_stock_2017', '2017-12-31', 2017], ['clabri.fdi_stock_2019_11', '2019-11-30', <NA>]]
    >>> sd.with_year(sd.series("chn_lcn_fdi_stock"), partial=True)["year"].tolist()
    [2015, 2017, 2019]
    """
    missing = {"period_start", "period_end", "time_period", "period_label", "obs_id"} - set(
        df.columns if isinstance(df, pd.DataFrame) else ())
    if not isinstance(df, pd.DataFrame) or missing:
        raise DataError("sd.with_year takes rows of a table of figures (with their period columns), such as "
                        "sd.load('trade') or sd.search('4G')" + (f"; missing: {', '.join(sorted(missing))}." if
                                                                  isinstance(df, pd.DataFrame) else "."))
    years, notes = [], []
    for r in df.itertuples(index=False):
        year, why = _year_row(r)
        years.append(year if why is None or (partial and year is not None) else None)
        notes.append(why)
    return df.assign(year=pd.array(years, dtype="Int64"), year_note=pd.Series(notes, index=df.index, dtype=object))


def figure_of(table: pd.DataFrame, row=None, column: str | None = None):
    """The id of the figure in a cell of a wide table, to cite it; the whole table of ids without row and column.

    A cell combined by ``agg`` gives the tuple of the figures combined; an empty cell None.

    >>> import silkroad_data as sd
    >>> w = sd.wide("chn_lcn_trade_total", by="year", partial=True)
    >>> sd.figure_of(w, 2014, "chn_lcn_trade_total [lou2019]")
    'lou2019.trade_total_2014'
    >>> print(sd.cite(sd.figure_of(w, 2014, "chn_lcn_trade_total")))   # doctest: +SKIP
    """
    arguments.frame(table, "table", "sd.figure_of", "sd.wide('chn_lcn_trade_total')")
    ids = table.attrs.get("obs_id")
    if ids is None:
        raise DataError("This table holds no figure ids: pass a table made by sd.wide (its attrs keep them).")
    if row is None and column is None:
        out = pd.DataFrame(index=table.index, columns=table.columns, dtype=object)
        for (r, c), v in ids.items():
            if r in out.index and c in out.columns:
                out.loc[r, c] = v
        return out
    if table.attrs.get("by") == "year" and isinstance(row, str) and row.isdigit():
        row = int(row)
    import numbers

    # A wide table has periods in rows and series in columns; a panel areas in rows and periods in columns.
    for name, value in (("row", row), ("column", column)):
        if not isinstance(value, (str, numbers.Integral)) or isinstance(value, bool):
            raise DataError(f"sd.figure_of: {name} must be a period (a str such as '2016'), a year (an int), a series "
                            f"or an area (a str); got {arguments.got(value)}.")
    if table.attrs.get("by") == "year" and isinstance(column, str) and column.isdigit() and column not in table.columns:
        column = int(column)
    if column not in table.columns:
        raise DataError(f"No column {column!r} in this wide table; its columns are {', '.join(map(str, table.columns))}.")
    if row not in table.index:
        raise DataError(f"No row {row!r} in this wide table; its rows are {', '.join(map(str, table.index))}.")
    return ids.get((row, column))


def figures_in(table: pd.DataFrame) -> pd.DataFrame:
    """The figures a wide table holds, as rows of the tables of figures: for their bibliography, notes and corrections.

    >>> import silkroad_data as sd
    >>> w = sd.wide("chn_lcn_trade_total")
    >>> len(sd.figures_in(w)) == len(sd.series("chn_lcn_trade_total"))
    True
    >>> print(sd.cite(sd.figures_in(w)))     # doctest: +SKIP
    """
    arguments.frame(table, "table", "sd.figures_in", "sd.wide('chn_lcn_trade_total')")
    ids = table.attrs.get("obs_id")
    if ids is None:
        raise DataError("This table holds no figure ids: pass a table made by sd.wide (its attrs keep them).")
    wanted = set()
    for (r, c), v in ids.items():
        if r in table.index and c in table.columns:
            wanted.update(v if isinstance(v, tuple) else (v,))
    obs = _observations()
    return obs[obs["obs_id"].isin(wanted)].reset_index(drop=True)
