"""Exports for the tools economists already use: CSV, Excel, Stata and JSON.

Column descriptions become Stata variable labels and Excel README rows; controlled
vocabularies become Stata value labels; every export carries the citations of the papers
its figures come from.

Example
-------
>>> import silkroad_data as sd
>>> paths = sd.export_tables("csv", "exports/csv")                 # doctest: +SKIP
>>> trade = sd.load("trade")
>>> sd.export(trade[trade.subject_code == "CHN"], "china.dta")     # doctest: +SKIP
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .._version import __version__
from ..loader import load
from ..metadata import FIELDS, RESOURCES, dataset
from ..metadata.classes import Field
from ..values import plain_records

from . import FORMATS

_STATA_LABEL_MAX = 80
_STATA_STR_MAX = 2045  # longer strings are written as strL


def _column_spec(name: str, table: str | None = None) -> Field | None:
    """The declared field of column ``name`` (a column name means one thing in every table)."""
    if table in RESOURCES and name in RESOURCES[table].field_names:
        return RESOURCES[table].field(name)
    if name in FIELDS:
        return FIELDS[name]
    for resource in RESOURCES.values():  # the two sides of a pair (obs_id_a, ...)
        if name in resource.field_names:
            return resource.field(name)
    return None


def citations_for(df: pd.DataFrame) -> list[str]:
    """Full citations of the papers the rows of ``df`` come from (all papers if it has no source_id)."""
    sources = load("sources")
    if "source_id" in df.columns:
        sources = sources[sources["source_id"].isin(set(df["source_id"].dropna()))]
    return list(sources["citation"])


def _citation_block(df: pd.DataFrame) -> dict:
    return {"dataset": dataset.NAME, "version": __version__, "citations": citations_for(df),
            "licence": dataset.LICENSE["name"], "note": dataset.HOW_TO_CITE}


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO strings, missing values as None: what text formats write."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    return out.astype(object).where(out.notna(), None)


def _to_csv(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n", date_format="%Y-%m-%d")


def _to_json(df: pd.DataFrame, path: Path, table: str | None) -> None:
    doc = {"table": table, **_citation_block(df),
           "description": RESOURCES[table].description if table in RESOURCES else None,
           "records": _plain(df).to_dict("records")}
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _stata_frame(df: pd.DataFrame, table: str | None) -> tuple[pd.DataFrame, dict, list[str]]:
    out = pd.DataFrame(index=df.index)
    labels, strl = {}, []
    for col in df.columns:
        s = df[col]
        spec = _column_spec(col, table)
        if spec is not None:
            labels[col] = spec.stata_label(_STATA_LABEL_MAX)
        if spec is not None and spec.vocabulary is not None and len(s):
            # Value labels: Stata stores the code, shows the word.
            out[col] = pd.Categorical(s.astype(object).where(s.notna(), None), categories=spec.vocabulary.codes())
        elif pd.api.types.is_bool_dtype(s) or (spec is not None and spec.type == "bool"):
            out[col] = s.astype("Float64").astype("float64")  # 1/0, missing stays missing
        elif pd.api.types.is_datetime64_any_dtype(s) or pd.api.types.is_numeric_dtype(s):
            out[col] = s.astype("float64") if pd.api.types.is_integer_dtype(s) and s.isna().any() else s
        else:
            text = s.astype(object).where(s.notna(), "").astype(str)  # Stata has no missing string
            out[col] = text
            if max((len(v.encode("utf-8")) for v in text), default=0) > _STATA_STR_MAX:
                strl.append(col)
    return out, labels, strl


def _to_dta(df: pd.DataFrame, path: Path, table: str | None) -> None:
    frame, labels, strl = _stata_frame(df, table)
    dates = {c: "td" for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])}
    title = f"silkroad-data {__version__}: {table or 'selection'}"[:80]
    frame.to_stata(path, write_index=False, version=118, variable_labels=labels, convert_dates=dates,
                   convert_strl=strl, data_label=title)


def _readme_sheet(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    rows = [("dataset", f"{dataset.NAME} {__version__}"), ("licence", dataset.LICENSE["name"]),
            ("how to cite", "Cite the paper each figure comes from (column source_id, sheet sources) and the primary source it credits (column cited_source).")]
    every = pd.concat([t[["source_id"]] for t in tables.values() if "source_id" in t.columns], ignore_index=True)
    rows += [("citation", c) for c in citations_for(every)]
    rows += [(f"sheet {name}", RESOURCES[name].description if name in RESOURCES else "") for name in tables]
    seen = set()
    for name, df in tables.items():
        for col in df.columns:
            spec = _column_spec(col, name)
            if col not in seen and spec is not None:
                seen.add(col)
                rows.append((f"column {col}", spec.description + (f" (unit: {spec.unit})" if spec.unit else "")))
    return pd.DataFrame(rows, columns=["item", "text"])


def _to_xlsx(tables: dict[str, pd.DataFrame], path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        _readme_sheet(tables).to_excel(xl, sheet_name="README", index=False)
        for name, df in tables.items():
            _excel_ready(df).to_excel(xl, sheet_name=name[:31], index=False)


def _excel_ready(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.date  # a date cell, not a timestamp
    return out


def export(df: pd.DataFrame, path: str | Path, fmt: str | None = None, table: str | None = None) -> Path:
    """Write a (filtered) DataFrame to ``path`` as CSV, Excel, Stata or JSON, chosen by suffix.

    >>> import silkroad_data as sd
    >>> trade = sd.load("trade")
    >>> sd.export(trade[trade.measure == "level_flow"], "trade_flows.xlsx")   # doctest: +SKIP
    """
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ValueError(f"Cannot export to {path.name!r}: use a .csv, .xlsx, .dta or .json path, or fmt= one of {', '.join(FORMATS)}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        _to_csv(df, path)
    elif fmt == "json":
        _to_json(df, path, table)
    elif fmt == "dta":
        _to_dta(df, path, table)
    else:
        _to_xlsx({table or "data": df}, path)
    return path


def export_tables(fmt: str, out: str | Path, tables: list[str] | None = None) -> list[Path]:
    """Export packaged tables (all by default, always with sources and references) into ``out``.

    CSV writes one file per table plus a ``datapackage.json`` that frictionless validates;
    Excel one workbook with a sheet per table and a README sheet; Stata and JSON one file
    per table.
    """
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    names = list(dict.fromkeys((tables or list(RESOURCES)) + ["sources", "references"]))
    for name in names:
        if name not in RESOURCES:
            from ..loader import table_entry

            table_entry(name)  # raises with the close matches
    frames = {name: load(name) for name in names}
    if fmt == "xlsx":
        path = out / "silkroad-data.xlsx"
        _to_xlsx(frames, path)
        return [path]
    paths = [export(df, out / f"{name}.{fmt}", fmt=fmt, table=name) for name, df in frames.items()]
    if fmt == "csv":
        from .datapackage import write_descriptor

        paths.append(write_descriptor(out, "csv", plain_records(frames["sources"]), names))
    return paths
