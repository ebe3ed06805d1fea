"""Finding figures by words: ranked, case- and accent-folded, with area names and codes understood.

The figures are held in an SQLite FTS5 index (the standard library's ``sqlite3``), built once
per version of the packaged tables: words stemmed (porter), accents and case folded
(unicode61 with diacritics removed), ranked by bm25 with a weight per field. A word of the
query matches where a word of the record begins with its stem ("investments" finds
"investment", "agreement" finds "agreements"). Words that name an area ("Brazil", "BRA",
"Brasil", "Latin America") are read first, before the index: they match the figure's subject
or counterpart code, and the area's names in its text. Every word must match somewhere; a
figure ranks higher where a word matches its indicator, series or areas than where it only
matches its quote or note, and lowest where it matches only the title of a credited source.

Example
-------
>>> import silkroad_data as sd
>>> sorted(sd.search("Sao Paulo").obs_id)
['lou2019.huawei_talents_trained', 'malena.huawei_campinas_trainees_per_year']
>>> sd.search("4G networks", area="Brasil")[["obs_id", "reported"]]   # doctest: +SKIP
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from .errors import DataError
from .metadata import OBSERVATION_TABLES, areas
from .metadata.areas import OTHER_NAMES, area_rows
from .period import period_bounds

# Words that carry no meaning on their own in a query ("4G coverage in Brazil").
_STOP = frozenset("a an and at by for from in of on the to with".split())

def fold(text) -> str:
    """Text in lower case without accents, underscores as spaces: what matching compares.

    >>> fold("São Paulo, PERÚ"), fold("chn_lcn_trade_total")
    ('sao paulo, peru', 'chn lcn trade total')
    """
    if _missing(text):
        return ""
    return _unaccented(str(text)).casefold().replace("_", " ")


def _unaccented(text: str) -> str:
    """``text`` without its accents, its case kept: decomposed, the combining marks dropped."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _words(text) -> list[str]:
    """The words of ``text`` as written, accents dropped (so a decomposed "São" stays one word): runs of
    letters, digits and the signs figures and ids are written with ($ % . + - _)."""
    return [w for w in re.split(r"[^\w$%.+-]+", _unaccented(str(text))) if w]


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


@lru_cache(maxsize=1)
def _area_names() -> dict[str, str]:
    """Every folded name and code of an area, to its code."""
    names = {fold(name): code for code, (name, _) in areas().items()}
    names.update({fold(name.replace("&", "and")): code for code, (name, _) in areas().items()})
    names.update({fold(r[col]): r["code"] for r in area_rows() for col in ("name_es", "name_pt") if r[col]})
    names.update({fold(code): code for code in areas()})
    names.update(OTHER_NAMES)
    # each name also as a query reads it, word by word: "Latin America & Caribbean" and
    # "Virgin Islands, U.S." written as declared are the area, though "&" and "," part words
    for name, code in list(names.items()):
        names.setdefault(" ".join(fold(w) for w in _words(name)), code)
    return names


@lru_cache(maxsize=1)
def _longest_name() -> int:
    """The most words of any area's name ("Islas Vírgenes de los Estados Unidos" has six)."""
    return max(len(name.split()) for name in _area_names())


def area_code(text) -> str | None:
    """The area code a name or code stands for, in English, Spanish or Portuguese; None if none.

    >>> area_code("Brasil"), area_code("bra"), area_code("Latin America"), area_code("Perú"), area_code("trade")
    ('BRA', 'BRA', 'LCN', 'PER', None)
    """
    return _area_names().get(fold(text).strip())


def area_words(code: str) -> list[str]:
    """The folded names a text may use for area ``code`` (its codes excluded: 'BRA' is also a word part)."""
    return sorted({n for n, c in _area_names().items() if c == code and n != fold(code)}, key=len, reverse=True)


