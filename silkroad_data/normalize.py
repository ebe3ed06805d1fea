"""From raw records to tidy rows: base units, dates, names from codes, composed locators.

Conversions that fail (a value that is not a number, a period that is not a date) become
located :class:`~silkroad_data.errors.Problem` s; the row is still produced, with the bad
field left empty, so that every problem of a build is reported at once.

Example
-------
>>> from silkroad_data.normalize import parse_period, scale_power
>>> parse_period("2021-01-01/2021-06-30")
(datetime.date(2021, 1, 1), datetime.date(2021, 6, 30))
>>> parse_period("2016")
(datetime.date(2016, 1, 1), datetime.date(2016, 12, 31))
>>> scale_power("billion")
9
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date
from decimal import Decimal

from . import schema
from .errors import Problem
from .records import Paper
from .text import normalize_quote

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _bounds(part: str) -> tuple[date, date]:
    if m := _YEAR.match(part):
        y = int(m[1])
        return date(y, 1, 1), date(y, 12, 31)
    if m := _MONTH.match(part):
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
    if m := _DAY.match(part):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d
    raise ValueError(part)


def parse_period(text) -> tuple[date | None, date | None]:
    """Start and end dates of a period written as YYYY, YYYY-MM, YYYY-MM-DD or A/B.

    Raises ``ValueError`` with the accepted forms when the text is none of them.
    """
    if text is None or text == "":
        return None, None
    s = str(text).strip()
    try:
        if "/" in s:
            a, b = s.split("/", 1)
            start, end = _bounds(a)[0], _bounds(b)[1]
        else:
            start, end = _bounds(s)
    except ValueError:
        raise ValueError(
            f"'{s}' is not a period; write YYYY, YYYY-MM, YYYY-MM-DD or START/END (e.g. 2021-01-01/2021-06-30)"
        ) from None
    if start > end:
        raise ValueError(f"'{s}' ends before it starts")
    if not (1900 <= start.year <= 2100 and 1900 <= end.year <= 2100):
        raise ValueError(f"'{s}' lies outside 1900-2100")
    return start, end


def scale_power(scale) -> int:
    """Power of ten of a scale word (0 for none)."""
    if scale in (None, ""):
        return 0
    return schema.SCALES[scale]


def _number(value, file: str, rid: str, field: str, problems: list[Problem]) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.append(Problem(file, rid, field, f"must be a number, got {value!r}"))
        return None
    f = float(value)
    if not math.isfinite(f):
        problems.append(Problem(file, rid, field, f"must be a finite number, got {value!r}"))
        return None
    return f


def _text(value) -> str | None:
    """Strings are kept as written (stripped); other scalars are written out; empty is None."""
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _area(record: dict, key: str, file: str, rid: str, problems: list[Problem]) -> tuple[str | None, str | None]:
    """Name and code of a subject or counterpart: the name comes from the code where there is one."""
    code = _text(record.get(f"{key}_code"))
    name = _text(record.get(key))
    if code is None:
        return name, None
    known = schema.areas().get(code)
    if known is None:
        problems.append(Problem(file, rid, f"{key}_code", f"'{code}' is neither an ISO 3166-1 alpha-3 code nor a World Bank aggregate code (see silkroad_data/areas.csv)"))
        return name, code
    return known[0], code


def locator(section: str | None, footnote: str | None) -> str:
    """The human-readable place of a figure: section heading, then footnote.

    >>> locator("Introduction", "3")
    "section 'Introduction', footnote 3"
    """
    parts = []
    if section:
        parts.append(f"section '{section}'")
    if footnote:
        parts.append(f"footnote {footnote}")
    return ", ".join(parts) or "text (no section heading)"


def _scaled(value: float | None, power: int) -> float | None:
    # Decimal scaling, so 263.6 billion is 263600000000.0 and not 263600000000.00003.
    if value is None or not power:
        return value
    return float(Decimal(repr(value)).scaleb(power))


def _scale_and_period(rec: dict, period_key: str, file: str, rid: str, problems: list[Problem]):
    """Power of ten of the record's scale word, and the start and end of its period."""
    scale = _text(rec.get("scale"))
    if scale is not None and scale not in schema.SCALES:
        problems.append(Problem(file, rid, "scale", f"unknown scale '{scale}'; use one of {', '.join(schema.SCALES)}"))
        scale = None
    try:
        start, end = parse_period(rec.get(period_key))
    except ValueError as exc:
        problems.append(Problem(file, rid, period_key, str(exc)))
        start = end = None
    return scale_power(scale), start, end


