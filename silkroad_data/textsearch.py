"""Finding figures by words: ranked, case- and accent-folded, with area names and codes understood.

A word matches where a word of the record begins with it ("agreement" finds "agreements").
Words that name an area ("Brazil", "BRA", "Brasil", "Latin America") match the figure's subject
or counterpart code, and the area's names in its text. Every word must match somewhere; a
figure ranks higher where a word matches its indicator, series or areas than where it only
matches its quote or note.

Example
-------
>>> import silkroad_data as sd
>>> sd.search("Sao Paulo").obs_id.tolist()
['lou2019.huawei_talents_trained', 'malena.huawei_campinas_trainees_per_year']
>>> sd.search("4G coverage", area="Brasil")[["obs_id", "reported"]]   # doctest: +SKIP
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from .errors import DataError
from .metadata import OBSERVATION_TABLES, areas

# Names of areas in the region's own languages where they differ from the English name of areas.csv
# once accents are folded (so "México", "Perú" and "Panamá" need no entry).
OTHER_NAMES = {
    "brasil": "BRA", "estados unidos": "USA", "eeuu": "USA", "republica dominicana": "DOM", "trinidad y tobago": "TTO",
    "belice": "BLZ", "surinam": "SUR", "union europea": "EUU", "latin america": "LCN", "america latina": "LCN",
    "latinoamerica": "LCN", "lac": "LCN", "latin america and the caribbean": "LCN", "america latina y el caribe": "LCN",
    "the region": "LCN", "world": "WLD",
}

# Words that carry no meaning on their own in a query ("4G coverage in Brazil").
_STOP = frozenset("a an and at by for from in of on the to with".split())

# Where a word matches, and what that match is worth: what a figure is above where it is said.
_WEIGHTS = (
    (("indicator", "series_id"), 3),
    (("subject", "counterpart"), 3),
    (("period_label", "time_period", "reported", "section"), 2),
    (("quote", "note", "correction", "cited_source", "obs_id"), 1),
)
_CODE_WEIGHT = 4


def fold(text) -> str:
    """Text in lower case without accents, underscores as spaces: what matching compares.

    >>> fold("São Paulo, PERÚ"), fold("chn_lcn_trade_total")
    ('sao paulo, peru', 'chn lcn trade total')
    """
    if _missing(text):
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().replace("_", " ")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


@lru_cache(maxsize=1)
def _area_names() -> dict[str, str]:
    """Every folded name and code of an area, to its code."""
    names = {fold(name): code for code, (name, _) in areas().items()}
    names.update({fold(name.replace("&", "and")): code for code, (name, _) in areas().items()})
    names.update({fold(code): code for code in areas()})
    names.update(OTHER_NAMES)
    return names


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
    raw = [w for w in re.split(r"[^\w$%.+-]+", str(text)) if w]
    words = [fold(w) for w in raw]
    terms, i = [], 0
    while i < len(words):
        for n in (5, 4, 3, 2, 1):
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


def _starts(word: str) -> str:
    # The word first, then a look back at the character before it: the same matches as
    # "(?<![a-z0-9])word", but the regular expression engine can scan for the word itself.
    w = re.escape(word)
    return w + r"(?<![a-z0-9]" + w + ")"


def _whole(word: str) -> str:
    return _starts(word) + r"(?![a-z0-9])"


def _period_bounds(period) -> tuple[date, date]:
    s = str(period).strip()
    m = re.fullmatch(r"(\d{4})(?:-(S[12]|Q[1-4]|\d{2})(?:-(\d{2}))?)?", s)
    if "/" in s:
        a, b = s.split("/", 1)
        return _period_bounds(a)[0], _period_bounds(b)[1]
    if not m:
        raise DataError(f"period={period!r} is not a period; write 2019, '2019-S1', '2019-Q4', '2019-03', '2016-12-31' or "
                        "START/END such as '2001/2016'.")
    y, part, day = int(m[1]), m[2], m[3]
    if part is None:
        return date(y, 1, 1), date(y, 12, 31)
    if part[0] in "SQ":
        months = 6 if part[0] == "S" else 3
        first = (int(part[1]) - 1) * months + 1
        last = first + months - 1
        return date(y, first, 1), (pd.Timestamp(y, last, 1) + pd.offsets.MonthEnd(0)).date()
    if day is None:
        return date(y, int(part), 1), (pd.Timestamp(y, int(part), 1) + pd.offsets.MonthEnd(0)).date()
    d = date(y, int(part), int(day))
    return d, d


def narrow(obs: pd.DataFrame, table=None, area=None, source=None, period=None) -> pd.DataFrame:
    """The figures of ``obs`` in ``table``, about ``area`` (subject or counterpart), from paper ``source``,
    and whose period overlaps ``period``. Unknown names are refused with what is known."""
    return obs[_mask(obs, table, area, source, period)]


def _mask(obs: pd.DataFrame, table=None, area=None, source=None, period=None) -> pd.Series:
    """True for the figures :func:`narrow` keeps."""
    mask = pd.Series(True, index=obs.index)
    if table is not None:
        if table not in OBSERVATION_TABLES:
            raise DataError(f"table={table!r} is not a table of figures; use one of {', '.join(OBSERVATION_TABLES)}.")
        mask &= obs["table"] == table
    if area is not None:
        code = area_code(area)
        if code is None:
            raise DataError(f"area={area!r} names no area; give an ISO 3166-1 alpha-3 or World Bank code (BRA, LCN) or a "
                            "name (Brazil, Brasil, Latin America); the list is silkroad_data/metadata/areas.csv.")
        mask &= (obs["subject_code"] == code).fillna(False) | (obs["counterpart_code"] == code).fillna(False)
    if source is not None:
        known = sorted(set(obs["source_id"]))
        if source not in known:
            raise DataError(f"source={source!r} is not a paper of the package; use one of {', '.join(known)} (see sd.sources()).")
        mask &= obs["source_id"] == source
    if period is not None:
        start, end = (pd.Timestamp(d) for d in _period_bounds(period))
        mask &= (obs["period_start"] <= end).fillna(False) & (obs["period_end"] >= start).fillna(False)
    return mask


# The searchable text of a figure: per weight, its columns folded and joined by a character no
# query word and no area name holds, so a match never runs from one column into the next.
_SEP = "\x00"
_TIERS = tuple((weight, tuple(c for group, w in _WEIGHTS if w == weight for c in group))
               for weight in sorted({w for _, w in _WEIGHTS}, reverse=True))


def _texts(obs: pd.DataFrame) -> tuple[tuple[int, list[str]], ...]:
    """The folded text of each figure of ``obs`` per weight, highest weight first: :func:`fold` of its
    columns joined, done once over the whole column (a missing value is "")."""
    values = {col: [v if isinstance(v, str) else "" if _missing(v) else str(v) for v in obs[col].tolist()]
              for _, cols in _TIERS for col in cols}
    texts = []
    for weight, cols in _TIERS:
        joined = [unicodedata.normalize("NFKD", _SEP.join(row)) for row in zip(*(values[c] for c in cols))]
        marks = sorted(c for c in set("".join(joined)) if unicodedata.combining(c))
        if marks:
            strip = re.compile("[" + "".join(re.escape(c) for c in marks) + "]").sub
            joined = [strip("", t) for t in joined]
        texts.append((weight, [t.casefold().replace("_", " ") for t in joined]))
    return tuple(texts)


_INDEX: dict = {}  # (data folder, SHA-256 of each table of figures) -> _Index


class _Index(NamedTuple):
    obs: pd.DataFrame  # every figure, positions 0..n-1
    texts: tuple  # (weight, folded text of each figure), highest weight first
    rank: np.ndarray  # each figure's place by table, series, period end and id: how hits of equal score are ranked


def _indexed() -> _Index:
    """Every figure, its searchable text and its ranking keys, built once per version of the packaged tables."""
    from . import loader
    from .api import observations

    def key():
        return str(loader.DATA_DIR), tuple(loader.table_entry(t)["sha256"] for t in OBSERVATION_TABLES)

    before = key()
    if before in _INDEX:
        return _INDEX[before]
    obs = observations().reset_index(drop=True)
    order = {t: i for i, t in enumerate(OBSERVATION_TABLES)}
    keys = obs[["series_id", "period_end", "obs_id"]].assign(_t=obs["table"].astype(str).map(order))
    ranked = keys.sort_values(["_t", "series_id", "period_end", "obs_id"], na_position="last").index.to_numpy()
    rank = np.empty(len(obs), dtype=np.int64)
    rank[ranked] = np.arange(len(obs))
    found = _Index(obs, _texts(obs), rank)
    if key() == before:  # not rebuilt meanwhile: the text is that of these tables
        _INDEX.clear()
        _INDEX[before] = found
    return found


def _score(codes: pd.DataFrame, texts, text: str) -> np.ndarray:
    """The score of each figure, given its subject and counterpart codes and its folded texts."""
    total = np.zeros(len(codes), dtype=np.int64)
    for kind, term in _terms(text):
        if kind == "area":
            pattern = "|".join(_whole(w) for w in area_words(term))
            coded = (codes["subject_code"] == term).fillna(False) | (codes["counterpart_code"] == term).fillna(False)
            best = np.where(coded.to_numpy(dtype=bool), _CODE_WEIGHT, 0)
        else:
            pattern = _starts(term)
            best = np.zeros(len(codes), dtype=np.int64)
        if pattern:
            search = re.compile(pattern).search
            for weight, folded in texts:  # highest weight first
                hit = np.fromiter((search(t) is not None for t in folded), dtype=bool, count=len(folded))
                best = np.where(hit & (best < weight), weight, best)
        total = np.where(best > 0, total, -10_000) + best
    return np.clip(total, 0, None)


def score(obs: pd.DataFrame, text: str) -> pd.Series:
    """How well each figure of ``obs`` matches ``text``: 0 where a word matches nowhere."""
    return pd.Series(_score(obs[["subject_code", "counterpart_code"]], _texts(obs), text), index=obs.index)


def search(text: str = "", table: str | None = None, area: str | None = None, source: str | None = None,
           period=None) -> pd.DataFrame:
    """Figures matching every word of ``text``, best first, optionally narrowed to a table, an area, a paper, a period.

    Case and accents are folded ("Sao Paulo" finds "São Paulo"); an area's name or code in
    English, Spanish or Portuguese ("Brazil", "BRA", "Brasil") finds the figures about it.
    Matches in the indicator, series or areas rank above matches in the quote or note; the
    ``score`` column says how well a figure matches. ``period`` is a year (2019), a half
    ('2019-S1'), a quarter, a month, a date or a span ('2001/2016'): figures whose period
    overlaps it.

    >>> import silkroad_data as sd
    >>> sd.search("Brasil", table="digital_infrastructure").subject_code.iloc[0]
    'BRA'
    >>> sd.search("trade", area="LCN", source="li2022", period=2016)[["obs_id", "reported"]]   # doctest: +SKIP
    """
    every = _indexed()
    rows = np.flatnonzero(_mask(every.obs, table, area, source, period).to_numpy(dtype=bool))
    if not str(text or "").strip():
        return every.obs.take(rows).assign(score=0).reset_index(drop=True)
    texts = tuple((weight, [folded[i] for i in rows]) for weight, folded in every.texts)
    s = _score(every.obs[["subject_code", "counterpart_code"]].take(rows), texts, str(text))
    hits, s = rows[s > 0], s[s > 0]
    ranked = np.lexsort((every.rank[hits], -s))  # best score first, then by table, series, period end, id
    return every.obs.take(hits[ranked]).assign(score=s[ranked]).reset_index(drop=True)
