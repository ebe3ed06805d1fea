"""The build: read the raw records (:mod:`.records`), normalize, validate, derive, write.

Unchanged raw files give their checked rows from the row cache (:mod:`.rowcache`); the rules
that span papers run over every row each time.

Example
-------
>>> from silkroad_data.pipeline import build
>>> report = build()            # doctest: +SKIP
>>> report["trade"]             # doctest: +SKIP
42
"""

from __future__ import annotations

import gc
from pathlib import Path

import pandas as pd

from ..errors import BuildError
from ..metadata import OBSERVATION_TABLES, RESOURCES
from ..paths import DATA_DIR, RAW_DIR
from .columns import to_frame
from . import derive  # registers the derived tables  # noqa: F401
from .paper import batches, combine, paper_columns
from .records import Paper, read_paper
from .rowcache import read_folder
from .kinds import derivations
from .validate import validate_outputs, validate_tables
from ..metadata.rows import ROW_KINDS

DERIVED_TABLES = tuple(name for name, r in RESOURCES.items() if r.kind == "derived")


def _public(df: pd.DataFrame, table: str) -> pd.DataFrame:
    resource = RESOURCES[table]
    return df.sort_values(resource.primary_key, kind="stable")[resource.field_names].reset_index(drop=True)


def assemble(raw: str | Path | list[Path] = RAW_DIR, cache: bool = True) -> tuple[dict[str, pd.DataFrame], list[Paper]]:
    """Read, normalize and validate raw records; return every table, ready to write.

    ``raw`` is the raw folder or a list of raw files. ``cache=False`` reads, normalizes and
    checks every file afresh, using and writing no cache (see :mod:`.rowcache`). Raises :class:`BuildError` listing
    every problem found (file, record, field) when the records are not valid.
    """
    # Parsing builds millions of small objects; the cycle collector would rescan them
    # again and again (quadratic in corpus size), and none of them form cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _assemble(raw, cache)
    finally:
        if gc_was_enabled:
            gc.enable()


def _assemble(raw, cache: bool = True) -> tuple[dict[str, pd.DataFrame], list[Paper]]:
    keep = None
    if isinstance(raw, (list, tuple)):
        papers, found = [], []
        for path in raw:
            paper, problems = read_paper(Path(path))
            found += problems
            if paper is not None:
                papers.append(paper)
        columns = combine([paper_columns(batch) for batch in batches(papers)])
        columns.problems = found + columns.problems
    else:  # a raw folder: the rows of unchanged files come from the row cache
        papers, columns, keep = read_folder(Path(raw), cache)
    problems = list(columns.problems)
    frames = {kind: to_frame(table) for kind, table in columns.tables.items()}
    problems += validate_tables(columns.tables, frames, columns.rows, papers)
    if problems:
        raise BuildError(problems)
    if keep is not None:  # every record is valid: its rows may skip the checks of single records next time
        keep()
    tables = {}
    for kind in ROW_KINDS.values():
        df = frames.get(kind.name)
        for name in kind.published:  # a kind published in several tables names each row's in its split_by column
            tables[name] = _public(df[df[kind.split_by] == name] if kind.split_by else df, name)
    for names, make in derivations():
        tables.update(zip(names, make(frames, columns.rows)))
    tables = {name: tables[name] for name in RESOURCES if name in tables}  # the registry's order
    # The base tables were checked above, as the frames they are cut from; the derived ones are new.
    problems = validate_outputs({name: tables[name] for name in DERIVED_TABLES})
    if problems:  # a fault of the package, not of the records: say so
        raise BuildError(problems, where="the tables derived from valid records (please report it)")
    return tables, papers


def build(raw: str | Path = RAW_DIR, out: str | Path = DATA_DIR, layout: str = "single") -> dict[str, int]:
    """Rebuild every table from ``raw`` into ``out``; return the row count of each table.

    ``layout="partitioned"`` writes each table as a folder of a few large files, papers bucketed
    by id (see :mod:`silkroad_data.pipeline.partitioned`) instead of one Parquet file per table.

    Nothing is written unless every record is valid, and the new files replace the old
    ones all at once, so a failed or interrupted build leaves the previous tables as they were.
    """
    from .write import write_tables

    tables, _ = assemble(raw)
    if layout == "single" and Path(out).resolve() == DATA_DIR.resolve():
        release_gate(tables)
    if layout == "partitioned":
        from .partitioned import write_partitioned

        write_partitioned(tables, Path(out))
    else:
        write_tables(tables, Path(out))
    return {name: len(df) for name, df in tables.items()}


def release_gate(tables: dict[str, pd.DataFrame]) -> None:
    """Refuse to package ``tables`` under a released version whose release holds other tables.

    Under a version not yet released the tables are free; ``silkroad-data release`` then records them.
    """
    from ..releases import content_key, gate_problem
    from .write import to_arrow

    problem = gate_problem(keys={name: content_key(to_arrow(name, df, [])) for name, df in tables.items()})
    if problem:
        from ..errors import DataError

        raise DataError(f"No table was written. {problem}")