def _terms(text: str) -> list[tuple[str, str]]:
    """The query as terms: ('area', CODE) for a run of words naming an area, else ('word', word).

    A code counts as an area only written in capitals ("PER", not "per" as in "GDP per capita").
    """
    raw = _words(text)
    words = [fold(w) for w in raw]
    terms, i = [], 0
    while i < len(words):
        for n in range(_longest_name(), 0, -1):
            if i + n > len(words):
                continue
            phrase = " ".join(words[i:i + n])
            code = area_code(phrase)
            if code is not None and n == 1 and phrase == fold(code) and not raw[i].isupper():
                code = None
            if code is not None and not (n == 1 and words[i] in _STOP):
                terms.append(("area", code))
                i += n
                break
        else:
            if words[i] not in _STOP:
                terms.append(("word", words[i]))
            i += 1
    return terms


def narrow(obs: pd.DataFrame, table=None, area=None, source=None, period=None) -> pd.DataFrame:
    """The figures of ``obs`` in ``table``, about ``area`` (subject or counterpart), from paper ``source``,
    and whose period overlaps ``period``. Unknown names are refused with what is known."""
    return obs[_mask(obs, table, area, source, period)]


def _mask(obs: pd.DataFrame, table=None, area=None, source=None, period=None) -> pd.Series:
    """True for the figures :func:`narrow` keeps."""
    mask = pd.Series(True, index=obs.index)
    if table is not None:
        if not isinstance(table, str) or table not in OBSERVATION_TABLES:
            raise DataError(f"table={table!r} is not a table of figures; use one of {', '.join(OBSERVATION_TABLES)}.")
        mask &= obs["table"] == table
    if area is not None:
        code = area_code(area) if isinstance(area, str) else None
        if code is None:
            raise DataError(f"area={area!r} names no area; give an ISO 3166-1 alpha-3 or World Bank code (BRA, LCN) or a "
                            "name (Brazil, Brasil, Latin America); sd.areas() lists them.")
        mask &= (obs["subject_code"] == code).fillna(False) | (obs["counterpart_code"] == code).fillna(False)
    if source is not None:
        known = sorted(set(obs["source_id"]))
        if source not in known:
            raise DataError(f"source={source!r} is not a paper of the package; use one of {', '.join(known)} (see sd.sources()).")
        mask &= obs["source_id"] == source
    if period is not None:
        start, end = (pd.Timestamp(d) for d in period_bounds(period, "period"))
        mask &= (obs["period_start"] <= end).fillna(False) & (obs["period_end"] >= start).fillna(False)
    return mask


# --- the full-text index ---------------------------------------------------------------------------------------------

# The columns of the index, each with its bm25 weight: what a figure is (its indicator and series)
# above where it is said; the title of the source a paper credits lowest, so that a word only in
# "Investments in 4G networks" (a credited report) does not put 4G coverage first for "investments".
# ``codes`` holds the subject and counterpart codes, matched only by an area of the query.
_COLUMNS = (
    ("codes", ("subject_code", "counterpart_code"), 12.0),
    ("what", ("indicator", "series_id"), 10.0),
    ("areas", ("subject", "counterpart"), 8.0),
    ("said_as", ("period_label", "time_period", "reported", "section"), 4.0),
    ("said", ("quote", "note", "correction", "obs_id"), 2.0),
    ("credit", ("cited_source",), 0.5),
)
_TEXT_COLUMNS = "{" + " ".join(name for name, _, _ in _COLUMNS[1:]) + "}"
_TOKENIZER = "porter unicode61 remove_diacritics 2"

# Longest query searched: past it a text is not a query (a 10 MB string would take seconds to refuse later).
MAX_QUERY = 500


def _indexable(text: str) -> str:
    """Text as the index and the query both see it: a sign the tokenizer would drop becomes its word."""
    return text.replace("%", " percent ").replace("$", " dollar ")


def _phrase(text: str) -> str | None:
    """An FTS5 phrase of ``text`` (quotes doubled), or None where it holds no word the index keeps."""
    text = _indexable(text)
    if not re.search(r"\w", text.replace("_", " ")):
        return None
    return '"' + text.replace('"', '""') + '"'


class _Index(NamedTuple):
    obs: pd.DataFrame  # every figure, positions 0..n-1 (the index's rowid)
    db: object  # an in-memory SQLite database holding the FTS5 table ``fig``
    lock: object  # one query at a time on the connection, whichever thread asks
    rank: np.ndarray  # each figure's place by table, series, period end and id: how hits of equal score are ranked
    words: tuple  # the folded words of the index, for "did you mean"


