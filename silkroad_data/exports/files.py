"""Exports for the tools economists already use: CSV, Excel, Stata and JSON.

Column descriptions become Stata variable labels (cut at a word) and rows of the workbook's
README sheet; controlled vocabularies become Stata value labels and README rows; booleans are
``TRUE``/``FALSE`` in CSV (logical in R) and labelled ``no``/``yes`` in Stata. The workbook has
a bold, frozen, filtered header, columns wide enough for their numbers and dates, number
formats that never fall into E notation, and amounts also in the printed scale. Every export
carries the citations of the papers its figures come from.

Example
-------
>>> import silkroad_data as sd
>>> paths = sd.export_tables("csv", "exports/csv")                 # doctest: +SKIP
>>> trade = sd.load("trade")
>>> sd.export(trade[trade.subject_code == "CHN"], "china.dta")     # doctest: +SKIP
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
import re
from pathlib import Path

import pandas as pd

from .._version import __version__
from ..loader import load
from ..citation.cff import dataset_citation
from ..scale import in_printed_scale
from ..metadata import FIELDS, RESOURCES, UNITS, dataset
from ..metadata.classes import Field
from .. import arguments
from ..errors import DataError
from ..values import missing, plain_records

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
    return _citations(_source_ids({"rows": df}))


def _citation_block(df: pd.DataFrame) -> dict:
    return {"dataset": dataset.NAME, "version": __version__, "citations": citations_for(df),
            "licence": dataset.LICENSE["name"], "note": dataset.HOW_TO_CITE,
            "dataset_citation": dataset_citation(__version__)}


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO strings, missing values as None: what text formats write."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    return out.astype(object).where(out.notna(), None)


def _bool_columns(df: pd.DataFrame, table: str | None) -> list[str]:
    """Columns holding booleans: declared ``bool``, of a boolean dtype, or only True, False and missing."""
    out = []
    for col in df.columns:
        spec = _column_spec(col, table)
        values = [v for v in df[col] if not missing(v)] if df[col].dtype == object else []
        if pd.api.types.is_bool_dtype(df[col]) or (spec is not None and spec.type == "bool") \
                or (values and all(isinstance(v, bool) for v in values)):
            out.append(col)
    return out


# What a spreadsheet takes for the start of a formula (OWASP, "CSV Injection"): = + - @, a tab, a
# carriage return. A text that begins so is written with a ' before it, except a plain signed number
# ("-3.2", "+4.1%"), which a spreadsheet reads as a number, not as a formula (see docs/safety.md).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"[+-](?:[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?%?")


def formula_safe(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula: a ' before a formula's first character.

    >>> print(formula_safe('=HYPERLINK("http://example.com","x")'), formula_safe("-3.2%"), formula_safe("US$263.6 billion"))
    '=HYPERLINK("http://example.com","x") -3.2% US$263.6 billion
    """
    if text.startswith(_FORMULA_START) and not _SIGNED_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _csv_frame(df: pd.DataFrame, table: str | None = None) -> pd.DataFrame:
    """``df`` as its CSV cells: booleans TRUE/FALSE, texts safe from formulas, other cells as they are."""
    out = df.copy()
    bools = _bool_columns(df, table)
    for col in bools:
        # TRUE/FALSE: what R's read.csv and readr read as logical (and frictionless, pandas, Stata's import).
        out[col] = df[col].astype(object).map(lambda v: "" if missing(v) else ("TRUE" if v else "FALSE"))
    for col in out.columns:
        if col not in bools and not pd.api.types.is_numeric_dtype(out[col]) \
                and not pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].astype(object).map(lambda v: formula_safe(v) if isinstance(v, str) else v)
    out.columns = [formula_safe(c) for c in out.columns]
    return out


def _csv_text(df: pd.DataFrame, table: str | None = None) -> str:
    return _csv_frame(df, table).to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")


def _to_json(df: pd.DataFrame, path: Path, table: str | None) -> None:
    doc = {"table": table, **_citation_block(df),
           "description": RESOURCES[table].description if table in RESOURCES else None,
           "records": _plain(df).to_dict("records")}
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


_STATA_BOOL_LABELS = {0: "no", 1: "yes"}


