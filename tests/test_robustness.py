"""Malformed and adversarial raw records: a located error or a valid table, never a crash or a half-written folder."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import silkroad_data as sd
from silkroad_data.pipeline import build
from silkroad_data.errors import BuildError

from conftest import MINI_TEXT, mini_record

SHA = hashlib.sha256(MINI_TEXT.encode()).hexdigest()
BASE = yaml.safe_load(mini_record(SHA))

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=5).map(lambda s: s * 3000),
    st.sampled_from(["\u202e2014\u202c", "２０１４", "0001-01-01", "9999-12-31", "2014-02-30", "..", "../../etc", "\x00", "🚢" * 50]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
OBS_FIELDS = sorted(BASE["observations"][0])
SOURCE_FIELDS = sorted(BASE["source"])


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


_OUT: dict[str, Path] = {}


def _shared_out(tmp: Path) -> Path:
    """One data folder, built once from the valid record, that every example builds over."""
    if "out" not in _OUT:
        raw, out = tmp.parent / "base-raw", tmp.parent / "shared" / "data"
        raw.mkdir(parents=True, exist_ok=True)
        (raw / "mini.yaml").write_text(yaml.safe_dump(BASE, allow_unicode=True, sort_keys=False), encoding="utf-8")
        build(raw, out)
        _OUT["out"] = out
    return _OUT["out"]


def _text_key(section: str, key: str, value) -> bool:
    """True when ``value`` is a list or mapping given to a key whose column holds text (never to be published)."""
    from silkroad_data.metadata import FIELDS, RAW_SECTIONS

    keys = {k.name: k for k in RAW_SECTIONS[section].keys}
    k = keys.get(key)
    return (isinstance(value, (list, dict)) and k is not None and k.column is not None
            and FIELDS[k.column].type == "string" and key not in ("authors", "parts"))


def _try_build(tmp: Path, doc, must_fail: bool = False) -> None:
    out = _shared_out(tmp)
    raw = tmp / "raw"
    raw.mkdir(exist_ok=True)
    before = _digests(out)
    (raw / "mini.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        counts = build(raw, out)
    except BuildError as exc:
        # A located error, and the previous tables untouched.
        assert exc.problems and all(p.file.endswith("mini.yaml") for p in exc.problems)
        assert all(p.message for p in exc.problems)
        assert _digests(out) == before
    else:
        assert not must_fail, "a list or mapping in a text field was published"
        assert counts["sources"] == 1
        for name in ("trade", "sources"):
            pq.read_table(out / f"{name}.parquet")  # a valid table
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] in ([], [".data.lock"])


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(OBS_FIELDS), value=junk, which=st.sampled_from([0, 1]))
def test_junk_in_an_observation_field(tmp_path_factory, field, value, which):
    doc = json.loads(json.dumps(BASE))
    doc["observations"][which][field] = value
    _try_build(tmp_path_factory.mktemp("junk"), doc, _text_key("observations", field, value))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(SOURCE_FIELDS), value=junk)
def test_junk_in_a_source_field(tmp_path_factory, field, value):
    doc = json.loads(json.dumps(BASE))
    doc["source"][field] = value
    _try_build(tmp_path_factory.mktemp("src"), doc, _text_key("source", field, value))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(section=st.sampled_from(["observations", "references", "exclusions", "projects", "source", "extra"]), value=junk)
def test_junk_in_place_of_a_whole_section(tmp_path_factory, section, value):
    doc = json.loads(json.dumps(BASE))
    doc[section] = value
    _try_build(tmp_path_factory.mktemp("sec"), doc)


def test_duplicate_ids_across_files_are_located(mini):
    second = mini["record"].read_text().replace("id: mini\n", "id: mini\n", 1)
    (mini["raw"] / "copy.yaml").write_text(second)
    with pytest.raises(BuildError, match="used more than once"):
        build(mini["raw"], mini["out"])


def test_yaml_tags_that_construct_objects_are_refused(mini):
    text = mini["record"].read_text().replace("title: A small paper", "title: !!python/object/apply:os.system ['echo pwned']")
    mini["record"].write_text(text)
    with pytest.raises(BuildError, match="cannot be read as UTF-8 YAML"):
        build(mini["raw"], mini["out"])


def test_a_manifest_pointing_outside_the_data_folder_is_refused(data_dir):
    manifest = json.loads((data_dir / "manifest.json").read_text())
    manifest["tables"]["trade"]["file"] = "../../../etc/passwd"
    (data_dir / "manifest.json").write_text(json.dumps(manifest))
    from silkroad_data import loader

    loader.manifest.cache_clear()
    with pytest.raises(sd.DataError, match="not a file of the data folder"):
        sd.load("trade")
    with pytest.raises(sd.DataError):
        sd.parquet_path("trade")


def test_two_builds_started_at_once_do_not_corrupt_each_other(mini, tmp_path):
    # A small paper: what is tested is the lock and the swap between processes, not the build's work.
    out = tmp_path / "data"
    code = textwrap.dedent(f"""
        from silkroad_data.pipeline import build
        build({str(mini["raw"])!r}, {str(out)!r})
    """)
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(3)]
    assert [p.wait(timeout=300) for p in procs] == [0, 0, 0]
    from silkroad_data.pipeline import assemble
    from silkroad_data.pipeline.check.packaged import differences_from_packaged

    assert differences_from_packaged(assemble(mini["raw"])[0], out) == []
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["data", "raw", "texts"]


PROJECT = {"id": "mini.deal", "date": "2009-01", "date_label": "Jan. 2009", "investor": "Huawei", "amount_reported": "$240",
           "amount": 240, "scale": "million", "unit": "USD", "share_reported": "n/a", "country_code": "CRI",
           "greenfield": False, "quote": "In 2014 trade between China and the region reached US$263.6 billion",
           "section": "Trade"}
CLAIM = {"id": "mini.claim", "kind": "growth", "claim": "mini.trade_growth_2014", "parts": ["mini.trade_2014", "mini.trade_2014"]}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(section=st.sampled_from(["references", "exclusions", "claims"]), field=st.sampled_from(
    ["id", "kind", "label", "text", "url", "reason", "pattern", "context", "of", "numbers", "claim", "parts", "note"]), value=junk)
def test_junk_in_references_exclusions_and_claims(tmp_path_factory, section, field, value):
    doc = json.loads(json.dumps(BASE))
    doc.setdefault("claims", [dict(CLAIM)])
    doc[section][0][field] = value
    _try_build(tmp_path_factory.mktemp("other"), doc, _text_key(section, field, value))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(sorted(PROJECT)), value=junk)
def test_junk_in_a_project_row(tmp_path_factory, field, value):
    doc = json.loads(json.dumps(BASE))
    doc["projects"] = [dict(PROJECT, **{field: value})]
    _try_build(tmp_path_factory.mktemp("proj"), doc, _text_key("projects", field, value))
