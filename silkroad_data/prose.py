"""Plain-text editions of the papers: markup-free matching and number scanning.

The text editions carry light markup (``\\$`` escapes, ``*emphasis*``, ``<sup>N</sup>``
footnote tags) that quotes leave out. :func:`normalize` removes it and folds white space,
keeping a map back to positions in the original text, so that a quote found in the
normalized text can be located in the original one.

Example
-------
>>> from silkroad_data.prose import normalize, numbers_in
>>> normalize("US\\\\$14 *billion*<sup>3</sup>  in 2020").text
'US$14 billion in 2020'
>>> numbers_in("from 2,500 to 3.5 million")
['2,500', '3.5']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .paths import sha256_of

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SUP = re.compile(r"<sup>.*?</sup>", re.S)
_ESCAPABLE = set("\\`*_{}[]()#+-.!$|<>~'\"")


@dataclass(frozen=True)
class Normalized:
    """A text without markup and with folded white space, and a map of its positions."""

    text: str
    origin: tuple[int, ...]  # origin[i] is the position in the original of text[i]

    def span_in_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]``."""
        return self.origin[start], self.origin[end - 1] + 1

    def find_all(self, needle: str) -> list[int]:
        """Start positions of every occurrence of an (already normalized) needle."""
        hits, at = [], self.text.find(needle)
        while needle and at != -1:
            hits.append(at)
            at = self.text.find(needle, at + 1)
        return hits


def normalize(raw: str) -> Normalized:
    """Drop markup that quotes leave out and fold white space to single spaces."""
    out: list[str] = []
    origin: list[int] = []
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch == "<" and raw.startswith("<sup>", i):
            m = _SUP.match(raw, i)
            if m:
                i = m.end()
                continue
        if ch == "\\" and i + 1 < n and raw[i + 1] in _ESCAPABLE:
            i += 1
            ch = raw[i]
            out.append(ch)
            origin.append(i)
            i += 1
            continue
        if ch == "*":
            i += 1
            continue
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                origin.append(i)
            i += 1
            continue
        out.append(ch)
        origin.append(i)
        i += 1
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return Normalized("".join(out), tuple(origin))


_MARKUP = re.compile(r"<sup>.*?</sup>|\\([" + re.escape("".join(sorted(_ESCAPABLE))) + r"])|\*", re.S)
_SPACE = re.compile(r"\s+")
# Text that normalize_quote gives back unchanged: no `<`, backslash or `*`, no white space but
# single spaces between other characters.
_PLAIN_QUOTE = re.compile(r"(?:[^<\\*\s]+(?: [^<\\*\s]+)*)?")


def normalize_quote(quote: str) -> str:
    """A quote as it is compared with the text: markup dropped, white space folded.

    The same result as ``normalize(quote).text``, without the position map (fast).
    """
    if _PLAIN_QUOTE.fullmatch(quote):  # most quotes: no markup, single spaces, nothing to strip
        return quote
    # One left-to-right pass, as normalize() does: a footnote tag goes, an escape keeps
    # its character, an emphasis asterisk goes.
    s = _MARKUP.sub(lambda m: m.group(1) or "", quote)
    return _SPACE.sub(" ", s).strip()


def numbers_in(text: str) -> list[str]:
    """Every digit sequence in ``text`` (with its inner separators), in order."""
    return NUMBER.findall(text)


_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands "
    "million millions billion billions trillion dozen dozens half halves quarter quarters thirds fourths fifths "
    "twice thrice double triple first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "twentieth hundredth"
).split()
NUMBER_WORD = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.I)
_AFTER_DIGITS = re.compile(r"\d[\d.,]*\s*$")
_SCALE_ONLY = {"hundred", "thousand", "million", "billion", "trillion"}


def number_words(text: str) -> list[tuple[int, int, str]]:
    """Every number word of ``text`` as (start, end, word in lower case), leaving out a scale word
    that follows digits ("14.94 billion" is one figure, found by its digits).

    >>> [w for _, _, w in number_words("One third of 2.5 million users, the second time")]
    ['one', 'third', 'second']
    """
    out = []
    for m in NUMBER_WORD.finditer(text):
        word = m.group().lower()
        if word in _SCALE_ONLY and _AFTER_DIGITS.search(text, max(0, m.start() - 40), m.start()):
            continue
        out.append((m.start(), m.end(), word))
    return out


def quantities_in(text: str) -> frozenset[str]:
    """The digit sequences and number words of ``text`` (words in lower case), as the ledger matches them."""
    return frozenset(numbers_in(text)) | frozenset(w for _, _, w in number_words(text))


# A paper's plain text takes about 100 KB; a file many times that size is not one, and is not read.
MAX_TEXT_BYTES = 16 * 1024 * 1024