def _stata_frame(df: pd.DataFrame, table: str | None) -> tuple[pd.DataFrame, dict, list[str], dict]:
    out = pd.DataFrame(index=df.index)
    labels, strl, value_labels = {}, [], {}
    bools = _bool_columns(df, table)
    for col in df.columns:
        s = df[col]
        spec = _column_spec(col, table)
        if spec is not None:
            labels[col] = spec.stata_label(_STATA_LABEL_MAX)
        if spec is not None and spec.vocabulary is not None and len(s):
            # Value labels: Stata stores the code, shows the word.
            out[col] = pd.Categorical(s.astype(object).where(s.notna(), None), categories=spec.vocabulary.codes())
        elif col in bools:
            out[col] = s.astype("Float64").astype("float64")  # 1/0, missing stays missing
            value_labels[col] = _STATA_BOOL_LABELS  # shown as yes/no
        elif pd.api.types.is_datetime64_any_dtype(s) or pd.api.types.is_numeric_dtype(s):
            out[col] = s.astype("float64") if pd.api.types.is_integer_dtype(s) and s.isna().any() else s
        else:
            text = s.astype(object).where(s.notna(), "").astype(str)  # Stata has no missing string
            out[col] = text
            if max((len(v.encode("utf-8")) for v in text), default=0) > _STATA_STR_MAX:
                strl.append(col)
    return out, labels, strl, value_labels


def _to_dta(df: pd.DataFrame, path: Path, table: str | None) -> None:
    frame, labels, strl, value_labels = _stata_frame(df, table)
    dates = {c: "td" for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])}
    title = f"silkroad-data {__version__}: {table or 'selection'}"[:80]
    # The file's time stamp is the data version's release day, not the clock: the same data, the same file.
    stamp = datetime.datetime.fromisoformat(dataset.released(__version__))
    frame.to_stata(path, write_index=False, version=118, variable_labels=labels, convert_dates=dates,
                   convert_strl=strl, data_label=title, value_labels=value_labels or None, time_stamp=stamp)


# --- Excel: a workbook a person reads -------------------------------------------------------

def _printed_name(col: str) -> str:
    """The column of ``col`` in the printed scale, named as :func:`silkroad_data.printed` names it."""
    return f"printed_{col}"
_TEXT_WIDTH_MAX = 60  # longer text is cut at the cell's edge (the whole text is in the cell)
_README_TEXT_WIDTH = 110


def _scaled_columns(df: pd.DataFrame, table: str | None) -> list[str]:
    """Amounts given in base units that a reader wants in the printed scale: ``value``, ``value_high``, ``amount``."""
    if "printed_scale" not in df.columns or not _whole_powers(df["printed_scale"]):
        return []
    out = []
    for col in df.columns:
        spec = _column_spec(col, table)
        if pd.api.types.is_numeric_dtype(df[col]) and not pd.api.types.is_bool_dtype(df[col]) and spec is not None and spec.type == "float64" and (spec.unit == "see unit" or getattr(UNITS.get(spec.unit), "currency", False)):
            out.append(col)
    return out


def _whole_powers(scale: pd.Series) -> bool:
    """True when ``scale`` holds powers of ten a printed amount can have: whole numbers, or missing."""
    if not pd.api.types.is_numeric_dtype(scale) or pd.api.types.is_bool_dtype(scale):
        return scale.isna().all()
    given = scale.dropna().astype("float64")
    return bool(((given % 1 == 0) & (given.abs() <= 308)).all())


def _scaled_description(col: str) -> str:
    return (f"{col} divided by 10^printed_scale: the number in the scale the paper printed "
            f"(263.6 for US$263.6 billion, where {col} is 263600000000 and printed_scale 9)")


