"""Quote verification: every quote is verbatim in its paper's text and holds its number.

Texts are matched to papers by the SHA-256 recorded in each raw file, so renamed copies
still match. Only white space and the text edition's markup (backslash escapes, emphasis
asterisks, ``<sup>`` footnote tags) may differ.

Example
-------
>>> from silkroad_data.pipeline.check.quotes import quote_problem
>>> text = "bilateral trade reached US$1 billion in 2001"
>>> quote_problem(text, "bilateral trade reached US$1 billion", "US$1 billion")
>>> quote_problem(text, "bilateral trade reached US$2 billion", "US$2 billion")
"differs from the text after 'bilateral trade reached US$': quote has '2 billion', text has '1 billion in 2001'"
"""

from __future__ import annotations

from pathlib import Path

from ..records import Paper
from ...prose import _why, normalize, normalize_quote, read_text_file, texts_by_hash


def quote_problem(text: str, quote: str, reported: str | None) -> str | None:
    """What is wrong with ``quote`` against the normalized ``text``, or None if it is right."""
    q = normalize_quote(quote)
    if not q:
        return "is empty"
    if q not in text:
        # Locate the longest verbatim prefix to show exactly where the quote departs.
        lo, hi = 0, len(q)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if q[:mid] in text:
                lo = mid
            else:
                hi = mid - 1
        if lo < min(12, len(q)):
            return f"is not in the text; even its start '{q[:30]}' is not found"
        at = text.find(q[:lo])
        return (f"differs from the text after '{q[max(0, lo - 30):lo]}': "
                f"quote has '{q[lo:lo + 30]}', text has '{text[at + lo:at + lo + 30]}'")
    if reported and normalize_quote(reported) not in q:
        return f"does not contain the number as printed ('{reported}')"
    return None


def verify_paper(paper: Paper, raw_text: str) -> list[str]:
    """Problems of every quote of one paper (observations and projects rows)."""
    text = normalize(raw_text).text
    out = []
    for rec in paper.observations:
        msg = quote_problem(text, str(rec.get("quote") or ""), rec.get("reported"))
        if msg:
            out.append(f"{paper.file}: {rec.get('id')}: quote {msg}")
    for rec in paper.projects:
        msg = quote_problem(text, str(rec.get("quote") or ""), rec.get("amount_reported"))
        if msg:
            out.append(f"{paper.file}: {rec.get('id')}: quote {msg}")
    return out


def match_texts(papers: list[Paper], texts_dir: Path) -> tuple[dict[str, str], list[str]]:
    """The text of each paper, found by its recorded SHA-256 in ``texts_dir``."""
    problems: list[str] = []
    by_hash = texts_by_hash(texts_dir, problems)
    texts = {}
    for paper in papers:
        sha = str(paper.source.get("text_sha256") or "")
        path = by_hash.get(sha)
        if path is None:
            problems.append(f"{paper.file}: no file in {texts_dir} has the SHA-256 {sha or '(none recorded)'} recorded in source.text_sha256")
        else:
            try:
                texts[paper.source_id] = read_text_file(path)
            except OSError as exc:
                problems.append(f"{path}: {_why(exc)}")
    return texts, problems
