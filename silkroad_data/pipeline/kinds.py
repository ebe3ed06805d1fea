"""The functions that build and check each kind of row, registered by the kind's name.

The kinds are declared in :mod:`silkroad_data.metadata.rows`; each module of the build
registers its part for a kind with a decorator: :func:`row_builder` (normalize: a record to a
row; :func:`column_builder`, optionally: the records of many papers to columns at once), :func:`record_rules` (validate: the rules each row obeys by itself),
:func:`table_rules` (validate: the rules across rows and papers) and :func:`derives`
(derive: tables computed from the checked rows). The build runs them for every declared kind,
in the order declared, so a new kind needs its declaration and its own functions, nothing else.

Example
-------
>>> from silkroad_data.pipeline.kinds import builder
>>> from silkroad_data.pipeline import normalize   # registers the builders
>>> builder("projects").__name__
'project_row'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..metadata.rows import ROW_KINDS


@dataclass(frozen=True)
class Builder:
    make: Callable  # (paper, problems) for a kind per paper; (paper, record, problems[, context]) per record
    context: Callable | None = None  # (paper) -> what every record of the paper's builder reads, worked out once


_BUILDERS: dict[str, Builder] = {}
_COLUMN_BUILDERS: dict[str, Callable] = {}
_RECORD_RULES: dict[str, list[Callable]] = {}
_TABLE_RULES: dict[str, list[Callable]] = {}
_DERIVATIONS: list[tuple[tuple[str, ...], Callable]] = []


def _declared(kind: str) -> str:
    if kind not in ROW_KINDS:
        raise KeyError(f"'{kind}' is not a row kind declared in silkroad_data/metadata/rows.py")
    return kind


def row_builder(kind: str, context: Callable | None = None):
    """Register the function that makes a row of ``kind``; ``context(paper)`` is passed to it as a last argument."""
    def register(make):
        _BUILDERS[_declared(kind)] = Builder(make, context)
        return make
    return register


def column_builder(kind: str):
    """Register ``make(papers) -> {column: values} | None``, which makes the rows of ``kind`` of many papers at
    once, column by column, exactly as its :func:`row_builder` makes them one by one; None when a record
    needs the row builder (to report a problem, or a value of an unusual type)."""
    def register(make):
        _COLUMN_BUILDERS[_declared(kind)] = make
        return make
    return register


def build_columns(papers) -> dict[str, dict[str, list]]:
    """The columns of each kind whose :func:`column_builder` makes the rows of ``papers``, by kind."""
    done = {}
    for kind, make in _COLUMN_BUILDERS.items():
        columns = make(papers)
        if columns is not None:
            done[kind] = columns
    return done


def record_rules(kind: str):
    """Register ``rules(rows, problems)``, the rules each row of ``kind`` obeys by itself."""
    def register(rules):
        _RECORD_RULES.setdefault(_declared(kind), []).append(rules)
        return rules
    return register


def table_rules(kind: str):
    """Register ``rules(frames, rows, papers) -> problems``, the rules of ``kind`` across rows and papers.

    ``frames`` holds every kind kept as columns (pandas frames), ``rows`` every kind kept as rows.
    """
    def register(rules):
        _TABLE_RULES.setdefault(_declared(kind), []).append(rules)
        return rules
    return register


def derives(*tables: str):
    """Register ``derive(frames, rows) -> frames``, which computes the published ``tables`` from checked rows."""
    def register(derive):
        _DERIVATIONS.append((tables, derive))
        return derive
    return register


def builder(kind: str) -> Callable:
    """The registered builder of ``kind`` (its function)."""
    return _builder(kind).make


def _builder(kind: str) -> Builder:
    try:
        return _BUILDERS[kind]
    except KeyError:
        raise RuntimeError(f"no row builder is registered for kind '{kind}': decorate one with @row_builder('{kind}')") from None


def build_rows(paper, rows: dict[str, list], problems: list, skip: tuple = ()) -> None:
    """Append the rows of every kind that ``paper`` makes to ``rows`` (keyed by kind), but those of the kinds ``skip``."""
    for kind in ROW_KINDS.values():
        if kind.name in skip:
            continue
        b = _builder(kind.name)
        if kind.per == "paper":
            rows[kind.name].append(b.make(paper, problems))
            continue
        extra = (b.context(paper),) if b.context is not None else ()
        rows[kind.name] += [b.make(paper, r, problems, *extra) for r in getattr(paper, kind.section)]


def run_record_rules(rows: dict[str, list], problems: list) -> None:
    for kind in ROW_KINDS:
        for rules in _RECORD_RULES.get(kind, ()):
            rules(rows[kind], problems)


def run_table_rules(frames: dict, rows: dict, papers) -> list:
    problems: list = []
    for kind in ROW_KINDS:
        for rules in _TABLE_RULES.get(kind, ()):
            problems += rules(frames, rows, papers)
    return problems


def derivations() -> list[tuple[tuple[str, ...], Callable]]:
    """Every registered derivation: the tables it makes and its function."""
    return list(_DERIVATIONS)
