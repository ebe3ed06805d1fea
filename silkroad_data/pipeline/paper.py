"""Papers, from their raw records to checked, typed columns; and the columns of many papers as one.

Papers are normalized, their records checked one by one (:func:`.validate.record_problems`)
and their rows turned into Arrow columns (:mod:`.columns`) a few thousand records at a time,
so a build holds records as dicts only while it reads them.

Example
-------
>>> from silkroad_data.pipeline.paper import paper_columns
>>> from silkroad_data.pipeline.records import read_paper
>>> paper, _ = read_paper("raw/malena.yaml")                  # doctest: +SKIP
>>> cols = paper_columns([paper])                             # doctest: +SKIP
>>> cols.tables["observations"].num_rows > 0, cols.problems   # doctest: +SKIP
(True, [])
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pyarrow as pa

from ..errors import Problem
from ..metadata.rows import ROW_KINDS
from .columns import COLUMN_KINDS, empty, to_columns
from .normalize import normalize_papers
from .records import PARALLEL_BYTES, Paper, ParseCache, _size, read_paper
from .validate import record_problems


@dataclass
class Columns:
    """Typed rows of one paper or many: an Arrow table per kind held as columns, and the rows of the
    kinds held as rows (claims, implied figures; see :mod:`silkroad_data.metadata.rows`)."""

    tables: dict[str, pa.Table]
    rows: dict[str, list[dict]] = field(default_factory=lambda: {kind: [] for kind in ROW_KINDS if kind not in COLUMN_KINDS})
    problems: list[Problem] = field(default_factory=list)


# Records turned into columns at once: enough that the cost of a call is spread thin, few
# enough that their dicts take little memory.
BATCH_RECORDS = 20_000


def paper_columns(papers: list[Paper]) -> Columns:
    """The papers' rows of every kind as columns, and the problems of their records taken one by one."""
    done: dict[str, dict] = {}  # the kinds normalized on whole columns: their columns, by name
    rows, problems = normalize_papers(papers, done)
    tables = {}
    for kind in COLUMN_KINDS:
        found: list = []
        tables[kind] = to_columns(kind, rows[kind], found, done.get(kind))
        if kind in done and not found:  # the rules of single records may read these columns, as they are the rows
            rows[kind].table = tables[kind]
        problems += found
    problems += record_problems(rows)
    return Columns(tables, {kind: rows[kind] for kind in rows if kind not in COLUMN_KINDS}, problems)


def combine(parts: list[Columns]) -> Columns:
    """The columns of several papers as one, in the order given."""
    tables = {kind: pa.concat_tables([empty(kind)] + [p.tables[kind] for p in parts]) for kind in COLUMN_KINDS}
    rows = {kind: [r for p in parts for r in p.rows[kind]] for kind in ROW_KINDS if kind not in COLUMN_KINDS}
    return Columns(tables, rows, [x for p in parts for x in p.problems])


def batches(papers):
    """``papers`` (an iterable) in lists of about :data:`BATCH_RECORDS` records, in order."""
    batch, size = [], 0
    for paper in papers:
        batch.append(paper)
        size += sum(len(getattr(paper, kind.section)) if kind.per == "record" else 1 for kind in COLUMN_KINDS.values())
        if size >= BATCH_RECORDS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


# Raw bytes read by one worker at a time: about BATCH_RECORDS records.
CHUNK_BYTES = 8_000_000


def read_columns(files: list[Path], folder: Path | None = None, cache: ParseCache | None = None):
    """Read, normalize and check the raw ``files``, in order; on every core when they are many.

    Returns ``(papers, columns, problems)``: the papers (source and exclusions; their records
    are in the columns), the rows of every file and every problem found in them.
    """
    sizes = [_size(path) for path in files]
    cores = os.cpu_count() or 1
    # Chunks small enough that the workers finish together, large enough that a call costs little.
    per_chunk = max(1, min(CHUNK_BYTES, sum(sizes) // (4 * cores)))
    chunks, size = [[]], 0
    for path, n in zip(files, sizes):
        if chunks[-1] and size + n > per_chunk:
            chunks.append([])
            size = 0
        chunks[-1].append(path)
        size += n
    work = partial(_read_chunk, folder=folder, cache=cache)
    workers = min(len(chunks), cores)
    if workers < 2 or sum(sizes) < PARALLEL_BYTES:
        results = list(map(work, chunks))
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(work, chunks))
    papers = [p for chunk_papers, _ in results for p in chunk_papers]
    return papers, combine([columns for _, columns in results])


def _read_chunk(paths: list[Path], folder: Path | None, cache: ParseCache | None) -> tuple[list[Paper], Columns]:
    papers, problems = [], []

    def read():
        for path in paths:
            paper, found = read_paper(path, folder, cache)
            problems.extend(found)
            if paper is not None:
                # Once in the columns, a paper's records go; it keeps what the rules of files read.
                papers.append(Paper(path=paper.path, source=paper.source, exclusions=paper.exclusions))
                yield paper

    # Each batch is normalized just after it is parsed, while its records are still in the processor's cache,
    # and its records are dropped as soon as they are columns.
    columns = combine([paper_columns(batch) for batch in batches(read())])
    columns.problems = problems + columns.problems
    return papers, columns
