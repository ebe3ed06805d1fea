"""From raw records to tidy rows: base units, dates, names from codes, composed locators.

Every key of a raw section that feeds a column (see :mod:`silkroad_data.metadata.records`)
is converted by its column's type; the few columns that are computed (dates from a period,
base units from a scale word, names from area codes, the locator) are computed here. A
column of a resource that no key feeds and nothing computes is a fault of the package, raised
at once, never filled with None.

Conversions that fail (a value that is not a number, a period that is not a date) become
located :class:`~silkroad_data.errors.Problem` s; the row is still produced, with the bad
field left empty, so that every problem of a build is reported at once.

Example
-------
>>> from silkroad_data.pipeline.normalize import parse_period, scale_power   # parse_period: silkroad_data.period
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
from fractions import Fraction

from ..prose import normalize_quote
from ..errors import Problem
from ..period import parse_period  # one grammar of periods, shared with the read side
from ..metadata import FIELDS, RAW_SECTIONS, RESOURCES, SCALES, RawSection, areas
from ..metadata.rows import ROW_KINDS
from .columns import ColumnRows
from .kinds import build_columns, build_rows, column_builder, row_builder
from .records import Paper

_PRECISION_OF_FORM = {4: "year", 7: "month", 10: "day"}  # by the length of YYYY, YYYY-MM, YYYY-MM-DD
_PRECISION_ORDER = ("day", "month", "quarter", "half", "year")


def period_precision(text, given, file: str, rid: str, problems: list[Problem]) -> str | None:
    """How precisely a period is known: ``given`` for a single day, else the coarser form of its bounds.

    >>> period_precision("2019-06-30", "half", "f", "r", []), period_precision("2019-01/2019-11", None, "f", "r", [])
    ('half', 'month')
    """
    if text is None or str(text).strip() == "":
        if given is not None:
            problems.append(Problem(file, rid, "precision", "a precision needs a period; give the date in `period` or leave precision out"))
        return None
    parts = str(text).strip().split("/")
    forms = [{"S": "half", "Q": "quarter"}.get(p.strip()[5:6]) or _PRECISION_OF_FORM.get(len(p.strip())) for p in parts]
    if None in forms:
        return None  # the period itself is reported as malformed
    derived = max(forms, key=_PRECISION_ORDER.index)
    if given is None:
        return derived
    if len(parts) != 1 or derived != "day":
        problems.append(Problem(file, rid, "precision", f"is for a figure dated at a single day (period YYYY-MM-DD); "
                                f"'{text}' already says its precision ({derived})"))
        return derived
    return given


_HALVES = {(1, 6): "S1", (7, 12): "S2"}
_QUARTERS = {(1, 3): "Q1", (4, 6): "Q2", (7, 9): "Q3", (10, 12): "Q4"}


def _month_aligned(start: date, end: date) -> bool:
    return start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]


def time_key(start: date | None, end: date | None, precision: str | None) -> tuple[str | None, str | None]:
    """The SDMX-style time key of a period and its kind (SDMX frequency code).

    A calendar year, half, quarter or month is written as SDMX writes it; a single date (a
    stock, a count so far) as the date; any other span as START/END, each end written to the
    precision the paper gives (the month for 'January-November 2019').

    >>> from datetime import date
    >>> time_key(date(2019, 1, 1), date(2019, 12, 31), "year"), time_key(date(2021, 1, 1), date(2021, 6, 30), "month")
    (('2019', 'A'), ('2021-S1', 'S'))
    >>> time_key(date(2019, 1, 1), date(2019, 11, 30), "month"), time_key(date(2016, 12, 31), date(2016, 12, 31), "day")
    (('2019-01/2019-11', '_O'), ('2016-12-31', 'D'))
    >>> time_key(date(2001, 1, 1), date(2016, 12, 31), "year"), time_key(None, None, None)
    (('2001/2016', '_O'), (None, None))
    """
    if start is None or end is None:
        return None, None
    if start == end:
        return start.isoformat(), "D"
    if _month_aligned(start, end) and start.year == end.year:
        y, months = start.year, (start.month, end.month)
        if months == (1, 12):
            return str(y), "A"
        if months[0] == months[1]:
            return f"{y}-{months[0]:02d}", "M"
        if months in _HALVES:
            return f"{y}-{_HALVES[months]}", "S"
        if months in _QUARTERS:
            return f"{y}-{_QUARTERS[months]}", "Q"
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31 and precision == "year":
        return f"{start.year}/{end.year}", "_O"
    if _month_aligned(start, end) and precision != "day":
        return f"{start:%Y-%m}/{end:%Y-%m}", "_O"
    return f"{start.isoformat()}/{end.isoformat()}", "_O"


def scale_power(scale) -> int:
    """Power of ten of a scale word (0 for none)."""
    if scale in (None, ""):
        return 0
    return SCALES[scale].power


_FRACTION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*$")


def _number(value, file: str, rid: str, field: str, problems: list[Problem]) -> float | None:
    if value is None:
        return None
    if isinstance(value, str) and (m := _FRACTION.match(value)) and float(m[2]):
        # An exact fraction ("100/3" for "one third" in percent), so no digits are invented.
        return float(Fraction(m[1]) / Fraction(m[2]))
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


def _boolean(value, file: str, rid: str, field: str, problems: list[Problem]) -> bool | None:
    if value is not None and not isinstance(value, bool):
        problems.append(Problem(file, rid, field, f"must be true, false or left out, got {value!r}"))
        return None
    return value


def _converted(section: RawSection, rec: dict, file: str, rid: str, problems: list[Problem], lists: tuple = ()) -> dict:
    """Every column fed by a key of ``section``, converted by the column's type (``lists``: keys that take a list)."""
    columns, plan = _plan(section)
    row = dict(columns)  # every column, None until a key of the record fills it
    for name, value in rec.items():  # a record's own keys: fewer than the section allows
        if value is None or (target := plan.get(name)) is None:
            continue  # left out, or not a key that feeds a column (unknown keys are reported when read)
        column, kind = target
        if kind == "float64":
            row[column] = _number(value, file, rid, name, problems)
        elif kind == "bool":
            row[column] = _boolean(value, file, rid, name, problems)
        elif type(value) is str:  # _text, inlined: the common case of millions of values
            row[column] = value.strip() or None
        elif isinstance(value, (list, dict)) and kind == "string" and name not in lists:
            what = "a list" if isinstance(value, list) else "a mapping"
            problems.append(Problem(file, rid, name, f"must be text, got {what}; write it as one string "
                                    "(in quotes if it holds a colon, brackets or braces)"))
        else:  # other scalars are written out; dates, integers and lists are computed by the section's own rules
            row[column] = _text(value)
    return row


