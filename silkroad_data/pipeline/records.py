"""Reading the curated raw records (``raw/<source_id>.yaml``).

Files are read with PyYAML's safe loader: plain mappings, lists, strings, numbers,
booleans and nulls, never arbitrary objects (a file free of every form where YAML 1.1 and
1.2 differ is read by the faster ``yaml_rs`` instead, into the very same values). Structural
problems (a file that is not YAML, a record that is not a mapping, an unknown or missing key)
are collected as :class:`~silkroad_data.errors.Problem` s naming the file, the record and the field.

Example
-------
>>> from silkroad_data.pipeline.records import read_papers
>>> papers, problems = read_papers("raw")       # doctest: +SKIP
>>> papers[0].source["id"]                      # doctest: +SKIP
'li2022'
"""

from __future__ import annotations

import os
import re
import stat
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
        sid = self.source.get("id")
        return str(sid) if sid is not None or "id" in self.source else self.path.stem


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


class BadValue(Exception):
    """A value of a raw file refused while it is read (an alias, an impossible date, a number too long)."""

    def __init__(self, node, message: str, record: str = "", key: str = ""):
        super().__init__(message)
        self.node, self.message, self.record, self.key = node, message, record, key
        self.line = node.start_mark.line + 1

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


# Bounds on what a raw file may make the build do: its size, and (so a small file cannot expand
# into a huge document) no YAML aliases. A paper's records take about 100 KB.
MAX_RAW_BYTES = 32 * 1024 * 1024


@lru_cache(maxsize=1)
def _loader():
    """PyYAML's safe loader (its C parser when there is one) that refuses a key given twice,
    aliases (``&a`` … ``*a``: a few of them nest into a document of billions of values), dates
    that do not exist and whole numbers no float can hold; each with its line."""
    import yaml  # only the build reads raw files; keep the load path free of it

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    safe = yaml.constructor.SafeConstructor

    def mapping(loader, node, deep=False):
        seen: dict = {}
        rid = next((v.value for k, v in node.value if getattr(k, "value", None) == "id" and isinstance(v, yaml.ScalarNode)), "")
        for key_node, _ in node.value:
            key = getattr(key_node, "value", None)
            if isinstance(key_node, yaml.ScalarNode) and key in seen:
                raise DuplicateKey(str(rid), str(key), seen[key], key_node.start_mark.line + 1)
            seen[key] = key_node.start_mark.line + 1
        try:
            return safe.construct_mapping(loader, node, deep)
        except BadValue as exc:
            if not exc.record:  # name the record and the field the value belongs to
                exc.record = str(rid)
                exc.key = next((str(getattr(k, "value", "")) for k, v in node.value if v is exc.node), "")
            raise

    def construct_object(loader, node, deep=False):
        if node in loader.constructed_objects:
            raise BadValue(node, "an alias (*name) repeats the value anchored (&name) here; raw files may not use "
                                 "anchors and aliases: write each value out")
        return yaml.constructor.BaseConstructor.construct_object(loader, node, deep)

    def timestamp(loader, node):
        try:
            return safe.construct_yaml_timestamp(loader, node)
        except (ValueError, OverflowError) as exc:
            raise BadValue(node, f"{node.value!r} is not a date that exists ({exc}); correct it, or quote it to "
                                 "keep it as text") from None

    def integer(loader, node):
        try:
            value = safe.construct_yaml_int(loader, node)
        except ValueError as exc:
            raise BadValue(node, f"this whole number cannot be read ({exc}); give the figure as printed, with its scale "
                                 "word in `scale`") from None
        if abs(value) > 1.7976931348623157e308:
            raise BadValue(node, f"a whole number of {len(str(abs(value)))} digits is beyond what any figure can be "
                                 "(a float holds at most 308); give the figure as printed, with its scale word in `scale`")
        return value

    loader = type("RawLoader", (base,), {"construct_object": construct_object})
    loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    loader.add_constructor("tag:yaml.org,2002:int", integer)
    return loader


class RawFileRefused(Exception):
    """A path in the raw folder that is not a regular file of it, or is too large to be one."""


