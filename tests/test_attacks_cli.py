"""Attacks through the command line: every one ends in a message (what, where, what to do),
exit status 2, nothing lost and no traceback."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import silkroad_data
from silkroad_data.pipeline import write as write_module
from silkroad_data.cli import main

from conftest import MINI_TEXT, mini_record

SHA = hashlib.sha256(MINI_TEXT.encode()).hexdigest()


def _run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"/" for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def mini_tables(tmp_path_factory):
    from silkroad_data.pipeline import assemble

    raw = tmp_path_factory.mktemp("raw")
    (raw / "mini.yaml").write_text(mini_record(SHA), encoding="utf-8")
    return assemble(raw)[0]


@pytest.fixture
def built(mini, mini_tables, monkeypatch):
    """The mini paper's data folder; building from its records gives the same tables (assembled once)."""
    import silkroad_data.pipeline as build_module

    monkeypatch.setattr(build_module, "assemble", lambda raw: (mini_tables, []))
    write_module.write_tables(mini_tables, mini["out"])
    return mini


def test_build_out_a_folder_of_other_files_is_refused_and_left_whole(mini, capsys, tmp_path):
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "draft.md").write_text("mine")
    code, err = _run(capsys, "build", "--raw", mini["raw"], "--out", mine)
    assert code == 2 and "did not write" in err and "draft.md" in err
    assert (mine / "draft.md").read_text() == "mine"


def test_build_out_the_current_folder_or_a_file_is_refused(built, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(built["out"].parent)
    before = _tree(built["out"].parent)
    code, err = _run(capsys, "build", "--raw", built["raw"], "--out", ".")
    assert code == 2 and "current folder" in err
    code, err = _run(capsys, "build", "--raw", built["raw"], "--out", "data/trade.parquet")
    assert code == 2 and "is a file" in err
    assert _tree(built["out"].parent) == before


@pytest.mark.parametrize("command", [["export", "--format", "csv"], ["charts"]])
def test_export_or_charts_into_an_existing_file_is_refused(capsys, tmp_path, command):
    target = tmp_path / "report.docx"
    target.write_bytes(b"a report")
    code, err = _run(capsys, *command, "--out", target)
    assert code == 2 and "is a file, not a folder" in err
    assert target.read_bytes() == b"a report"


def test_show_an_unknown_column(capsys):
    code, err = _run(capsys, "show", "trade", "--columns", "obs_id,valeu")
    assert code == 2 and "no column 'valeu'" in err and "value" in err


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS])
def test_a_full_disk_or_read_only_folder_is_a_message_and_the_tables_stay(built, capsys, monkeypatch, error):
    before = _tree(built["out"])

    def fail(*args, **kwargs):
        raise OSError(error, os.strerror(error), str(built["out"].parent / ".data.new" / "trade.parquet"))

    monkeypatch.setattr(write_module.pq, "write_table", fail)
    code, err = _run(capsys, "build", "--raw", built["raw"], "--out", built["out"])
    assert code == 2
    assert ("disk is full" in err) if error == errno.ENOSPC else ("read-only" in err)
    assert _tree(built["out"]) == before
    assert sorted(p.name for p in built["out"].parent.iterdir() if p.name.startswith(".data")) == [".data.lock"]


def test_an_installed_copy_is_never_written_into(tmp_path, mini):
    """The package as pip installs it (no raw/ beside it), on a system without fcntl (as on Windows)."""
    site = tmp_path / "site-packages"
    shutil.copytree(Path(silkroad_data.__file__).parent, site / "silkroad_data",
                    ignore=shutil.ignore_patterns("__pycache__", ".*"))
    before = _tree(site)
    script = textwrap.dedent(f"""
        import sys
        sys.modules["fcntl"] = None  # no fcntl, as on Windows
        import warnings
        warnings.simplefilter("ignore")
        from silkroad_data.cli import main
        for argv in (["build"], ["validate"], ["build", "--raw", {str(mini['raw'])!r}]):
            print("exit", main(argv), flush=True)
            print("--", file=sys.stderr, flush=True)
        from pathlib import Path
        from silkroad_data.store import build_lock
        with build_lock(Path({str(tmp_path / 'mine' / 'data')!r})):
            print("locked")
    """)
    env = dict(os.environ, PYTHONPATH=str(site))
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in run.stderr, run.stderr
    codes = [line for line in run.stdout.splitlines() if line.startswith("exit")]
    # validate checks the shipped files against their manifest (it has no raw records to rebuild from)
    assert codes == ["exit 2", "exit 0", "exit 2"] and "locked" in run.stdout, run.stdout + run.stderr
    build_msg, validate_msg, raw_msg = run.stderr.split("--\n")[:3]
    assert "installed copy" in build_msg and "tables ship built" in build_msg and "source checkout" in build_msg
    assert "Fix the records" not in build_msg
    assert validate_msg == "" and "installed copy" in run.stdout and "matches its manifest.json" in run.stdout
    assert "never written into" in raw_msg
    assert _tree(site) == before  # no table, no lock file


def test_docs_into_a_folder_that_is_not_a_checkout_writes_nothing(mini, capsys, tmp_path):
    # The documents are regenerated apart from the data, all computed before any is written: a
    # folder without the checkout's README.md and raw/README.md gets a message and no CITATION.cff.
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "CITATION.cff").write_text("mine\n", encoding="utf-8")
    before = _tree(tmp_path / "elsewhere")
    code, err = _run(capsys, "docs", "--raw", mini["raw"], "--root", tmp_path / "elsewhere")
    assert code == 2 and "README.md" in err
    assert _tree(tmp_path / "elsewhere") == before
