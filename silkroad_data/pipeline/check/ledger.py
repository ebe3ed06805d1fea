"""The ledger: every number of a paper's text, captured by a figure or excluded with a reason.

Numbers are digit sequences and number words ("three", "half", "twice", "second"; a scale
word after digits belongs to its digits). A number is *captured* when it stands inside the
quote of an observation (or a projects row) and in that record's printed number; it is the
*period* of a figure when it stands inside the quote and in the record's period words; it is
*excluded* when an exclusion of the paper's raw file covers it (a regular expression over the
text, or a verbatim context; its ``numbers`` list digits or words). Anything else is
*unaccounted*.

Example
-------
>>> from silkroad_data.pipeline.check.ledger import ledger_for            # doctest: +SKIP
>>> entries, problems = ledger_for(paper, text)            # doctest: +SKIP
>>> [e for e in entries if e.status == "unaccounted"]      # doctest: +SKIP
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from ..records import Paper
from ...prose import NUMBER, normalize, normalize_quote, number_words, quantities_in


@dataclass(frozen=True)
class Entry:
    """One number of the text and how it is accounted for."""

    source_id: str
    number: str
    line: int
    status: str  # captured | period | excluded | unaccounted
    by: str  # observation id, or exclusion reason
    context: str


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    by: str
    numbers: frozenset[str]
    kind: str  # captured | period | excluded


def _record_spans(paper: Paper, norm, problems: list[str]) -> list[Span]:
    spans = []
    records = [(o, (o.get("reported"),), (o.get("period_label"),)) for o in paper.observations]
    records += [(p, (p.get("amount_reported"), p.get("share_reported")), (p.get("date_label"),)) for p in paper.projects]
    for rec, printed, period in records:
        quote = normalize_quote(str(rec.get("quote") or ""))
        hits = norm.find_all(quote)
        if not hits:
            problems.append(f"{rec.get('id')}: its quote is not in the text, so its numbers cannot be located (run verify-quotes)")
        captured = frozenset(n for p in printed if p for n in quantities_in(str(p)))
        periods = frozenset(n for p in period if p for n in quantities_in(str(p))) - captured
        for at in hits:
            s, e = norm.span_in_original(at, at + len(quote))
            spans.append(Span(s, e, str(rec.get("id")), captured, "captured"))
            if periods:
                spans.append(Span(s, e, str(rec.get("id")), periods, "period"))
    return spans


# Exclusion patterns are written by curators and run over whole texts. They run on the `regex`
# package's engine with a time limit: a pattern that would backtrack for ever (nested repeats)
# is stopped and reported instead of hanging the ledger. The `re` syntax the raw files use,
# lookarounds included, is the same (a linear-time engine such as RE2 has no lookarounds).
PATTERN_SECONDS = 2.0


def pattern_spans(pattern: str, text: str) -> list[tuple[int, int]]:
    """The (start, end) of every match of ``pattern`` in ``text``; TimeoutError past PATTERN_SECONDS.

    >>> pattern_spans(r"<sup>\\d+</sup>", "a<sup>1</sup> b<sup>22</sup>")
    [(1, 13), (15, 28)]
    """
    return [m.span() for m in regex.finditer(pattern, text, timeout=PATTERN_SECONDS)]


def _exclusion_spans(paper: Paper, raw: str, norm, problems: list[str]) -> list[Span]:
    spans = []
    for n, ex in enumerate(paper.exclusions, start=1):
        reason = str(ex.get("reason"))
        label = reason + (f" (repeat of {ex['of']})" if ex.get("of") else "")
        only = frozenset(str(x).lower() for x in ex["numbers"]) if isinstance(ex.get("numbers"), list) else None
        found = []
        if ex.get("pattern"):
            try:
                found = pattern_spans(str(ex["pattern"]), raw)
            except regex.error as exc:
                problems.append(f"exclusions[{n}]: pattern is not a valid regular expression: {exc}")
                continue
            except TimeoutError:
                problems.append(f"exclusions[{n}] ({reason}): pattern ran more than {PATTERN_SECONDS:g} s over the text and "
                                "was stopped; a pattern that nests repeats, such as (a+)+ or (a|a)*, can run for ever: "
                                "write it without them, or give the words as `context`")
                continue
        elif ex.get("context"):
            ctx = normalize_quote(str(ex["context"]))
            found = [norm.span_in_original(at, at + len(ctx)) for at in norm.find_all(ctx)]
        if not found:
            problems.append(f"exclusions[{n}] ({reason}): matches nothing in the text; correct or remove it")
        for s, e in found:
            nums = only if only is not None else quantities_in(raw[s:e])
            spans.append(Span(s, e, label, nums, "excluded"))
    return spans


def ledger_for(paper: Paper, raw: str) -> tuple[list[Entry], list[str]]:
    """Account for every number of ``raw`` (the paper's text) with the paper's records.

    Returns the entries, in text order, and the problems met (stale exclusions, quotes
    that cannot be located).
    """
    problems: list[str] = []
    norm = normalize(raw)
    spans = _record_spans(paper, norm, problems) + _exclusion_spans(paper, raw, norm, problems)
    order = {"captured": 0, "period": 1, "excluded": 2}
    spans.sort(key=lambda s: (order[s.kind], s.start))
    line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
    entries = []
    import bisect

    tokens = sorted([(m.start(), m.end(), m.group()) for m in NUMBER.finditer(raw)] + number_words(raw))
    for s, e, token in tokens:
        key = token.lower()
        hit = next((sp for sp in spans if sp.start <= s and e <= sp.end and key in sp.numbers), None)
        ctx = re.sub(r"\s+", " ", raw[max(0, s - 40): e + 40]).strip()
        line = bisect.bisect_right(line_starts, s)
        if hit is None:
            entries.append(Entry(paper.source_id, token, line, "unaccounted", "", ctx))
        else:
            entries.append(Entry(paper.source_id, token, line, hit.kind, hit.by, ctx))
    return entries, problems
