"""Reading the curated raw records (``raw/<source_id>.yaml``).

Files are read with PyYAML's safe loader: plain mappings, lists, strings, numbers,
booleans and nulls, never arbitrary objects. Structural problems (a file that is not
YAML, a record that is not a mapping, an unknown or missing key) are collected as
:class:`~silkroad_data.errors.Problem` s naming the file, the record and the field.

Example
-------
>>> from silkroad_data.build.records import read_papers
>>> papers, problems = read_papers("raw")       # doctest: +SKIP
>>> papers[0].source["id"]                      # doctest: +SKIP
'li2022'
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import Problem
from ..metadata import RAW_SECTIONS


def _sections() -> dict[str, dict[str, bool]]:
    """The keys a record of each list section may carry, and which are required (from the metadata)."""
    return {name: sec.allowed for name, sec in RAW_SECTIONS.items() if name != "source"}


@dataclass
class Paper:
    """The curated records of one paper, as read from its raw file."""

    path: Path
    source: dict
    references: list[dict] = field(default_factory=list)
    observations: list[dict] = field(default_factory=list)
    exclusions: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    implied: list[dict] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.path.as_posix()

    @property
    def source_id(self) -> str:
        return str(self.source.get("id", self.path.stem))


def _check_keys(record: dict, allowed: dict[str, bool], file: str, rid: str, problems: list[Problem]) -> None:
    for key in record:
        if key not in allowed:
            problems.append(Problem(file, rid, str(key), f"unknown field; allowed fields are {', '.join(allowed)}"))
    for key, required in allowed.items():
        if required and record.get(key) in (None, ""):
            problems.append(Problem(file, rid, key, "required field is missing or empty"))


class DuplicateKey(Exception):
    """A key given twice in one mapping of a raw file (YAML would silently keep the last)."""

    def __init__(self, record: str, key: str, first: int, second: int):
        super().__init__(f"given twice in this record (lines {first} and {second}); keep one")
        self.record, self.key = record, key


@lru_cache(maxsize=1)
def _loader():
    """PyYAML's safe loader (its C parser when there is one) that refuses a key given twice."""
    import yaml  # only the build reads raw files; keep the load path free of it

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def mapping(loader, node, deep=False):
        seen: dict = {}
        rid = next((v.value for k, v in node.value if getattr(k, "value", None) == "id" and isinstance(v, yaml.ScalarNode)), "")
        for key_node, _ in node.value:
            key = getattr(key_node, "value", None)
            if isinstance(key_node, yaml.ScalarNode) and key in seen:
                raise DuplicateKey(str(rid), str(key), seen[key], key_node.start_mark.line + 1)
            seen[key] = key_node.start_mark.line + 1
        return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep)

    loader = type("RawLoader", (base,), {})
    loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return loader


def read_paper(path: Path) -> tuple[Paper | None, list[Problem]]:
    """Read one raw file; return the paper (None if unreadable) and its structural problems."""
    import yaml

    path = Path(path)
    file = path.as_posix()
    problems: list[Problem] = []
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_loader())
    except DuplicateKey as exc:
        return None, [Problem(file, exc.record, exc.key, str(exc))]
    except (yaml.YAMLError, UnicodeError, OSError, ValueError) as exc:
        detail = str(exc).replace("\n", " ")
        return None, [Problem(file, "", "", f"cannot be read as UTF-8 YAML: {detail}")]
    if not isinstance(doc, dict):
        return None, [Problem(file, "", "", "must be a YAML mapping with keys source, references, observations, exclusions")]
    sections = _sections()
    for key in doc:
        if key not in ("source", *sections):
            problems.append(Problem(file, "", str(key), "unknown top-level key; allowed: source, " + ", ".join(sections)))
    source = doc.get("source")
    if not isinstance(source, dict):
        return None, problems + [Problem(file, "source", "", "the file needs a 'source' mapping with the bibliographic record")]
    _check_keys(source, RAW_SECTIONS["source"].allowed, file, "source", problems)
    paper = Paper(path=path, source=source)
    for section, allowed in sections.items():
        items = doc.get(section) or []
        if not isinstance(items, list):
            problems.append(Problem(file, section, "", "must be a list of records"))
            continue
        kept = []
        for n, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                problems.append(Problem(file, f"{section}[{n}]", "", "each record must be a mapping of field: value"))
                continue
            rid = str(item.get("id") or f"{section}[{n}]")
            _check_keys(item, allowed, file, rid, problems)
            kept.append(item)
        setattr(paper, section, kept)
    return paper, problems


def read_papers(folder: str | Path) -> tuple[list[Paper], list[Problem]]:
    """Read every ``*.yaml`` file of ``folder``, in name order."""
    folder = Path(folder)
    files = sorted(folder.glob("*.yaml"))
    if not files:
        return [], [Problem(folder.as_posix(), "", "", "holds no *.yaml raw files; point --raw at the raw/ folder")]
    papers: list[Paper] = []
    problems: list[Problem] = []
    for paper, found in _parse_all(files):
        problems += found
        if paper is not None:
            papers.append(paper)
    return papers, problems


PARALLEL_BYTES = 4_000_000


def _parse_all(files: list[Path]):
    """Parse files in order; a large corpus is parsed on every core (YAML parsing is CPU-bound)."""
    workers = min(len(files), os.cpu_count() or 1)
    if workers < 2 or sum(p.stat().st_size for p in files) < PARALLEL_BYTES:
        return map(read_paper, files)
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(read_paper, files, chunksize=max(1, len(files) // (4 * workers))))
