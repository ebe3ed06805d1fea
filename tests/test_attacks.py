"""Attacks on the data folder: crashes at every step of the swap, builds into folders that hold
other files, loads during and after builds, damaged manifests and table files."""

from __future__ import annotations

import errno
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import silkroad_data as sd
from silkroad_data import loader
from silkroad_data.pipeline import assemble, build
from silkroad_data import store
from silkroad_data.pipeline import write as write_module
from silkroad_data.pipeline.check.packaged import differences_from_packaged
from silkroad_data.cli import main

from conftest import MINI_TEXT, _clear_caches, mini_record

SHA = hashlib.sha256(MINI_TEXT.encode()).hexdigest()


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The mini paper's tables, and the same with another value: an old and a new data folder."""
    tmp = tmp_path_factory.mktemp("two")
    raw_old, raw_new = tmp / "raw-old", tmp / "raw-new"
    raw_old.mkdir()
    raw_new.mkdir()
    (raw_old / "mini.yaml").write_text(mini_record(SHA), encoding="utf-8")
    (raw_new / "mini.yaml").write_text(mini_record(SHA).replace("value: 4.1", "value: 4.2").replace("4.1%", "4.2%"),
                                       encoding="utf-8")
    old, new = assemble(raw_old)[0], assemble(raw_new)[0]
    write_module.write_tables(old, tmp / "old" / "data")
    return {"old": old, "new": new, "old_dir": tmp / "old" / "data", "raw_new": raw_new}


@pytest.fixture
def at_data(monkeypatch, two_builds, tmp_path):
    """A copy of the old data folder, which the loader reads."""
    out = tmp_path / "pkg" / "data"
    shutil.copytree(two_builds["old_dir"], out)
    monkeypatch.setattr(loader, "DATA_DIR", out)
    _clear_caches()
    yield out
    _clear_caches()


def _growth(frame) -> float:
    return float(frame.set_index("obs_id").loc["mini.trade_growth_2014", "value"])


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name and not p.name.endswith(".lock"))


def test_a_crash_after_any_step_of_the_swap_leaves_a_loadable_folder(two_builds, at_data, tmp_path):
    """The swap runs step by step; what the disk holds after step k is what a kill at that instant
    leaves (nothing of the process runs after it). From each such state the next load finds a
    complete folder, old or new, and the next build (or recover(), which it runs first) deletes
    every leftover."""
    out, new = at_data, two_builds["new"]
    states = [tmp_path / "state0"]
    shutil.copytree(out.parent, states[0], ignore=shutil.ignore_patterns("*.lock"))
    steps = []
    for k, step in enumerate(write_module._publish(new, out, write_module.table_citations(new), {}), start=1):
        steps.append(step)
        states.append(tmp_path / f"state{k}")
        shutil.copytree(out.parent, states[-1], ignore=shutil.ignore_patterns("*.lock"))
    assert len(states) >= 8
    old_digests = _digests(two_builds["old_dir"])
    seen = set()
    for k, state in enumerate(states):
        shutil.rmtree(out.parent)
        shutil.copytree(state, out.parent)
        _clear_caches()
        growth = _growth(sd.load("trade"))
        seen.add(growth)
        assert store.is_complete(out), f"after step {k}"
        assert growth == 4.2 or _digests(out) == old_digests, f"after step {k}"
        if k == len(states) - 3:
            assert steps[k - 1] == "move the old folder aside"
        if k == len(states) - 3:  # the data folder moved aside, the new one not yet in
            write_module.write_tables(new, out)
            assert _growth(sd.load("trade")) == 4.2
        else:
            store.recover(out)
        assert _leftovers(out) == [], f"after step {k}"
        assert store.is_complete(out)
    assert seen == {4.1, 4.2}


@pytest.mark.parametrize("failing_call", [1, 2])
def test_a_failure_at_either_rename_puts_the_previous_tables_back(two_builds, at_data, monkeypatch, failing_call):
    before = _digests(at_data)
    real, calls = write_module.os.replace, []

    def replace(src, dst):
        calls.append(src)
        if len(calls) == failing_call:
            raise OSError(errno.EIO, "input/output error", str(src))
        return real(src, dst)

    monkeypatch.setattr(write_module.os, "replace", replace)
    with pytest.raises(OSError):
        write_module.write_tables(two_builds["new"], at_data)
    assert _digests(at_data) == before
    assert _leftovers(at_data) == []


def test_leftovers_of_earlier_crashes_are_restored_or_cleaned(two_builds, at_data):
    # An earlier version's crash between its two renames: no data folder, the tables in .data.old-PID.
    at_data.rename(at_data.parent / ".data.old-4242")
    (at_data.parent / ".data.tmp-4343").mkdir()
    (at_data.parent / ".data.tmp-4343" / "trade.parquet").write_bytes(b"PAR1 half")
    assert _growth(sd.load("trade")) == 4.1
    assert _leftovers(at_data) == []