_PLANS: dict[str, tuple[dict, dict]] = {}


def _plan(section: RawSection) -> tuple[dict[str, None], dict[str, tuple[str, str]]]:
    """The columns that keys of ``section`` feed (each None, in order) and, for each such key, its column and
    the column's type; worked out once per build (:func:`normalize_papers` starts afresh, so a column declared
    since is seen)."""
    plan = _PLANS.get(section.name)
    if plan is None:
        fed = [(k.name, k.column, FIELDS[k.column].type) for k in section.keys if k.column is not None]
        plan = _PLANS[section.name] = ({column: None for _, column, _ in fed}, {name: (column, kind) for name, column, kind in fed})
    return plan


_COLUMNS: dict[str, frozenset] = {}


def _complete(resource: str, row: dict) -> dict:
    """The row, checked to hold every column of its resource (a forgotten column is a package fault)."""
    names = _COLUMNS.get(resource)
    if names is None:  # worked out once per build, as the plans are
        names = _COLUMNS[resource] = frozenset(RESOURCES[resource].field_names)
    if not row.keys() >= names:
        missing = [name for name in RESOURCES[resource].field_names if name not in row]
        raise RuntimeError(f"normalize produces no value for column(s) {', '.join(missing)} of '{resource}': "
                           "feed each from a raw key (metadata.records) or compute it here")
    return row


