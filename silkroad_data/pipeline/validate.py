"""Validation of normalized tables: the schema from the registry, the rules of single records, the rules across records.

The schema of each table is declared for users as a pandera schema (:func:`silkroad_data.schema.schema`);
the build runs the same checks with pyarrow.compute on its typed columns
(:func:`schema_problems`), a test holding the two equal. The rules of a single record run
as each paper is read (:func:`record_problems`); those across records and papers on whole
columns (:func:`validate_tables`). Every failure becomes a located
:class:`~silkroad_data.errors.Problem` (file, record id, field), all reported at once.

Example
-------
>>> from silkroad_data.pipeline.validate import schema_problems
"""

from __future__ import annotations

import math
import re
from datetime import date

from types import SimpleNamespace

import pandas as pd
import pyarrow
import pyarrow.compute as pc

from ..prose import (_CURRENCY_PATTERNS, _SCALE_WORDS, normalize_quote, number_in_words, numbers_in, printed_currency,
                     printed_scale)
from ..errors import Problem
from ..metadata import CLAIM_KINDS, EXCLUSION_REASONS, QUOTE_MAX_CHARS, RESOURCES, SCALES, UNITS
from ..metadata.concepts import CONCEPTS
from ..metadata.vocabularies import unit_kind
from ..values import plain_records
from ..schema import LARGE, TOO_LARGE, no_match, not_in, pandera_schema
from .columns import COLUMN_KINDS, arrow_columns
from .kinds import record_rules, run_record_rules, run_table_rules, table_rules
from .derive import made_span