def _read_raw(path: Path, folder: Path | None) -> bytes:
    """The bytes of a raw file: a regular file (in ``folder`` when given), at most MAX_RAW_BYTES."""
    if folder is not None and (path.parent != folder or os.path.islink(path)):  # a plain file of the folder is in it
        real, home = path.resolve(), folder.resolve()
        if home not in real.parents:
            raise RawFileRefused(f"is a link to {real}, outside the raw folder {folder}; raw files must be regular "
                                 "files of the folder: copy the file in, or remove the link")
    # O_NONBLOCK: opening a FIFO does not wait for a writer; it is then refused as not a regular file.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    st = os.fstat(fd)
    mode = st.st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "folder" if stat.S_ISDIR(mode) else "FIFO" if stat.S_ISFIFO(mode) else \
            "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special file"
        raise RawFileRefused(f"is a {kind}, not a regular file; raw files must be regular YAML files: "
                             "remove it from the raw folder")
    with os.fdopen(fd, "rb") as fh:
        # Sized by the file, not by the limit: a read of limit + 1 bytes makes a 32 MB buffer per file.
        data = fh.read(min(st.st_size, MAX_RAW_BYTES) + 1)
        if len(data) > st.st_size:  # it grew since fstat: read on, up to the limit
            data += fh.read(MAX_RAW_BYTES + 1 - len(data))
    if len(data) > MAX_RAW_BYTES:
        raise RawFileRefused(f"is larger than {MAX_RAW_BYTES // 2**20} MB, far more than a paper's records take "
                             "(about 100 KB); split it or remove what does not belong in it")
    return data


def read_paper(path: Path, folder: Path | None = None, cache: "ParseCache | None" = None) -> tuple[Paper | None, list[Problem]]:
    """Read one raw file (of ``folder``, when given); return the paper (None if unreadable) and its structural problems.

    With a :class:`ParseCache`, a file whose exact bytes were parsed before is not parsed again.
    """
    path = Path(path)
    file = path.as_posix()
    try:
        data = _read_raw(path, folder)
    except RawFileRefused as exc:
        return None, [Problem(file, "", "", str(exc))]
    except OSError as exc:
        return None, [Problem(file, "", "", f"cannot be read: {exc.strerror or exc}")]
    except ValueError as exc:  # a path the system refuses (a NUL in its name)
        return None, [Problem(file, "", "", f"cannot be read as UTF-8 YAML: {exc}")]
    key = cache.key(data) if cache is not None else None
    doc = cache.get(key) if cache is not None else None
    if doc is None:
        doc = _parse_fast(data)
        if doc is None:
            doc, problem = _parse(data, file, fast=False)
            if problem is not None:
                return None, [problem]
            # Only what PyYAML read is kept: it parses 15 to 20 times slower than yaml_rs, while a
            # document yaml_rs reads costs about as much to write to the cache on a cold build as
            # reading it back saves after the code changed (benchmarks/run.py, BENCHMARKS.md).
            if cache is not None:
                cache.put(key, doc)
    return _paper(path, doc)


def _parse(data: bytes, file: str, fast: bool = True):
    """The YAML document of a raw file's bytes, or the problem that stops it being read.

    With ``fast`` (the default), a file that :func:`_fast_parse_allowed` finds free of every form
    YAML 1.1 and YAML 1.2 read differently is parsed by ``yaml_rs`` (about 15 times faster), into
    the very values and types PyYAML gives; any other file, and any file ``yaml_rs`` refuses or
    that it is not installed for, is parsed by PyYAML, whose problems name the line.
    """
    if fast:
        doc = _parse_fast(data)
        if doc is not None:
            return doc, None
    import yaml

    try:
        return yaml.load(data.decode("utf-8"), Loader=_loader()), None
    except DuplicateKey as exc:
        return None, Problem(file, exc.record, exc.key, str(exc))
    except BadValue as exc:
        return None, Problem(file, exc.record, exc.key, str(exc))
    except RecursionError:
        return None, Problem(file, "", "", "nests lists or mappings too deeply to be a raw file; see raw/README.md for its format")
    except TypeError:  # a list or mapping used as a key ([1, 2]: x): Python cannot hold it as one
        return None, Problem(file, "", "", "uses a list or mapping as a key; keys are plain words such as `value:` "
                             "(see raw/README.md for the format)")
    except (yaml.YAMLError, UnicodeError, ValueError) as exc:
        detail = str(exc).replace("\n", " ")
        return None, Problem(file, "", "", f"cannot be read as UTF-8 YAML: {detail}")