def _area(record: dict, key: str, file: str, rid: str, problems: list[Problem]) -> tuple[str | None, str | None]:
    """Name and code of a subject or counterpart: the name comes from the code where there is one."""
    code = _text(record.get(f"{key}_code"))
    name = _text(record.get(key))
    if code is None:
        return name, None
    known = areas().get(code)
    if known is None:
        problems.append(Problem(file, rid, f"{key}_code", f"'{code}' is neither an ISO 3166-1 alpha-3 code nor a World Bank aggregate code (see silkroad_data/metadata/areas.csv)"))
        return name, code
    return known[0], code


def locator(section: str | None, footnote: str | None, entry: str | None = None) -> str:
    """The human-readable place of a figure: section heading, then its note, or the entry of the reference
    list it is credited to (``entry``, the entry's label) with the marker the text prints where they differ.

    >>> locator("Introduction", "3")
    "section 'Introduction', footnote 3"
    >>> locator("Trade", "20", entry="22")
    "section 'Trade', reference list entry 22 (text marker 20)"
    """
    parts = []
    if section:
        parts.append(f"section '{section}'")
    if entry and footnote:  # a numbered list: the marker points at an entry (author-year keys stay out of the locator)
        parts.append(f"reference list entry {entry}" + (f" (text marker {footnote})" if footnote and footnote != entry else ""))
    elif footnote:
        parts.append(f"footnote {footnote}")
    return ", ".join(parts) or "text (no section heading)"


def _list_entries(paper: Paper) -> dict[str, str]:
    """The labels of the paper's reference-list entries, by reference id (a paper's markers need not be its entries' numbers)."""
    return {str(r.get("id")): _text(r.get("label")) for r in paper.references
            if isinstance(r, dict) and r.get("kind") == "reference_list" and _text(r.get("label"))}


def _scaled(value: float | None, power: int) -> float | None:
    # Decimal scaling, so 263.6 billion is 263600000000.0 and not 263600000000.00003.
    if value is None or not power:
        return value
    printed = repr(value)
    if "e" in printed or "n" in printed:  # 1e+16, inf, nan
        return float(Decimal(printed).scaleb(power))
    return float(f"{printed}e{power}")  # the same exact decimal, rounded once to a float


def _power(rec: dict, file: str, rid: str, problems: list[Problem]) -> int:
    """Power of ten of the record's scale word."""
    scale = _text(rec.get("scale"))
    if scale is not None and scale not in SCALES:
        problems.append(Problem(file, rid, "scale", f"unknown scale '{scale}'; use one of {', '.join(SCALES)}"))
        scale = None
    return scale_power(scale)


def _bounds(rec: dict, period_key: str, file: str, rid: str, problems: list[Problem]):
    """The start and end of the record's period."""
    try:
        return parse_period(rec.get(period_key))
    except ValueError as exc:
        problems.append(Problem(file, rid, period_key, str(exc)))
        return None, None


def _scale_and_period(rec: dict, period_key: str, file: str, rid: str, problems: list[Problem]):
    """Power of ten of the record's scale word, and the start and end of its period."""
    return (_power(rec, file, rid, problems), *_bounds(rec, period_key, file, rid, problems))


_PERIODS: dict[tuple, tuple] = {}


def _period_columns(period, given, file: str, rid: str, problems: list[Problem]) -> tuple:
    """An observation's period_start, period_end, period_precision, time_period and freq, from its ``period``
    and the precision it gives. A corpus holds few distinct periods: each one without a problem is worked
    out once per build (a period with a problem is worked out for each record, to locate each)."""
    key = (type(period), period, given)
    if type(period) in (str, int) and (done := _PERIODS.get(key)) is not None:
        return done
    found: list[Problem] = []
    start, end = _bounds({"period": period}, "period", file, rid, found)
    precision = period_precision(period, given, file, rid, found)
    done = (start, end, precision, *time_key(start, end, precision))
    if found:
        problems += found
    elif type(period) in (str, int):
        _PERIODS[key] = done
    return done


def _quote(rec: dict) -> str | None:
    return normalize_quote(str(rec.get("quote") or "")) or None


