"""Releases: every release loadable as shipped, the changes between them, the release gate, DOI-ready metadata."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import jsonschema
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import silkroad_data as sd
from silkroad_data import DataError, releases
from silkroad_data.metadata import OBSERVATION_TABLES, dataset
from silkroad_data.paths import DATA_DIR, MANIFEST, sha256_of
from silkroad_data.pipeline import release as recorder

ROOT = Path(__file__).resolve().parents[1]
# The three values the issue names: a share printed in words, stored as a fraction in 0.1.0 and in percent since.
HUNDREDFOLD = ("li2022.bra_4g_networks_huawei_share", "lou2019.household_broadband_half", "malena.wld_5g_coverage_forecast")
RENAMED = {"chn_lcn_bri_mou_countries": "chn_lcn_bri_agreement_countries", "chn_lcn_xi_tours": "chn_lcn_xi_visit_ordinal",
           "bra_chn_satellites_codeveloped": "bra_chn_codeveloped_satellite_ordinal"}


def _git_blob(commit: str, path: str) -> bytes | None:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:{path}"], capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


# --- what the releases hold -------------------------------------------------------------------------

def test_a_release_loads_the_rows_its_commit_shipped():
    old = sd.load("digital_infrastructure", version="0.1.0")
    assert round(float(old.set_index("obs_id").loc["li2022.bra_4g_networks_huawei_share", "value"]), 3) == 0.333
    blob = _git_blob("1299d4d", "silkroad_data/data/digital_infrastructure.parquet")
    if blob is None:
        pytest.skip("not a git checkout holding commit 1299d4d")
    shipped = pq.read_table(io.BytesIO(blob)).to_pandas(date_as_object=False)  # dates as the loader gives them
    assert list(old.columns) == list(shipped.columns)
    assert len(old) == len(shipped)
    for col in shipped.columns:
        a, b = old[col].astype(object), shipped[col].astype(object)
        assert all((pd.isna(x) and pd.isna(y)) or x == y for x, y in zip(a, b)), col


def test_every_stored_table_reads_back_as_recorded():
    for version in releases.versions():
        for name, entry in releases.tables_of(version).items():
            df = sd.load(name, version=version)
            assert len(df) == entry["rows"]


def test_the_current_release_is_the_packaged_tables():
    # The release gate: under a released version the packaged tables are that release's.
    assert releases.gate_problem() is None
    if sd.__version__ in releases.versions():
        for name in releases.tables_of(sd.__version__):
            now, then = sd.load(name), releases.load(name, sd.__version__)
            assert now.astype(object).fillna("∅").equals(then.astype(object).fillna("∅")), name


def test_an_unknown_release_or_table_is_a_clear_error():
    with pytest.raises(DataError, match="No release '9.9.9'.*0.1.0"):
        sd.load("trade", version="9.9.9")
    with pytest.raises(DataError, match="Release 0.1.0 has no table 'revisions'"):
        sd.load("revisions", version="0.1.0")


def test_the_history_is_compact_and_stores_a_content_once():
    keys = [e["key"] for r in releases.history()["releases"] for e in r["tables"].values()]
    files = sorted(releases.OBJECTS.glob("*.parquet"))
    assert len(files) == len(set(keys))  # a table unchanged between releases is one file


# --- changes ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("until", ["0.2.0", None])
def test_changes_since_the_first_release_name_the_values_series_and_figures_the_issue_lists(until):
    ch = sd.changes(since="0.1.0", until=until)
    assert {"obs_id", "field", "old", "new", "version", "reason"} <= set(ch.columns)
    values = ch[(ch["field"] == "value") & (ch["version"] == "0.2.0")].set_index("obs_id")
    for obs in HUNDREDFOLD:
        old, new = values.loc[obs, "old"], values.loc[obs, "new"]
        assert new == pytest.approx(100 * old)
    series = ch[(ch["field"] == "series_id") & (ch["version"] == "0.2.0")]
    assert dict(zip(series["old"], series["new"])) == RENAMED
    added = ch[(ch["field"] == releases.ADDED) & ch["table"].isin(OBSERVATION_TABLES) & (ch["version"] == "0.2.0")]
    assert len(added) == 8 and added["obs_id"].is_unique  # what 0.2.0 added, as the issue measured it
    assert ch[(ch["field"] == releases.REMOVED) & (ch["version"] == "0.2.0")].empty


def test_columns_and_tables_show_as_column_and_table_changes():
    ch = sd.changes(since="0.1.0", until="0.2.0")
    cols = ch[ch["field"] == "column"]
    renamed = {(t, o): n for t, o, n in zip(cols["table"], cols["old"], cols["new"]) if o and n}
    assert renamed[("observations", "unit_multiplier")] == "printed_scale"
    assert renamed[("references", "kind")] == "reference_kind"
    added = set(cols.loc[cols["old"].isna(), "new"])
    assert {"time_period", "freq", "period_precision"} <= added
    assert cols["obs_id"].isna().all()
    tables = ch[ch["field"] == "table"]
    assert list(tables["new"]) == ["revisions"]
    assert releases.current_column("trade", "unit_multiplier") == "printed_scale"
    assert "unit_multiplier" in sd.load("trade", version="0.1.0").columns


def test_changes_between_two_releases_stop_at_the_later_one():
    assert set(sd.changes(since="0.1.0", until="0.2.0")["version"]) == {"0.2.0"}
    assert sd.changes(since="0.2.0", until="0.2.0").empty
    with pytest.raises(DataError):
        sd.changes(since="0.2.0", until="0.1.0")


def test_value_since():
    assert releases.value_since("li2022.bra_4g_networks_huawei_share") == "0.2.0"
    old = sd.load("trade", version="0.1.0").set_index("obs_id")
    now = sd.load("trade").set_index("obs_id")
    same = [o for o in old.index if o in now.index and old.loc[o, "value"] == now.loc[o, "value"]
            and old.loc[o, "reported"] == now.loc[o, "reported"] and str(old.loc[o, "unit"]) == str(now.loc[o, "unit"])]
    assert same and releases.value_since(same[0]) == "0.1.0"
    ch = sd.changes(since="0.1.0")
    later = set(ch.loc[ch["field"].isin(releases.VALUE_FIELDS), "obs_id"])
    added = ch[(ch["field"] == releases.ADDED) & ch["table"].isin(OBSERVATION_TABLES) & ~ch["obs_id"].isin(later)]
    assert not added.empty
    for obs, version in zip(added["obs_id"], added["version"]):
        assert releases.value_since(obs) == version
    with pytest.raises(DataError):
        releases.value_since("no.such_figure")


def test_an_old_series_id_finds_its_figures_with_a_note():
    with pytest.warns(releases.RenamedSeriesWarning, match="chn_lcn_bri_agreement_countries"):
        s = sd.series("chn_lcn_bri_mou_countries")
    assert "clabri.bri_mou_countries" in set(s["obs_id"])
    assert set(s["series_id"]) == {"chn_lcn_bri_agreement_countries"}
    assert "chn_lcn_bri_agreement_countries" in s.attrs["note"]
    pinned = sd.series("chn_lcn_bri_mou_countries", version="0.1.0")
    assert set(pinned["series_id"]) == {"chn_lcn_bri_mou_countries"}
    with pytest.raises(DataError):
        sd.series("no_such_series_ever")


def test_citations_name_the_version():
    text = sd.cite("li2022.bra_4g_networks_huawei_share")
    assert f"silkroad-data {sd.__version__}" in text and "value as printed since release 0.2.0" in text
    assert f"(Version {sd.__version__})" in sd.cite_dataset()


# --- the gate and the recorder ----------------------------------------------------------------------

def test_the_gate_refuses_other_tables_under_a_released_version(monkeypatch):
    from silkroad_data import _version
    from silkroad_data.pipeline import release_gate

    keys = releases._packaged_keys()
    changed = dict(keys, trade="0" * 64)
    if sd.__version__ in releases.versions():
        problem = releases.gate_problem(keys=changed)
        assert "the tables changed but the version did not" in problem and "trade" in problem
        tables = {name: sd.load(name) for name in keys}
        tables["trade"].loc[0, "note"] = "edited"
        with pytest.raises(DataError, match="silkroad-data release"):
            release_gate(tables)
    monkeypatch.setattr(_version, "__version__", "99.0.0")  # a new version: the tables are free
    assert releases.gate_problem(keys=changed) is None


@pytest.fixture
def scratch_history(tmp_path, monkeypatch):
    """A copy of the release history the recorder may write into."""
    folder = tmp_path / "releases"
    shutil.copytree(releases.HISTORY_DIR, folder)
    monkeypatch.setattr(releases, "HISTORY_DIR", folder)
    monkeypatch.setattr(releases, "HISTORY", folder / "history.json")
    monkeypatch.setattr(releases, "OBJECTS", folder / "tables")
    releases._CACHE.clear()
    yield folder
    releases._CACHE.clear()


def _write(folder: Path, name: str, table: pa.Table, kind: str) -> None:
    path = folder / f"{name}.parquet"
    pq.write_table(table, path)
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["tables"][name] = {"file": path.name, "kind": kind, "description": name, "rows": table.num_rows,
                                "bytes": path.stat().st_size, "sha256": sha256_of(path)}
    (folder / MANIFEST).write_text(json.dumps(manifest))


def test_a_later_release_with_new_columns_and_a_new_table_is_recorded_and_compared(scratch_history, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    trade = pq.read_table(data / "trade.parquet")
    first = trade.column("obs_id")[0].as_py()
    values = trade.column("value").to_pylist()
    values[0] = (values[0] or 0) + 1
    trade = trade.set_column(trade.column_names.index("value"), "value", pa.array(values, pa.float64()))
    trade = trade.append_column("new_code", pa.array(["c"] * trade.num_rows))
    _write(data, "trade", trade, "observations")
    _write(data, "references", pq.read_table(data / "references.parquet").drop(["label"]), "references")
    _write(data, "extra_table", pa.table({"x": [1]}), "derived")
    last = releases.versions()[-1]
    monkeypatch.setitem(dataset.RELEASED, "99.0.0", "2027-01-01")
    record = recorder.record_release(data, "99.0.0", notes="A test release.", root=None)
    assert record["released"] == "2027-01-01"
    ch = sd.changes(since=last, until="99.0.0")
    cols = ch[ch["field"] == "column"]
    assert ("observations", None, "new_code") in set(zip(cols["table"], cols["old"], cols["new"]))
    assert ("references", "label", None) in set(zip(cols["table"], cols["old"], cols["new"]))
    assert list(ch.loc[ch["field"] == "table", "new"]) == ["extra_table"]
    value = ch[(ch["field"] == "value") & (ch["obs_id"] == first)]
    assert float(value["new"].iloc[0]) == float(value["old"].iloc[0]) + 1
    assert sd.load("trade", version="99.0.0")["new_code"].eq("c").all()
    # Recorded again with the same tables: nothing changes; with other tables: refused; an earlier version: refused.
    assert recorder.record_release(data, "99.0.0", root=None)["tables"] == record["tables"]
    _write(data, "extra_table", pa.table({"x": [2]}), "derived")
    with pytest.raises(DataError, match="a release never changes"):
        recorder.record_release(data, "99.0.0", root=None)
    monkeypatch.setitem(dataset.RELEASED, "98.0.0", "2027-01-01")
    with pytest.raises(DataError, match="not later than"):
        recorder.record_release(data, "98.0.0", root=None)
    with pytest.raises(DataError, match="no release day"):
        recorder.record_release(data, "100.0.0", root=None)
    assert "## 99.0.0 (2027-01-01)" in recorder.changelog_text()


def test_the_changelog_says_a_figure_moved_not_that_its_table_was_dropped(scratch_history, tmp_path, monkeypatch):
    # One figure leaves trade for macro, and every table stays: the changelog names the move and drops no table.
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    trade, macro = pq.read_table(data / "trade.parquet"), pq.read_table(data / "macro.parquet")
    moved = trade.slice(0, 1).select(macro.column_names)
    moved = moved.set_column(moved.column_names.index("table"), "table", pa.array(["macro"])).cast(macro.schema)
    _write(data, "trade", trade.slice(1), "observations")
    _write(data, "macro", pa.concat_tables([macro, moved]), "observations")
    monkeypatch.setitem(dataset.RELEASED, "99.0.0", "2027-01-01")
    recorder.record_release(data, "99.0.0", notes="A move.", root=None)
    latest = recorder.changelog_text().split("\n## ")[1]
    assert "- Figures moved from `trade` to `macro`: 1." in latest
    assert "dropped" not in latest


# --- generated documents ---------------------------------------------------------------------------

def test_changelog_and_zenodo_metadata_are_current():
    for path, text in recorder.release_documents(ROOT).items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run `silkroad-data release`"


def _zenodo_schema() -> dict:
    return json.loads((ROOT / "tests" / "data" / "zenodo-legacy-deposit-v1.0.0.schema.json").read_text(encoding="utf-8"))


def _check_zenodo(meta: dict) -> None:
    # The schema lists no `version`, which Zenodo's deposit loader reads as a string (see the schema's SOURCE.md).
    assert isinstance(meta["version"], str)
    jsonschema.Draft4Validator(_zenodo_schema()).validate({k: v for k, v in meta.items() if k != "version"})


def test_zenodo_metadata_validates_and_relates_the_dataset_to_papers_and_credited_works():
    meta = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    _check_zenodo(meta)
    assert meta["upload_type"] == "dataset" and meta["version"] == sd.__version__
    assert meta["license"] == dataset.LICENSE["name"] and meta["creators"]
    related = {(r["relation"], r["identifier"]) for r in meta["related_identifiers"]}
    for s in sd.sources().to_dict("records"):
        ident = s["doi"] if isinstance(s["doi"], str) and s["doi"] else s["url"]
        if isinstance(ident, str) and ident:
            assert ("isDerivedFrom", ident) in related, s["source_id"]
    cited = {i for rel, i in related if rel == "cites"}
    urls = {u for u in sd.references()["url"] if isinstance(u, str) and u}
    assert cited and cited <= {u.removeprefix("https://doi.org/") for u in urls} | urls
    # No DOI is known: none is written, and no earlier version is pointed at.
    if not dataset.DOI:
        assert "doi" not in meta and not any(rel == "isNewVersionOf" for rel, _ in related)
        assert "id" not in json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))


def test_a_doi_once_known_goes_into_the_metadata(monkeypatch):
    versions = releases.versions()
    previous = [v for v in versions if v != sd.__version__][-1]
    monkeypatch.setattr(dataset, "DOI", {previous: "10.5281/zenodo.1", sd.__version__: "10.5281/zenodo.2"})
    meta = recorder.zenodo_metadata()
    _check_zenodo(meta)
    assert meta["doi"] == "10.5281/zenodo.2"
    assert {"identifier": "10.5281/zenodo.1", "relation": "isNewVersionOf", "scheme": "doi"} in meta["related_identifiers"]
    from silkroad_data.exports.datapackage import descriptor

    assert descriptor(DATA_DIR, "parquet", sd.sources().to_dict("records"))["id"] == "https://doi.org/10.5281/zenodo.2"


def test_a_zenodo_document_the_schema_refuses_is_refused():
    meta = recorder.zenodo_metadata()
    with pytest.raises(jsonschema.ValidationError):
        _check_zenodo(dict(meta, upload_type="spreadsheet"))
    with pytest.raises(jsonschema.ValidationError):
        _check_zenodo(dict(meta, related_identifiers=[{"identifier": "x", "relation": "isMadeOf"}]))


# --- the command line -------------------------------------------------------------------------------

def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "silkroad_data", *args], capture_output=True, text=True,
                          env={"COLUMNS": "250", "PATH": "/usr/bin:/bin"})


def test_cli_changes_and_release_check(capsys, monkeypatch):
    from silkroad_data.cli import main

    monkeypatch.setenv("COLUMNS", "250")
    assert main(["changes", "--since", "0.1.0", "--field", "value"]) == 0
    out = capsys.readouterr().out
    for obs in HUNDREDFOLD:
        assert obs in out
    assert main(["release", "--check"]) == 0 and "tables" in capsys.readouterr().out
    # A user's mistake, in a process of its own: the exit status and the message, no traceback.
    bad = _cli("changes", "--since", "0.0.1")
    assert bad.returncode == 2 and "No release '0.0.1'" in bad.stderr and "Traceback" not in bad.stderr


def test_a_warning_free_load_of_a_release():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sd.load("trade", version="0.2.0")


def test_a_release_file_reads_in_duckdb():
    import duckdb

    path = sd.parquet_path("digital_infrastructure", version="0.1.0")
    (value, unit), = duckdb.sql(f"SELECT value, unit FROM '{path}' WHERE obs_id = "
                                "'li2022.bra_4g_networks_huawei_share'").fetchall()
    assert round(value, 3) == 0.333 and unit == "fraction"
    with pytest.raises(DataError, match="has no table"):
        sd.parquet_path("revisions", version="0.1.0")
