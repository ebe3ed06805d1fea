"""Attacks by class: caches replaced by valid but wrong files, formulas in exports, concurrent
partitioned builds, quotes, wrong kinds of arguments, an installed copy's validate, the sdist; and
property tests that feed the public functions values of every type."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import silkroad_data as sd
from silkroad_data import loader, paths, store
from silkroad_data.cli import main
from silkroad_data.pipeline import build
from silkroad_data.pipeline.records import ParseCache
from silkroad_data.pipeline.rowcache import RowCache

from conftest import MINI_TEXT, _clear_caches, mini_record

ROOT = Path(__file__).resolve().parent.parent
SHA = hashlib.sha256(MINI_TEXT.encode()).hexdigest()
GROWTH = "mini.trade_growth_2014"


def _published(out: Path, table: str = "trade") -> pd.DataFrame:
    return pq.read_table(out / f"{table}.parquet").to_pandas().set_index("obs_id")


def _times_ten(cache: RowCache) -> None:
    """Put in place of the cached observations a valid Arrow file, same schema and generation tag,
    whose growth figure is ten times what the record says."""
    path = cache.folder / "observations.arrow"
    table = pa.ipc.open_file(pa.BufferReader(path.read_bytes())).read_all()
    values = [v * 10 if o == GROWTH else v for o, v in zip(table["obs_id"].to_pylist(), table["value"].to_pylist())]
    table = table.set_column(table.schema.get_field_index("value"), table.schema.field("value"),
                             pa.array(values, table.schema.field("value").type))
    with pa.OSFile(str(path), "wb") as fh, pa.ipc.new_file(fh, table.schema) as writer:
        writer.write_table(table)


# --- 1. Caches never decide what is published -------------------------------------------------------

def test_a_cached_row_file_replaced_by_a_valid_one_is_not_published(mini):
    raw, out = mini["raw"], mini["out"]
    build(raw, out)
    assert _published(out).loc[GROWTH, "value"] == pytest.approx(4.1)
    cache = RowCache.beside(raw)
    _times_ten(cache)
    assert cache.read() == ({}, {})  # the replacement is found: not the bytes the index names
    build(raw, out)  # quietly correct: every file read again
    assert _published(out).loc[GROWTH, "value"] == pytest.approx(4.1)
    assert cache.read()[0], "the cache was written anew"


def test_an_edited_parse_cache_entry_is_not_published(mini):
    raw, out = mini["raw"], mini["out"]
    build(raw, out)
    shutil.rmtree(RowCache.beside(raw).folder)  # so the parse cache is what the next build reads
    entry = ParseCache.beside(raw).folder / f"{ParseCache.key(mini['record'].read_bytes())}.json"
    seal, text = entry.read_text(encoding="utf-8").split("\n", 1)
    doc = json.loads(text)
    doc["observations"][1]["note"] = "=HYPERLINK(\"http://example.com\",\"an edited note\")"
    edited = json.dumps(doc)
    entry.write_text(seal + "\n" + edited, encoding="utf-8")  # valid JSON, valid record, old seal
    build(raw, out)
    assert pd.isna(_published(out).loc[GROWTH, "note"])  # what the raw file says: no note
    # The control: sealed anew, the same entry is read (so it is the seal that refused it above).
    shutil.rmtree(RowCache.beside(raw).folder)
    key = ParseCache.key(mini["record"].read_bytes())
    entry.write_text(ParseCache.seal(key, edited) + "\n" + edited, encoding="utf-8")
    build(raw, out)
    assert _published(out).loc[GROWTH, "note"].startswith("=HYPERLINK")


def _forged(raw: Path) -> None:
    """A cache whose every check passes: the replaced file's hash and the index's seal recomputed."""
    from silkroad_data.pipeline import rowcache

    cache = RowCache.beside(raw)
    _times_ten(cache)
    index = json.loads((cache.folder / "index.json").read_text(encoding="utf-8"))
    index["arrow"]["observations"] = paths.sha256_of(cache.folder / "observations.arrow")
    index["seal"] = rowcache._seal(index["generation"], index["arrow"], index["files"])
    (cache.folder / "index.json").write_text(json.dumps(index), encoding="utf-8")


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_validate_reads_no_cache_so_it_catches_a_wrong_packaged_value(mini, capsys):
    raw, out = mini["raw"], mini["out"]
    build(raw, out)
    assert main(["validate", "--raw", str(raw), "--data", str(out)]) == 0
    _forged(raw)
    build(raw, out)  # tables made from a cache forged with its checksums: the wrong value is packaged
    assert _published(out).loc[GROWTH, "value"] == pytest.approx(41.0)
    caches = _tree(raw / ".cache")
    capsys.readouterr()
    assert main(["validate", "--raw", str(raw), "--data", str(out)]) == 1
    said = capsys.readouterr().out
    assert "trade: rows differ" in said and "match the raw records" not in said
    assert _tree(raw / ".cache") == caches  # validate neither read nor wrote the cache


# --- 2. No formulas in exports ------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://example.com","click")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\tx", "#N/A"]


def _sheet_cells(path: Path) -> list[str]:
    """Every cell element of every sheet of a workbook, as its XML."""
    import re

    with zipfile.ZipFile(path) as book:
        xml = "".join(book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/sheet"))
    return re.findall(r"<c [^>]*?(?:/>|>.*?</c>)", xml)


def test_every_text_cell_of_a_workbook_is_text_never_a_formula(tmp_path):
    df = pd.DataFrame({"note": FORMULAS, "=a column": range(len(FORMULAS)), "value": [-1.5] * len(FORMULAS)})
    path = sd.export(df, tmp_path / "x.xlsx")
    cells = _sheet_cells(path)
    assert cells and not [c for c in cells if "<f>" in c or 't="e"' in c]
    from openpyxl import load_workbook

    ws = load_workbook(path)["data"]
    assert [ws.cell(r + 2, 1).value for r in range(len(FORMULAS))] == FORMULAS
    assert ws.cell(1, 2).value == "=a column" and ws.cell(1, 2).data_type == "s"


def test_export_tables_writes_a_raw_note_as_text_in_the_workbook_and_neutralized_in_csv(mini, tmp_path, monkeypatch):
    record = mini["record"].read_text(encoding="utf-8")
    assert record.count('    footnote: "1"\n') == 1
    mini["record"].write_text(record.replace('    footnote: "1"\n', f"    footnote: \"1\"\n    note: '{FORMULAS[0]}'\n"),
                              encoding="utf-8")
    build(mini["raw"], mini["out"])
    monkeypatch.setattr(loader, "DATA_DIR", mini["out"])
    _clear_caches()
    try:
        [book] = sd.export_tables("xlsx", tmp_path / "xlsx")
        csvs = sd.export_tables("csv", tmp_path / "csv", ["trade"])
    finally:
        _clear_caches()
    assert not [c for c in _sheet_cells(book) if "<f>" in c]
    from openpyxl import load_workbook

    ws = load_workbook(book)["trade"]
    header = [c.value for c in ws[1]]
    [cell] = [row[header.index("note")] for row in ws.iter_rows(min_row=2) if row[0].value == "mini.trade_2014"]
    assert cell.value == FORMULAS[0] and cell.data_type == "s"
    trade = pd.read_csv(next(p for p in csvs if p.name == "trade.csv"), dtype=str, keep_default_na=False)
    assert trade.set_index("obs_id").loc["mini.trade_2014", "note"] == "'" + FORMULAS[0]


def test_csv_text_that_would_start_a_formula_gets_an_apostrophe_and_numbers_stay(tmp_path):
    df = pd.DataFrame({"reported": FORMULAS[:5] + ["-3.2%", "+4.1%", "-0.5", "US$263.6 billion"],
                       "value": [-1.0] * 9})
    back = pd.read_csv(sd.export(df, tmp_path / "x.csv"), dtype=str, keep_default_na=False)
    assert back["reported"].tolist() == ["'" + f for f in FORMULAS[:5]] + ["-3.2%", "+4.1%", "-0.5", "US$263.6 billion"]
    assert back["value"].tolist() == ["-1.0"] * 9  # numbers are numbers, never prefixed
    assert not [c for c in back["reported"] if c[:1] in ("=", "@", "\t")]


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.outside_tools
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed; `apt-get install libreoffice-calc-nogui` (.ci/run does)")
def test_libreoffice_shows_the_formula_texts_as_written(tmp_path):
    df = pd.DataFrame({"note": FORMULAS[:4] + ["=1+1"]})
    path = sd.export(df, tmp_path / "x.xlsx")
    shown = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
    run = subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                          "--convert-to", shown, "--outdir", str(tmp_path / "shown"), str(path)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    sheet = pd.read_csv(tmp_path / "shown" / "x-data.csv", dtype=str, keep_default_na=False)
    assert sheet["note"].tolist() == FORMULAS[:4] + ["=1+1"]  # shown as text, not run ("=1+1" is not 2)


# --- 3. One lock for every layout -----------------------------------------------------------------------

def test_three_partitioned_builds_into_one_folder_all_succeed(mini, tmp_path):
    out = tmp_path / "parts"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    runs = [subprocess.Popen([sys.executable, "-m", "silkroad_data", "build", "--layout", "partitioned",
                              "--raw", str(mini["raw"]), "--out", str(out)], env=env, cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(r.wait(timeout=300), r.stderr.read()) for r in runs]
    for r in runs:
        r.stdout.close()
        r.stderr.close()
    assert [code for code, _ in results] == [0, 0, 0], results
    assert store.is_complete(out)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".parts")) == [".parts.lock"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["layout"] == "partitioned" and "trade/part-00000.parquet" in manifest["files"]


def test_partitioned_builds_refuse_what_the_single_layout_refuses(mini, tmp_path, monkeypatch):
    from silkroad_data.pipeline.partitioned import write_partitioned
    from silkroad_data.pipeline import assemble

    tables = assemble(mini["raw"])[0]
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "thesis.docx").write_text("mine", encoding="utf-8")
    with pytest.raises(sd.DataError, match="did not write"):
        write_partitioned(tables, theirs)
    assert [p.name for p in theirs.iterdir()] == ["thesis.docx"]
    site = tmp_path / "site-packages" / "silkroad_data"
    site.mkdir(parents=True)
    monkeypatch.setattr(paths, "PACKAGE_DIR", site)
    monkeypatch.setattr(paths, "SOURCE_CHECKOUT", False)
    with pytest.raises(sd.DataError, match="installed package"):
        write_partitioned(tables, site / "data")
    assert list(site.iterdir()) == []


def test_a_failed_partitioned_build_leaves_the_previous_folder(mini, tmp_path, monkeypatch):
    from silkroad_data.pipeline import assemble, partitioned

    tables = assemble(mini["raw"])[0]
    out = tmp_path / "parts"
    partitioned.write_partitioned(tables, out)
    before = _tree(out)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(partitioned.pq, "write_table", full)
    with pytest.raises(OSError):
        partitioned.write_partitioned(tables, out)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".parts")) == [".parts.lock"]


# --- 4. Quotes: which check runs where -------------------------------------------------------------------

def test_the_readme_says_where_quotes_are_checked_and_it_is_so(mini, capsys):
    readme = (ROOT / "raw" / "README.md").read_text(encoding="utf-8")
    rules = readme.split("## Rules the build checks", 1)[1].split("\n## ", 1)[0]
    assert "verify-quotes" in rules
    record = mini["record"].read_text(encoding="utf-8")
    mini["record"].write_text(record.replace("the region reached US$263.6 billion", "the region rose to US$263.6 billion", 1),
                              encoding="utf-8")
    assert main(["build", "--raw", str(mini["raw"]), "--out", str(mini["out"])]) == 0  # the build has no texts
    capsys.readouterr()
    assert main(["verify-quotes", "--raw", str(mini["raw"]), "--texts", str(mini["texts"])]) == 1
    assert "mini.trade_2014" in capsys.readouterr().out


# --- 5. One user-facing error class, the argument named -------------------------------------------------

def test_data_error_is_a_value_error_and_every_refusal_is_one():
    assert issubclass(sd.DataError, ValueError) and issubclass(sd.BuildError, sd.DataError)
    with pytest.raises(ValueError):
        sd.load("no_such_table")


@pytest.mark.parametrize("df, fmt, named", [
    (pd.DataFrame([[1, 2]], columns=["value", "value"]), "xlsx", "'value' more than once"),
    (pd.DataFrame([[1, 2]], columns=["value", "value"]), "csv", "'value' more than once"),
    (pd.DataFrame(index=[0, 1]), "dta", "no columns"),
    ([1, 2, 3], "csv", "df must be a pandas DataFrame"),
    (pd.DataFrame({"a": [b"\x00bytes"]}), "json", "column 'a' holds a bytes"),
    (pd.DataFrame({("a", "b"): [1]}), "json", "column name"),
    (pd.DataFrame({1: [1]}), "json", "column name 1"),
    (pd.DataFrame({"a": [{"k": 1}]}), "dta", "column 'a' holds a dict"),
    (pd.DataFrame({"a": ["\x01"]}), "xlsx", "control character"),
])
def test_reshaped_frames_to_export_are_refused_by_name(df, fmt, named, tmp_path):
    with pytest.raises(sd.DataError, match=named) as info:
        sd.export(df, tmp_path / f"x.{fmt}")
    assert str(info.value).startswith("sd.export")
    assert not list(tmp_path.iterdir())  # nothing half written


def test_series_cite_and_wide_refuse_wrong_kinds_with_the_argument_named():
    with pytest.raises(sd.DataError, match="series_id must be one text"):
        sd.series(["chn_lcn_trade_total"])
    for junk in (None, 123, [1], ["chn_lcn_trade_total", None]):
        with pytest.raises(sd.DataError, match="sd.wide: series must be"):
            sd.wide(junk)
    with pytest.raises(sd.DataError, match="by="):
        sd.wide("chn_lcn_trade_total", by=["year"])
    with pytest.raises(sd.DataError, match="style must be"):
        sd.cite("lou2019.trade_total_2014", style=5)
    trade = sd.load("trade").head(3)
    # A frame's edited cited_source never makes a citation: the package's own records are cited.
    edited = trade.assign(cited_source=["Nobody, \"Unknown,\" 2020", 5, None])
    assert sd.cite(edited, style="bibtex") == sd.cite(trade, style="bibtex")
    with pytest.raises(sd.DataError, match="does not hold.*'x.y'"):
        sd.cite(trade.assign(obs_id="x.y"), style="bibtex")


# --- 6. An installed copy's validate checks the shipped files against the manifest -----------------------

def test_an_installed_copys_validate_checks_the_files_against_the_manifest(data_dir, monkeypatch, capsys):
    monkeypatch.setattr(paths, "SOURCE_CHECKOUT", False)
    assert main(["validate", "--data", str(data_dir)]) == 0
    assert "matches its manifest.json" in capsys.readouterr().out
    path = data_dir / "trade.parquet"
    table = pq.read_table(path)
    pq.write_table(table.slice(1), path)  # a valid Parquet file, one row short
    assert main(["validate", "--data", str(data_dir)]) == 1
    assert "trade:" in capsys.readouterr().out


# --- 7. The sdist ships no tests it cannot run -------------------------------------------------------------

def test_the_sdist_ships_the_records_and_no_tests(tmp_path):
    run = subprocess.run([sys.executable, "-c", "import sys; from setuptools import build_meta as b; "
                          "print(b.build_sdist(sys.argv[1]))", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    with tarfile.open(tmp_path / run.stdout.split()[-1]) as sdist:
        names = [n.split("/", 1)[1] for n in sdist.getnames() if "/" in n]
    assert "pyproject.toml" in names and "MANIFEST.in" in names and any(n.startswith("raw/") and n.endswith(".yaml") for n in names)
    assert not [n for n in names if n.startswith("tests/") or "/test_" in n or n.startswith("test_")]
    assert not [n for n in names if "/.cache/" in n or n.startswith("raw/.cache")]


# --- 8. Junk of every type: a DataError or a result, never another exception ------------------------------

JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.binary(max_size=8),
    st.text(max_size=12), st.sampled_from(["trade", "chn_lcn_trade_total", "lou2019.trade_total_2014", "apa",
                                           "bibtex", "year", "mean", "x" * 100_000]),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=5)), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.tuples(st.integers()),
    st.builds(lambda: pd.DataFrame()),
    st.builds(lambda: pd.DataFrame({"obs_id": [1, None], "value": ["x", b"y"]})),
)


@st.composite
def odd_frames(draw):
    """Frames with odd columns: junk names, duplicated names, junk cells, or a few real rows edited."""
    kind = draw(st.sampled_from(["junk", "real", "dup"]))
    if kind == "real":
        df = sd.load(draw(st.sampled_from(["trade", "projects", "sources"]))).head(draw(st.integers(0, 3)))
        col = draw(st.sampled_from(["value", "unit", "printed_scale", "cited_source", "obs_id", "series_id", "note",
                                     "source_id", "table", "period_start", "measure", "time_period"]))
        if len(df):
            df[col] = pd.Series([draw(JUNK) for _ in range(len(df))], index=df.index, dtype=object)
        return df
    names = draw(st.lists(st.one_of(st.text(max_size=4), st.integers(), st.sampled_from(["value", "obs_id", "unit"])),
                          min_size=0, max_size=3))
    if kind == "dup" and names:
        names = names + names[:1]
    rows = draw(st.integers(0, 2))
    cells = st.one_of(st.none(), st.integers(), st.floats(), st.text(max_size=5), st.binary(max_size=3),
                      st.lists(st.integers(), max_size=2), st.datetimes(), st.booleans())
    return pd.DataFrame([[draw(cells) for _ in names] for _ in range(rows)], columns=names or None) \
        if names else pd.DataFrame(index=range(rows))


ANY = st.one_of(JUNK, odd_frames())
PROPERTY = settings(max_examples=15, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])


def _either(call, *args, **kwargs):
    """The call's result, or a DataError; any other exception fails the test."""
    try:
        return call(*args, **kwargs)
    except sd.DataError as exc:
        assert str(exc).strip(), "a DataError says what is wrong"
        return exc