def _pandera_problems(table: str, df: pd.DataFrame, id_col: str) -> list[Problem]:
    """The problems pandera finds in ``df`` with the schema of ``table`` (:func:`schema_problems` finds the same)."""
    import pandera.errors

    try:
        pandera_schema(table, check_types=False).validate(df, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        out = []
        for case in exc.failure_cases.itertuples(index=False):
            idx = case.index
            if idx is not None and not (isinstance(idx, float) and math.isnan(idx)) and int(idx) in df.index:
                row = df.loc[int(idx)]
                file, rid = row.get("_file") or table, str(row.get(id_col))
            else:
                file, rid = table, ""
            column = case.column if isinstance(case.column, str) else ""
            check = str(case.check)
            if check.startswith("not_nullable"):
                msg = "required field is missing or empty"
            elif check.startswith("field_uniqueness"):
                msg = f"id '{case.failure_case}' is used more than once"
            else:
                msg = f"value {case.failure_case!r} fails check: {check}"
            out.append(Problem(file, rid, column, msg))
        return out
    return []


def schema_problems(table: str, data: pyarrow.Table, id_col: str) -> list[Problem]:
    """The checks of ``table``'s schema (:func:`pandera_schema`) on typed columns, with pyarrow.compute.

    The same rules and the same words as pandera's (a test holds them equal), in about a
    millisecond per column whatever the size: required columns hold a value, unique columns
    no value twice, codes are of their vocabulary, identifiers match their pattern, numbers
    are below 1e16 in size. Dates are dates by their column's type.
    """
    resource = RESOURCES[table]
    files = data.column("_file") if "_file" in data.column_names else None
    problems: list[Problem] = []

    def located(mask, column: str, message) -> None:
        at = pc.indices_nonzero(pc.fill_null(mask, False))
        if len(at):
            where = files.take(at).to_pylist() if files is not None else [None] * len(at)
            for value, rid, file in zip(data.column(column).take(at).to_pylist(), data.column(id_col).take(at).to_pylist(), where):
                problems.append(Problem(file or table, str(rid), column, message(value)))

    for f in resource.fields:
        col = data.column(f.name)
        present = pc.is_valid(col)
        if f.type == "float64":
            present = pc.and_(present, pc.invert(pc.fill_null(pc.is_nan(col), True)))  # pandas holds a missing number as NaN
        if resource.required(f):
            located(pc.invert(present), f.name, lambda v: "required field is missing or empty")
        if resource.unique(f):
            counts = pc.value_counts(col)
            twice = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
            if len(twice):
                located(pc.and_(present, pc.is_in(col, value_set=twice)), f.name, lambda v: f"id '{v}' is used more than once")
        if f.vocabulary is not None:
            codes = pyarrow.array(f.vocabulary.codes(), pyarrow.string())
            located(pc.and_(present, pc.invert(pc.is_in(col, value_set=codes))), f.name,
                    lambda v, f=f: f"value {v!r} fails check: {not_in(f)}")
        if f.pattern:
            # RE2 first, for speed; what it refuses is asked of Python's re, as pandera asks it (re.match).
            refused = pc.and_(present, pc.invert(pc.match_substring_regex(col, f"^(?:{f.pattern})")))
            if pc.any(refused).as_py():
                pattern = re.compile(f.pattern)
                python = pyarrow.array([v is not None and pattern.match(v) is None for v in col.to_pylist()])
                located(pc.and_(refused, python), f.name, lambda v, f=f: f"value {v!r} fails check: {no_match(f)}")
        if f.type == "float64":
            located(pc.and_(present, pc.greater_equal(pc.abs(col), LARGE)), f.name,
                    lambda v: f"value {v!r} fails check: {TOO_LARGE}")
    return problems


def validate_outputs(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every table about to be written, checked against its schema once more.

    The theme tables were checked as raw rows; the derived tables (conflicts, audit) are
    checked here for the first time.
    """
    problems = []
    for name, df in tables.items():
        problems += schema_problems(name, pyarrow.Table.from_arrays(arrow_columns(name, df), names=list(RESOURCES[name].field_names)),
                                    RESOURCES[name].primary_key)
    return problems


class _Row:
    """A normalized row read by attribute (its dict itself, not a copy)."""


def _rows(rows: list[dict]):
    """Normalized rows as attribute objects (missing values are None already)."""
    for rec in rows:
        row = object.__new__(_Row)
        row.__dict__ = rec
        yield row


def _close(a: float, b: float) -> bool:
    # A fall printed as "a decrease of 14%" is recorded as -14: the sign comes from the words.
    return math.isclose(abs(a), b, rel_tol=1e-9, abs_tol=1e-12)


def printed_numbers(reported: str) -> list[float]:
    """The numbers a printed figure states: its digit groups, or its number words."""
    found = [float(n.replace(",", "")) for n in numbers_in(reported or "")]
    if not found:
        words = number_in_words(reported or "")
        if words is not None:
            found = [words]
    return found


def _plausible(row, problems: list[Problem]) -> None:
    v, unit = row.value, UNITS.get(row.unit)
    if v is None or (isinstance(v, float) and math.isnan(v)) or unit is None:
        return
    bad = unit.implausible(v, row.measure)
    if bad:
        problems.append(Problem(row._file, row.obs_id, "value", f"{v!r} is implausible: {bad}"))


_PER_CENT = re.compile(r"\bper ?cent\b")


def _printed_rules(row, f: str, rid: str, problems: list[Problem], scaled: bool) -> None:
    """The scale word, currency and percent sign printed in ``reported`` agree with the stored scale and unit."""
    printed = row.reported or ""
    if scaled:
        word = printed_scale(printed)
        stored = next((s.code for s in SCALES.terms if s.power == row.printed_scale), None)
        if word != stored:
            says = f"says {word.replace('_', ' ')}" if word else "prints no scale word"
            problems.append(Problem(f, rid, "scale", f"'{printed}' {says}, but scale is {stored or 'left out'}; make them agree, "
                                    "or say in `correction` where the scale comes from"))
    if row.unit is None:
        return  # reported as missing already
    currency = printed_currency(printed)
    if currency is not None and row.unit != currency:
        problems.append(Problem(f, rid, "unit", f"'{printed}' is in {currency}, but unit is {row.unit}"))
    if ("%" in printed or _PER_CENT.search(printed)) and row.unit not in ("percent", "percentage_points"):
        problems.append(Problem(f, rid, "unit", f"'{printed}' is a percentage, but unit is {row.unit}"))


# The words a figure's note gives when no date bounds when its forecast or target was made (the
# paper and its credited work give none, and the paper's words allow none): `made` then stays
# empty, and these words tell that apart from a date left out by mistake.
NOT_DATED = "Made: not dated"


def _status_and_criterion_rules(row, f: str, rid: str, problems: list[Problem]) -> None:
    """When forecasts were made, the direction of thresholds, ranks apart from ordinals."""
    ahead = row.status in ("forecast", "target")
    undated = NOT_DATED in (row.note or "")
    if ahead and row.made is None and not undated:
        problems.append(Problem(f, rid, "made", f"a {row.status} needs the date it was made: the credited source's date, else the paper's; "
                                f"where neither they nor the paper's words date it, say '{NOT_DATED}' in note, and why"))
    elif ahead and row.made is not None and undated:
        problems.append(Problem(f, rid, "made", f"note says '{NOT_DATED}', but made is '{row.made}': keep one of the two"))
    elif not ahead and row.made is not None and row.status is not None:
        problems.append(Problem(f, rid, "made", f"only a forecast or target has a date it was made; this figure is {row.status}"))
    elif ahead and row.period_end is not None and made_span(row.made) is not None and made_span(row.made)[0] > _day(row.period_end):
        problems.append(Problem(f, rid, "made", f"'{row.made}' is after the end of the period it looks ahead to ({_day(row.period_end)}); "
                                "give the date the forecast or target was made (the paper's words, or the credited work's date), "
                                "never the paper's own year by default"))
    threshold = row.measure == "threshold"
    if threshold and row.comparator is None:
        problems.append(Problem(f, rid, "comparator", "a threshold needs its direction: >, >=, < or <= (a case meets it when its value is <comparator> value)"))
    elif not threshold and row.comparator is not None and row.measure is not None:
        problems.append(Problem(f, rid, "comparator", "only a threshold (measure: threshold) has a comparator"))
    for measure in ("rank", "ordinal"):
        if (row.measure == measure) != (row.unit == measure) and row.measure is not None and row.unit is not None:
            problems.append(Problem(f, rid, "unit", f"measure {row.measure} goes with unit {row.measure if row.measure in ('rank', 'ordinal') else 'of its own'}; "
                                    "a position in a ranking is rank/rank, the n-th of a sequence ordinal/ordinal"))
            break


def _day(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _concept_rules(obs: pd.DataFrame) -> list[Problem]:
    """Every figure of a concept has the concept's kind of unit and its measure (see metadata/concepts.py)."""
    problems: list[Problem] = []
    # On whole columns: each distinct concept and unit is looked up once, and only the rows that break the rule
    # are read one by one.
    concept = obs["concept_id"].astype(object).where(obs["concept_id"].notna(), None)
    known = {c: CONCEPTS.get(c) for c in concept.dropna().unique()}
    known = {c: k for c, k in known.items() if k is not None}
    declared = concept.isin(list(known))
    measure = obs["measure"].astype(object).where(obs["measure"].notna(), None)
    unit = obs["unit"].astype(object).where(obs["unit"].notna(), None)
    wants_measure = concept.map({c: k.measure for c, k in known.items()})
    wants_kind = concept.map({c: k.unit_kind for c, k in known.items()})
    kinds = unit.map({u: unit_kind(u) for u in unit.dropna().unique() if isinstance(u, str)})
    bad_measure = declared & measure.notna() & (measure != wants_measure)
    bad_unit = declared & unit.notna() & (kinds.astype(object).where(kinds.notna(), None) != wants_kind)
    for f, rid, row in _located(obs, bad_measure | bad_unit, "obs_id"):
        concept = CONCEPTS[row["concept_id"]]
        if row["measure"] is not None and row["measure"] != concept.measure:
            problems.append(Problem(f, rid, "measure", f"concept '{concept.code}' is a {concept.measure}, but this figure is {row['measure']}; "
                                    "give the figure the concept of what it measures, or declare one in silkroad_data/metadata/concepts.py"))
        kind = unit_kind(row["unit"]) if isinstance(row["unit"], str) else None
        if row["unit"] is not None and kind != concept.unit_kind:
            problems.append(Problem(f, rid, "unit", f"concept '{concept.code}' is measured in {concept.unit_kind}, but this figure's unit "
                                    f"{row['unit']} is {kind}"))
    return problems


def _print_group_rules(obs: pd.DataFrame) -> list[Problem]:
    """A group of figures printed once for several areas: two figures or more of one paper, one concept and
    one printed number, each for other areas."""
    problems: list[Problem] = []
    grouped = obs.loc[obs["print_group"].notna()]
    for gid, g in grouped.groupby("print_group", sort=True):
        rows = plain_records(g)
        areas = {(r["subject_code"], r["subject"], r["counterpart_code"], r["counterpart"]) for r in rows}
        why = None
        if len(rows) < 2:
            why = "names no other figure: a group holds the figures one number of the paper is printed for, two or more"
        elif not str(gid).startswith(f"{rows[0]['source_id']}.") or len({r["source_id"] for r in rows}) > 1:
            why = f"a group belongs to one paper and its id starts with that paper's id ('{rows[0]['source_id']}.')"
        elif len({r["concept_id"] for r in rows}) > 1 or len({r["value"] for r in rows}) > 1 or len({r["reported"] for r in rows}) > 1:
            why = "the figures of a group share their concept and the number as printed"
        elif len(areas) < len(rows):
            why = "the figures of a group are each for other areas"
        if why:
            problems += [Problem(r["_file"], r["obs_id"], "print_group", f"group '{gid}': {why}") for r in rows]
    return problems


def _located(df: pd.DataFrame, mask, id_col: str):
    """(file, record id, row) of the rows of ``df`` where ``mask`` holds: the few that break a rule."""
    for row in plain_records(df.loc[mask]):
        yield row["_file"], row[id_col], row


# What an entry that repeats another (same_as) may add: where in the work it points, and why.
_SAME_AS_OWN = {"reference_id", "source_id", "reference_kind", "label", "text", "url", "same_as", "pinpoint", "note", "_file"}


def _work_rules(references: list[dict]) -> list[Problem]:
    """Each entry records the work it credits (a work_type at least), or names the entry of its paper that does."""
    problems: list[Problem] = []
    by_id = {r["reference_id"]: r for r in references}
    for r in references:
        f, rid, same = r["_file"], r["reference_id"], r.get("same_as")
        if same is None:
            if r.get("work_type") is None:
                problems.append(Problem(f, rid, "type", "give the kind of work the entry credits (a work_type code), "
                                        "or same_as: the entry of this paper that names the same work"))
            continue
        target = by_id.get(same)
        if target is None or target["source_id"] != r["source_id"] or target.get("same_as") or same == rid:
            problems.append(Problem(f, rid, "same_as", f"'{same}' must be another entry of this file's references that "
                                    "records the work itself (no same_as of its own)"))
        extra = [k for k, v in r.items() if v is not None and k not in _SAME_AS_OWN and k != "issued_precision"]
        if extra:
            problems.append(Problem(f, rid, extra[0], f"the work is recorded in '{same}' (same_as); here give only "
                                    "pinpoint and note"))
    return problems


def _credit_rules(df: pd.DataFrame, references: pd.DataFrame, id_col: str) -> list[Problem]:
    """A figure (or deal) is credited to an entry of its own paper's notes or reference list."""
    ref_source = pd.Series(references["source_id"].to_numpy(), index=references["reference_id"].to_numpy())
    ref_source = ref_source[~ref_source.index.duplicated(keep="last")]
    credited = df["reference_id"].notna()
    owner = df["reference_id"].map(ref_source)
    problems = [Problem(f, rid, "reference", f"'{row['reference_id']}' is not an id in this file's references")
                for f, rid, row in _located(df, credited & owner.isna(), id_col)]
    problems += [Problem(f, rid, "reference", f"'{row['reference_id']}' belongs to another paper")
                 for f, rid, row in _located(df, credited & owner.notna() & (owner != df["source_id"]), id_col)]
    return problems


def _alternative_rules(obs: pd.DataFrame) -> list[Problem]:
    """Two criteria given as alternatives name each other, both thresholds of one paper."""
    problems: list[Problem] = []
    linked = obs["alternative_to"].notna()
    if not linked.any():
        return problems
    named = obs[obs["obs_id"].isin(set(obs.loc[linked, "alternative_to"]))]
    by_id = {r["obs_id"]: r for r in plain_records(named)}  # the last of an id used twice, as a lookup keeps it
    for f, rid, row in _located(obs, linked, "obs_id"):
        other = by_id.get(row["alternative_to"])
        if other is None or other["source_id"] != row["source_id"]:
            problems.append(Problem(f, rid, "alternative_to", f"'{row['alternative_to']}' is not an observation of this paper"))
        elif other["measure"] != "threshold" or row["measure"] != "threshold":
            problems.append(Problem(f, rid, "alternative_to", "links two criteria: both must be thresholds"))
        elif other["alternative_to"] != rid:
            problems.append(Problem(f, rid, "alternative_to", f"'{row['alternative_to']}' must name this record as its alternative_to too"))
    return problems


_SERIES_SHARED = ("table", "indicator", "subject", "subject_code", "counterpart", "counterpart_code", "unit", "measure")


def _series_rules(obs: pd.DataFrame) -> list[Problem]:
    """A series has one table, indicator, areas, unit and measure: each figure agrees with the series' first."""
    problems: list[Problem] = []
    in_series = obs["series_id"].notna() & (obs["series_id"] != "")
    series = obs.loc[in_series]
    first = series.loc[~series["series_id"].duplicated(), ["series_id", "obs_id", *_SERIES_SHARED]].set_index("series_id")
    for field in _SERIES_SHARED:
        theirs = series["series_id"].map(first[field])
        mine = series[field]
        differs = (theirs != mine) & ~(theirs.isna() & mine.isna())
        if not differs.any():
            continue
        firsts = series.loc[differs, "series_id"].map(first["obs_id"]).tolist()
        for (f, rid, row), a, by in zip(_located(series, differs, "obs_id"), theirs[differs].tolist(), firsts):
            a = None if a != a else a
            problems.append(Problem(f, rid, field, f"series '{row['series_id']}' has {field} '{a}' in {by} but "
                                    f"'{row[field]}' here; a series has one {field}"))
    return problems


def _observation_rules(obs: pd.DataFrame, references: pd.DataFrame, source_ids) -> list[Problem]:
    """The rules that span observations (credit, sources, alternatives, series), over every row at once."""
    problems = _credit_rules(obs, references, "obs_id")
    problems += [Problem(f, rid, "source_id", f"unknown source '{row['source_id']}'")
                 for f, rid, row in _located(obs, ~obs["source_id"].isin(set(source_ids)), "obs_id")]
    return problems + _alternative_rules(obs) + _series_rules(obs) + _concept_rules(obs) + _print_group_rules(obs)


def _one_observation(row, f: str, rid: str, problems: list[Problem]) -> None:
    """The rules an observation obeys by itself, whatever the other records."""
    if rid and not str(rid).startswith(f"{row.source_id}."):
        problems.append(Problem(f, rid, "id", f"must start with the file's source id '{row.source_id}.'"))
    quote, reported = row.quote or "", normalize_quote(row.reported or "")
    if len(quote) > QUOTE_MAX_CHARS:
        problems.append(Problem(f, rid, "quote", f"is {len(quote)} characters long; keep quotes to at most {QUOTE_MAX_CHARS}"))
    if reported and reported not in quote:
        problems.append(Problem(f, rid, "quote", f"does not contain the number as printed ('{row.reported}'); the quote must contain `reported` verbatim"))
    stated = printed_numbers(row.reported)
    if row.unit == "percent" and stated and not numbers_in(row.reported or ""):
        stated += [100 * x for x in stated]  # a share in words ("one third") is stored in percent
    if row.correction is None and row._printed_value is not None and stated and not any(_close(row._printed_value, s) for s in stated):
        problems.append(Problem(f, rid, "value", f"{row._printed_value!r} is not the number printed in '{row.reported}'; fix it, or say why in `correction`"))
    if row.correction is None:
        _printed_rules(row, f, rid, problems, scaled=True)
    high = row._printed_high
    if row.qualifier == "range":
        if high is None:
            problems.append(Problem(f, rid, "value_high", "a range needs its upper end in value_high"))
        elif row._printed_value is not None and high <= row._printed_value:
            problems.append(Problem(f, rid, "value_high", "must be greater than value (the lower end)"))
        elif row.correction is None and stated and not any(_close(high, s) for s in stated):
            problems.append(Problem(f, rid, "value_high", f"{high!r} is not a number printed in '{row.reported}'"))
    elif high is not None:
        problems.append(Problem(f, rid, "value_high", "only a range (qualifier: range) has an upper end"))
    _status_and_criterion_rules(row, f, rid, problems)
    if row.period_start is not None and row.period_label is None:
        problems.append(Problem(f, rid, "period_label", "a figure with a period needs the period words as printed"))
    _plausible(row, problems)


def _one_project(row, f: str, rid: str, problems: list[Problem]) -> None:
    """The rules a deal obeys by itself, whatever the other records."""
    if not str(rid).startswith(f"{row.source_id}."):
        problems.append(Problem(f, rid, "id", f"must start with the file's source id '{row.source_id}.'"))
    for field in ("amount_reported", "date_label", "share_reported"):
        printed = getattr(row, field)
        if isinstance(printed, str) and normalize_quote(printed) not in (row.quote or ""):
            problems.append(Problem(f, rid, "quote", f"does not contain {field} '{printed}' as printed"))
    _printed_rules(SimpleNamespace(reported=row.amount_reported, unit=row.unit, printed_scale=row.printed_scale),
                   f, rid, problems, scaled=False)  # a deal table prints its scale once, in its header
    stated = printed_numbers(row.amount_reported or "")
    if row._printed_value is not None and stated and not any(_close(row._printed_value, s) for s in stated):
        problems.append(Problem(f, rid, "amount", f"{row._printed_value!r} is not the number printed in '{row.amount_reported}'"))


def _exclusion_rules(papers, obs_ids: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    for paper in papers:
        for n, ex in enumerate(paper.exclusions, start=1):
            rid = f"exclusions[{n}]"
            # str() first: a list or mapping written by mistake is reported, not a crash.
            if str(ex.get("reason")) not in EXCLUSION_REASONS:
                problems.append(Problem(paper.file, rid, "reason", f"unknown reason {ex.get('reason')!r}; use one of {', '.join(EXCLUSION_REASONS)}"))
            has_pattern, has_context = bool(ex.get("pattern")), bool(ex.get("context"))
            if has_pattern == has_context:
                problems.append(Problem(paper.file, rid, "pattern", "give exactly one of `pattern` or `context`"))
            if has_pattern:
                try:
                    re.compile(str(ex["pattern"]))
                except re.error as exc:
                    problems.append(Problem(paper.file, rid, "pattern", f"is not a valid regular expression: {exc}"))
            if ex.get("of") is not None and str(ex["of"]) not in obs_ids:
                problems.append(Problem(paper.file, rid, "of", f"'{ex['of']}' is not an observation id"))
            if ex.get("numbers") is not None and not isinstance(ex["numbers"], list):
                problems.append(Problem(paper.file, rid, "numbers", "must be a list of numbers as printed, e.g. ['2016']"))
    return problems


def _claim_rules(claims: list[dict], obs_ids: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for c in claims:
        f, rid = c["_file"], c["claim_id"]
        if not rid.startswith(f"{c['source_id']}."):
            problems.append(Problem(f, rid, "id", f"must start with the file's source id '{c['source_id']}.'"))
        if rid in seen:
            problems.append(Problem(f, rid, "id", f"id '{rid}' is used more than once"))
        seen.add(rid)
        kind = c["claim_kind"]
        if kind not in CLAIM_KINDS:
            problems.append(Problem(f, rid, "kind", f"unknown kind {kind!r}; use one of {', '.join(CLAIM_KINDS)}"))
        if c["obs_id"] not in obs_ids:
            problems.append(Problem(f, rid, "claim", f"'{c['obs_id']}' is not an observation id"))
        parts = c["parts"]
        if not isinstance(parts, list) or not parts:
            problems.append(Problem(f, rid, "parts", "must be a list of observation ids"))
            continue
        for p in parts:
            if p not in obs_ids:
                problems.append(Problem(f, rid, "parts", f"'{p}' is not an observation id"))
        want = "at least 2" if kind == "sum" else "exactly 2 (earlier, later) or (part, whole)"
        if (kind == "sum" and len(parts) < 2) or (kind != "sum" and len(parts) != 2):
            problems.append(Problem(f, rid, "parts", f"a '{kind}' claim needs {want} parts"))
    return problems


def _implied_rules(implied: list[dict], obs: pd.DataFrame) -> list[Problem]:
    problems: list[Problem] = []
    wanted = {d["part_obs_id"] for d in implied} | {d["share_obs_id"] for d in implied}
    by_id = {r["obs_id"]: r for r in plain_records(obs[obs["obs_id"].isin(wanted)])} if implied else {}
    for d in implied:
        f, rid = d["_file"], d["derived_id"]
        if not rid.startswith(f"{d['source_id']}."):
            problems.append(Problem(f, rid, "id", f"must start with the file's source id '{d['source_id']}.'"))
        part, share = by_id.get(d["part_obs_id"]), by_id.get(d["share_obs_id"])
        if part is None:
            problems.append(Problem(f, rid, "part", f"'{d['part_obs_id']}' is not an observation id"))
        if share is None:
            problems.append(Problem(f, rid, "share", f"'{d['share_obs_id']}' is not an observation id"))
        elif share["measure"] != "share" or share["unit"] != "percent":
            problems.append(Problem(f, rid, "share", f"'{d['share_obs_id']}' must be a share in percent"))
    return problems


@record_rules("references")
def _one_reference_each(rows: list[dict], problems: list[Problem]) -> None:
    for row in _rows(rows):
        if not str(row.reference_id).startswith(f"{row.source_id}."):
            problems.append(Problem(row._file, row.reference_id, "id", f"must start with the file's source id '{row.source_id}.'"))
    problems += _work_rules(rows)


@record_rules("observations")
def _one_observation_each(rows: list[dict], problems: list[Problem]) -> None:
    if getattr(rows, "table", None) is not None:  # rows made on whole columns: only those a rule may break are read
        rows = [rows[n] for n in _observation_suspects(rows.table, rows.columns)]
    for row in _rows(rows):
        _one_observation(row, row._file, row.obs_id, problems)


_ASCII_SPACE = r"[\t\n\x0b\x0c\r\x1c-\x1f ]"  # what Python's \s is in ASCII text (RE2's \s is less)
_PLAIN_TEXT = rf"^(?:[^<\\*\t\n\x0b\x0c\r\x1c-\x1f ]+(?: [^<\\*\t\n\x0b\x0c\r\x1c-\x1f ]+)*)?$"  # normalize_quote keeps it
_ASCII_NUMBER = r"[0-9]+(?:[.,][0-9]+)*"  # prose.NUMBER in ASCII text
# printed_scale's and printed_currency's patterns, for ASCII text (where RE2 reads \b and case as Python does).
_SCALE_RE2 = [(r"\b" + words.replace(" ", f"{_ASCII_SPACE}+") + r"\b", code) for words, code in _SCALE_WORDS]
_CURRENCY_RE2 = [(p.pattern, bool(p.flags & re.I), code) for p, code in _CURRENCY_PATTERNS]


def _first_code(text, patterns) -> pyarrow.Array:
    """For each text, the code of the first of ``patterns`` ((RE2 pattern, ignore case, code)) found in it, or null."""
    found = pyarrow.nulls(len(text), pyarrow.string())
    for pattern, ignore_case, code in reversed(patterns):
        hit = pc.fill_null(pc.match_substring_regex(text, pattern, ignore_case=ignore_case), False)
        found = pc.if_else(hit, pyarrow.scalar(code, pyarrow.string()), found)
    return found


def _observation_suspects(t: pyarrow.Table, columns: dict[str, list]) -> list[int]:
    """The rows of ``t`` (observations as columns) that a rule of :func:`_one_observation` may break: every row it
    breaks, and a few it does not (a figure printed in text beyond ASCII, a range, a forecast, a threshold, a
    rank: these are read one by one). Each rule is tested on whole columns, as loosely as need be."""
    col = lambda name: t.column(name).combine_chunks()  # noqa: E731
    no = lambda x: pc.fill_null(x, False)  # noqa: E731
    reported, unit, measure = col("reported"), col("unit"), col("measure")
    unchecked = pc.is_null(col("correction"))
    flags = [pc.invert(no(pc.string_is_ascii(reported))),
             no(pc.greater(pc.utf8_length(col("quote")), QUOTE_MAX_CHARS)),
             pc.invert(no(pc.match_substring_regex(pc.fill_null(reported, ""), _PLAIN_TEXT)))]
    # The value is the one number printed (two or none: read one by one), closer than half the rule's tolerance.
    numbers = pc.count_substring_regex(pc.fill_null(reported, ""), _ASCII_NUMBER)
    token = pc.replace_substring(pc.extract_regex(pc.fill_null(reported, ""), f"(?P<n>{_ASCII_NUMBER})").field("n"), ",", "")
    one = pc.and_(pc.equal(numbers, 1), pc.less_equal(pc.count_substring(token, "."), 1))
    printed = pc.if_else(one, token, "0")
    stated = pc.cast(printed, pyarrow.float64())
    value = col("_printed_value")
    gap = pc.abs(pc.subtract(pc.abs(value), stated))
    close = pc.less_equal(gap, pc.multiply(pc.max_element_wise(pc.multiply(pc.max_element_wise(pc.abs(value), pc.abs(stated)), 1e-9),
                                                                 1e-12), 0.5))
    flags.append(pc.and_(pc.and_(unchecked, pc.is_valid(value)), pc.invert(no(pc.and_(one, close)))))
    # The scale word, the currency and the percent sign printed agree with the stored scale and unit.
    word = _first_code(pc.utf8_lower(reported), [(p, False, c) for p, c in _SCALE_RE2])
    stored = pyarrow.nulls(len(t), pyarrow.string())
    for term in reversed(SCALES.terms):
        stored = pc.if_else(no(pc.equal(col("printed_scale"), term.power)), pyarrow.scalar(term.code, pyarrow.string()), stored)
    same = pc.or_(no(pc.equal(word, stored)), pc.and_(pc.is_null(word), pc.is_null(stored)))
    flags.append(pc.and_(unchecked, pc.invert(same)))
    currency = _first_code(reported, _CURRENCY_RE2)
    flags.append(no(pc.and_(unchecked, pc.not_equal(unit, currency))))
    percent = no(pc.match_substring_regex(reported, r"%|\bper ?cent\b"))
    flags.append(pc.and_(pc.and_(unchecked, percent), pc.invert(no(pc.is_in(unit, pyarrow.array(["percent", "percentage_points"]))))))
    flags.append(pc.and_(unchecked, pc.and_(percent, pc.is_null(unit))))  # (no unit: reported as missing, read one by one)
    # A range, a forecast or target, a threshold, a rank or ordinal: read one by one; and what only they may have.
    flags += [no(pc.equal(col("qualifier"), "range")), pc.is_valid(col("_printed_high")),
              no(pc.is_in(col("status"), pyarrow.array(["forecast", "target"]))), pc.is_valid(col("made")),
              no(pc.equal(measure, "threshold")), pc.is_valid(col("comparator")),
              no(pc.is_in(measure, pyarrow.array(["rank", "ordinal"]))), no(pc.is_in(unit, pyarrow.array(["rank", "ordinal"]))),
              pc.and_(pc.is_valid(col("period_start")), pc.is_null(col("period_label")))]
    # A value beyond its unit's bounds (whatever the measure: the rule's exceptions only spare rows).
    scaled = col("value")
    for u in UNITS.terms:
        if u.low is None and u.high is None and not u.whole:
            continue
        beyond = pyarrow.array([False] * len(t))
        if u.low is not None:
            beyond = pc.or_(beyond, no(pc.less(scaled, u.low)))
        if u.high is not None:
            beyond = pc.or_(beyond, no(pc.greater(scaled, u.high)))
        if u.whole:
            beyond = pc.or_(beyond, no(pc.not_equal(scaled, pc.floor(scaled))))
        flags.append(pc.and_(no(pc.equal(unit, u.code)), beyond))
    suspect = flags[0]
    for flag in flags[1:]:
        suspect = pc.or_(suspect, no(flag))
    ids, sources, reporteds, quotes = columns["obs_id"], columns["source_id"], columns["reported"], columns["quote"]
    # The id starts with its paper's id; the number as printed is in the quote (a plain one is itself normalized).
    python = [(bool(i) and not i.startswith(f"{s}.")) or (r is not None and r not in (q or ""))
              for i, s, r, q in zip(ids, sources, reporteds, quotes)]
    suspect = pc.or_(suspect, pyarrow.array(python, pyarrow.bool_()))
    return pc.indices_nonzero(suspect).to_pylist()


@record_rules("projects")
def _one_project_each(rows: list[dict], problems: list[Problem]) -> None:
    for row in _rows(rows):
        _one_project(row, row._file, row.project_id, problems)


def record_problems(rows: dict[str, list[dict]]) -> list[Problem]:
    """The rules each record obeys by itself, whatever the other records: run on the rows of
    papers as they are read (a paper taken from the row cache passed them when it was read).
    Text that cannot be stored, or is implausibly long, is found as the rows become columns
    (:func:`silkroad_data.pipeline.columns.to_columns`)."""
    problems: list[Problem] = []
    run_record_rules(rows, problems)
    return problems


@table_rules("sources")
def _source_table_rules(frames, rows, papers) -> list[Problem]:
    sources = frames["sources"]
    return [Problem(f, rid, "url", "a paper needs a DOI or a URL, so that a reader of a citation can find it: "
                                   "give `doi:` or `url:` in its source record")
            for f, rid, row in _located(sources, sources["doi"].isna() & sources["url"].isna(), "source_id")]


def _id_set(column: pd.Series) -> set:
    """An id column's values as a set, through Arrow (iterating an Arrow-backed column value by value is slow)."""
    return set(pyarrow.array(column).to_pylist())


@table_rules("observations")
def _observation_table_rules(frames, rows, papers) -> list[Problem]:
    obs = frames["observations"]
    # An exclusion's `of` names an observation: the exclusions are checked with them.
    return (_observation_rules(obs, frames["references"], frames["sources"]["source_id"])
            + _exclusion_rules(papers, _id_set(obs["obs_id"])))


@table_rules("projects")
def _project_table_rules(frames, rows, papers) -> list[Problem]:
    return _credit_rules(frames["projects"], frames["references"], "project_id")


@table_rules("claims")
def _claim_table_rules(frames, rows, papers) -> list[Problem]:
    return _claim_rules(rows["claims"], _id_set(frames["observations"]["obs_id"]))


@table_rules("implied")
def _implied_table_rules(frames, rows, papers) -> list[Problem]:
    return _implied_rules(rows["implied"], frames["observations"])


def validate_tables(columns: dict[str, pyarrow.Table], frames: dict[str, pd.DataFrame], rows: dict[str, list[dict]],
                    papers) -> list[Problem]:
    """Every problem that spans records, and the schema's checks, over every row of every paper.

    ``columns`` holds the typed rows of each kind kept as columns (see :mod:`silkroad_data.pipeline.columns`),
    ``frames`` the same as pandas frames and ``rows`` the kinds kept as rows: the schema's checks run on the
    first, the rules that span records (each kind's :func:`~silkroad_data.pipeline.kinds.table_rules`) on the
    others, each over whole columns at once. The rules of single records are :func:`record_problems`'s.
    """
    problems: list[Problem] = []
    for kind, declared in COLUMN_KINDS.items():
        problems += schema_problems(declared.table, columns[kind], RESOURCES[declared.table].primary_key)
    return problems + run_table_rules(frames, rows, papers)