def texts_by_hash(folder: Path, problems: list[str] | None = None) -> dict[str, Path]:
    """Map SHA-256 to file for every regular file in ``folder`` (texts match by content).

    Files larger than ``MAX_TEXT_BYTES`` or that cannot be read are left out, each with a line
    in ``problems`` when it is given.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"Text folder {folder} does not exist; pass the folder holding the papers' plain-text editions.")
    out = {}
    for p in sorted(folder.iterdir()):
        try:
            if not p.is_file():
                continue
            size = p.stat().st_size
            if size > MAX_TEXT_BYTES:
                raise OSError(f"is {size / 2**20:.0f} MB, more than the {MAX_TEXT_BYTES // 2**20} MB a paper's text "
                              "may have, so it was not read; move it out of the folder")
            out[sha256_of(p)] = p
        except OSError as exc:
            if problems is not None:
                problems.append(f"{p}: {_why(exc)}")
    return out


def read_text_file(path: Path) -> str:
    """A paper's plain text (UTF-8, at most ``MAX_TEXT_BYTES``); an OSError says why it cannot be read."""
    with open(path, "rb") as fh:
        data = fh.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise OSError(f"is larger than {MAX_TEXT_BYTES // 2**20} MB, so it was not read; move it out of the folder")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise OSError(f"is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None


def _why(exc: OSError) -> str:
    if exc.strerror:
        return f"cannot be read ({exc.strerror}); check its permissions or remove it from the folder"
    return str(exc)


_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
_MULTIPLES = {"once": 1, "twice": 2, "thrice": 3, "double": 2, "triple": 3, "dozen": 12, "dozens": 12,
              "hundred": 100, "thousand": 1000}
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
              "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10}


def number_in_words(text: str) -> float | None:
    """The number a spelled-out figure states, or None when it states none.

    >>> number_in_words("two consecutive years"), number_in_words("one third")
    (2.0, 0.3333333333333333)
    >>> number_in_words("half the globe"), number_in_words("twenty-one countries")
    (0.5, 21.0)
    >>> number_in_words("second largest")
    2.0
    """
    words = re.findall(r"[a-z]+", text.lower())
    # A fraction: "one third", "two thirds", "half".
    for i, w in enumerate(words):
        if w in _FRACTIONS and (w in ("half", "halves", "quarter", "quarters") or (i > 0 and words[i - 1] in _UNITS)):
            numerator = _UNITS.get(words[i - 1], 1) if i > 0 else 1
            return numerator / _FRACTIONS[w]
    total, seen = 0, False
    for w in words:
        if w in _TENS:
            total += _TENS[w]
            seen = True
        elif w in _UNITS:
            total += _UNITS[w]
            seen = True
        elif w in ("hundred", "thousand") and seen:
            total *= _MULTIPLES[w]
        elif seen:
            break
    if seen:
        return float(total)
    for w in words:
        if w in _ORDINALS:
            return float(_ORDINALS[w])
        if w in _MULTIPLES:
            return float(_MULTIPLES[w])
    return None


# Scale words and currency markers as they are printed, longest first so "hundred million" wins over "million".
_SCALE_WORDS = (("hundred million", "hundred_million"), ("ten thousand", "ten_thousand"), ("trillion", "trillion"),
                ("billion", "billion"), ("million", "million"), ("thousand", "thousand"))
_CURRENCY_MARKS = ((r"R\$|\breais\b", "BRL"), (r"US\$|\$|\bUSD\b|\bUS dollars?\b|\bdollars?\b", "USD"),
                   (r"\byuan\b|\bRMB\b|\bCNY\b|¥", "CNY"), (r"€|\beuros?\b", "EUR"))
# Compiled once: every printed figure of a build is checked against them.
_SCALE_PATTERNS = tuple((re.compile(rf"\b{words}\b"), code) for words, code in _SCALE_WORDS)
# Matches wherever any currency marker does (each marker holds one of these, matched as loosely).
_ANY_CURRENCY = re.compile(r"[$¥€]|reais|usd|dollar|yuan|rmb|cny|euro", re.I)
_CURRENCY_PATTERNS = tuple((re.compile(pattern, re.I if code != "USD" else 0), code) for pattern, code in _CURRENCY_MARKS)


def printed_scale(text: str) -> str | None:
    """The scale word a printed figure carries, as a scale code (None for none).

    >>> printed_scale("US$14.94 billion"), printed_scale("RMB 19.267 billion"), printed_scale("$240")
    ('billion', 'billion', None)
    """
    low = (text or "").lower()
    if "illion" not in low and "thousand" not in low:  # in every scale word: most figures print none
        return None
    low = " ".join(low.split())
    for pattern, code in _SCALE_PATTERNS:
        if pattern.search(low):
            return code
    return None


def printed_currency(text: str) -> str | None:
    """The currency a printed figure names (ISO 4217), or None.

    >>> printed_currency("R$750 million"), printed_currency("$9.50"), printed_currency("1.79 trillion yuan")
    ('BRL', 'USD', 'CNY')
    """
    if not _ANY_CURRENCY.search(text or ""):  # what every marker holds: one search rules them all out
        return None
    for pattern, code in _CURRENCY_PATTERNS:
        if pattern.search(text or ""):
            return code
    return None
