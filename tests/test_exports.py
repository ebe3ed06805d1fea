"""What every reader of the exports and the Parquet files sees: the workbook's layout, the file-level
metadata, the Data Package v2 descriptor, CSV booleans, Stata labels, the integrity check and the
``tools`` extra. The same files read by LibreOffice and R are in ``test_exports_readers.py``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import silkroad_data as sd
from silkroad_data import metadata as md
from silkroad_data.cli import main
from silkroad_data.metadata import dataset

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(sd.__file__).parent / "data"


def test_a_filtered_workbook_speaks_only_of_its_own_sheets(tmp_path):
    from openpyxl import load_workbook

    trade = sd.load("trade")
    path = sd.export(trade[trade["unit"] == "percent"], tmp_path / "shares.xlsx", table="trade")
    wb = load_workbook(path)
    assert wb.sheetnames == ["README", "trade"]
    text = " ".join(str(c.value) for row in wb["README"].iter_rows() for c in row)
    assert "sheet sources" not in text and "sheet references" not in text
    assert "vocabulary unit" in text and "unit = percent" in text
    assert wb["trade"].auto_filter.ref == wb["trade"].dimensions


# --- Parquet file-level metadata ----------------------------------------------------------------

def test_duckdb_shows_column_descriptions_units_vocabularies_licence_and_citation():
    import duckdb

    path = sd.parquet_path("trade")
    rows = duckdb.sql(f"select decode(key), decode(value) from parquet_kv_metadata('{path}')").fetchall()
    meta = dict(rows)
    assert "silkroad_data" in meta
    entry = json.loads(meta["silkroad_data"])
    fields = {f["name"]: f for f in entry["schema"]["fields"]}
    assert list(fields) == md.RESOURCES["trade"].field_names
    assert fields["printed_scale"]["description"] == md.FIELDS["printed_scale"].description
    assert fields["value"]["unit"] == "see unit"
    assert {"value": "nearly", "label": "'nearly', 'close to', 'almost'"} in fields["qualifier"]["categories"]
    assert entry["licence"]["name"] == "CC-BY-4.0"
    assert entry["dataset_citation"].startswith("silkroad-data contributors. (2026). ")
    assert f"(Version {sd.__version__}) [Data set]" in entry["dataset_citation"]
    # The same in plain SQL, as the README shows it.
    got = duckdb.sql(f"""
        select f.name, f.description, f.unit
        from (select unnest(from_json(decode(value)::json -> '$.schema.fields',
                                      '[{{"name": "VARCHAR", "description": "VARCHAR", "unit": "VARCHAR"}}]')) as f
              from parquet_kv_metadata('{path}') where decode(key) = 'silkroad_data')""").fetchall()
    assert ("value", "The figure in base units (a lower bound for ranges)", "see unit") in got


def test_every_parquet_file_carries_the_entry_at_file_level():
    for name in md.RESOURCES:
        kv = pq.read_metadata(sd.parquet_path(name)).metadata  # the file's footer, not Arrow's schema
        entry = json.loads(kv[b"silkroad_data"])
        assert entry["table"] == name and entry["version"] == sd.__version__
        assert [f["description"] for f in entry["schema"]["fields"]] == [f.description for f in md.RESOURCES[name].fields]


# --- the Data Package v2 descriptor -------------------------------------------------------------

def test_descriptor_is_data_package_v2():
    dp = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert dp["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert dp["created"] == f"{md.dataset.released(dp['version'])}T00:00:00Z"  # the release day of this version, not the clock
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", dp["created"])  # RFC 3339
    assert dp["contributors"] == [{"title": "silkroad-data contributors", "roles": ["creator"]}]
    assert {"China", "Latin America", "e-commerce"} <= set(dp["keywords"])
    assert "homepage" not in dp  # no address is known to serve the dataset yet
    for res in dp["resources"]:
        assert res["type"] == "table" and res["hash"].startswith("sha256:")
        assert res["schema"]["$schema"] == "https://datapackage.org/profiles/2.0/tableschema.json"
    trade = next(r for r in dp["resources"] if r["name"] == "trade")
    status = next(f for f in trade["schema"]["fields"] if f["name"] == "status")
    assert status["categories"] == [
        {"value": "reported", "label": "a figure the paper reports as observed"},
        {"value": "estimate", "label": "an estimate"},
        {"value": "forecast", "label": "a forecast or projection"},
        {"value": "target", "label": "a goal or plan"},
    ]
    links = {s["title"].split(".")[0]: s.get("path") for s in dp["sources"]}
    # A paper with a DOI links to it; papers only on the web link to their page.
    assert links["Li, X"] == "https://doi.org/10.5281/zenodo.6186909"
    assert links["China-Latin America Belt and Road cooperation"] == "https://cedpr.org/research/globalization/02312002-2"
    assert links["Malena, J"].startswith("https://www.cfr.org/blog/")
    assert all(links.values())


def test_every_version_has_a_release_day():
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", dataset.released(sd.__version__))
    with pytest.raises(KeyError, match="release day"):
        dataset.released("99.0.0")


# --- CSV and Stata ------------------------------------------------------------------------------

def test_csv_booleans_are_true_and_false_in_capitals(tmp_path):
    path = sd.export(sd.load("projects"), tmp_path / "projects.csv", table="projects")
    lines = path.read_text(encoding="utf-8").splitlines()
    greenfield = lines[0].split(",").index("greenfield")
    huawei = next(line for line in lines if line.startswith("malena.cgit_2009_01_huawei,"))
    assert re.search(r",FALSE,", huawei) and "False" not in huawei
    assert pd.read_csv(path)["greenfield"].dtype == bool
    assert lines[0].split(",")[greenfield] == "greenfield"


def test_stata_booleans_are_labelled_and_labels_end_at_a_word(tmp_path):
    projects = sd.load("projects")
    path = sd.export(projects, tmp_path / "projects.dta", table="projects")
    with pd.io.stata.StataReader(path) as reader:
        value_labels = reader.value_labels()
        labels = reader.variable_labels()
        codes = reader.read(convert_categoricals=False)
    assert value_labels["greenfield"] == {0: "no", 1: "yes"}
    assert list(codes["greenfield"]) == [int(v) for v in projects["greenfield"]]
    for name in md.RESOURCES:
        for f in md.RESOURCES[name].fields:
            label = f.stata_label()
            assert len(label) <= 80
            if label != f.description:
                kept = label.removesuffix("...")
                assert f.description.startswith(kept) and f.description[len(kept)] in " ,;:(", (f.name, label)
    assert labels["quote"] == md.FIELDS["quote"].stata_label()


# --- integrity: the package checks the Parquet hashes; frictionless does not --------------------

def test_a_value_multiplied_by_ten_is_caught_by_the_package_not_by_frictionless(mini, capsys, monkeypatch):
    from silkroad_data import loader as load_module

    assert main(["build", "--raw", str(mini["raw"]), "--out", str(mini["out"])]) == 0
    path = mini["out"] / "trade.parquet"
    table = pq.read_table(path)
    i = table.schema.get_field_index("value")
    damaged = table.set_column(i, table.schema.field(i), pa.compute.multiply(table["value"], 10.0))
    pq.write_table(damaged, path, compression="zstd")  # same schema and metadata, one value ten times larger
    capsys.readouterr()

    assert main(["validate", "--raw", str(mini["raw"]), "--data", str(mini["out"])]) == 1
    assert "trade.parquet does not match the SHA-256 in the manifest" in capsys.readouterr().out
    monkeypatch.setattr(load_module, "DATA_DIR", mini["out"])
    for cache in (load_module.manifest, load_module._checked, load_module._frame):
        cache.cache_clear()
    try:
        with pytest.raises(sd.DataError, match="does not match the manifest"):
            sd.load("trade")
    finally:
        for cache in (load_module.manifest, load_module._checked, load_module._frame):
            cache.cache_clear()

    from frictionless import Package

    # What the README states: frictionless reads the Parquet file but does not check its hash.
    resource = Package(str(mini["out"] / "datapackage.json")).get_resource("trade")
    assert resource.hash and resource.validate().valid


# --- the extra for the README's lines for other tools -------------------------------------------

def test_tools_extra_installs_what_the_other_tools_page_needs():
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11's tomllib")
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    tools = {re.split(r"[<>=\[ ]", r)[0].lower() for r in extras["tools"]}
    section = (ROOT / "docs" / "other-tools.md").read_text(encoding="utf-8")
    assert 'pip install -e ".[tools]"' in section
    imported = set(re.findall(r"^import ([\w, .]+)", section, flags=re.M))
    modules = {m.strip().split(" ")[0] for line in imported for m in line.split(",")}
    commands = set(re.findall(r"^(frictionless|duckdb|polars) ", section, flags=re.M))
    needed = (modules | commands) - {"silkroad_data"}
    assert needed and needed <= tools, needed - tools


# --- a selection of prepared rows is what sd.export writes of those rows -------------------------

@pytest.mark.parametrize("table", ["trade", "projects", "conflicts"])
def test_prepared_rows_write_what_sd_export_writes_of_them(tmp_path, table):
    import random

    from silkroad_data.exports.files import Prepared

    whole = sd.load(table)
    ready = Prepared({table: whole})
    rng = random.Random(7)
    picks = [[], list(range(len(whole))), sorted(rng.sample(range(len(whole)), min(3, len(whole))))]
    for n, rows in enumerate(picks):
        for suffix in ("csv", "xlsx"):
            expected = sd.export(whole.iloc[rows], tmp_path / f"expected{n}.{suffix}", table=table).read_bytes()
            if suffix == "csv":
                got = ready.write_csv(tmp_path / f"got{n}.csv", table, rows).read_bytes()
            else:
                got = ready.write_xlsx(tmp_path / f"got{n}.xlsx", rows).read_bytes()
            assert got == expected, (table, rows, suffix)


def test_a_workbook_is_the_same_file_for_the_same_rows(tmp_path):
    trade = sd.load("trade")
    a = sd.export(trade, tmp_path / "a.xlsx", table="trade").read_bytes()
    b = sd.export(trade.copy(), tmp_path / "b.xlsx", table="trade").read_bytes()
    assert a == b