@row_builder("observations", context=_list_entries)
def observation_row(paper: Paper, rec: dict, problems: list[Problem], entries: dict[str, str] | None = None) -> dict:
    file, rid = paper.file, str(rec.get("id"))
    row = _converted(RAW_SECTIONS["observations"], rec, file, rid, problems)
    power = _power(rec, file, rid, problems)
    (row["period_start"], row["period_end"], row["period_precision"], row["time_period"],
     row["freq"]) = _period_columns(rec.get("period"), row["period_precision"], file, rid, problems)
    row["subject"], row["subject_code"] = _area(rec, "subject", file, rid, problems)
    row["counterpart"], row["counterpart_code"] = _area(rec, "counterpart", file, rid, problems)
    if row["subject"] is None:
        problems.append(Problem(file, rid, "subject_code", "give subject_code, or subject as text where there is no code"))
    printed, printed_high = row["value"], row["value_high"]
    row["source_date"], row["source_date_precision"] = source_date(paper, rec.get("reference"))
    row.update(
        obs_id=rid, value=_scaled(printed, power), value_high=_scaled(printed_high, power), printed_scale=power,
        source_id=paper.source_id, quote=_quote(rec),
        locator=locator(row["section"], row["footnote"], (entries or {}).get(str(rec.get("reference")))),
        # Kept for validation messages; dropped before writing.
        _file=file, _printed_value=printed, _printed_high=printed_high,
    )
    return _complete("trade", row)


@row_builder("projects")
def project_row(paper: Paper, rec: dict, problems: list[Problem]) -> dict:
    file, rid = paper.file, str(rec.get("id"))
    row = _converted(RAW_SECTIONS["projects"], rec, file, rid, problems)
    power, row["date"], _ = _scale_and_period(rec, "date", file, rid, problems)
    row["country"], row["country_code"] = _area(rec, "country", file, rid, problems)
    printed = row["amount"]
    row.update(project_id=rid, source_id=paper.source_id, amount=_scaled(printed, power), printed_scale=power,
               quote=_quote(rec), locator=locator(_text(rec.get("section")), None), _file=file, _printed_value=printed)
    return _complete("projects", row)


def format_authors(authors) -> str | None:
    """'Family, Given; Family, Given' from the raw author list."""
    if not authors:
        return None
    names = []
    for a in authors:
        if isinstance(a, dict) and a.get("name") is not None:
            names.append("{" + str(_text(a.get("name"))) + "}")  # an organisation, as BibTeX braces one
        elif isinstance(a, dict):
            names.append(", ".join(p for p in (_text(a.get("family")), _text(a.get("given"))) if p))
        else:
            names.append(str(a))
    return "; ".join(names)


@row_builder("sources")
def source_row(paper: Paper, problems: list[Problem]) -> dict:
    from ..citation import format_source  # light module; shared with the citation API

    s = paper.source
    row = _converted(RAW_SECTIONS["source"], s, paper.file, "source", problems, lists=("authors",))
    year = s.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100):
        problems.append(Problem(paper.file, "source", "year", f"must be a whole year from 1900 to 2100, such as 2019; got {year!r}"))
        year = None
    authors = s.get("authors") or []
    if not isinstance(authors, list):
        problems.append(Problem(paper.file, "source", "authors", "must be a list of {family, given} mappings ([] when none)"))
        authors = []
    row.update(source_id=paper.source_id, year=year, authors=format_authors(authors), _file=paper.file)
    row["citation"] = format_source(row, style="apa")
    return _complete("sources", row)


@row_builder("references")
def reference_row(paper: Paper, rec: dict, problems: list[Problem]) -> dict:
    """A row of the references table: the entry as printed and the record of the work it credits."""
    file, rid = paper.file, str(rec.get("id"))
    row = _converted(RAW_SECTIONS["references"], rec, file, rid, problems, lists=("authors",))
    authors = rec.get("authors") or []
    if not isinstance(authors, list) or not all(isinstance(a, dict) and (set(a) <= {"family", "given"} and a.get("family")
                                                                          or set(a) == {"name"}) for a in authors):
        problems.append(Problem(file, rid, "authors", "must be a list of persons {family, given} and organisations {name}; "
                                "leave it out where the entry names none"))
        authors = []
    row["authors"] = format_authors(authors)
    row["issued_precision"] = work_date(rec.get("issued"), file, rid, problems)[1]
    row.update(reference_id=rid, source_id=paper.source_id, _file=file)
    return _complete("references", row)