# The fast parser, yaml_rs, reads YAML 1.2 (core schema); PyYAML reads YAML 1.1, and the loader
# above refuses some documents with a located message. A file goes to yaml_rs only when the scans
# below find none of the forms where the two may differ or that the loader refuses; a false alarm
# (a `yes` inside a quote) only costs time. A plain scalar begins at a line's start (after its
# indentation and any `- `, `? `), after `:`, `- `, `? `, `[`, `{` or `,` (then spaces); the
# scans look at what begins there. Each scan begins with one fixed character (the regex engine
# then skips quickly to it) and runs only on a file that holds that character.
_TOKEN_CHAR = r"[0-9A-Za-z_.+\-]|:[^\s,\[\]{}]"  # a colon followed by a space ends a key
_STRCHAR = r"""[!"$%&'()*/;<=>?@\\^`|~]|[^\x00-\x7f]"""  # in no number, date or delimiter
# The token may be the whole scalar: what follows is not more of it (a character no number, date
# or boolean has, such as `%`, `/` or `é`, or spaces then more words: "12.3 countries" is text).
_ENDS = rf"(?!{_TOKEN_CHAR}|{_STRCHAR}|[ ]+(?:{_STRCHAR}|[0-9A-Za-z_.+\-]))"
_END = r"[ ]*(?:[\r\n\#,\]}]|\Z)"  # after a number: the line's end, a comment, a comma, a bracket
_RISKY_START = rf"""(?=[-+.0-9_~=!%@`|>:?,yYnNoOtTfF])(?:
    # An indicator no plain scalar begins with (yaml_rs reads `!` alone as no tag, `[|]`, `[:1]`,
    # `[?x]` as text), a block scalar's indicator not followed by its header's end, an empty key
    # (`: x`) or entry (`{{a:, b}}`).
      [!%@`?,:]
    | [|>](?![-+]?[ ]*(?:\#[^\n]*)?\n)
    # A scalar that begins like a number or a date (`- ` is a list's item), unless it is a plain
    # decimal (at most 18 digits, a fraction, an exponent with its sign) or a range of whole
    # numbers (110-126) ending there, holds a letter no number has (a hash: 7ec3...; not after
    # 0x), or is shown to be text by what follows. This sends on 010, 0o7, 0x1F, 1_000, 1:30,
    # 1e3, .5, +1, _1, .inf and numbers used as keys (`1:` and `'1':` are one key to the loader,
    # two to yaml_rs). Every repeat is bounded (a token longer than 64 is sent on), so that no
    # file makes the scan take more than linear time.
    | (?=[+.0-9_]|-\S)
      (?!-?(?:0|[1-9][0-9]{{0,17}})(?:\.[0-9]{{1,17}}(?:[eE][-+][0-9]{{1,3}})?)?{_END})
      (?![0-9]{{1,32}}(?:-[0-9]{{1,32}}){{1,4}}{_END})
      (?!(?![-+]?0[xX])[0-9a-zA-Z_.+\-:]{{0,64}}?[cdg-hj-mp-suvwyCDG-HJ-MP-SUVWY])
      (?:(?:{_TOKEN_CHAR}){{1,64}}{_ENDS}|(?:{_TOKEN_CHAR}){{65}})
    # A date (a timestamp may go on after a space: 2001-12-14 21:59:43); yaml_rs keeps dates as text.
    | [0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}(?![0-9]|{_STRCHAR})
    # YAML 1.1's other booleans, and booleans or nulls as keys; PyYAML's value key `=`.
    | (?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|=){_ENDS}
    | (?:true|True|TRUE|false|False|FALSE|null|Null|NULL|~)[ ]*:(?:[\s,\[\]{{}}]|\Z)
)"""
_SCANS = [(char, re.compile(pattern, re.VERBOSE)) for char, pattern in (  # (its first character, the scan)
    # What begins a plain scalar, at a line's start (the text is scanned with a newline before it)
    # and after each indicator; (?![ ]) spares the engine trying fewer spaces again.
    ("\n", rf"\n[ ]*(?![ ])(?:[-?][ ]+(?![ ]))*{_RISKY_START}"),
    (":", rf":[ ]*(?![ ]){_RISKY_START}"),
    ("-", rf"-[ ]+(?![ ]){_RISKY_START}"),
    ("?", rf"\?[ ]+(?![ ]){_RISKY_START}"),
    # In a flow collection, also a collection in a collection (yaml_rs reads `{a: 1, [b]}`).
    ("[", rf"\[[ ]*(?![ ])(?:[\[{{]|{_RISKY_START})"),
    ("{", rf"{{[ ]*(?![ ])(?:[\[{{]|{_RISKY_START})"),
    (",", rf",[ ]*(?![ ])(?:[\[{{]|{_RISKY_START})"),
    # Deep nesting (PyYAML stops at a depth yaml_rs reaches): indentation or `- - -` this wide.
    ("\n", r"\n[ ?:\-]{40}"),
    # A tag, anchor or alias (tags differ, aliases are refused); `& ` alone, as in "Xie, J., &
    # Chen", is text inside a scalar and refused by both at its start.
    ("!", r"!(?<=[\s\[{,:]!)"),
    ("&", r"&(?<=[\s\[{,:]&)(?=\S)"),
    ("*", r"\*(?<=[\s\[{,:]\*)(?=\S)"),
    # Complex keys, a list or mapping as a key, merge keys, a carriage return alone.
    ("?", r"\?(?<=[\s\[{,]\?)(?=\s|\Z)"),
    ("]", r"\][ ]*:"),
    (":", r":[\[\]{},]"),  # `[a:]`, `{a:[b]}`: PyYAML refuses, yaml_rs reads a key
    ("}", r"}[ ]*:"),
    ("<", r"<<"),
    ("\r", r"\r(?!\n)"),
    # A quoted key: one that spans lines is read by yaml_rs, refused by PyYAML.
    ("'", r"""'[ ]*:(?:[\s,\[\]{}]|\Z)"""),
    ('"', r'''"[ ]*:(?:[\s,\[\]{}]|\Z)'''),
)]
# A block scalar (`|`, `>`) that has no line indented deeper than its own line: PyYAML reads ""
# where yaml_rs reads "\n".
_SCANS += [(c, re.compile(r"""
    ^([ ]*)(?:[^\n]*?[:\-?\[{,][ ]*)?""" + re.escape(c) + r"""
    (?![-+]?[ ]*(?:\#[^\n]*)?\n(?:[ ]*\n)*\1[ ]+\S)
""", re.MULTILINE | re.VERBOSE)) for c in "|>"]
# Characters PyYAML refuses or reads as line breaks (yaml_rs keeps them), a byte order mark
# (yaml_rs keeps it in the first key), tabs: checked on the bytes, then on the text if not ASCII.
_PLAIN_ASCII = b"\n\r" + bytes(range(0x20, 0x7F))
_ODD_CHAR = re.compile(r"[^\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
MAX_FAST_FLOW = 40  # more `[` and `{` than this and a file may nest deeper than PyYAML reads


def _fast_parse_allowed(text: str) -> bool:
    """True when ``yaml_rs`` gives exactly what the PyYAML loader gives for ``text`` (when it reads it at all).

    >>> _fast_parse_allowed("value: 1.5\\nflag: true\\n"), _fast_parse_allowed("flag: yes\\n")
    (True, False)
    """
    odd = text.encode("utf-8", "surrogatepass").translate(None, _PLAIN_ASCII)
    if odd and (odd.isascii() or _ODD_CHAR.search(text)):
        return False
    if text.count("[") + text.count("{") > MAX_FAST_FLOW:
        return False
    text = "\n" + text
    if "\n%" in text or "\n---" in text or "\n..." in text:  # directives, documents (yaml_rs: a list of them)
        return False
    return not any(char in text and scan.search(text) for char, scan in _SCANS)


@lru_cache(maxsize=1)
def _fast_loads():
    """``yaml_rs.loads`` set to keep dates as text (the scan sends dates on), to refuse a key given
    twice and any alias; None when yaml_rs is not installed."""
    try:
        import yaml_rs
    except ImportError:
        return None
    from functools import partial

    return partial(yaml_rs.loads, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
                   alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=0))


