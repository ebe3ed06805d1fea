"""The parse cache: what it gives back is exactly what parsing gives, and builds from it are identical."""

from __future__ import annotations

import datetime
import json
import shutil

import pytest

from silkroad_data.pipeline import build, rowcache
from silkroad_data.pipeline.paper import paper_columns
from silkroad_data.pipeline.records import ParseCache, _parse, _parse_fast, read_papers
from silkroad_data.pipeline.rowcache import read_folder
from silkroad_data.paths import DATA_DIR, MANIFEST, RAW_DIR

# YAML 1.1 as PyYAML reads it: yes/on/no/off are booleans, unquoted dates are dates, a date
# with a time is a datetime, quoted ones stay text; 0x10 and 010 are integers (16 and 8).
EDGES = b"""source:
  id: edge
  flag_yes: yes
  flag_on: on
  flag_off: Off
  made: 2019-06-30
  stamp: 2001-12-14 21:59:43
  quoted: "2019-06-30"
  hex: 0x10
  octal: 010
  ratio: 1e3
  notanumber: .nan
  nothing: ~
  words: [no, "no"]
"""


def _cached(tmp_path, data: bytes):
    cache = ParseCache(tmp_path / ".cache" / "parse-test")
    doc, problem = _parse(data, "edge.yaml")
    assert problem is None
    key = cache.key(data)
    cache.put(key, doc)
    return doc, cache.get(key)


def test_yaml_1_1_values_come_back_from_the_cache_as_parsed(tmp_path):
    fresh, cached = _cached(tmp_path, EDGES)
    src = fresh["source"]
    assert src["flag_yes"] is True and src["flag_on"] is True and src["flag_off"] is False
    assert type(src["made"]) is datetime.date and src["made"] == datetime.date(2019, 6, 30)
    assert src["stamp"] == datetime.datetime(2001, 12, 14, 21, 59, 43)
    assert src["quoted"] == "2019-06-30" and src["hex"] == 16 and src["octal"] == 8 and src["ratio"] == "1e3"
    assert src["words"] == [False, "no"] and src["nothing"] is None
    c = cached["source"]
    assert repr({k: v for k, v in c.items() if k != "notanumber"}) == repr({k: v for k, v in src.items() if k != "notanumber"})
    assert [type(v) for v in c.values()] == [type(v) for v in src.values()]
    assert c["notanumber"] != c["notanumber"]  # NaN stays NaN


def test_documents_json_cannot_carry_exactly_are_not_cached(tmp_path):
    for data in (b"source:\n  yes: 1\n", b"source:\n  blob: !!binary aGVsbG8=\n", b"source:\n  2019-01-01: x\n",
                 b"source:\n  \"\\0yaml\": [date, '2019-01-01']\n"):
        doc, problem = _parse(data, "x.yaml")
        assert problem is None
        cache = ParseCache(tmp_path / "c")
        cache.put(cache.key(data), doc)
        assert cache.get(cache.key(data)) is None, data


def test_a_build_from_the_cache_is_byte_identical_and_stale_entries_go(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw, ignore=shutil.ignore_patterns(".cache"))
    read_papers(raw)  # fills the cache with the files PyYAML reads (yaml_rs parses the others as fast again)
    entries = sorted((raw / ".cache").rglob("*.json"))
    slow = [p for p in raw.glob("*.yaml") if _parse_fast(p.read_bytes()) is None]
    assert slow and sorted(p.stem for p in entries) == sorted(ParseCache.key(p.read_bytes()) for p in slow)
    (entries[0].parent / ("0" * 64 + ".json")).write_text("{}", encoding="utf-8")  # an entry no file has
    build(raw, tmp_path / "data")
    assert "0" * 64 not in {p.stem for p in (raw / ".cache").rglob("*.json")}
    want = json.loads((DATA_DIR / MANIFEST).read_text(encoding="utf-8"))["tables"]
    got = json.loads((tmp_path / "data" / MANIFEST).read_text(encoding="utf-8"))["tables"]
    assert {t: e["sha256"] for t, e in got.items()} == {t: e["sha256"] for t, e in want.items()}
    # The build left every paper's typed rows in the row cache; they come back with the same
    # values of the same types (so a build from them writes the same bytes), and no file is read again.
    want = paper_columns(read_papers(raw)[0])
    read_columns = rowcache.read_columns
    monkeypatch.setattr(rowcache, "read_columns", lambda files, *args: pytest.fail(f"{files} read again") if files
                        else read_columns(files, *args))
    papers, cached, _ = read_folder(raw)
    assert cached.problems == [] and [p.source_id for p in papers] == sorted(p.stem for p in RAW_DIR.glob("*.yaml"))
    for kind, table in want.tables.items():
        assert cached.tables[kind].equals(table), kind
    assert repr(cached.rows) == repr(want.rows)


def _paper(sid: str, title: str, values=(12.5, 3.0), series: str = "s") -> str:
    import yaml

    obs = [{"id": f"{sid}.o{i}", "table": "trade", "series_id": f"{series}{i}", "concept": "exports",
            "statistic": True, "indicator": f"Exports {i}",
            "subject_code": "CHN", "counterpart_code": "LCN", "period": "2019", "period_label": "in 2019",
            "reported": f"US${v} billion", "value": v, "scale": "billion", "unit": "USD", "measure": "level_flow",
            "qualifier": "exact", "status": "reported", "quote": f"In 2019 exports reached US${v} billion.",
            "section": "Trade"} for i, v in enumerate(values)]
    doc = {"source": {"id": sid, "type": "report", "authors": [], "title": title, "year": 2020, "url": f"https://example.org/{sid}", "text_sha256": "0" * 64},
           "references": [], "observations": obs, "exclusions": []}
    return yaml.safe_dump(doc, sort_keys=False)