def work_date(issued, file: str, rid: str, problems: list[Problem]) -> tuple[date | None, str | None]:
    """The first day of a work's date and how precisely it is known: '2018-12' is (2018-12-01, 'month').

    >>> work_date("2018-04-18/2018-04-20", "f", "r", [])
    (datetime.date(2018, 4, 18), 'day')
    """
    if issued is None or str(issued).strip() == "":
        return None, None
    try:
        start, _ = parse_period(issued)
    except ValueError as exc:
        problems.append(Problem(file, rid, "issued", str(exc)))
        return None, None
    return start, period_precision(issued, None, file, rid, problems)


_WORK_DATES: dict[str, dict[str, tuple]] = {}


def source_date(paper: Paper, reference) -> tuple[date | None, str | None]:
    """The date of the work an observation's reference credits (through ``same_as``), for its source_date columns."""
    dates = _WORK_DATES.get(paper.file)
    if dates is None:  # once per paper and build
        records = {str(r.get("id")): r for r in paper.references}
        dates = _WORK_DATES[paper.file] = {}
        for rid, r in records.items():
            work = records.get(str(r.get("same_as")), r) if r.get("same_as") else r
            dates[rid] = work_date(work.get("issued"), paper.file, rid, [])  # a bad date is reported with its entry
    return dates.get(str(reference), (None, None)) if reference else (None, None)


@row_builder("claims")
def claim_row(paper: Paper, rec: dict, problems: list[Problem]) -> dict:
    row = _converted(RAW_SECTIONS["claims"], rec, paper.file, str(rec.get("id")), problems, lists=("parts",))
    parts = rec.get("parts")
    row.update(claim_id=str(rec.get("id")), source_id=paper.source_id, _file=paper.file,
               parts=[str(p) for p in parts] if isinstance(parts, list) else parts)
    return row


@row_builder("implied")
def implied_row(paper: Paper, rec: dict, problems: list[Problem]) -> dict:
    row = _converted(RAW_SECTIONS["implied"], rec, paper.file, str(rec.get("id")), problems)
    row.update(derived_id=str(rec.get("id")), source_id=paper.source_id, _file=paper.file)
    return row


def normalize_papers(papers: list[Paper], columns: dict | None = None) -> tuple[dict[str, list[dict]], list[Problem]]:
    """Rows of every kind (:data:`silkroad_data.metadata.rows.ROW_KINDS`), by kind, and the conversion problems found.

    With a dict ``columns``, the kinds that have a :func:`~.kinds.column_builder` are normalized on whole
    columns when they can be: ``columns[kind]`` then holds their columns, by name, and their rows are
    made from those.
    """
    problems: list[Problem] = []
    _PLANS.clear()
    _COLUMNS.clear()
    _WORK_DATES.clear()
    _PERIODS.clear()
    rows: dict[str, list[dict]] = {kind: [] for kind in ROW_KINDS}
    if columns is not None:
        columns.update(build_columns(papers))
        for kind, done in columns.items():
            rows[kind] = ColumnRows(done)
    for paper in papers:
        build_rows(paper, rows, problems, skip=tuple(columns or ()))
    # cited_source is written out in each record: a note's text ("Ibid.", "Since 2001, ...") is not a source.
    return rows, problems


_STRIPPED_TYPES = {str, type(None)}
_NUMBER_TYPES = {float, int, type(None)}


class _NotText(Exception):
    pass


def _scalar_text(value) -> str | None:
    if isinstance(value, (list, dict)):
        raise _NotText
    return _text(value)


def _text_column(values: list) -> list | None:
    """``_converted``'s text of each value of a text column; None when a value is a list or mapping
    (reported by the records' path)."""
    try:  # one pass: each value is read once
        return [None if v is None else (v.strip() or None) if v.__class__ is str else _scalar_text(v) for v in values]
    except _NotText:
        return None


def _number_column(values: list) -> list | None:
    """The finite numbers of a number column; None when a value is not one (text, a fraction, a
    boolean, infinity: the records' path converts or reports it)."""
    if not set(map(type, values)) <= _NUMBER_TYPES:
        return None
    try:
        out = [float(v) if v is not None else None for v in values]
    except OverflowError:
        return None
    if not all(math.isfinite(v) for v in out if v is not None):
        return None
    return out


