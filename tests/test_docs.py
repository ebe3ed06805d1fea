"""Generated documents are current: the codebook, the README's table list, raw/README.md's format reference, CITATION.cff."""

from __future__ import annotations

import pytest

from silkroad_data.cli import parser

from silkroad_data import metadata as md
from silkroad_data.pipeline import assemble
from silkroad_data.exports.docs import codebook_markdown, documents, raw_format_markdown
from silkroad_data.paths import RAW_DIR

ROOT = RAW_DIR.parent


@pytest.fixture(scope="module")
def tables():
    return assemble(RAW_DIR)[0]


def test_committed_documents_are_current(tables):
    stale = [path.relative_to(ROOT).as_posix() for path, text in documents(tables, ROOT, parser()).items()
             if path.read_text(encoding="utf-8") != text]
    assert not stale, f"{', '.join(stale)} stale: run `silkroad-data docs`"


def test_raw_readme_includes_every_raw_key():
    text = (ROOT / "raw" / "README.md").read_text(encoding="utf-8")
    assert raw_format_markdown() in text
    for section in md.RAW_SECTIONS.values():
        for key in section.keys:
            assert f"| `{key.name}` |" in text


def test_codebook_lists_every_series_column_and_vocabulary(tables):
    text = codebook_markdown(tables)
    for name in md.OBSERVATION_TABLES:
        for sid in set(tables[name]["series_id"]):
            assert f"| `{sid}` |" in text
    for c in md.RESOURCES['trade'].fields + md.RESOURCES['projects'].fields:
        assert f"| `{c.name}` |" in text
    for vocab in md.VOCABULARIES:
        assert f"### `{vocab}`" in text


def test_readme_table_counts_are_current(tables):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"| `trade` | {len(tables['trade'])} |" in readme


def test_readme_examples_show_real_output():
    import silkroad_data as sd

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    assert sd.cite("lou2019.fdi_stock_ict_2016") in readme
    audit = sd.audit()[["claim_id", "stated_reported", "recomputed", "verdict"]].to_string(index=False)
    assert audit in guide
    for pair in sd.conflicts().itertuples():
        assert pair.reported_a in guide and pair.reported_b in guide


def test_readme_commands_are_the_ones_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = 'python3 -m venv .venv && . .venv/bin/activate && pip install -q -e ".[test]" && python -m pytest'
    assert test_command in readme and test_command in ci


def test_readme_lists_the_observation_columns_of_the_schema():
    import re

    from silkroad_data import metadata as md

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    listed = re.search(r"Every observation table has the same columns: `([^`]*)`", readme).group(1)
    assert [c.strip() for c in listed.split(",")] == md.RESOURCES['trade'].field_names