def observation_row(paper: Paper, rec: dict, problems: list[Problem]) -> dict:
    file, rid = paper.file, str(rec.get("id"))
    power, start, end = _scale_and_period(rec, "period", file, rid, problems)
    subject, subject_code = _area(rec, "subject", file, rid, problems)
    counterpart, counterpart_code = _area(rec, "counterpart", file, rid, problems)
    if subject is None:
        problems.append(Problem(file, rid, "subject_code", "give subject_code, or subject as text where there is no code"))
    unit = _text(rec.get("unit"))
    value = _number(rec.get("value"), file, rid, "value", problems)
    value_high = _number(rec.get("value_high"), file, rid, "value_high", problems)
    section, footnote = _text(rec.get("section")), _text(rec.get("footnote"))
    return {
        "obs_id": rid,
        "table": _text(rec.get("table")),
        "series_id": _text(rec.get("series_id")),
        "indicator": _text(rec.get("indicator")),
        "subject": subject,
        "subject_code": subject_code,
        "counterpart": counterpart,
        "counterpart_code": counterpart_code,
        "period_start": start,
        "period_end": end,
        "period_label": _text(rec.get("period_label")),
        "value": _scaled(value, power),
        "value_high": _scaled(value_high, power),
        "qualifier": _text(rec.get("qualifier")),
        "unit": unit,
        "unit_multiplier": power,
        "measure": _text(rec.get("measure")),
        "status": _text(rec.get("status")),
        "reported": _text(rec.get("reported")),
        "source_id": paper.source_id,
        "locator": locator(section, footnote),
        "section": section,
        "footnote": footnote,
        "quote": normalize_quote(str(rec.get("quote") or "")) or None,
        "cited_source": _text(rec.get("cited_source")),
        "reference_id": _text(rec.get("reference")),
        "note": _text(rec.get("note")),
        "correction": _text(rec.get("correction")),
        # Kept for validation messages; dropped before writing.
        "_file": file,
        "_printed_value": value,
        "_printed_high": value_high,
    }


def project_row(paper: Paper, rec: dict, problems: list[Problem]) -> dict:
    file, rid = paper.file, str(rec.get("id"))
    power, start, _ = _scale_and_period(rec, "date", file, rid, problems)
    country, code = _area(rec, "country", file, rid, problems)
    amount = _number(rec.get("amount"), file, rid, "amount", problems)
    greenfield = rec.get("greenfield")
    if greenfield is not None and not isinstance(greenfield, bool):
        problems.append(Problem(file, rid, "greenfield", f"must be true, false or left out, got {greenfield!r}"))
        greenfield = None
    section = _text(rec.get("section"))
    return {
        "project_id": rid,
        "source_id": paper.source_id,
        "date": start,
        "date_label": _text(rec.get("date_label")),
        "investor": _text(rec.get("investor")),
        "amount": _scaled(amount, power),
        "amount_reported": _text(rec.get("amount_reported")),
        "unit": _text(rec.get("unit")),
        "unit_multiplier": power,
        "share": _number(rec.get("share"), file, rid, "share", problems),
        "share_reported": _text(rec.get("share_reported")),
        "partner": _text(rec.get("partner")),
        "sector": _text(rec.get("sector")),
        "subsector": _text(rec.get("subsector")),
        "country": country,
        "country_code": code,
        "greenfield": greenfield,
        "quote": normalize_quote(str(rec.get("quote") or "")) or None,
        "locator": locator(section, None),
        "cited_source": _text(rec.get("cited_source")),
        "reference_id": _text(rec.get("reference")),
        "note": _text(rec.get("note")),
        "_file": file,
        "_printed_value": amount,
    }