def test_build_out_never_deletes_a_folder_it_did_not_write(two_builds, tmp_path):
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.tex").write_text("years of work")
    (mine / "figures").mkdir()
    with pytest.raises(sd.DataError, match="did not write"):
        write_module.write_tables(two_builds["new"], mine)
    assert (mine / "chapter1.tex").read_text() == "years of work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]
    # A data folder this package wrote, and an empty folder, may be replaced.
    empty = tmp_path / "empty"
    empty.mkdir()
    write_module.write_tables(two_builds["new"], empty)
    write_module.write_tables(two_builds["old"], empty)
    assert store.is_complete(empty)


def test_a_process_that_rebuilt_the_tables_loads_its_fresh_files(two_builds, at_data):
    assert _growth(sd.load("trade")) == 4.1
    build(two_builds["raw_new"], at_data)
    assert _growth(sd.load("trade")) == 4.2
    assert sd.parquet_path("trade").parent == at_data


def test_a_load_parses_the_bytes_it_checked(at_data, monkeypatch):
    """A build may replace the file between the check and the parse: the checked bytes are parsed."""
    real = loader.hashlib.sha256

    def sha256_then_swap(data):
        digest = real(data)
        (at_data / "trade.parquet").write_bytes(b"PAR1 not the file that was checked PAR1")
        return digest

    monkeypatch.setattr(loader.hashlib, "sha256", sha256_then_swap)
    assert _growth(sd.load("trade")) == 4.1


def test_loading_a_list_of_tables_says_how(at_data):
    with pytest.raises(sd.DataError, match="one string"):
        sd.load(["trade"])


def test_a_table_file_replaced_by_a_folder(at_data, two_builds):
    (at_data / "trade.parquet").unlink()
    (at_data / "trade.parquet").mkdir()
    with pytest.raises(sd.DataError, match="is a folder"):
        sd.load("trade")
    problems = differences_from_packaged(two_builds["old"], at_data)
    assert any("trade" in p and "not a file" in p for p in problems)


@pytest.mark.parametrize("content", [b"", b"PAR1\x00\x00"])
def test_validate_on_an_empty_or_truncated_parquet_file(at_data, two_builds, content):
    (at_data / "trade.parquet").write_bytes(content)
    manifest = json.loads((at_data / "manifest.json").read_text())
    manifest["tables"]["trade"].update(bytes=len(content), sha256=hashlib.sha256(content).hexdigest())
    (at_data / "manifest.json").write_text(json.dumps(manifest))
    problems = differences_from_packaged(two_builds["old"], at_data)
    assert any("trade" in p and "not a readable Parquet file" in p for p in problems)
    with pytest.raises(sd.DataError, match="not a Parquet file"):
        sd.load("trade")


def test_validate_refuses_a_manifest_entry_outside_the_data_folder(at_data, two_builds, monkeypatch):
    manifest = json.loads((at_data / "manifest.json").read_text())
    manifest["tables"]["trade"]["file"] = "../../etc/passwd"
    (at_data / "manifest.json").write_text(json.dumps(manifest))
    opened = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self) or real(self))
    problems = differences_from_packaged(two_builds["old"], at_data)
    assert any("not a file of the data folder" in p for p in problems)
    assert not [p for p in opened if "passwd" in str(p)]


entry_value = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.text(max_size=8),
                        st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


@st.composite
def damaged_manifests(draw):
    """A manifest with keys taken away, or values of the wrong shape put in their place."""
    base = json.loads((Path(sd.__file__).parent / "data" / "manifest.json").read_text())
    how = draw(st.sampled_from(["whole", "top", "entry", "field"]))
    if how == "whole":
        return draw(st.one_of(entry_value, st.lists(st.text(max_size=4), max_size=3)))
    if how == "top":
        key = draw(st.sampled_from(["tables", "series"]))
        if draw(st.booleans()):
            base.pop(key)
        else:
            base[key] = draw(entry_value)
        return base
    table = draw(st.sampled_from(["trade", "sources"]))
    if how == "entry":
        base["tables"][table] = draw(entry_value)
        return base
    key = draw(st.sampled_from(["file", "bytes", "rows", "sha256"]))
    if draw(st.booleans()):
        base["tables"][table].pop(key)
    else:
        base["tables"][table][key] = draw(entry_value.filter(lambda v: v != base["tables"][table][key]))
    return base


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=damaged_manifests())
def test_a_damaged_manifest_gives_a_message_in_load_show_and_validate(at_data, two_builds, capsys, doc):
    (at_data / "manifest.json").write_text(json.dumps(doc))
    _clear_caches()
    for table in ("trade", "sources"):
        try:
            sd.load(table)
        except sd.DataError as exc:
            assert str(at_data) in str(exc) or "table" in str(exc)
    problems = differences_from_packaged(two_builds["old"], at_data)
    assert all(isinstance(p, str) for p in problems)
    code = main(["show", "trade"])
    assert code in (0, 2)
    if code == 2:
        assert capsys.readouterr().err.strip()