def _build(obs: pd.DataFrame) -> _Index:
    import sqlite3  # only a search needs it: loading a table stays light

    db = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        db.execute(f"CREATE VIRTUAL TABLE fig USING fts5({', '.join(n for n, _, _ in _COLUMNS)}, tokenize='{_TOKENIZER}')")
    except sqlite3.OperationalError as exc:  # an SQLite built without FTS5 (rare: CPython's builds include it)
        raise DataError(f"Search needs SQLite's FTS5 full-text index, which this Python's sqlite3 (SQLite "
                        f"{sqlite3.sqlite_version}) lacks ({exc}); use a Python whose SQLite has FTS5.") from None
    values = {col: [v if isinstance(v, str) else "" if _missing(v) else str(v) for v in obs[col].tolist()]
              for _, cols, _ in _COLUMNS for col in cols}
    rows = []
    for i in range(len(obs)):
        row = [" ".join(values[c][i] for c in cols) for _, cols, _ in _COLUMNS]
        rows.append((i, *(_indexable(t) for t in row)))
    db.executemany(f"INSERT INTO fig(rowid, {', '.join(n for n, _, _ in _COLUMNS)}) VALUES ({', '.join('?' * (len(_COLUMNS) + 1))})",
                   rows)
    order = {t: i for i, t in enumerate(OBSERVATION_TABLES)}
    keys = obs[["series_id", "period_end", "obs_id"]].assign(_t=obs["table"].astype(str).map(order))
    ranked = keys.sort_values(["_t", "series_id", "period_end", "obs_id"], na_position="last").index.to_numpy()
    rank = np.empty(len(obs), dtype=np.int64)
    rank[ranked] = np.arange(len(obs))
    words = sorted({w for row in rows for t in row[2:] for w in re.findall(r"[a-z]{3,}", fold(t))})
    return _Index(obs, db, threading.Lock(), rank, tuple(words))


_INDEX: dict = {}  # (data folder, SHA-256 of each table of figures) -> _Index


def _indexed() -> _Index:
    """Every figure and its full-text index, built once per version of the packaged tables."""
    from . import loader
    from .loader import observations

    def key():
        return str(loader.DATA_DIR), tuple(loader.table_entry(t)["sha256"] for t in OBSERVATION_TABLES)

    before = key()
    if before in _INDEX:
        return _INDEX[before]
    found = _build(observations().reset_index(drop=True))
    if key() == before:  # not rebuilt meanwhile: the index is that of these tables
        _INDEX.clear()
        _INDEX[before] = found
    return found


def _expression(term: tuple[str, str]) -> str | None:
    """The FTS5 expression of one term of the query: a word as the start of a word (stemmed), an area
    as its code or one of its names."""
    kind, value = term
    if kind == "word":
        phrase = _phrase(value)
        return None if phrase is None else f"{_TEXT_COLUMNS} : {phrase}*"
    names = [p for p in (_phrase(n) for n in area_words(value)) if p]
    said = f" OR {_TEXT_COLUMNS} : ({' OR '.join(names)})" if names else ""
    return f"(codes : {_phrase(value.lower())}{said})"


def _query(text) -> tuple[str | None, list[tuple[str, str]]]:
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise DataError(f"text={text!r} is not words to search for (a {type(text).__name__}); write words such as "
                        "sd.search('4G coverage').")
    text = str(text)
    if len(text) > MAX_QUERY:
        raise DataError(f"The search text is {len(text):,} characters long; a search takes at most {MAX_QUERY} "
                        "(a few words, such as sd.search('4G coverage')).")
    terms = _terms(text)
    parts = [e for e in map(_expression, terms) if e]
    return (" AND ".join(parts) if parts else None), terms


def _hits(index: _Index, expression: str) -> tuple[np.ndarray, np.ndarray]:
    """The rows matching ``expression`` and their bm25 scores (higher is better)."""
    weights = ", ".join(str(w) for _, _, w in _COLUMNS)
    with index.lock:
        found = index.db.execute(f"SELECT rowid, -bm25(fig, {weights}) FROM fig WHERE fig MATCH ?", (expression,)).fetchall()
    if not found:
        return np.empty(0, dtype=np.int64), np.empty(0)
    rows, scores = zip(*found)
    return np.asarray(rows, dtype=np.int64), np.asarray(scores, dtype="float64")


