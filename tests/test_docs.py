"""Generated documents are current: the codebook and the README's table list."""

from __future__ import annotations

import pytest

from silkroad_data import schema
from silkroad_data.build import assemble
from silkroad_data.codebook import codebook_markdown, readme_with_tables
from silkroad_data.paths import RAW_DIR

ROOT = RAW_DIR.parent


@pytest.fixture(scope="module")
def tables():
    return assemble(RAW_DIR)[0]


def test_committed_codebook_is_current(tables):
    committed = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    assert committed == codebook_markdown(tables), "docs/codebook.md is stale: run `silkroad-data build`"


def test_codebook_lists_every_series_column_and_vocabulary(tables):
    text = codebook_markdown(tables)
    for name in schema.OBSERVATION_TABLES:
        for sid in set(tables[name]["series_id"]):
            assert f"| `{sid}` |" in text
    for c in schema.OBSERVATION_COLUMNS + schema.PROJECT_COLUMNS:
        assert f"| `{c.name}` |" in text
    for vocab in schema.VOCABULARIES:
        assert f"### `{vocab}`" in text


def test_readme_table_counts_are_current(tables):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == readme_with_tables(readme, tables), "README table list is stale: run `silkroad-data build`"
    assert f"| `trade` | {len(tables['trade'])} |" in readme


def test_readme_examples_show_real_output():
    import silkroad_data as sd

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert sd.cite("lou2019.fdi_stock_ict_2016") in readme
    audit = sd.audit()[["claim_id", "stated_reported", "recomputed", "verdict"]].to_string(index=False)
    assert audit in readme
    for pair in sd.conflicts().itertuples():
        assert pair.reported_a in readme and pair.reported_b in readme


def test_readme_commands_are_the_ones_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = 'python3 -m venv .venv && . .venv/bin/activate && pip install -q -e ".[test]" && python -m pytest'
    assert test_command in readme and test_command in ci


def test_readme_lists_the_observation_columns_of_the_schema():
    import re

    from silkroad_data import schema

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    listed = re.search(r"Every observation table has the same columns: `([^`]*)`", readme).group(1)
    assert [c.strip() for c in listed.split(",")] == [c.name for c in schema.OBSERVATION_COLUMNS]
