"""Outside tools read the package for real: exports round-trip, frictionless, DuckDB, Polars, and
the exports as LibreOffice and R read them.

LibreOffice and R are not Python packages: where they are missing their tests (marked
``outside_tools``) skip and say so, and the default run leaves them out; ``.ci/run`` installs them (Debian's libreoffice-calc-nogui,
r-base-core, r-cran-haven) and runs ``python -m pytest -m outside_tools``.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import silkroad_data as sd
from silkroad_data import metadata as md
from silkroad_data.cli import main
from silkroad_data.citation.cff import dataset_citation
from silkroad_data.metadata import dataset
from silkroad_data.values import missing


def _same(a: pd.DataFrame, b: pd.DataFrame, table: str) -> None:
    """Row-by-row equality, comparing values as their text (formats differ in types, not content)."""
    assert list(a.columns) == list(b.columns), table
    assert len(a) == len(b), table

    def text(v):
        if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v) or v == "":
            return ""
        if hasattr(v, "isoformat"):
            return v.isoformat()[:10]
        if isinstance(v, bool) or str(v) in ("True", "False", "TRUE", "FALSE", "yes", "no"):
            return "1" if str(v) in ("True", "TRUE", "yes") else "0"
        try:
            # 12, 12.0 and "12" are the same number; Excel keeps 15 significant digits.
            return f"{float(v):.12g}"
        except (TypeError, ValueError):
            return str(v)

    for col in a.columns:
        assert [text(v) for v in a[col]] == [text(v) for v in b[col]], f"{table}.{col}"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    for fmt in ("csv", "xlsx", "dta", "json"):
        assert main(["export", "--format", fmt, "--out", str(out / fmt)]) == 0
    return out


def test_csv_round_trips_every_table(exported):
    for name in md.RESOURCES:
        back = pd.read_csv(exported / "csv" / f"{name}.csv", dtype=str, keep_default_na=False)
        _same(sd.load(name), back, name)


def test_excel_round_trips_with_readme_sheet(exported):
    book = pd.read_excel(exported / "xlsx" / "silkroad-data.xlsx", sheet_name=None, keep_default_na=False, na_values=[""])
    assert list(book) == ["README", *md.RESOURCES]
    readme = book["README"]
    assert sd.__version__ in " ".join(readme["text"].astype(str))
    assert (readme["item"] == "citation").sum() == len(sd.sources())
    for name in md.RESOURCES:
        sheet = book[name]
        scaled = [c for c in sheet.columns if c.startswith("printed_") and c != "printed_scale"]
        _same(sd.load(name), sheet.drop(columns=scaled), name)
    trade = book["trade"]
    assert "printed_value" in trade.columns and "printed_value_high" in trade.columns and "printed_amount" in book["projects"]
    assert ((trade["printed_value"] * 10.0 ** trade["printed_scale"] - trade["value"]).abs() <= 1e-9 * trade["value"].abs()).all()


def test_stata_round_trips_with_labels(exported):
    for name in md.RESOURCES:
        path = exported / "dta" / f"{name}.dta"
        back = pd.read_stata(path, convert_categoricals=True)
        _same(sd.load(name), back, name)
        with pd.io.stata.StataReader(path) as reader:
            labels = reader.variable_labels()
            value_labels = reader.value_labels()
        first = md.RESOURCES[name].fields[0]
        assert labels[first.name] == first.stata_label()
        if name == "trade":
            assert set(value_labels["qualifier"].values()) == set(md.QUALIFIERS)


# --- the workbook a person reads --------------------------------------------------------------

@pytest.fixture(scope="module")
def book(exported):
    from openpyxl import load_workbook

    return load_workbook(exported / "xlsx" / "silkroad-data.xlsx")


def _row(ws, key_column, key):
    for row in ws.iter_rows(min_row=2):
        if row[key_column - 1].value == key:
            return row
    raise AssertionError(f"{key} not in sheet {ws.title}")


def test_every_sheet_has_a_frozen_bold_filtered_header_and_wide_enough_columns(book):
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref == ws.dimensions, ws.title
        for cell in ws[1]:
            assert cell.font.bold, (ws.title, cell.value)
            # The whole header shows beside the filter button (about three characters wide).
            assert ws.column_dimensions[cell.column_letter].width >= len(cell.value) + 3, (ws.title, cell.value)


def test_dates_and_numbers_have_formats_that_show_them_whole(book):
    ws = book["trade"]
    row = _row(ws, 1, "clabri.chn_trade_total_2018")  # "$4.62 trillion" in 2018
    cells = {ws.cell(1, c.column).value: c for c in row}
    assert cells["period_start"].is_date and cells["period_start"].number_format == "yyyy-mm-dd"
    assert cells["value"].value == 4.62e12 and cells["value"].number_format == "#,##0"
    assert cells["printed_value"].value == pytest.approx(4.62) and cells["printed_value"].number_format == "#,##0.00"
    assert cells["printed_scale"].value == 12 and cells["printed_scale"].number_format == "0"
    # Every number cell has a format (no "General" cell turns 4620000000000 into 4.62E+12)...
    for sheet in book.worksheets[1:]:
        for row in sheet.iter_rows(min_row=2):
            for c in row:
                if isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                    assert c.number_format != "General", (sheet.title, c.coordinate)
                    # ... and a column wide enough for "4,620,000,000,000" (no ### in LibreOffice or Excel).
                    shown = f"{c.value:,.{len(c.number_format.split('.')[1]) if '.' in c.number_format else 0}f}"
                    assert sheet.column_dimensions[c.column_letter].width >= len(shown), (sheet.title, c.coordinate, shown)
                elif c.is_date:
                    assert sheet.column_dimensions[c.column_letter].width >= len("2019-06-30"), (sheet.title, c.coordinate)


def test_amounts_also_in_the_printed_scale(book):
    ws = book["projects"]
    header = [c.value for c in ws[1]]
    assert header[header.index("amount") + 1] == "printed_amount"
    row = _row(ws, 1, "malena.cgit_2009_01_huawei")  # "$240" in a table of US$ million
    cells = {ws.cell(1, c.column).value: c.value for c in row}
    assert (cells["amount"], cells["printed_amount"], cells["printed_scale"]) == (240_000_000, 240, 6)
    assert cells["greenfield"] is False


def test_readme_sheet_lists_the_vocabularies_and_the_scaled_columns(book):
    items = dict((a.value, b.value) for a, b in book["README"].iter_rows(min_row=2))
    for code, term in md.QUALIFIERS.items():
        assert items[f"qualifier = {code}"] == term
    for code in md.UNITS:
        assert f"unit = {code}" in items
    assert "qualifier_a" in items["vocabulary qualifier"]
    assert "10^printed_scale" in items["column printed_value"]
    assert items["cite the dataset as"] == dataset_citation(sd.__version__)


def test_json_round_trips_with_citation_block(exported):
    for name in md.RESOURCES:
        doc = json.loads((exported / "json" / f"{name}.json").read_text(encoding="utf-8"))
        assert doc["version"] == sd.__version__ and doc["citations"]
        _same(sd.load(name), pd.DataFrame(doc["records"], columns=list(sd.load(name).columns)), name)


def test_export_of_a_filtered_frame(tmp_path):
    trade = sd.load("trade")
    part = trade[trade["unit"] == "USD"]
    for suffix in ("csv", "xlsx", "dta", "json"):
        path = sd.export(part, tmp_path / f"part.{suffix}", table="trade")
        assert path.exists() and path.stat().st_size > 0
    back = pd.read_stata(tmp_path / "part.dta")
    assert len(back) == len(part) and set(back["unit"]) == {"USD"}
    doc = json.loads((tmp_path / "part.json").read_text())
    assert len(doc["citations"]) == part["source_id"].nunique()
    with pytest.raises(ValueError, match="csv"):
        sd.export(part, tmp_path / "part.sav")


def _tool(name: str) -> str:
    """An outside tool installed beside the running interpreter (the venv's bin/), found without PATH."""
    folder = Path(sys.executable).parent
    exe = shutil.which(name, path=str(folder))
    assert exe, f"{name} is a test dependency and is not in {folder}; install with pip install -e '.[test]'"
    return exe


def _frictionless(descriptor: Path) -> dict:
    exe = _tool("frictionless")
    run = subprocess.run([exe, "validate", "--json", str(descriptor)], capture_output=True, text=True)
    return json.loads(run.stdout)


@pytest.mark.outside_tools  # a whole frictionless validation takes seconds: .ci/run's outside-tools step
def test_frictionless_validates_the_packaged_data():
    report = _frictionless(sd.parquet_path("trade").parent / "datapackage.json")
    assert report["valid"], json.dumps(report)[:2000]
    assert len(report["tasks"]) == len(md.RESOURCES)


@pytest.mark.outside_tools
def test_frictionless_validates_the_csv_export_and_catches_damage(exported, tmp_path):
    report = _frictionless(exported / "csv" / "datapackage.json")
    assert report["valid"], json.dumps(report)[:2000]
    damaged = tmp_path / "csv"
    shutil.copytree(exported / "csv", damaged)
    text = (damaged / "trade.csv").read_text().replace(",USD,", ",dollars,", 1)
    (damaged / "trade.csv").write_text(text)
    assert not _frictionless(damaged / "datapackage.json")["valid"]


def test_duckdb_queries_every_table_and_joins_sources():
    import duckdb
    con = duckdb.connect()
    for name in md.RESOURCES:
        n = con.execute(f"select count(*) from read_parquet('{sd.parquet_path(name)}')").fetchone()[0]
        assert n == len(sd.load(name)), name
    got = con.execute(f"""
        select t.obs_id, s.title, t.value
        from read_parquet('{sd.parquet_path('trade')}') t
        join read_parquet('{sd.parquet_path('sources')}') s using (source_id)
        order by t.obs_id""").df()
    trade, src = sd.load("trade"), sd.sources()
    want = trade.merge(src[["source_id", "title"]], on="source_id").sort_values("obs_id")[["obs_id", "title", "value"]]
    _same(want.reset_index(drop=True), got, "duckdb join")


def test_polars_reads_every_table_like_pandas():
    import polars as pl

    for name in md.RESOURCES:
        _same(sd.load(name), pl.read_parquet(sd.parquet_path(name)).to_pandas(), name)
    usd = (pl.scan_parquet(sd.parquet_path("trade")).filter(pl.col("unit") == "USD")
           .group_by("series_id").agg(pl.len().alias("n")).sort("series_id").collect())
    trade = sd.load("trade")
    want = trade[trade["unit"] == "USD"].groupby("series_id").size()
    assert dict(zip(usd["series_id"], usd["n"])) == want.to_dict()


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
RSCRIPT = shutil.which("Rscript")
_INSTALL = "install it with `apt-get install {}` (.ci/run does)"


def _needs(exe, what, package):
    return pytest.mark.skipif(exe is None, reason=f"{what} is not installed; " + _INSTALL.format(package))


def _r_has(package: str) -> bool:
    return subprocess.run([RSCRIPT, "-e", f"library({package})"], capture_output=True).returncode == 0


# --- LibreOffice: the workbook as a person sees it ----------------------------------------------

# CSV filter options: comma, double quote, UTF-8, ..., "save cell contents as shown" (9th) and
# every sheet to its own file (12th, -1): the text a person sees in each cell.
_AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


@pytest.fixture(scope="module")
def shown(exported, tmp_path_factory):
    """Each sheet of the exported workbook as LibreOffice shows it (one conversion)."""
    out = tmp_path_factory.mktemp("libreoffice")
    profile = (out / "profile").as_uri()  # a profile of its own, so parallel runs never share one
    run = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", _AS_SHOWN,
                          "--outdir", str(out / "shown"), str(exported / "xlsx" / "silkroad-data.xlsx")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    sheets = {p.stem.removeprefix("silkroad-data-"): p for p in (out / "shown").glob("*.csv")}
    return {name: pd.read_csv(p, dtype=str, keep_default_na=False) for name, p in sheets.items()}


def _expected_text(value, kind: str):
    if missing(value):
        return ""
    if kind == "date":
        return value.strftime("%Y-%m-%d")
    if kind == "bool":
        return "TRUE" if value else "FALSE"
    if kind == "int64":
        return str(int(value))
    return str(value)


@pytest.mark.outside_tools
@_needs(SOFFICE, "LibreOffice (soffice)", "libreoffice-calc-nogui")
def test_libreoffice_shows_every_cell_as_written(shown, book):
    assert set(shown) == {"README", *md.RESOURCES}
    for name in md.RESOURCES:
        # Each number and date column is wider than the longest text LibreOffice shows in it
        # (a narrower column shows ### or cuts the number).
        ws, sheet = book[name], shown[name]
        for j, col in enumerate(sheet.columns):
            resource = md.RESOURCES[name]
            kind = resource.field(col).type if col in resource.field_names else "float64"  # or a printed_* column
            if kind in ("float64", "int64", "date"):
                longest = max((len(t) for t in sheet[col]), default=0)
                assert ws.column_dimensions[ws.cell(1, j + 1).column_letter].width >= longest, (name, col, longest)
    assert shown["README"].iloc[0].tolist() == ["dataset", f"silkroad-data {sd.__version__}"]
    for name, resource in md.RESOURCES.items():
        df, sheet = sd.load(name), shown[name]
        for f in resource.fields:
            got = sheet[f.name].tolist()
            if f.type == "float64":
                for v, text in zip(df[f.name], got):
                    if missing(v):
                        assert text == "", (name, f.name)
                        continue
                    # Thousands separated and whole: 4,620,000,000,000, never 4.62E+12 or ###.
                    assert "E" not in text and "#" not in text, (name, f.name, text)
                    assert math.isclose(float(text.replace(",", "")), v, rel_tol=1e-14, abs_tol=1e-9), (name, f.name, text, v)
                scaled = "printed_" + f.name
                if scaled in sheet:
                    for v, m, text in zip(df[f.name], df["printed_scale"], sheet[scaled]):
                        if not missing(v):
                            assert math.isclose(float(text.replace(",", "")), v / 10 ** int(m), rel_tol=1e-12), (name, scaled, text)
            else:
                assert got == [_expected_text(v, f.type) for v in df[f.name]], (name, f.name)
    # By hand, one figure as a reader of the paper knows it: "$4.62 trillion" in 2018.
    row = shown["trade"].set_index("obs_id").loc["clabri.chn_trade_total_2018"]
    assert (row["value"], row["printed_value"], row["printed_scale"], row["period_end"]) == \
        ("4,620,000,000,000", "4.62", "12", "2018-12-31")


# --- R: base R on the CSV files, haven on the Stata files ---------------------------------------

_R_CSV = r"""
args <- commandArgs(trailingOnly = TRUE)
folder <- args[1]
for (table in strsplit(args[2], ",")[[1]]) {
  dates <- strsplit(args[3], ",")[[1]]
  x <- read.csv(file.path(folder, paste0(table, ".csv")), encoding = "UTF-8", na.strings = "",
                colClasses = setNames(rep("Date", length(dates)), dates))
  for (col in names(x)) {
    v <- x[[col]]
    shown <- if (inherits(v, "Date")) format(v[!is.na(v)][1]) else format(v[!is.na(v)][1], digits = 15)
    cat(table, col, class(v)[1], sum(!is.na(v)), shown, sep = "\t")
    cat("\n")
  }
}
"""

_R_DTA = r"""
library(haven)
args <- commandArgs(trailingOnly = TRUE)
for (table in strsplit(args[2], ",")[[1]]) {
  x <- read_dta(file.path(args[1], paste0(table, ".dta")))
  for (col in names(x)) {
    v <- x[[col]]
    labels <- attr(v, "labels")
    cat(table, col, class(v)[1], attr(v, "label"), paste(names(labels), unname(labels), sep = "=", collapse = ";"), sep = "\t")
    cat("\n")
  }
}
"""

_R_CLASS = {"bool": "logical", "float64": "numeric", "int64": "integer", "date": "Date"}


def _rscript(script: str, *args: str) -> list[list[str]]:
    run = subprocess.run([RSCRIPT, "-e", script, *args], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return [line.split("\t") for line in run.stdout.splitlines() if line]


@pytest.mark.outside_tools
@_needs(RSCRIPT, "R (Rscript)", "r-base-core")
def test_base_r_reads_the_csv_files_with_logical_numeric_and_date_columns(exported):
    dates = sorted({f.name for r in md.RESOURCES.values() for f in r.fields if f.type == "date"})
    rows = _rscript(_R_CSV, str(exported / "csv"), ",".join(md.RESOURCES), ",".join(dates))
    got = {(t, c): (cls, int(n), first) for t, c, cls, n, first in rows}
    checked = set()
    for name, resource in md.RESOURCES.items():
        df = sd.load(name)
        for f in resource.fields:
            cls, n, first = got[(name, f.name)]
            assert n == df[f.name].notna().sum(), (name, f.name)
            if f.type in _R_CLASS and n:
                assert cls == _R_CLASS[f.type], (name, f.name, cls)
                checked.add(f.type)
    assert checked == set(_R_CLASS)
    # By hand: the first deal is not greenfield; the first trade figure is US$4.62 trillion in 2018.
    assert got[("projects", "greenfield")] == ("logical", 7, "FALSE")
    assert got[("trade", "value")][2] == "4.62e+12"
    assert got[("trade", "period_start")][2] == "2018-01-01"


@pytest.mark.outside_tools
@_needs(RSCRIPT, "R (Rscript)", "r-base-core")
def test_haven_reads_the_stata_files_with_variable_and_value_labels(exported):
    if not _r_has("haven"):
        pytest.skip("R's haven is not installed; " + _INSTALL.format("r-cran-haven"))
    rows = _rscript(_R_DTA, str(exported / "dta"), ",".join(md.RESOURCES))
    got = {(t, c): (cls, label, labels) for t, c, cls, label, labels in rows}
    for name, resource in md.RESOURCES.items():
        for f in resource.fields:
            cls, label, labels = got[(name, f.name)]
            assert label == f.stata_label(), (name, f.name)  # at most 80 characters, cut at a word
            if f.vocabulary is not None and len(sd.load(name)):
                assert cls == "haven_labelled", (name, f.name)
                assert {pair.rsplit("=", 1)[0] for pair in labels.split(";")} == set(f.vocabulary), (name, f.name)
            if f.type == "date":
                assert cls == "Date", (name, f.name)
    assert got[("projects", "greenfield")] == ("haven_labelled", md.FIELDS["greenfield"].stata_label(), "no=0;yes=1")
