"""The normalized rows of each raw file, kept between builds so an unchanged file is not read again.

After a build without problems, each paper's normalized rows (every table), its source record
and its exclusions are written as JSON to ``raw/.cache/rows-<code key>/<key>.json``, where the
key hashes the raw file's bytes (SHA-256) and its path, and the code key hashes the modules that
read, normalize and check records, the metadata they follow and the parsers' versions. The next
build takes those rows as they are and checks one by one only the records of the files that
changed; the rules that span papers (unique ids, series, references, claims, implied figures,
alternatives) and the schema's checks still run over every row, so a build from the cache finds
the same problems and writes the same bytes as a build from scratch.

The cache is only a copy: delete ``raw/.cache`` at any time. Rows holding a value JSON cannot
give back exactly are not cached.

Example
-------
>>> from silkroad_data.build.rowcache import RowCache
>>> RowCache.beside("raw").folder.parent.name       # doctest: +SKIP
'.cache'
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from ..errors import Problem
from .records import (_TAG, ParseCache, Paper, RawFileRefused, Uncacheable, _decode, _encode, _parse_all, _read_raw,
                      prune_cache)

KINDS = ("observations", "projects", "sources", "references", "claims", "implied")
# What a normalized value may be, to be cached: JSON's own types, lists (of text) and dates (tagged).
_ROW_TYPES = {str, int, float, bool, type(None), list, datetime.date, datetime.datetime}


def _tagged(value):
    """A date or time of a row as the parse cache tags it (see records._encode); nothing else."""
    if type(value) is datetime.date:
        return {_TAG: ["date", value.isoformat()]}
    if type(value) is datetime.datetime:
        return {_TAG: ["datetime", value.isoformat()]}
    raise Uncacheable


_PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def code_key() -> str:
    """What the normalized rows depend on besides a file's bytes and path: the code and metadata that make them."""
    import platform

    import yaml

    from .records import _parser_key  # the versions of both YAML parsers (PyYAML, yaml_rs)

    h = hashlib.sha256(f"{platform.python_version()} {yaml.__version__} {getattr(yaml, '__with_libyaml__', False)}".encode())
    h.update(_parser_key().encode())
    files = [_PACKAGE / name for name in ("errors.py", "values.py", "paths.py", "_version.py")]
    for folder in ("build", "metadata", "check", "cite"):
        files += sorted(p for p in (_PACKAGE / folder).iterdir() if p.suffix in (".py", ".csv"))
    for path in files:
        if path.is_file():
            h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


class RowCache:
    """Normalized rows of raw files, as JSON under a hash of each file's bytes and path."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.used: set[str] = set()

    @classmethod
    def beside(cls, raw: str | Path) -> "RowCache":
        """The cache of the raw folder ``raw``: ``raw/.cache/rows-<code key>/``."""
        return cls(Path(raw) / ".cache" / f"rows-{code_key()}")

    @staticmethod
    def key(sha: str, file: str) -> str:
        return hashlib.sha256(f"{sha}\0{file}".encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: str) -> dict | None:
        self.used.add(key)
        try:
            entry = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"), object_hook=_decode)
        except (OSError, ValueError, TypeError):
            return None  # no entry, or a damaged one: read the file again
        try:  # each kind's rows are stored as their keys once, then each row's values in that order
            entry["rows"] = {k: [dict(zip(entry["rows"][k]["keys"], values)) for values in entry["rows"][k]["values"]]
                             for k in KINDS}
        except (KeyError, TypeError, AttributeError):
            return None
        return entry

    def put(self, key: str, paper: Paper, rows: dict[str, list[dict]]) -> None:
        """Keep a paper's rows (call :meth:`ready` first); rows holding a value JSON cannot carry exactly are not kept."""
        table = {}
        kinds: set[type] = set()
        for kind in KINDS:
            keys = list(rows[kind][0]) if rows[kind] else []
            if any(list(row) != keys for row in rows[kind]) or any(type(k) is not str or k == _TAG for k in keys):
                return  # rows of one kind with different keys: not cached
            table[kind] = {"keys": keys, "values": [list(row.values()) for row in rows[kind]]}
            kinds |= {type(v) for row in rows[kind] for v in row.values()}
            if list in kinds:  # the parts of a claim: text only
                kinds |= {type(x) for row in rows[kind] for v in row.values() if type(v) is list for x in v}
        if kinds - _ROW_TYPES:
            return
        try:
            text = json.dumps({"source": _encode(paper.source), "exclusions": _encode(paper.exclusions), "rows": table},
                              default=_tagged, ensure_ascii=False, separators=(",", ":"))
        except (Uncacheable, RecursionError, ValueError):
            return
        try:
            tmp = self.folder / f".{key}.{os.getpid()}.tmp"
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self.folder / f"{key}.json")
        except (OSError, UnicodeError):
            pass

    def ready(self) -> bool:
        """True when entries can be written (the folder is made if need be, never through a link)."""
        try:
            if self.folder.parent.is_symlink() or self.folder.is_symlink():
                return False
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        return True

    def prune(self) -> None:
        """Delete the entries of files no longer in the raw folder, and the caches of other code versions."""
        prune_cache(self.folder, self.used, "rows-")