@column_builder("observations")
def observation_columns(papers: list[Paper]) -> dict[str, list] | None:
    """The papers' observations normalized on whole columns: each column of :func:`observation_row`'s rows,
    by name, in the same order and with the same values; or None when a record needs the records' path
    (a value of another type, a problem to report), which then normalizes every record of the papers.

    Each distinct period, scale and area is worked out once; text is stripped and numbers scaled column
    by column, so a record costs no call of its own.
    """
    section = RAW_SECTIONS["observations"]
    _, plan = _plan(section)
    records = [r for paper in papers for r in paper.observations]
    n = len(records)
    if not n:
        return None
    files, sources, entries_of, dates_of = [], [], [], []
    for paper in papers:
        k = len(paper.observations)
        files += [paper.file] * k
        sources += [paper.source_id] * k
        entries = _list_entries(paper)
        entries_of += [entries] * k
        source_date(paper, None)  # works out the paper's dates once
        dates_of += [_WORK_DATES[paper.file]] * k
    keys = [k.name for k in section.keys] + ["id"]
    # Each record visited once (its dict stays in the processor's cache), then the values transposed at C speed.
    raw = dict(zip(keys, map(list, zip(*[tuple(map(r.get, keys)) for r in records]))))
    out: dict[str, list] = {}
    for name, (column, kind) in plan.items():
        values = raw[name]
        if kind == "float64":
            converted = _number_column(values)
        elif kind == "bool":
            converted = values if set(map(type, values)) <= {bool, type(None)} else None
        elif kind == "int64":  # the scale word, made a power of ten below
            converted = values if set(map(type, values)) <= _STRIPPED_TYPES else None
        else:
            converted = _text_column(values)
        if converted is None:
            return None
        out[column] = converted
    # The scale word's power of ten.
    scales = [v.strip() or None if v is not None else None for v in raw["scale"]]
    if not set(scales) <= set(SCALES) | {None}:
        return None
    power = {s: scale_power(s) for s in set(scales)}
    powers = [power[s] for s in scales]
    # Periods, each distinct one once.
    found: list[Problem] = []
    periods = [_period_columns(p, g, "", "", found) for p, g in zip(raw["period"], out["period_precision"])]
    if found:
        return None
    for i, name in enumerate(("period_start", "period_end", "period_precision", "time_period", "freq")):
        out[name] = [p[i] for p in periods]
    # Areas: the name comes from the code where there is one.
    known = areas()
    for key in ("subject", "counterpart"):
        codes = _text_column(raw[f"{key}_code"])
        names = _text_column(raw[key])
        if codes is None or names is None or not set(codes) - {None} <= known.keys():
            return None
        out[key] = [known[c][0] if c is not None else name for c, name in zip(codes, names)]
        out[f"{key}_code"] = codes
    if None in out["subject"]:
        return None
    references = raw["reference"]
    out["source_date"], out["source_date_precision"] = (list(x) for x in zip(*(
        dates.get(str(ref), (None, None)) if ref else (None, None) for dates, ref in zip(dates_of, references))))
    printed, printed_high = out["value"], out["value_high"]
    out["obs_id"] = [str(v) for v in raw["id"]]
    out["value"] = [_scaled(v, p) for v, p in zip(printed, powers)]
    out["value_high"] = [_scaled(v, p) if v is not None else None for v, p in zip(printed_high, powers)]
    out["printed_scale"] = powers
    out["source_id"] = sources
    out["quote"] = [normalize_quote(str(q or "")) or None for q in raw["quote"]]
    out["locator"] = [locator(sec, note, entries.get(str(ref)) if entries else None)
                      for sec, note, ref, entries in zip(out["section"], out["footnote"], references, entries_of)]
    out["_file"], out["_printed_value"], out["_printed_high"] = files, printed, printed_high
    names = list(RESOURCES["trade"].field_names)
    if not out.keys() >= set(names):
        return None  # a column nothing computes: the records' path says which
    # In observation_row's order: the section's columns, then those it computes.
    order = list(_plan(section)[0]) + [c for c in ("period_start", "period_end", "time_period", "freq") if c not in _plan(section)[0]]
    order += [c for c in out if c not in order]
    return {c: out[c] for c in order}
