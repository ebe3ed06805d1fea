"""The works the papers credit, as bibliographic records, each with one stable key.

A work's record is the structured part of a row of the ``references`` table (type, authors,
title and its translation, container, publisher, date, pages, URL ...): what the paper's note,
list entry or prose gives, never more. An entry that repeats another (``same_as``: "Ibid.", a
note given again) is the same work; the same work credited by two papers (one article in two
papers' notes) is one work, recorded from the fuller of the two entries. A figure names its
work through its ``reference_id``; the entry's ``pinpoint`` (the pages the note points to)
stays with the figure.

Example
-------
>>> works = Works([{"reference_id": "x.fn1", "source_id": "x", "work_type": "webpage", "authors": "Doe, Jane",
...                 "title": "Cables and ports", "container_title": "Example News", "issued": "2018-12-18",
...                 "url": "https://example.org/a", "pinpoint": "p. 3"}])
>>> w = works.of({"reference_id": "x.fn1"})
>>> w.key, w.year, w.date_parts
('doe2018cables', 2018, (2018, 12, 18))
>>> works.pinpoint({"reference_id": "x.fn1"})
'p. 3'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

from .names import CJK, Name, authors, slug

# The record's fields, as the references table names them.
_RECORD = ("work_type", "authors", "title", "title_english", "container_title", "container_title_english", "series",
           "edition", "publisher", "place", "event", "issued", "volume", "issue", "pages", "doi", "url", "accessed",
           "language", "description")
_STOP = {"a", "an", "the", "la", "el", "los", "las", "de", "del", "of", "un", "una", "on", "in"}


@dataclass(frozen=True)
class Work:
    """One credited work: its key and its bibliographic record (empty where the paper gives nothing)."""

    key: str
    type: str = "document"
    names: tuple[Name, ...] = ()
    title: str | None = None
    title_english: str | None = None
    container_title: str | None = None
    container_title_english: str | None = None
    series: str | None = None
    edition: str | None = None
    publisher: str | None = None
    place: str | None = None
    event: str | None = None
    issued: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    url: str | None = None
    accessed: str | None = None
    language: str | None = None
    description: str | None = None
    entries: tuple[str, ...] = field(default=())   # the reference ids that credit it

    @property
    def date_parts(self) -> tuple[int, ...]:
        """The first date of ``issued`` as (year[, month[, day]]); () when undated."""
        return _parts(self.issued.split("/")[0]) if self.issued else ()

    @property
    def end_parts(self) -> tuple[int, ...]:
        """The last date of an event's span (``issued`` START/END); () for a single date."""
        return _parts(self.issued.split("/")[1]) if self.issued and "/" in self.issued else ()

    @property
    def year(self) -> int | None:
        return self.date_parts[0] if self.date_parts else None

    @property
    def organisation(self) -> str | None:
        """The author's name when the only author is an organisation."""
        return self.names[0].literal if len(self.names) == 1 and not self.names[0].is_person else None

    @property
    def non_latin(self) -> bool:
        """Whether the title is in a script pdflatex cannot set without CJK support."""
        return bool(CJK.search(self.title or ""))


def _parts(iso: str) -> tuple[int, ...]:
    return tuple(int(p) for p in iso.strip().split("-") if p)


def _first_word(text: str) -> str:
    words = [w for w in re.split(r"[^\w]+", text) if slug(w) and w.lower() not in _STOP]
    return slug(words[0]) if words else ""


def _who(n: Name) -> str:
    if n.is_person:
        return n.family
    acronym = re.search(r"\(([A-Z][A-Za-z/]+)\)\s*$", n.literal)
    if acronym:
        return acronym.group(1).split("/")[0]
    words = [w for w in re.split(r"[\s-]+", n.literal) if w[:1].isupper() and w not in ("The",)]
    return "".join(words[:2]) or n.literal