def read_folder(folder: Path):
    """Papers and rows of every ``*.yaml`` file of ``folder``, the cached ones taken from the cache.

    Returns ``(papers, rows, problems, fresh, keep)``: ``fresh`` is the set of files read and
    normalized afresh (their records still to be checked one by one), ``keep()`` writes their
    rows to the cache (call it only after a build without problems). A paper taken from the
    cache holds its normalized rows in its lists (its exclusions and source as written).
    """
    from .normalize import normalize_papers

    files = sorted(folder.glob("*.yaml"))
    empty = {k: [] for k in KINDS}
    if not files:
        return [], empty, [Problem(folder.as_posix(), "", "", "holds no *.yaml raw files; point --raw at the raw/ folder")], set(), lambda: None
    cache, parsed = RowCache.beside(folder), ParseCache.beside(folder)
    keys: dict[Path, str] = {}
    cached: dict[Path, dict] = {}
    # Cached rows skip the checks of single records: take them only from the folder's own cache, never through a link.
    trusted = not (cache.folder.parent.is_symlink() or cache.folder.is_symlink())
    for path in files:
        try:
            data = _read_raw(path, folder)
        except (RawFileRefused, OSError, ValueError):
            continue  # read_paper reports it
        sha = ParseCache.key(data)
        keys[path] = key = RowCache.key(sha, path.as_posix())
        entry = cache.get(key) if trusted else None
        if entry is not None:
            cached[path] = entry
            parsed.used.add(sha)  # its parsed document stays in the parse cache
    todo = [p for p in files if p not in cached]
    problems: list[Problem] = []
    read: dict[Path, Paper] = {}
    for paper, found in _parse_all(todo, folder, parsed):
        problems += found
        if paper is not None:
            read[paper.path] = paper
    parsed.prune()
    new_rows, found = normalize_papers(list(read.values()))
    problems += found
    by_file: dict[str, dict[str, list[dict]]] = {p.file: {k: [] for k in KINDS} for p in read.values()}
    for kind in KINDS:
        for row in new_rows[kind]:
            by_file[row["_file"]][kind].append(row)
    papers: list[Paper] = []
    rows = {k: [] for k in KINDS}
    for path in files:
        if path in cached:
            entry = cached[path]
            own = entry["rows"]
            paper = Paper(path=path, source=entry["source"], exclusions=entry["exclusions"], references=own["references"],
                          observations=own["observations"], projects=own["projects"], claims=own["claims"],
                          implied=own["implied"])
        elif path in read:
            paper, own = read[path], by_file[read[path].file]
        else:
            continue
        papers.append(paper)
        for kind in KINDS:
            rows[kind] += own[kind]

    def keep() -> None:
        if read and cache.ready():
            for path, paper in read.items():
                if path in keys:
                    cache.put(keys[path], paper, by_file[paper.file])
        cache.prune()

    return papers, rows, problems, {p.file for p in read.values()}, keep
