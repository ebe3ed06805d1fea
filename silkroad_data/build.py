"""The build: raw records, then normalize, then validate, then write.

Example
-------
>>> from silkroad_data.build import build
>>> report = build()            # doctest: +SKIP
>>> report["trade"]             # doctest: +SKIP
42
"""

from __future__ import annotations

import gc
from pathlib import Path

import pandas as pd

from . import schema
from .consistency import audit_claims, compare_papers, implied_figures
from .errors import BuildError
from .normalize import normalize_papers
from .paths import DATA_DIR, RAW_DIR
from .records import Paper, read_paper, read_papers
from .validate import frame, validate_outputs, validate_tables


def _public(df: pd.DataFrame, table: str, key: str) -> pd.DataFrame:
    cols = [c.name for c in schema.columns_of(table)]
    return df.sort_values(key, kind="stable")[cols].reset_index(drop=True)


def assemble(raw: str | Path | list[Path] = RAW_DIR) -> tuple[dict[str, pd.DataFrame], list[Paper]]:
    """Read, normalize and validate raw records; return every table, ready to write.

    ``raw`` is the raw folder or a list of raw files. Raises :class:`BuildError` listing
    every problem found (file, record, field) when the records are not valid.
    """
    # Parsing builds millions of small objects; the cycle collector would rescan them
    # again and again (quadratic in corpus size), and none of them form cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _assemble(raw)
    finally:
        if gc_was_enabled:
            gc.enable()


def _assemble(raw) -> tuple[dict[str, pd.DataFrame], list[Paper]]:
    if isinstance(raw, (list, tuple)):
        papers, problems = [], []
        for path in raw:
            paper, found = read_paper(Path(path))
            problems += found
            if paper is not None:
                papers.append(paper)
    else:
        papers, problems = read_papers(raw)
    rows, found = normalize_papers(papers)
    problems += found
    kinds = {"observations": "trade", "projects": "projects", "sources": "sources", "references": "references"}
    frames = {kind: frame(table, rows[kind]) for kind, table in kinds.items()}
    problems += validate_tables(rows, frames, papers)
    if problems:
        raise BuildError(problems)
    obs = frames["observations"]
    tables = {name: _public(obs[obs["table"] == name], name, "obs_id") for name in schema.OBSERVATION_TABLES}
    tables["projects"] = _public(frames["projects"], "projects", "project_id")
    tables["sources"] = _public(frames["sources"], "sources", "source_id")
    tables["references"] = _public(frames["references"], "references", "reference_id")
    every = _public(obs, "trade", "obs_id")
    tables["conflicts"], tables["corroborations"] = compare_papers(every)
    tables["claims_audit"] = audit_claims(every, rows["claims"])
    tables["derived"] = implied_figures(every, rows["implied"])
    problems = validate_outputs(tables)
    if problems:  # a fault of the package, not of the records: say so
        raise BuildError(problems, where="the tables derived from valid records (please report it)")
    return tables, papers


def build(raw: str | Path = RAW_DIR, out: str | Path = DATA_DIR) -> dict[str, int]:
    """Rebuild every table from ``raw`` into ``out``; return the row count of each table.

    Nothing is written unless every record is valid, and the new files replace the old
    ones all at once, so a failed or interrupted build leaves the previous tables as they were.
    """
    from .write import write_tables

    tables, _ = assemble(raw)
    write_tables(tables, Path(out))
    return {name: len(df) for name, df in tables.items()}
