"""The checked rows of each raw file, kept between builds so an unchanged file is not read again.

After a build without problems, the typed rows of every paper are written to
``raw/.cache/rows-<code key>/`` as one Arrow IPC file per kind (``observations.arrow``, ...,
each row naming its file in ``_file``), and ``index.json`` holds, for each raw file, the key
of its rows (a hash of the file's bytes, SHA-256, and of its path) with its source record,
exclusions, claims and implied figures. The code key hashes the modules that read, normalize
and check records, the metadata they follow and the parsers' versions, so any change to
them starts a new cache.

The next build reads the raw files' bytes, takes the rows of every file whose key is in the
index straight from the Arrow files (one read per kind, however many papers), and reads,
normalizes and checks record by record only the files that changed. The rules that span
papers (unique ids, series, references, claims, implied figures, alternatives) and the
schema's checks still run over every row, so a build from the cache finds the same problems
and writes the same bytes as a build from scratch.

The cache is only a copy, and never decides what is published: delete ``raw/.cache`` at any
time. The index is written last; it names the generation of the Arrow files it goes with and
the SHA-256 of each of them, and holds the SHA-256 of its own content (``seal``). On read,
every Arrow file's bytes are hashed and compared, and the index's content is checked against
its seal: a file of another generation, a damaged one, or a valid file put in the place of
the one written (the same schema and tag, another value) is found, and the whole cache is
ignored (everything is read again, and the cache written anew). ``silkroad-data validate``
reads no cache at all.

Example
-------
>>> from silkroad_data.pipeline.rowcache import RowCache
>>> RowCache.beside("raw").folder.parent.name       # doctest: +SKIP
'.cache'
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import Problem
from ..paths import sha256_of
from .columns import COLUMN_KINDS, row_schema
from ..metadata.rows import ROW_KINDS
from .paper import Columns, combine, read_columns
from .records import ParseCache, Paper, RawFileRefused, Uncacheable, _decode, _encode, _read_raw, prune_cache

INDEX = "index.json"
_GENERATION = b"silkroad_data.generation"

_PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def code_key() -> str:
    """What the cached rows depend on besides a file's bytes and path: the code and metadata that make them."""
    import platform

    from .records import _parser_key

    h = hashlib.sha256(f"{platform.python_version()} {pa.__version__} {_parser_key()}".encode())
    files = [_PACKAGE / name for name in ("errors.py", "values.py", "paths.py", "prose.py", "schema.py", "_version.py")]
    for folder in ("pipeline", "metadata", "citation"):
        files += sorted(p for p in (_PACKAGE / folder).iterdir() if p.suffix in (".py", ".csv"))
    for path in files:
        if path.is_file():
            h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _seal(generation: str, arrow: dict, entries: dict) -> str:
    """The SHA-256 of an index's content: its generation, the Arrow files' hashes and its entries."""
    text = json.dumps([generation, arrow, entries], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _generation(entries: dict[str, dict]) -> str:
    """The name of one set of cached rows: the files and keys it holds (the same set gives the same rows)."""
    listed = json.dumps(sorted((file, e["key"]) for file, e in entries.items()), ensure_ascii=False)
    return hashlib.sha256(listed.encode("utf-8", "surrogatepass")).hexdigest()


class RowCache:
    """Typed rows of raw files (Arrow IPC, one file per kind) and an index of the files they belong to."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.written: dict[str, dict] = {}  # the entries last read, as written (JSON-ready), to write again unchanged

    @classmethod
    def beside(cls, raw: str | Path) -> "RowCache":
        """The cache of the raw folder ``raw``: ``raw/.cache/rows-<code key>/``."""
        return cls(Path(raw) / ".cache" / f"rows-{code_key()}")

    @staticmethod
    def key(sha: str, file: str) -> str:
        return hashlib.sha256(f"{sha}\0{file}".encode("utf-8", "surrogatepass")).hexdigest()

    def trusted(self) -> bool:
        """Cached rows skip the checks of single records: use them only from the folder's own cache, never through a link."""
        return not (self.folder.parent.is_symlink() or self.folder.is_symlink())

    def read(self) -> tuple[dict[str, dict], dict[str, pa.Table]]:
        """The index's entries by file (dates as dates again) and the cached rows of each kind;
        nothing when there is no usable cache: missing, damaged, or not the bytes the index names."""
        try:
            text = (self.folder / INDEX).read_text(encoding="utf-8")
            raw_index = json.loads(text)  # the content as written, for its seal
            entries, generation, arrow = raw_index["files"], raw_index["generation"], raw_index["arrow"]
            if raw_index.get("seal") != _seal(generation, arrow, entries):
                return {}, {}  # an index edited after it was written
            entries = json.loads(text, object_hook=_decode)["files"]
            tables = {}
            for kind in COLUMN_KINDS:
                data = (self.folder / f"{kind}.arrow").read_bytes()
                if hashlib.sha256(data).hexdigest() != arrow.get(kind):
                    return {}, {}  # not the file this index was written with: read everything again
                table = pa.ipc.open_file(pa.BufferReader(data)).read_all()
                meta = table.schema.metadata or {}
                if meta.get(_GENERATION) != generation.encode() or not table.schema.equals(row_schema(kind)):
                    return {}, {}  # files of another build, or of another shape: read everything again
                tables[kind] = table
        except (OSError, ValueError, KeyError, TypeError, AttributeError, pa.ArrowException):
            return {}, {}
        if not isinstance(entries, dict):
            return {}, {}
        self.written = raw_index["files"]
        return entries, tables

    def write(self, entries: dict[str, dict], tables: dict[str, pa.Table]) -> None:
        """Keep ``tables`` (every row of the build) for the files of ``entries``; failures are ignored (a cache is only a copy)."""
        try:
            if not self.trusted():
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            generation = _generation(entries)
            options = pa.ipc.IpcWriteOptions(compression="lz4" if pa.Codec.is_available("lz4") else None)
            arrow = {}
            for kind, table in tables.items():
                table = table.replace_schema_metadata({_GENERATION: generation.encode()})
                tmp = self.folder / f".{kind}.{os.getpid()}.tmp"
                with pa.OSFile(str(tmp), "wb") as fh, pa.ipc.new_file(fh, table.schema, options=options) as writer:
                    writer.write_table(table)
                arrow[kind] = sha256_of(tmp)  # the bytes written, checked on every read
                os.replace(tmp, self.folder / f"{kind}.arrow")
            text = json.dumps({"generation": generation, "files": entries, "arrow": arrow,
                               "seal": _seal(generation, arrow, entries)}, ensure_ascii=False, separators=(",", ":"))
            tmp = self.folder / f".{INDEX}.{os.getpid()}.tmp"
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self.folder / INDEX)  # last: the index names the Arrow files it goes with
        except (OSError, UnicodeError, ValueError, pa.ArrowException):
            pass

    def prune(self) -> None:
        """Delete the caches of other code versions, and files a build stopped while writing left behind."""
        prune_cache(self.folder, None, "rows-")
        try:
            for left in self.folder.glob(".*.tmp"):
                if not left.name.endswith(f".{os.getpid()}.tmp"):
                    left.unlink(missing_ok=True)  # a build writing it now loses only its copy (the cache is a copy)
        except OSError:
            pass


