"""Outside tools read the package for real: exports round-trip, frictionless, DuckDB, Polars."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import silkroad_data as sd
from silkroad_data import metadata as md
from silkroad_data.cli import main


def _same(a: pd.DataFrame, b: pd.DataFrame, table: str) -> None:
    """Row-by-row equality, comparing values as their text (formats differ in types, not content)."""
    assert list(a.columns) == list(b.columns), table
    assert len(a) == len(b), table

    def text(v):
        if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v) or v == "":
            return ""
        if hasattr(v, "isoformat"):
            return v.isoformat()[:10]
        if isinstance(v, bool) or str(v) in ("True", "False"):
            return "1" if str(v) == "True" else "0"
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
    assert (readme["item"] == "citation").sum() == 5
    for name in md.RESOURCES:
        _same(sd.load(name), book[name], name)


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


def test_frictionless_validates_the_packaged_data():
    report = _frictionless(sd.parquet_path("trade").parent / "datapackage.json")
    assert report["valid"], json.dumps(report)[:2000]
    assert len(report["tasks"]) == len(md.RESOURCES)


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