def _problems(raw, cache: bool):
    from silkroad_data.pipeline import assemble
    from silkroad_data.errors import BuildError

    if not cache:
        shutil.rmtree(raw / ".cache", ignore_errors=True)
    try:
        assemble(raw)
    except BuildError as exc:
        return exc.problems
    return []


def test_the_row_cache_changes_neither_the_tables_nor_the_problems(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for sid in ("ana", "bel", "cor"):
        (raw / f"{sid}.yaml").write_text(_paper(sid, f"Paper {sid}"), encoding="utf-8")
    assert _problems(raw, cache=True) == []  # every paper's rows go to the cache
    index = json.loads(next(raw.glob(".cache/rows-*/index.json")).read_text(encoding="utf-8"))
    assert sorted(index["files"]) == [(raw / f"{sid}.yaml").as_posix() for sid in ("ana", "bel", "cor")]
    (raw / "bel.yaml").write_text(_paper("bel", "Paper bel, revised", values=(7.25, 3.0)), encoding="utf-8")
    build(raw, tmp_path / "warm")  # two papers from the cache, one read again
    shutil.rmtree(raw / ".cache")
    build(raw, tmp_path / "cold")
    for path in sorted((tmp_path / "cold").iterdir()):
        assert (tmp_path / "warm" / path.name).read_bytes() == path.read_bytes(), path.name
    # A problem of the edited paper alone, and problems that span it and the cached papers
    # (an id used twice, a series whose papers disagree), are found as without the cache.
    bad = _paper("bel", "Paper bel", values=(7.25, 3.0)).replace("value: 7.25", "value: 7.5")
    bad = bad.replace("id: bel.o1", "id: ana.o1").replace("series_id: s0", "series_id: s1")
    (raw / "bel.yaml").write_text(bad, encoding="utf-8")
    with_cache = _problems(raw, cache=True)
    assert {(p.record, p.field) for p in with_cache} >= {("bel.o0", "value"), ("ana.o1", "obs_id"), ("bel.o0", "indicator")}
    assert with_cache == _problems(raw, cache=False)


def test_a_damaged_or_mismatched_row_cache_is_read_again(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for sid in ("ana", "bel"):
        (raw / f"{sid}.yaml").write_text(_paper(sid, f"Paper {sid}"), encoding="utf-8")
    build(raw, tmp_path / "first")
    folder = next(raw.glob(".cache/rows-*"))
    want = {p.name: p.read_bytes() for p in (tmp_path / "first").iterdir()}
    damages = {
        "observations.arrow": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),  # cut short
        "index.json": lambda p: p.write_text('{"generation": "another", "files": {}}', encoding="utf-8"),
        "sources.arrow": lambda p: p.write_bytes(b"not arrow at all"),
    }
    for name, damage in damages.items():
        damage(folder / name)
        build(raw, tmp_path / name)
        assert {p.name: p.read_bytes() for p in (tmp_path / name).iterdir()} == want, name
        assert rowcache.RowCache(folder).read()[1], f"the cache was written again after {name} was damaged"
    # Arrow files of another build than the index names are not used: the files are read again.
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    index["generation"] = "0" * 64
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    assert rowcache.RowCache(folder).read() == ({}, {})


def test_reading_on_every_core_gives_the_same_columns(monkeypatch):
    from silkroad_data.pipeline import paper as paper_module

    files = sorted(RAW_DIR.glob("*.yaml"))
    papers, one = paper_module.read_columns(files, RAW_DIR)
    monkeypatch.setattr(paper_module, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(paper_module, "CHUNK_BYTES", 100_000)  # several chunks, two workers
    again, many = paper_module.read_columns(files, RAW_DIR)
    assert [p.source for p in again] == [p.source for p in papers] and many.problems == one.problems == []
    for kind, table in one.tables.items():
        assert many.tables[kind].equals(table), kind
    assert repr(many.rows) == repr(one.rows)


def test_files_a_stopped_build_left_in_the_row_cache_are_deleted(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "ana.yaml").write_text(_paper("ana", "Paper ana"), encoding="utf-8")
    build(raw, tmp_path / "data")
    folder = next(raw.glob(".cache/rows-*"))
    left = folder / ".observations.999999.tmp"
    left.write_bytes(b"half an Arrow file")
    (raw / "ana.yaml").write_text(_paper("ana", "Paper ana, revised"), encoding="utf-8")
    build(raw, tmp_path / "data")
    assert not left.exists() and sorted(p.name for p in folder.iterdir()) == [
        "index.json", "observations.arrow", "projects.arrow", "references.arrow", "sources.arrow"]


def test_a_rebuild_reading_changed_files_on_every_core_after_the_cache_writes_the_same_bytes(tmp_path, monkeypatch):
    from silkroad_data.pipeline import paper as paper_module

    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw, ignore=shutil.ignore_patterns(".cache"))
    build(raw, tmp_path / "first")  # every file's rows in the row cache
    for path in sorted(raw.glob("*.yaml"))[:3]:  # three files changed (a comment): read again, by two workers
        path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    monkeypatch.setattr(paper_module, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(paper_module, "CHUNK_BYTES", 50_000)
    build(raw, tmp_path / "again")
    for path in sorted((tmp_path / "first").iterdir()):
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes(), path.name