def _excel_ready(df: pd.DataFrame, table: str | None = None) -> pd.DataFrame:
    """Dates as date cells and, beside each amount in base units, the amount in the printed scale."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.date  # a date cell, not a timestamp
    for col in _scaled_columns(df, table):
        out.insert(out.columns.get_loc(col) + 1, _printed_name(col), in_printed_scale(df[col], df["printed_scale"]))
    return out


def _readme_parts(tables: dict[str, pd.DataFrame]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The README sheet's rows before the citations (dataset, licence, how to cite) and after them
    (the sheets, every column, the vocabularies used): what the workbook holds."""
    cite_where = "column source_id, sheet sources" if "sources" in tables else "column source_id; the citations are below"
    head = [("dataset", f"{dataset.NAME} {__version__}"), ("licence", f"{dataset.LICENSE['name']} ({dataset.LICENSE['path']})"),
            ("cite the dataset as", dataset_citation(__version__)),
            ("how to cite", f"Cite the paper each figure comes from ({cite_where}) and the primary source it credits (column cited_source).")]
    rows = [(f"sheet {name}", RESOURCES[name].description if name in RESOURCES else "the selected rows") for name in tables]
    seen: set[str] = set()
    vocabularies: dict[str, tuple] = {}
    for name, df in tables.items():
        scaled = _scaled_columns(df, name)
        for col in df.columns:
            spec = _column_spec(col, name)
            if col not in seen and spec is not None:
                seen.add(col)
                rows.append((f"column {col}", spec.description + (f" (unit: {spec.unit})" if spec.unit else "")))
                if spec.vocabulary is not None:
                    vocabularies.setdefault(spec.vocabulary.name, (spec.vocabulary, []))[1].append(col)
            if col in scaled and _printed_name(col) not in seen:
                seen.add(_printed_name(col))
                rows.append((f"column {_printed_name(col)}", _scaled_description(col)))
    for vocab, cols in vocabularies.values():
        rows.append((f"vocabulary {vocab.name}", f"{vocab.description} (columns {', '.join(cols)})"))
        rows += [(f"{vocab.name} = {code}", meaning) for code, meaning in vocab.items()]
    return head, rows


def _readme_sheet(head: list, citations: list[str], rest: list) -> pd.DataFrame:
    return pd.DataFrame(head + [("citation", c) for c in citations] + rest, columns=["item", "text"])


def _source_ids(tables: dict[str, pd.DataFrame]) -> set[str] | None:
    """The papers the rows of ``tables`` come from; None when no table has a source_id (then: every paper)."""
    with_sources = [t["source_id"] for t in tables.values() if "source_id" in t.columns]
    return {s for col in with_sources for s in col.dropna()} if with_sources else None


def _citations(ids: set[str] | None) -> list[str]:
    sources = load("sources")
    return list(sources["citation"] if ids is None else sources.loc[sources["source_id"].isin(ids), "citation"])


def _decimals(v: float) -> int:
    """Decimals that show ``v`` to 15 significant digits (what a spreadsheet keeps), no more."""
    text = format(decimal.Decimal(f"{v:.15g}"), "f")
    return len(text.split(".")[1]) if "." in text else 0


def _number_format(v: float) -> tuple[str, str]:
    """The cell's number format and the text it shows: thousands separated, never in E notation."""
    d = _decimals(v)
    return ("#,##0." + "0" * d if d else "#,##0"), f"{v:,.{d}f}"


class _Cells:
    """A frame as worksheet cells: dates as date cells, each number with a format that shows it whole,
    and the width each cell needs (text up to a bound), kept per row so that any selection of the
    rows gets columns just wide enough for what it shows."""

    def __init__(self, df: pd.DataFrame, table: str | None) -> None:
        columns = list(df.columns)
        kinds = []
        for col in columns:
            s = df[col]
            spec = _column_spec(col, table)
            if (spec is not None and spec.type == "date") or any(isinstance(v, datetime.date) and not missing(v) for v in s):
                kinds.append("date")
            elif pd.api.types.is_bool_dtype(s) or (spec is not None and spec.type == "bool"):
                kinds.append("bool")
            elif pd.api.types.is_integer_dtype(s):
                kinds.append("int")
            elif pd.api.types.is_float_dtype(s):
                kinds.append("float")
            else:
                kinds.append("text")
        self.header = [str(c) for c in columns]
        self.source_ids = df["source_id"].tolist() if "source_id" in df.columns else None
        self.header_widths = [len(str(c)) + 4 for c in columns]  # room for the filter button
        self.rows: list[tuple[list, list]] = []
        self.widths: list[list[int]] = []
        for row in zip(*(df[c].tolist() for c in columns)) if columns else ():
            cells, formats, widths = [], [], []
            for value, kind in zip(row, kinds):
                value = None if missing(value) else value
                if hasattr(value, "item"):
                    value = value.item()  # numpy scalars as Python numbers
                fmt, shown = None, 0
                if value is None:
                    pass
                elif kind == "date":
                    fmt, shown = "yyyy-mm-dd", 10
                elif kind == "float" and not isinstance(value, bool):
                    fmt, text = _number_format(float(value))
                    shown = len(text)
                elif kind == "int" and not isinstance(value, bool):
                    fmt, shown = "0", len(str(value))  # a year or a power of ten, without a thousands separator
                else:
                    shown = min(len(str(value)), _TEXT_WIDTH_MAX)
                cells.append(value)
                formats.append(fmt)
                widths.append(shown + 2 if value is not None else 0)
            self.rows.append((cells, formats))
            self.widths.append(widths)

    def sheet(self, name: str, rows=None, readme: bool = False):
        """The worksheet of the rows at positions ``rows`` (all by default)."""
        from .workbook import Sheet

        picked = range(len(self.rows)) if rows is None else rows
        widths = list(self.header_widths)
        for i in picked:
            widths = [max(a, b) for a, b in zip(widths, self.widths[i])]
        if readme and len(widths) > 1:
            widths[1] = _README_TEXT_WIDTH
        return Sheet(name, self.header, widths=widths, wrap=readme, rows=[self.rows[i] for i in picked])