def _parse_fast(data: bytes) -> dict | None:
    """The document of ``data`` read by ``yaml_rs``, or None where PyYAML must read it."""
    loads = _fast_loads()
    if loads is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not _fast_parse_allowed(text):
        return None
    try:
        doc = loads(text)
    except BaseException as exc:  # anything yaml_rs refuses (or panics on) is read by PyYAML, for its message
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        return None
    if type(doc) is not dict:
        return None
    if ("[" in text or "{" in text) and ("|" in text or ">" in text) and _block_indicator_as_text(doc):
        return None
    return doc


def _block_indicator_as_text(doc) -> bool:
    """True when a text of ``doc`` begins with `|` or `>`: yaml_rs reads a block scalar inside a
    flow collection (``[a, b: |``, then a line) as text where PyYAML refuses it; a quoted one is
    only a false alarm."""
    todo = [doc]
    while todo:
        node = todo.pop()
        items = node.items() if type(node) is dict else enumerate(node)
        for key, value in items:
            for v in (key, value):
                if type(v) is str:
                    if v.startswith(("|", ">")):
                        return True
                elif type(v) in (dict, list):
                    todo.append(v)
    return False


def _paper(path: Path, doc) -> tuple[Paper | None, list[Problem]]:
    """The paper of a parsed raw file, and the structural problems of its document."""
    file = path.as_posix()
    problems: list[Problem] = []
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


