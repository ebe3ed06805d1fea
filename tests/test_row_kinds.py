"""Kinds of rows are declared once (metadata.rows) and the build dispatches on the declaration.

A module of the build that deals in row kinds names a kind only where it registers that
kind's own builder, rules or derived tables; everything else loops over the declarations.
"""

from __future__ import annotations

import ast
from pathlib import Path

import silkroad_data.pipeline  # noqa: F401  (registers every builder, rule and derivation)
from silkroad_data.errors import Problem
from silkroad_data.metadata import RAW_SECTIONS, RESOURCES
from silkroad_data.metadata.rows import ROW_KINDS, RowKind
from silkroad_data.paths import RAW_DIR
from silkroad_data.pipeline import kinds
from silkroad_data.pipeline.normalize import normalize_papers
from silkroad_data.pipeline.records import read_paper
from silkroad_data.pipeline.validate import record_problems

PIPELINE = Path(silkroad_data.pipeline.__file__).parent
_REGISTERING = {"row_builder", "column_builder", "record_rules", "table_rules", "derives"}


def _deals_in_kinds(tree: ast.Module) -> bool:
    """A module that imports the row kinds' declarations or their registry."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith(("metadata.rows", "kinds")):
            return True
        if isinstance(node, ast.ImportFrom) and node.module is None and any(a.name == "kinds" for a in node.names):
            return True
    return False


def _registered_nodes(tree: ast.Module) -> set[int]:
    """The nodes inside functions registered for a kind (and inside their decorators)."""
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                isinstance(d, ast.Call) and getattr(d.func, "id", None) in _REGISTERING for d in node.decorator_list):
            inside |= {id(sub) for sub in ast.walk(node)}
    return inside


def test_no_module_of_the_build_names_a_row_kind_outside_its_registered_functions():
    named = []
    modules = [p for p in sorted(PIPELINE.rglob("*.py")) if _deals_in_kinds(ast.parse(p.read_text(encoding="utf-8")))]
    assert len(modules) >= 3  # the scan reads the modules that build rows, not nothing
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = _registered_nodes(tree)
        named += [f"{path.name}:{node.lineno} names '{node.value}'" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and node.value in ROW_KINDS and id(node) not in allowed]
    assert named == []


def test_every_declared_kind_has_its_section_table_and_builder():
    for kind in ROW_KINDS.values():
        assert kind.section in RAW_SECTIONS, kind
        assert kind.per in ("paper", "record"), kind
        assert kinds.builder(kind.name) is not None
        if kind.columns:
            assert kind.table in RESOURCES
            assert all(name.startswith("_") for name, _ in kind.private)  # private columns are never published
            assert set(kind.published) <= set(RESOURCES)
            if kind.split_by is not None:
                assert kind.split_by in RESOURCES[kind.table].field_names


def test_a_kind_declared_with_its_builder_and_rules_flows_through(monkeypatch):
    """A toy kind (one row per exclusion of a paper) is built and checked with no change to the build."""
    monkeypatch.setitem(ROW_KINDS, "toy_exclusions", RowKind("toy_exclusions", "exclusions", "record"))
    monkeypatch.setattr(kinds, "_BUILDERS", dict(kinds._BUILDERS))
    monkeypatch.setattr(kinds, "_RECORD_RULES", dict(kinds._RECORD_RULES))

    @kinds.row_builder("toy_exclusions")
    def toy_row(paper, rec, problems):
        return {"reason": rec.get("reason"), "_file": paper.file}

    @kinds.record_rules("toy_exclusions")
    def toy_rules(rows, problems):
        problems += [Problem(r["_file"], "", "reason", "toy") for r in rows]

    paper = next(p for p in (read_paper(path)[0] for path in sorted(RAW_DIR.glob("*.yaml"))) if p.exclusions)
    rows, _ = normalize_papers([paper])
    assert [r["reason"] for r in rows["toy_exclusions"]] == [e.get("reason") for e in paper.exclusions]
    assert sum(p.message == "toy" for p in record_problems(rows)) == len(paper.exclusions)