def _sheet_name(name: str) -> str:
    return re.sub(r"[\\/?*\[\]:]", "_", name)[:31] or "data"  # what a sheet's name may not hold


class Prepared:
    """Tables made ready once to be written as CSV or as one Excel workbook, for any selection of
    their rows: what :func:`export` writes, at the cost of the rows written (the figure site writes
    a file for every page from one preparation of each table).

    >>> import silkroad_data as sd
    >>> from silkroad_data.exports.files import Prepared
    >>> trade = sd.load("trade")
    >>> ready = Prepared({"trade": trade})
    >>> ready.write_xlsx("first-ten.xlsx", rows=range(10))   # doctest: +SKIP
    """

    def __init__(self, tables: dict[str, pd.DataFrame]) -> None:
        self.tables = tables
        self._csv: dict[str, tuple[list[str], list[list[str]]]] = {}
        # Made on the first workbook (a CSV needs none of it): each table's cells, and the README of
        # each set of sheets and citations.
        self._cells: dict[str, _Cells] = {}
        self._readmes: dict[tuple, object] = {}
        self._citation_of: dict[str, str] | None = None

    def _table_cells(self, name: str) -> _Cells:
        if name not in self._cells:
            self._cells[name] = _Cells(_excel_ready(self.tables[name], name), name)
        return self._cells[name]

    def _readme(self, names: tuple[str, ...], picked: dict) -> object:
        """The README sheet of a workbook of the tables ``names``, citing the papers of the rows picked."""
        if self._citation_of is None:
            sources = load("sources")
            self._citation_of = dict(zip(sources["source_id"], sources["citation"]))
        with_sources = [n for n in names if "source_id" in self.tables[n].columns]
        if with_sources:
            ids = {s for n in with_sources for i in picked[n] if not missing(s := self._table_cells(n).source_ids[i])}
            citations = tuple(c for s, c in self._citation_of.items() if s in ids)
        else:
            citations = tuple(self._citation_of.values())  # no source_id: every paper
        key = (names, citations)
        if key not in self._readmes:
            head, rest = _readme_parts({n: self.tables[n] for n in names})
            readme = _readme_sheet(head, list(citations), rest)
            sheet = _Cells(readme, None).sheet("README", readme=True)
            sheet.key = tuple(readme.itertuples(index=False, name=None))  # its content: the same rows, the same sheet
            self._readmes[key] = sheet
        return self._readmes[key]

    def _picked(self, name: str, rows) -> range | list[int]:
        return range(len(self.tables[name])) if rows is None else list(rows)

    def csv_text(self, name: str, rows=None) -> str:
        """The CSV of the rows at positions ``rows`` of table ``name`` (all by default)."""
        import csv
        import io

        if name not in self._csv:
            text = _csv_text(self.tables[name], name if name in RESOURCES else None)
            # pandas writes each cell on its own, so the rows of its text, written again by the same
            # csv module, are exactly the text of any selection of them.
            header, *body = csv.reader(io.StringIO(text, newline=""))
            self._csv[name] = (header, body)
        header, body = self._csv[name]
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body[i] for i in self._picked(name, rows))
        return out.getvalue()

    def write_csv(self, path: str | Path, name: str, rows=None) -> Path:
        path = Path(path)
        path.write_text(self.csv_text(name, rows), encoding="utf-8", newline="")
        return path

    def write_xlsx(self, path: str | Path, rows: dict | range | list | None = None) -> Path:
        """One workbook: a README sheet, then a sheet per table of the rows at ``rows`` (positions by
        table, and only those tables; a list or range when there is one table; all by default)."""
        from .workbook import write

        if rows is not None and not isinstance(rows, dict):
            rows = {next(iter(self.tables)): rows}
        names = tuple(self.tables) if rows is None else tuple(n for n in self.tables if n in rows)
        picked = {name: self._picked(name, None if rows is None else rows[name]) for name in names}
        sheets = [self._readme(names, picked)]
        sheets += [self._table_cells(name).sheet(_sheet_name(name), picked[name]) for name in names]
        # The file's date is the data version's release day, not the clock: the same rows, the same file.
        return write(path, sheets, title=dataset.TITLE, creator=dataset.NAME, stamp=dataset.released(__version__))