def format_authors(authors) -> str | None:
    """'Family, Given; Family, Given' from the raw author list."""
    if not authors:
        return None
    names = []
    for a in authors:
        if isinstance(a, dict):
            names.append(", ".join(p for p in (_text(a.get("family")), _text(a.get("given"))) if p))
        else:
            names.append(str(a))
    return "; ".join(names)


def source_row(paper: Paper, problems: list[Problem]) -> dict:
    from .cite import format_source  # light module; shared with the citation API

    s = paper.source
    year = s.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100):
        problems.append(Problem(paper.file, "source", "year", f"must be a whole year from 1900 to 2100, such as 2019; got {year!r}"))
        year = None
    if not isinstance(s.get("authors") or [], list):
        problems.append(Problem(paper.file, "source", "authors", "must be a list of {family, given} mappings ([] when none)"))
        s = {**s, "authors": []}
    row = {
        "source_id": paper.source_id,
        "type": _text(s.get("type")),
        "authors": format_authors(s.get("authors")),
        "title": _text(s.get("title")),
        "container_title": _text(s.get("container_title")),
        "publisher": _text(s.get("publisher")),
        "year": year,
        "volume": _text(s.get("volume")),
        "issue": _text(s.get("issue")),
        "pages": _text(s.get("pages")),
        "doi": _text(s.get("doi")),
        "url": _text(s.get("url")),
        "language": _text(s.get("language")),
        "text_sha256": _text(s.get("text_sha256")),
        "note": _text(s.get("note")),
        "_file": paper.file,
    }
    row["citation"] = format_source(row, style="apa")
    return row


def reference_row(paper: Paper, rec: dict) -> dict:
    return {
        "reference_id": str(rec.get("id")),
        "source_id": paper.source_id,
        "kind": _text(rec.get("kind")),
        "label": _text(rec.get("label")),
        "text": _text(rec.get("text")),
        "url": _text(rec.get("url")),
        "_file": paper.file,
    }


def claim_row(paper: Paper, rec: dict) -> dict:
    parts = rec.get("parts")
    return {
        "claim_id": str(rec.get("id")),
        "source_id": paper.source_id,
        "kind": _text(rec.get("kind")),
        "claim": _text(rec.get("claim")),
        "parts": [str(p) for p in parts] if isinstance(parts, list) else parts,
        "note": _text(rec.get("note")),
        "_file": paper.file,
    }


def normalize_papers(papers: list[Paper]) -> tuple[dict[str, list[dict]], list[Problem]]:
    """Rows of every table, keyed by table kind, and the conversion problems found."""
    problems: list[Problem] = []
    rows: dict[str, list[dict]] = {"observations": [], "projects": [], "sources": [], "references": [], "claims": [], "implied": []}
    for paper in papers:
        rows["sources"].append(source_row(paper, problems))
        rows["references"] += [reference_row(paper, r) for r in paper.references]
        rows["observations"] += [observation_row(paper, r, problems) for r in paper.observations]
        rows["projects"] += [project_row(paper, r, problems) for r in paper.projects]
        rows["claims"] += [claim_row(paper, r) for r in paper.claims]
        rows["implied"] += [{"derived_id": str(r.get("id")), "source_id": paper.source_id, "indicator": _text(r.get("indicator")),
                             "part": _text(r.get("part")), "share": _text(r.get("share")), "note": _text(r.get("note")),
                             "_file": paper.file} for r in paper.implied]
    # Fill citation sources from the reference entries the figures point to.
    ref_text = {r["reference_id"]: r["text"] for r in rows["references"]}
    for row in rows["observations"] + rows["projects"]:
        if row["cited_source"] is None and row["reference_id"] in ref_text:
            row["cited_source"] = ref_text[row["reference_id"]]
    return rows, problems