def read_papers(folder: str | Path, cache: bool = True) -> tuple[list[Paper], list[Problem]]:
    """Read every ``*.yaml`` file of ``folder``, in name order.

    With ``cache`` (the default), each file's parsed document is kept in ``folder/.cache/``
    under the hash of its bytes, so an unchanged file is not parsed again (see :class:`ParseCache`).
    """
    folder = Path(folder)
    files = sorted(folder.glob("*.yaml"))
    if not files:
        return [], [Problem(folder.as_posix(), "", "", "holds no *.yaml raw files; point --raw at the raw/ folder")]
    store = ParseCache.beside(folder) if cache else None
    papers: list[Paper] = []
    problems: list[Problem] = []
    for paper, found in _parse_all(files, folder, store):
        problems += found
        if paper is not None:
            papers.append(paper)
    if store is not None:
        store.prune()
    return papers, problems


PARALLEL_BYTES = 4_000_000


def _parse_all(files: list[Path], folder: Path | None = None, cache: "ParseCache | None" = None):
    """Parse files in order; a large corpus is parsed on every core (YAML parsing is CPU-bound).

    With a cache, the workers parse only the files it lacks and leave their documents in the
    cache; this process then reads every file from it (faster than receiving the parsed
    records from the workers).
    """
    from functools import partial

    read = partial(read_paper, folder=folder, cache=cache)
    todo = files if cache is None else [p for p in files if not cache.holds(p)]
    workers = min(len(todo), os.cpu_count() or 1)
    if workers < 2 or sum(_size(p) for p in todo) < PARALLEL_BYTES:
        return map(read, files)
    from concurrent.futures import ProcessPoolExecutor

    chunks = max(1, len(todo) // (4 * workers))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        if cache is None or not cache.ready():
            return list(pool.map(read, files, chunksize=chunks))
        list(pool.map(partial(_warm, folder=folder, cache=cache), todo, chunksize=chunks))
    return map(read, files)


def _warm(path: Path, folder: Path | None, cache: "ParseCache") -> None:
    read_paper(path, folder, cache)


def _size(path: Path) -> int:
    try:
        return path.lstat().st_size
    except OSError:
        return 0


class Uncacheable(Exception):
    """A parsed document holding a value that the cache's JSON cannot give back exactly."""


_TAG = "\x00yaml"  # the key of a tagged date or time; a raw file's own keys never hold it (checked)


def _encode(value):
    """A parsed document as plain JSON values, dates and times tagged; raises Uncacheable otherwise."""
    import datetime

    kind = type(value)
    if kind is dict:
        if _TAG in value:
            raise Uncacheable
        out = {}
        for k, v in value.items():
            if type(k) is not str:  # a key of another type (yes, 1, a date) would come back as text
                raise Uncacheable
            out[k] = _encode(v)
        return out
    if kind is list:
        return [_encode(v) for v in value]
    if value is None or kind in (str, int, float, bool):
        return value
    if kind is datetime.date:
        return {_TAG: ["date", value.isoformat()]}
    if kind is datetime.datetime:
        return {_TAG: ["datetime", value.isoformat()]}
    raise Uncacheable  # bytes (!!binary), sets (!!set) and anything else: parsed afresh each time


def _decode(mapping: dict):
    tagged = mapping.get(_TAG)
    if tagged is None:
        return mapping
    import datetime

    kind, text = tagged
    return datetime.date.fromisoformat(text) if kind == "date" else datetime.datetime.fromisoformat(text)


@lru_cache(maxsize=1)
def _parser_key() -> str:
    """What the parsed documents depend on besides the bytes: this module's code, PyYAML and yaml_rs."""
    import hashlib

    import yaml

    try:
        import yaml_rs
        fast = yaml_rs.__version__
    except ImportError:
        fast = "absent"
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(f"{yaml.__version__} {getattr(yaml, '__with_libyaml__', False)} yaml_rs {fast}".encode())
    return h.hexdigest()[:16]


class ParseCache:
    """Parsed raw files, kept as JSON under the SHA-256 of their bytes (the files PyYAML read:
    yaml_rs parses a file again about as fast as the cache gives it back, see :func:`read_paper`).

    The cache is only ever a copy: any entry may be deleted at any time (delete the whole
    ``.cache`` folder to empty it), a file that cannot be written is simply not cached, and a
    change to the parser's code or to PyYAML starts a new cache. What is read from it is
    exactly what parsing the same bytes gives: documents holding values JSON cannot carry
    exactly (binary, sets, keys that are not text) are never cached.

    Each entry is tied to the bytes it was made from: its first line is the SHA-256 of the raw
    file's hash and the document's text (:meth:`seal`), checked on every read, so an entry edited
    after it was written (a note changed, a value) is ignored and the file is parsed again.

    >>> from silkroad_data.pipeline.records import ParseCache
    >>> ParseCache.beside("raw").folder.parent.name     # doctest: +SKIP
    '.cache'
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.used: set[str] = set()
        self.writable = True

    @classmethod
    def beside(cls, raw: str | Path) -> "ParseCache":
        """The cache of the raw folder ``raw``: ``raw/.cache/parse-<parser key>/``."""
        return cls(Path(raw) / ".cache" / f"parse-{_parser_key()}")

    @staticmethod
    def key(data: bytes) -> str:
        import hashlib

        return hashlib.sha256(data).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def holds(self, path: Path) -> bool:
        """True when the current bytes of ``path`` have an entry."""
        try:  # never opens what is not a regular file (a FIFO would wait for a writer)
            return stat.S_ISREG(os.lstat(path).st_mode) and self._entry(self.key(Path(path).read_bytes())).is_file()
        except OSError:
            return False

    @staticmethod
    def seal(key: str, text: str) -> str:
        """The SHA-256 that ties the document ``text`` to the raw bytes of hash ``key``."""
        import hashlib

        return hashlib.sha256(f"{key}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: str):
        import json

        self.used.add(key)
        try:
            if self.folder.parent.is_symlink() or self.folder.is_symlink():
                return None  # only the raw folder's own cache, never one a link points to
            seal, _, text = self._entry(key).read_text(encoding="utf-8").partition("\n")
            if seal != self.seal(key, text):
                return None  # not what was written for these bytes: parse again
            return json.loads(text, object_hook=_decode)
        except (OSError, ValueError, TypeError, RecursionError):
            return None  # no entry, or one that is damaged: parse again

    def put(self, key: str, doc) -> None:
        import json

        try:
            text = json.dumps(_encode(doc), ensure_ascii=False, separators=(",", ":"))
        except (Uncacheable, RecursionError):
            return
        try:
            if self.folder.parent.is_symlink() or self.folder.is_symlink():
                raise OSError("the cache folder is a link")
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{key}.{os.getpid()}.tmp"
            tmp.write_text(f"{self.seal(key, text)}\n{text}", encoding="utf-8")
            os.replace(tmp, self._entry(key))
        except (OSError, UnicodeError):
            self.writable = False

    def ready(self) -> bool:
        """True when entries can be written (the folder is made if need be)."""
        try:
            if self.folder.parent.is_symlink() or self.folder.is_symlink():
                raise OSError("the cache folder is a link")
            self.folder.mkdir(parents=True, exist_ok=True)
            self.writable = os.access(self.folder, os.W_OK)
        except OSError:
            self.writable = False
        return self.writable

    def prune(self) -> None:
        """Delete the entries of files no longer in the raw folder, and the caches of other parser versions."""
        prune_cache(self.folder, self.used, "parse-")


def prune_cache(folder: Path, used: set[str] | None, prefix: str) -> None:
    """In a cache ``folder``: delete the entries not ``used`` by this build (all kept when None), and the
    sibling folders named ``prefix*`` that other code versions left (a cache is only a copy: failures are ignored)."""
    import shutil

    try:
        for entry in folder.glob("*.json") if used is not None else ():
            if entry.stem not in used:
                entry.unlink(missing_ok=True)
        for other in folder.parent.glob(f"{prefix}*"):
            if other != folder and not other.is_symlink():
                shutil.rmtree(other, ignore_errors=True)
    except OSError:
        pass