_CELL_TYPES = (str, bool, int, float, decimal.Decimal, datetime.date, datetime.datetime, datetime.time)


def _check_frame(df, fmt: str, call: str = "sd.export") -> None:
    """Refuse, naming the column, a frame that the format cannot hold exactly: not a DataFrame, column
    names that are not unique texts, no columns (Stata), cells that are not numbers, texts, booleans or
    dates, times with a time zone (Excel, Stata), numbers JSON or Excel cannot hold, characters a
    workbook cannot hold."""
    from .workbook import ILLEGAL_CHARACTERS as ILLEGAL_CHARACTERS_RE

    arguments.frame(df, "df", call, "sd.load('trade')")
    names = list(df.columns)
    odd = next((c for c in names if not isinstance(c, str)), None)
    if odd is not None or isinstance(df.columns, pd.MultiIndex):
        raise DataError(f"{call}: every column name must be a text; the frame has the column name {odd!r} "
                        f"({type(odd).__name__}). Rename them first, such as df.columns = [str(c) for c in df.columns].")
    if not names and fmt == "dta":
        raise DataError(f"{call}: the frame has no columns, and a Stata file needs at least one; select some columns.")
    for col in names:
        s = df[col]
        if isinstance(s.dtype, pd.DatetimeTZDtype) and fmt in ("xlsx", "dta"):
            raise DataError(f"{call}: column {col!r} holds times with a time zone, which {fmt} files cannot hold; "
                            f"convert them first, such as df[{col!r}] = df[{col!r}].dt.tz_localize(None).")
        if pd.api.types.is_complex_dtype(s) or pd.api.types.is_timedelta64_dtype(s) or isinstance(s.dtype, (pd.PeriodDtype, pd.IntervalDtype)):
            raise DataError(f"{call}: column {col!r} holds {s.dtype} values, which the export formats do not hold; "
                            "convert them to numbers or texts first.")
        if pd.api.types.is_float_dtype(s) and fmt in ("json", "xlsx") and not s.map(lambda v: missing(v) or math.isfinite(v)).all():
            raise DataError(f"{call}: column {col!r} holds an infinite number, which {fmt} cannot hold; replace it "
                            "(with None for missing, or a finite number).")
        if s.dtype != object and not isinstance(s.dtype, (pd.CategoricalDtype, pd.StringDtype)):
            continue
        for row, v in zip(df.index, s.astype(object)):
            if missing(v):
                continue
            if hasattr(v, "item") and not isinstance(v, (str, pd.Timestamp)):
                v = v.item()  # numpy scalars
            if not isinstance(v, _CELL_TYPES) or isinstance(v, complex):
                raise DataError(f"{call}: column {col!r} holds {arguments.got(v)} (row {row!r}); a cell of an export is a "
                                "number, a text, a boolean or a date. Convert the column first, such as "
                                f"df[{col!r}] = df[{col!r}].astype(str).")
            if isinstance(v, float) and fmt in ("json", "xlsx") and not math.isfinite(v):
                raise DataError(f"{call}: column {col!r} holds an infinite number (row {row!r}), which {fmt} cannot hold.")
            if isinstance(v, datetime.datetime) and v.tzinfo is not None and fmt in ("xlsx", "dta"):
                raise DataError(f"{call}: column {col!r} holds a time with a time zone (row {row!r}), which {fmt} files "
                                "cannot hold; convert it to a time without one first.")
            if isinstance(v, str) and fmt == "xlsx" and ILLEGAL_CHARACTERS_RE.search(v):
                raise DataError(f"{call}: column {col!r} holds a control character (row {row!r}) that an Excel workbook "
                                "cannot hold; remove it, or export to .csv or .json, which keep it.")
    if fmt == "xlsx":
        bad = next((c for c in names if ILLEGAL_CHARACTERS_RE.search(c)), None)
        if bad is not None:
            raise DataError(f"{call}: the column name {bad!r} holds a control character that an Excel workbook cannot hold.")