def _base(rec: dict, names: tuple[Name, ...]) -> str:
    """'rodriguez2018how': first author's surname (an organisation's acronym or first words), year, first title word."""
    year = str(_parts(str(rec["issued"]).split("/")[0])[0]) if rec.get("issued") else "nd"
    title = rec.get("title_english") if rec.get("title") and CJK.search(rec["title"]) and rec.get("title_english") else rec.get("title")
    word = _first_word(title or rec.get("description") or "")
    if not names:
        words = [w for w in re.split(r"[^\w]+", title or rec.get("description") or "") if slug(w) and w.lower() not in _STOP]
        return f"{slug(''.join(words[:2]))}{year}" or f"work{year}"
    return f"{slug(_who(names[0]))}{year}{word}"


def _identity(rec: dict) -> tuple:
    """What makes two entries of different papers one work: the same authors, title and date."""
    title = (rec.get("title") or rec.get("description") or "").casefold()
    return (rec.get("authors") or "", re.sub(r"\W+", " ", title).strip(), rec.get("issued") or "")


class Works:
    """Every credited work of the dataset, keyed once, from the rows of the ``references`` table.

    Keys never depend on which figures are cited: they are made from all works at once, and
    two works whose keys would collide are told apart by a letter (``cepal2018a``).
    """

    def __init__(self, references):
        rows = {str(r["reference_id"]): r for r in references}
        record_of: dict[str, dict] = {}
        for rid, r in rows.items():
            target = rows.get(str(r.get("same_as"))) if _given(r.get("same_as")) else None
            record_of[rid] = target if target is not None else r
        groups: dict[tuple, list[str]] = {}
        for rid, rec in record_of.items():
            if _given(rec.get("work_type")):
                groups.setdefault(_identity(rec), []).append(rid)
        by_base: dict[str, list[tuple]] = {}
        best: dict[tuple, dict] = {}
        for ident, rids in sorted(groups.items()):
            recs = sorted({id(record_of[r]): record_of[r] for r in rids}.values(), key=lambda r: str(r["reference_id"]))
            best[ident] = max(recs, key=lambda r: sum(_given(r.get(k)) for k in _RECORD))  # the fullest entry
            by_base.setdefault(_base(best[ident], tuple(authors(best[ident]))), []).append(ident)
        self._work: dict[str, Work] = {}
        self._of: dict[str, str] = {}
        self._pinpoint = {rid: r.get("pinpoint") for rid, r in rows.items() if _given(r.get("pinpoint"))}
        for base, idents in sorted(by_base.items()):
            for n, ident in enumerate(idents):
                key = base if len(idents) == 1 else f"{base}{chr(ord('a') + n)}"
                rec = best[ident]
                self._work[key] = Work(key=key, type=rec["work_type"], names=tuple(authors(rec)),
                                       entries=tuple(sorted(groups[ident])),
                                       **{k: _text(rec.get(k)) for k in _RECORD if k not in ("work_type", "authors")})
                for rid in groups[ident]:
                    self._of[rid] = key

    def of(self, figure: dict) -> Work | None:
        """The work a figure (a row of an observation or projects table) is credited to, or None.

        A figure whose paper credits a source only in words the package has no entry for
        (``cited_source`` without ``reference_id``) gets a work that is that description.
        """
        rid = figure.get("reference_id")
        if _given(rid) and str(rid) in self._of:
            return self._work[self._of[str(rid)]]
        text = figure.get("cited_source")
        if _given(text):
            return Work(key=f"{slug(str(text))[:24] or 'work'}", description=str(text))
        return None

    def pinpoint(self, figure: dict) -> str | None:
        """The pages or part of the work the figure's entry points to ('p.58'), or None."""
        rid = figure.get("reference_id")
        return self._pinpoint.get(str(rid)) if _given(rid) else None

    def __getitem__(self, key: str) -> Work:
        return self._work[key]

    def __iter__(self):
        return iter(self._work.values())

    def __len__(self) -> int:
        return len(self._work)

    def cited_by(self, figures) -> list[Work]:
        """The distinct works the figures are credited to, sorted by key."""
        found = {w.key: w for w in (self.of(f) for f in figures) if w is not None}
        return [found[k] for k in sorted(found)]


def _given(v) -> bool:
    return v is not None and v == v and str(v).strip() != ""  # None, NaN and "" are "not given"


def _text(v) -> str | None:
    return str(v).strip() if _given(v) else None


WORK_FIELDS = tuple(f.name for f in fields(Work))