def did_you_mean(text: str) -> str | None:
    """The query with its unknown words replaced by the closest words of the index, if that finds figures.

    >>> did_you_mean("4G covrage")
    '4G coverage'
    """
    import difflib

    index = _indexed()
    fixed, changed = str(text), False
    for kind, word in _terms(text):
        expression = _expression((kind, word))
        if kind != "word" or expression is None or len(word) < 3 or len(_hits(index, expression)[0]):
            continue
        # A typo seldom touches the first letter: "loans" is not a typo of "plans".
        close = [w for w in difflib.get_close_matches(word, index.words, n=5, cutoff=0.8) if w[0] == word[0]][:1]
        if close:
            def cased(m, new=close[0]):  # the case the user wrote: "Huawie" -> "Huawei", "BRAZL" -> "BRAZIL"
                said = m.group(0)
                return new.upper() if said.isupper() and len(said) > 1 else new.capitalize() if said[0].isupper() else new

            fixed = re.sub(re.escape(word), cased, fixed, count=1, flags=re.IGNORECASE)
            fixed = fixed if fold(fixed) != fold(text) else text
            changed = True
    if not changed:
        return None
    expression, _ = _query(fixed)
    return fixed if expression and len(_hits(index, expression)[0]) else None


def score(obs: pd.DataFrame, text: str) -> pd.Series:
    """How well each figure of ``obs`` matches ``text`` (bm25, higher is better): 0 where a word matches nowhere."""
    expression, _ = _query(text)
    out = pd.Series(0.0, index=obs.index)
    if expression is None:
        return out
    rows, scores = _hits(_build(obs.reset_index(drop=True)), expression)
    out.iloc[rows] = scores
    return out


def search(text: str = "", table: str | None = None, area: str | None = None, source: str | None = None,
           period=None) -> pd.DataFrame:
    """Figures matching every word of ``text``, best first, optionally narrowed to a table, an area, a paper, a period.

    Words are stemmed and found as the start of a word ("investments" finds "investment" and
    "investors", "agreement" finds "agreements"); case and accents are folded ("Sao Paulo"
    finds "São Paulo"); an area's name or code in English, Spanish or Portuguese ("Brazil",
    "BRA", "Brasil") finds the figures about it. A word in the indicator or series ranks above
    one in the quote or note, and one only in the title of a source the paper credits ranks
    lowest; the ``score`` column (bm25) says how well a figure matches. Where nothing matches
    and a word looks like a typo, ``attrs["did_you_mean"]`` holds the query with the closest
    words of the index (and a warning says it). ``period`` is a year (2019), a half
    ('2019-S1'), a quarter, a month, a date or a span ('2001/2016'): figures whose period
    overlaps it.

    >>> import silkroad_data as sd
    >>> sd.search("Brasil", table="digital_infrastructure").subject_code.iloc[0]
    'BRA'
    >>> set(sd.search("investments").obs_id) == set(sd.search("investment").obs_id)
    True
    >>> sd.search("trade", area="LCN", source="li2022", period=2016)[["obs_id", "reported"]]   # doctest: +SKIP
    """
    expression, terms = _query("" if text is None else text)
    every = _indexed()
    keep = _mask(every.obs, table, area, source, period).to_numpy(dtype=bool)
    if not terms and not str(text or "").strip():
        return every.obs[keep].assign(score=0.0).reset_index(drop=True)
    rows, scores = _hits(every, expression) if expression else (np.empty(0, dtype=np.int64), np.empty(0))
    inside = keep[rows]
    rows, scores = rows[inside], scores[inside]
    ranked = np.lexsort((every.rank[rows], -scores))  # best score first, then by table, series, period end, id
    found = every.obs.take(rows[ranked]).assign(score=scores[ranked].round(6)).reset_index(drop=True)
    if found.empty and expression:
        hint = did_you_mean(str(text))
        if hint:
            import warnings

            found.attrs["did_you_mean"] = hint
            warnings.warn(f"No figure matches {str(text)!r}; did you mean {hint!r}?", stacklevel=3)
    return found
