"""A seeded random sample of figures, each printed beside its paragraph, for a field-by-field review.

The sample is stratified by paper (the same number from each, as far as a paper has them)
and drawn with a fixed seed, so two readers given the same seed review the same figures.

Example
-------
>>> from silkroad_data.pipeline.check.sample import paragraph_of
>>> paragraph_of("First paragraph.\\n\\nIt reached US$5 billion in 2019.\\n\\nLast.", "US$5 billion")
'It reached US$5 billion in 2019.'
"""

from __future__ import annotations

import random
import re
import textwrap

from ..records import Paper
from ...prose import normalize, normalize_quote

# The fields a reviewer checks, in the order a record is read.
REVIEWED = ("table", "series_id", "concept", "statistic", "print_group", "indicator", "subject", "subject_code", "counterpart", "counterpart_code", "period",
            "precision", "period_label", "reported", "value", "value_high", "scale", "unit", "measure", "qualifier",
            "comparator", "alternative_to", "status", "made", "section", "footnote", "reference", "cited_source", "note",
            "correction")


def paragraph_of(raw: str, quote: str) -> str | None:
    """The paragraph of ``raw`` (text between blank lines) that holds ``quote``, markup removed."""
    for block in re.split(r"\n\s*\n", raw):
        if normalize_quote(quote) in normalize(block).text:
            return normalize(block).text
    # A quote across a paragraph break: the whole stretch it spans.
    norm = normalize(raw)
    hits = norm.find_all(normalize_quote(quote))
    if not hits:
        return None
    start, end = norm.span_in_original(hits[0], hits[0] + len(normalize_quote(quote)))
    return normalize(raw[max(0, start - 600): end + 600]).text


def draw(papers: list[Paper], n: int, seed: int) -> list[tuple[Paper, dict]]:
    """``n`` figures, stratified by paper (round robin over papers in id order), drawn with ``seed``."""
    rng = random.Random(seed)
    pools = {p.source_id: rng.sample(p.observations, len(p.observations)) for p in sorted(papers, key=lambda p: p.source_id)}
    by_id = {p.source_id: p for p in papers}
    picked: list[tuple[Paper, dict]] = []
    while len(picked) < n and any(pools.values()):
        for sid, pool in pools.items():
            if pool and len(picked) < n:
                picked.append((by_id[sid], pool.pop()))
    return picked


def review_sheet(sample: list[tuple[Paper, dict]], texts: dict[str, str]) -> str:
    """The sample as Markdown: per figure, its fields, the note it is credited to, and its paragraph."""
    out = []
    for i, (paper, rec) in enumerate(sample, start=1):
        out += [f"## {i}. {rec.get('id')}", ""]
        out += [f"- {k}: {rec[k]!r}" for k in REVIEWED if rec.get(k) not in (None, "")]
        ref = next((r for r in paper.references if r.get("id") == rec.get("reference")), None)
        if ref is not None:
            out.append(f"- reference text: {ref.get('text')!r}")
        out += ["", "Quote:", "", textwrap.indent(str(rec.get("quote")), "> "), ""]
        paragraph = paragraph_of(texts.get(paper.source_id, ""), str(rec.get("quote") or ""))
        out += ["Paragraph:", "", textwrap.indent(paragraph or "(not found in the text: run verify-quotes)", "> "), ""]
    return "\n".join(out)