@PROPERTY
@given(ANY)
def test_load_takes_junk(value):
    _either(sd.load, value)


@PROPERTY
@given(ANY)
def test_series_takes_junk(value):
    _either(sd.series, value)


@PROPERTY
@given(ANY, ANY, ANY)
def test_cite_takes_junk(figures, style, markup):
    _either(sd.cite, figures)
    _either(sd.cite, "lou2019.trade_total_2014", style=style)
    _either(sd.cite, ["lou2019.trade_total_2014"], markup=markup)
    _either(sd.cite, figures, style="bibtex")


@PROPERTY
@given(ANY, ANY)
def test_cite_dataset_takes_junk(style, markup):
    _either(sd.cite_dataset, style=style)
    _either(sd.cite_dataset, markup=markup)


@PROPERTY
@given(ANY, ANY, ANY, ANY)
def test_wide_takes_junk(series, by, prefer, agg):
    _either(sd.wide, series)
    _either(sd.wide, "chn_lcn_trade_total", by=by, prefer=prefer)
    _either(sd.wide, ["chn_lcn_exports", "chn_lcn_imports"], agg=agg, scale=by)


@PROPERTY
@given(ANY)
def test_printed_takes_junk(df):
    _either(sd.printed, df)


@PROPERTY
@given(ANY, ANY, ANY, ANY)
def test_catalog_takes_junk(text, table, area, source):
    _either(sd.catalog, text)
    _either(sd.catalog, table=table, area=area, source=source)


@PROPERTY
@given(ANY, st.sampled_from(["csv", "xlsx", "dta", "json"]), ANY)
def test_export_takes_junk(tmp_path_factory, df, fmt, junk):
    out = tmp_path_factory.mktemp("junk")
    _either(sd.export, df, out / f"x.{fmt}")
    _either(sd.export, sd.load("sources").head(1), out / "y.csv", fmt=junk)
    if not isinstance(junk, str):  # a text is a path: it would be written where the tests run
        _either(sd.export, sd.load("sources").head(1), junk)
    _either(sd.export, df, out / "z.xlsx", table=junk)


@PROPERTY
@given(ANY, ANY, ANY)
def test_figure_of_and_figures_in_take_junk(table, row, column):
    w = sd.wide("chn_lcn_trade_total")
    _either(sd.figure_of, table, row, column)
    _either(sd.figure_of, w, row, column)
    _either(sd.figure_of, w, "2016", column)
    _either(sd.figures_in, table)