def export(df: pd.DataFrame, path: str | Path, fmt: str | None = None, table: str | None = None) -> Path:
    """Write a (filtered) DataFrame to ``path`` as CSV, Excel, Stata, JSON, Parquet or Feather, chosen by suffix.

    >>> import silkroad_data as sd
    >>> trade = sd.load("trade")
    >>> sd.export(trade[trade.measure == "level_flow"], "trade_flows.xlsx")   # doctest: +SKIP
    """
    arguments.path(path, "path", "sd.export", "'trade.xlsx'")
    arguments.choice(fmt, "fmt", "sd.export", FORMATS, optional=True)
    arguments.text(table, "table", "sd.export", "'trade'", optional=True)
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise DataError(f"Cannot export to {path.name!r}: use a .csv, .xlsx, .dta, .json, .parquet or .feather path, or fmt= one of {', '.join(FORMATS)}.")
    _check_frame(df, fmt)
    if fmt == "xlsx" and table is not None:
        from .workbook import ILLEGAL_CHARACTERS as ILLEGAL_CHARACTERS_RE

        if ILLEGAL_CHARACTERS_RE.search(table):
            raise DataError(f"sd.export: table={table!r} holds a control character that an Excel workbook cannot hold.")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        Prepared({table or "data": df}).write_csv(path, table or "data")
    elif fmt == "json":
        _to_json(df, path, table)
    elif fmt == "dta":
        _to_dta(df, path, table)
    elif fmt in ("parquet", "feather"):  # the packaged columns keep their schema metadata
        from . import arrow

        (arrow.to_parquet if fmt == "parquet" else arrow.to_feather)(df, path, table)
    else:
        Prepared({table or "data": df}).write_xlsx(path)
    return path


def export_tables(fmt: str, out: str | Path, tables: list[str] | None = None) -> list[Path]:
    """Export packaged tables (all by default, always with sources and references) into ``out``.

    CSV writes one file per table plus a ``datapackage.json`` that frictionless validates;
    Excel one workbook with a sheet per table and a README sheet; Stata and JSON one file
    per table.
    """
    arguments.choice(fmt, "fmt", "sd.export_tables", FORMATS)
    arguments.path(out, "out", "sd.export_tables", "'exports/csv'")
    if tables is not None:
        tables = arguments.texts(tables, "tables", "sd.export_tables", "['trade', 'investment']")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    names = list(dict.fromkeys((tables or list(RESOURCES)) + ["sources", "references"]))
    for name in names:
        if name not in RESOURCES:
            from ..loader import table_entry

            table_entry(name)  # raises with the close matches
    frames = {name: load(name) for name in names}
    if fmt == "xlsx":
        for df in frames.values():
            _check_frame(df, fmt, "sd.export_tables")
        path = out / "silkroad-data.xlsx"
        Prepared(frames).write_xlsx(path)
        return [path]
    paths = [export(df, out / f"{name}.{fmt}", fmt=fmt, table=name) for name, df in frames.items()]
    if fmt == "csv":
        from .datapackage import write_descriptor

        paths.append(write_descriptor(out, "csv", plain_records(frames["sources"]), names))
    return paths