def _by_file(rows: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in rows:
        out.setdefault(row["_file"], []).append(row)
    return out


def cached_paper(path: Path, entry: dict) -> Paper:
    """The paper of a file taken from the cache: its source and exclusions (its records are in the columns)."""
    return Paper(path=path, source=entry["source"], exclusions=entry["exclusions"])


def _entry(key: str, paper: Paper, rows: dict[str, list[dict]]) -> dict | None:
    """A fresh paper's index entry (its records besides the columns: the kinds held as rows), or None when JSON cannot carry it exactly."""
    try:
        entry = {"key": key, "source": _encode(paper.source), "exclusions": _encode(paper.exclusions),
                 "rows": {kind: _encode(found) for kind, found in rows.items()}}
        json.dumps(entry, ensure_ascii=False)
    except (Uncacheable, RecursionError, ValueError, TypeError):
        return None
    return entry


def _usable(entry) -> bool:
    """An index entry of the expected shape (a damaged one means the file is read again)."""
    return (isinstance(entry, dict) and isinstance(entry.get("source"), dict) and isinstance(entry.get("exclusions"), list)
            and isinstance(entry.get("rows"), dict) and all(isinstance(entry["rows"].get(k), list) for k in _ROW_KINDS))


_ROW_KINDS = tuple(kind for kind in ROW_KINDS if kind not in COLUMN_KINDS)  # the kinds an index entry holds


def _rows_of(table: pa.Table, files: pa.Array) -> pa.Table:
    """The rows of ``table`` that belong to ``files`` (the table itself when all do: no copy)."""
    mine = pc.is_in(table["_file"], value_set=files)
    return table if pc.all(mine).as_py() is not False else table.filter(mine)


def _in_file_order(table: pa.Table, files: list[str]) -> pa.Table:
    """Rows ordered by their file's place in ``files`` (a stable sort: each file's rows keep their order)."""
    rank = pc.index_in(table["_file"], value_set=pa.array(files, pa.string()))
    return table.take(pc.sort_indices(rank))


def read_folder(folder: Path, cache: bool = True):
    """Papers and typed rows of every ``*.yaml`` file of ``folder``, the unchanged ones taken from the cache.

    With ``cache=False`` no cache is read or written: every file is parsed, normalized and checked
    afresh (what ``silkroad-data validate`` does, so that it checks the tables independently).

    Returns ``(papers, columns, keep)``: the papers (their source and exclusions; their
    records are in ``columns``), the rows of every file in file order with the problems of the
    files and records read afresh, and ``keep()``, which writes the cache (call it only after a
    build without problems).
    """
    files = sorted(folder.glob("*.yaml"), key=lambda p: p.name)  # one folder: the order of paths, by name at a fraction of the cost
    if not files:
        empty = combine([])
        empty.problems = [Problem(folder.as_posix(), "", "", "holds no *.yaml raw files; point --raw at the raw/ folder")]
        return [], empty, lambda: None
    if not cache:
        papers, columns = read_columns(files, folder, None)
        return papers, columns, lambda: None
    cache, parsed = RowCache.beside(folder), ParseCache.beside(folder)
    index, stored = cache.read() if cache.trusted() else ({}, {})
    keys: dict[str, str] = {}
    shas: dict[str, str] = {}
    cached: dict[str, dict] = {}
    for path in files:
        try:
            data = _read_raw(path, folder)
        except (RawFileRefused, OSError, ValueError):
            continue  # read_paper reports it
        file = path.as_posix()
        shas[file] = sha = ParseCache.key(data)
        keys[file] = key = RowCache.key(sha, file)
        entry = index.get(file)
        if _usable(entry) and entry.get("key") == key:
            cached[file] = entry
            parsed.used.add(sha)  # its parsed document stays in the parse cache
    todo = [p for p in files if p.as_posix() not in cached]
    read, columns = read_columns(todo, folder, parsed)
    fresh = {paper.file: paper for paper in read}
    parsed.used |= {shas[p.as_posix()] for p in todo if p.as_posix() in shas}  # parsed by the workers, maybe
    parsed.prune()
    parts = [columns]
    if cached:
        kept = pa.array(sorted(cached), pa.string())
        parts.insert(0, Columns({kind: _rows_of(t, kept) for kind, t in stored.items()},
                                {kind: [r for entry in cached.values() for r in entry["rows"][kind]] for kind in _ROW_KINDS}))
    papers = [cached_paper(path, cached[path.as_posix()]) if path.as_posix() in cached else fresh[path.as_posix()]
              for path in files if path.as_posix() in cached or path.as_posix() in fresh]
    every = combine(parts)
    if cached and fresh:
        order = {p.as_posix(): n for n, p in enumerate(files)}
        every.tables = {kind: _in_file_order(t, list(order)) for kind, t in every.tables.items()}
        for found in every.rows.values():
            found.sort(key=lambda r: order[r["_file"]])  # stable: each file's records keep their order

    def keep() -> None:
        by_file = {kind: _by_file(found) for kind, found in every.rows.items()}
        if fresh or cached.keys() != index.keys():  # else the cache holds this build already
            entries = {}
            for file in keys:
                if file in cached:
                    entry = cache.written.get(file)  # as read, sealed: no need to encode it again
                elif file in fresh:
                    entry = _entry(keys[file], fresh[file], {kind: found.get(file, []) for kind, found in by_file.items()})
                else:
                    continue
                if entry is not None:
                    entries[file] = entry
            cache.write(entries, every.tables)
        cache.prune()

    return papers, every, keep
