"""Search: the same figures as a plain row-by-row matching, written here from the documented rules,
where stemming does not rightly widen them; never fewer; the index follows the tables when they are
rebuilt; figures of a small paper found and ranked as its record says.

The reference reads a query by itself, from the rules as ``sd.search`` and the guide word them
(case and accents folded, an area's name or code read as the area, every word to match as the
start of a word somewhere), with its own table of area names made from the declared areas
(``areas.csv`` and the papers' other names in ``metadata/areas.py``), and narrows by its own
filter: a fault in the code's tokeniser, folding or narrowing is not shared by the reference that
checks it. The reference's reading is itself checked against hand-written expectations."""

from __future__ import annotations

import functools
import re
import unicodedata

import pandas as pd
import pytest

import silkroad_data as sd
from silkroad_data import loader as load_module
from silkroad_data.cli import main
from silkroad_data.metadata import OBSERVATION_TABLES
from silkroad_data.metadata.areas import OTHER_NAMES, area_rows

# Where the row-by-row matching looked for a word, and what a match was worth there.
_WEIGHTS = ((("indicator", "series_id"), 3), (("subject", "counterpart"), 3),
            (("period_label", "time_period", "reported", "section"), 2), (("quote", "note", "correction", "cited_source", "obs_id"), 1))
_CODE_WEIGHT = 4


# --- the reference's reading of words ---------------------------------------------------------------------------------

def _fold(text) -> str:
    """Text as search compares it: accents dropped ("São" is "sao"), a ligature or a full-width letter
    read as its letters, case folded as Unicode folds it ("Straße" is "strasse"), and an underscore
    read as a space (a series id's parts are words)."""
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return ""
    letters = [c for c in unicodedata.normalize("NFKD", str(text)) if unicodedata.category(c) != "Mn"]
    return "".join(letters).casefold().replace("_", " ")


# Besides letters and digits, the signs a figure or an id is written with belong to its word:
# "US$263.6", "4.1%", "+5", "co-operation", "chn_lcn_trade_total". Everything else (spaces,
# commas, semicolons, brackets, quotes, "&") separates words, and a full stop that ends a word
# ends the sentence ("in 2016."). An accent is part of its letter even where it is a character
# of its own (decomposed text).
_WORD_SIGNS = frozenset("$%.+-_")


def _words(text) -> list[str]:
    """The words of ``text`` as written (not folded), in order."""
    words, current = [], ""
    for c in str(text) + " ":
        if c.isalnum() or c in _WORD_SIGNS or unicodedata.category(c).startswith("M"):
            current += c
        else:
            if current.rstrip("."):
                words.append(current.rstrip("."))
            current = ""
    return words


# Words that carry no meaning on their own in a query ("4G coverage in Brazil"): articles,
# "and", and the prepositions a query is worded with.
_STOP_WORDS = frozenset({"a", "an", "the", "and", "at", "by", "for", "from", "in", "of", "on", "to", "with"})


@functools.lru_cache(maxsize=1)
def _area_names() -> tuple[dict[tuple[str, ...], str], dict[str, str]]:
    """Each name of an area as the folded words a query writes it in, to the area's code; and each
    area's code, folded, to itself. The names are those areas.csv declares (English, Spanish,
    Portuguese; an "&" also read as "and") and the papers' names that metadata/areas.py declares
    beside them ("the region", "LAC")."""
    declared = [(row[col], row["code"]) for row in area_rows() for col in ("name", "name_es", "name_pt")]
    declared += [(row["name"].replace("&", "and"), row["code"]) for row in area_rows()]
    declared += list(OTHER_NAMES.items())
    names: dict[tuple[str, ...], str] = {}
    for name, code in declared:
        if name:
            names.setdefault(tuple(_fold(w) for w in _words(name)), code)
    return names, {_fold(row["code"]): row["code"] for row in area_rows()}


def _reference_terms(text) -> list[tuple[str, str]]:
    """The query as ('area', CODE) for the longest run of words naming an area, else ('word', folded word).

    A code is an area only written in capitals ("PER", not "per" in "GDP per capita"); a stop word
    is never an area on its own, and otherwise dropped.
    """
    names, codes = _area_names()
    longest = max(map(len, names))
    written = _words(text)
    folded = [_fold(w).strip() for w in written]
    terms, i = [], 0
    while i < len(written):
        for n in range(min(longest, len(written) - i), 0, -1):
            run = tuple(folded[i:i + n])
            code = names.get(run)
            if code is None and n == 1 and run[0] in codes and written[i].isupper():
                code = codes[run[0]]
            if code is not None and not (n == 1 and run[0] in _STOP_WORDS):
                terms.append(("area", code))
                i += n
                break
        else:
            if folded[i] and folded[i] not in _STOP_WORDS:
                terms.append(("word", folded[i]))
            i += 1
    return terms


def _name_pattern(code: str) -> re.Pattern:
    """Where a folded text names area ``code``: one of its names (not its code: "bra" is also part of
    words), as whole words in order, whatever separates them ("Latin America, Caribbean")."""
    names, _ = _area_names()
    alternatives = [r"\W+".join(re.escape(w) for w in name) for name, c in names.items() if c == code]
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])") if alternatives else re.compile(r"(?!)")


def _word_pattern(word: str) -> re.Pattern:
    """Where a folded text has ``word`` as the start of one of its words (not after a letter or digit)."""
    return re.compile(r"(?<![^\W_])" + re.escape(word))


# --- the reference's narrowing ----------------------------------------------------------------------------------------

def _reference_period(period) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a period as sd.search takes it: a year (2019), a half ('2019-S1'), a
    quarter ('2019-Q3'), a month ('2019-05'), a date ('2019-05-17'), or a span of two ('2001/2016')."""
    text = str(period)
    if "/" in text:
        first, last = text.split("/")
        return _reference_period(first)[0], _reference_period(last)[1]
    year, _, part = text.partition("-")
    year = int(year)
    if part.startswith("S"):
        months = (6 * int(part[1:]) - 5, 6 * int(part[1:]))
    elif part.startswith("Q"):
        months = (3 * int(part[1:]) - 2, 3 * int(part[1:]))
    elif part.count("-") == 1:
        day = pd.Timestamp(text)
        return day, day
    elif part:
        months = (int(part), int(part))
    else:
        months = (1, 12)
    return pd.Timestamp(year, months[0], 1), pd.Timestamp(year, months[1], 1) + pd.offsets.MonthEnd(0)


def _reference_narrow(obs: pd.DataFrame, table=None, area=None, source=None, period=None) -> pd.DataFrame:
    """The figures of ``obs`` in ``table``, about ``area`` (a code or a name, as its subject or its
    counterpart), from paper ``source``, whose period overlaps ``period`` (an undated figure overlaps none)."""
    keep = pd.Series(True, index=obs.index)
    if table is not None:
        keep &= obs["table"].astype(str) == table
    if area is not None:
        names, codes = _area_names()
        words = tuple(_fold(w) for w in _words(area))
        code = names.get(words) or codes[words[0]]
        keep &= (obs["subject_code"].astype(object) == code) | (obs["counterpart_code"].astype(object) == code)
    if source is not None:
        keep &= obs["source_id"].astype(str) == source
    if period is not None:
        start, end = _reference_period(period)
        keep &= (obs["period_start"] <= end).fillna(False) & (obs["period_end"] >= start).fillna(False)
    return obs[keep]


# --- the matching, figure by figure ----------------------------------------------------------------------------------

# Every column folded value by value, each term of the query looked for in each column: a figure
# scores where every term matches somewhere, the best place of each term counting. Kept here to pin
# which figures search finds.
def _reference_score(rows: list[dict], text: str) -> list[int]:
    """The score of each figure (a mapping of its columns, folded, and its two area codes)."""
    terms = [(value if kind == "area" else None, _name_pattern(value) if kind == "area" else _word_pattern(value))
             for kind, value in _reference_terms(text)]
    scores = []
    for row in rows:
        best = []
        for code, pattern in terms:
            places = [weight for group, weight in _WEIGHTS for col in group if pattern.search(row[col])]
            if code is not None and code in (row["subject_code"], row["counterpart_code"]):
                places.append(_CODE_WEIGHT)
            best.append(max(places, default=0))
        scores.append(sum(best) if best and min(best) > 0 else 0)
    return scores


def _folded_rows(obs: pd.DataFrame) -> list[dict]:
    columns = [col for group, _ in _WEIGHTS for col in group]
    folded = {col: [_fold(v) for v in obs[col]] for col in columns}
    codes = {col: [v if isinstance(v, str) else None for v in obs[col]] for col in ("subject_code", "counterpart_code")}
    return [{col: values[i] for col, values in (folded | codes).items()} for i in range(len(obs))]


def _reference_search(every: pd.DataFrame, scores, text: str, **narrowing) -> pd.DataFrame:
    obs = _reference_narrow(every, **narrowing)
    if not str(text or "").strip():
        return obs.assign(score=0).reset_index(drop=True)
    s = pd.Series(scores(str(text)), dtype="int64").loc[obs.index]  # a figure's score is its own: narrowing keeps it
    hits = obs.assign(score=s)[s > 0]
    order = {t: i for i, t in enumerate(OBSERVATION_TABLES)}
    hits = hits.assign(_t=hits["table"].astype(str).map(order))
    return (hits.sort_values(["score", "_t", "series_id", "period_end", "obs_id"], ascending=[False, True, True, True, True],
                             na_position="last").drop(columns="_t").reset_index(drop=True))


# The reference's own reading, against what the rules say by hand: it can be wrong too.
def test_the_reference_folds_case_accents_and_underscores_as_the_rule_says():
    assert _fold("São Paulo") == _fold("SAO PAULO") == _fold("sa\u0303o paulo") == "sao paulo"
    assert (_fold("Straße"), _fold("PERÚ"), _fold("chn_lcn_trade_total")) == ("strasse", "peru", "chn lcn trade total")
    assert _fold(None) == _fold(float("nan")) == ""


def test_the_reference_splits_a_query_into_words_and_areas_as_the_rule_says():
    assert _words("trade, investment; loans (2016) \"US$263.6\" 4.1% co-operation in 2016.") == [
        "trade", "investment", "loans", "2016", "US$263.6", "4.1%", "co-operation", "in", "2016"]
    assert _words("Sa\u0303o Paulo") == ["Sa\u0303o", "Paulo"]  # decomposed: the accent stays in its word
    assert _reference_terms("4G coverage in Brazil") == [("word", "4g"), ("word", "coverage"), ("area", "BRA")]
    assert _reference_terms("GDP per capita, PER") == [("word", "gdp"), ("word", "per"), ("word", "capita"), ("area", "PER")]
    assert _reference_terms("América Latina y el Caribe") == _reference_terms("the region") == [("area", "LCN")]
    assert _reference_terms("Latin America & Caribbean trade") == [("area", "LCN"), ("word", "trade")]
    assert _reference_terms("estados unidos") == [("area", "USA")]
    assert _reference_terms("Brasil bra") == [("area", "BRA"), ("word", "bra")]
    assert _reference_terms("of the") == _reference_terms("_") == _reference_terms(" , ") == []


def test_the_reference_narrows_by_period_and_area_as_the_rule_says():
    ts = pd.Timestamp
    assert _reference_period(2016) == (ts("2016-01-01"), ts("2016-12-31"))
    assert _reference_period("2019-S1") == (ts("2019-01-01"), ts("2019-06-30"))
    assert _reference_period("2019-Q4") == (ts("2019-10-01"), ts("2019-12-31"))
    assert _reference_period("2020-02") == (ts("2020-02-01"), ts("2020-02-29"))
    assert _reference_period("2001/2016-05-17") == (ts("2001-01-01"), ts("2016-05-17"))
    figures = pd.DataFrame({"table": ["trade"] * 4, "source_id": ["p"] * 4, "subject_code": ["BRA", "CHN", "CHN", None],
                            "counterpart_code": [None, "BRA", "LCN", None],
                            "period_start": pd.to_datetime(["2015-01-01", "2016-12-31", "2017-01-01", None]),
                            "period_end": pd.to_datetime(["2015-12-31", "2017-12-31", "2017-12-31", None])})
    assert _reference_narrow(figures, area="Brasil").index.tolist() == [0, 1]
    assert _reference_narrow(figures, area="Latin America").index.tolist() == [2]
    assert _reference_narrow(figures, period=2016).index.tolist() == [1]
    assert _reference_narrow(figures, period="2015/2016").index.tolist() == [0, 1]


# What ranks and narrows a figure: enough to compare the hits of many queries quickly.
KEYS = ["obs_id", "table", "series_id", "subject_code", "counterpart_code", "source_id", "period_start", "period_end"]


@pytest.fixture(scope="module")
def reference():
    every = sd.observations()
    assert every.index.equals(pd.RangeIndex(len(every)))
    rows = _folded_rows(every)
    scores = functools.lru_cache(maxsize=None)(lambda text: _reference_score(rows, text))
    return lambda text, columns=None, **narrowing: _reference_search(every if columns is None else every[columns],
                                                                      scores, text, **narrowing)


QUERIES = [
    "", "   ", "trade", "4G coverage", "4G coverage in Brazil", "Sao Paulo", "São Paulo", "SAO PAULO", "investment Mexico",
    "Huawei trained", "trainees per year", "Brasil", "Brazil", "BRA", "bra", "PER", "per", "Perú", "GDP per capita",
    "Latin America", "América Latina y el Caribe", "the region", "LCN trade", "China", "CHN", "estados unidos", "World",
    "38.02", "US$", "US$263.6", "%", "4.1%", "t", "a", "the", "of the", "in", "2016", "2019-S1", "zzzz", "4G zzzznotaword",
    "Brazil Mexico", "Argentina Brazil Chile", "chn_lcn_trade_total", "chn lcn trade", "loans", "loan", "agreement",
    "agreements", "Campinas", "ÉXPORTS", "exports imports", "Straße", "-", "+", "_", "bn", "billion", "million",
    "investment", "infrastructure", "digital", "5G", "cables", "submarine cable", "Belt and Road", "BRI", "FDI",
    "Chinese investment in Latin America", "soybeans", "copper", "oil", "Venezuela", "Ecuador", "Panamá", "Panama",
    "trade, investment; loans", "(2016)", "\"trade\"", "co-operation", "cooperation", "percent", "share", "growth",
    "total", "Huawei", "ZTE", "4G coverage Brazil 2019", "x" * 40,
    "Sa\u0303o Paulo", "Latin America & Caribbean", "Islas Vírgenes de los Estados Unidos", "EEUU", "2016.",
]


def _data_words() -> list[str]:
    """Words of the figures themselves: from the first words of each figure's texts, one in thirty."""
    obs = sd.observations()
    words: set[str] = set()
    for col in ("indicator", "quote", "note", "reported", "section", "period_label"):
        for value in obs[col].dropna():
            words.update(_words(value)[:4])
    return sorted(words)[::30]


# Where the stemmed index rightly finds more than the start of the word did: a plural or another form
# of the word ("cables" finds "cable", "agreements" "agreement", "investment" "investors", "trade"
# "traders"), and "%" read as "percent" (so "percent" and "per" find figures written with "%").
WIDENED = {"trade", "LCN trade", "\"trade\"", "per", "US$", "%", "agreements", "ÉXPORTS", "exports imports", "investment",
           "digital", "cables", "cooperation", "percent", "share"}
# Signs that are no word: the index finds nothing for them (the regular expression matched the sign).
NO_WORD = {"-", "+", "_"}


def _ids(frame: pd.DataFrame) -> set:
    return set(frame["obs_id"])


def test_search_finds_what_the_row_by_row_matching_found(reference):
    assert WIDENED | NO_WORD <= set(QUERIES)
    for text in QUERIES:
        found, expected = _ids(sd.search(text)), _ids(reference(text))
        if text in NO_WORD:
            assert found == set(), text
        elif text in WIDENED:
            assert found > expected, text
        else:
            assert found == expected, text


def test_search_never_finds_fewer_than_the_row_by_row_matching(reference):
    words = _data_words()
    assert len(words) > 25
    for text in words + [" ".join(words[i:i + 2]) for i in range(0, len(words), 9)]:
        assert _ids(sd.search(text)) >= _ids(reference(text, KEYS)), text


def test_narrowed_search_finds_what_the_row_by_row_matching_found(reference):
    for narrowing in ({"area": "Brazil"}, {"table": "digital_infrastructure"}, {"source": "lou2019"}, {"period": 2016},
                      {"area": "LCN", "source": "li2022", "period": 2016}, {"table": "trade", "period": "2001/2016"}):
        # browsing without words: the same frame, in the same order
        expected = reference("", **narrowing)
        pd.testing.assert_frame_equal(sd.search("", **narrowing), expected.assign(score=expected["score"].astype("float64")))
        for text in ("trade", *QUERIES[::9]):
            found, expected = _ids(sd.search(text, **narrowing)), _ids(reference(text, KEYS, **narrowing))
            assert (found >= expected) if text in WIDENED else (found == expected - (expected if text in NO_WORD else set())), \
                (text, narrowing)


def test_score_of_any_frame_is_positive_where_the_row_by_row_matching_matched():
    from silkroad_data.textsearch import score  # the public surface this test is about

    obs = sd.observations().iloc[::3]
    rows = _folded_rows(obs)
    for text in ("Brasil 4G", "4G coverage", "zzzz", "the region", "Sao Paulo"):
        assert (score(obs, text) > 0).tolist() == [s > 0 for s in _reference_score(rows, text)], text


def test_a_result_changed_by_its_reader_leaves_the_next_search_alone():
    first = sd.search("trade")
    first.loc[:, "quote"] = "changed"
    first.loc[:, "score"] = -1
    again = sd.search("trade")
    assert (again["score"] > 0).all() and not again["quote"].eq("changed").any()


def _build(raw, out, capsys) -> None:
    assert main(["build", "--raw", str(raw), "--out", str(out)]) == 0
    capsys.readouterr()


def test_a_small_paper_is_found_as_its_record_says_and_again_when_rebuilt(mini, monkeypatch, capsys):
    assert "mini.trade_2014" not in set(sd.search("trade")["obs_id"])  # the packaged tables, searched first
    _build(mini["raw"], mini["out"], capsys)
    monkeypatch.setattr(load_module, "DATA_DIR", mini["out"])
    # Expected hits read from the record in conftest.py, best first where the fields differ: a word in
    # the indicator or series above one in the reported figure or period, above one only in the quote or note.
    expected = {
        "trade": {"mini.trade_2014", "mini.trade_growth_2014"},  # both indicators
        "growth": ["mini.trade_growth_2014"],
        "grew": ["mini.trade_growth_2014"],  # only in its quote
        "263.6": ["mini.trade_2014", "mini.trade_growth_2014"],  # reported, then only quoted
        "4.1%": ["mini.trade_growth_2014"],
        "2013": ["mini.trade_growth_2014"],  # its period label, "over 2013"
        "region": ["mini.trade_2014"],
        "the region": {"mini.trade_2014", "mini.trade_growth_2014"},  # Latin America: the counterpart code
        "LCN": {"mini.trade_2014", "mini.trade_growth_2014"},
        "China growth": ["mini.trade_growth_2014"],
        "trade in goods total": {"mini.trade_2014", "mini.trade_growth_2014"},
        "totals": {"mini.trade_2014", "mini.trade_growth_2014"},  # a plural finds the singular
        "Brazil": [],  # named only in a passage the record excludes
        "soybeans": [],
        "tra": {"mini.trade_2014", "mini.trade_growth_2014"},  # the start of a word
        "rade": [],  # not the start of a word
    }
    for text, hits in expected.items():
        found = sd.search(text)
        assert (found["score"] > 0).all() and found["score"].is_monotonic_decreasing, text
        assert (set(found["obs_id"]) if isinstance(hits, set) else found["obs_id"].tolist()) == hits, text

    record = mini["record"].read_text(encoding="utf-8")
    mini["record"].write_text(record.replace("trade in goods, total", "trade in goods and soybeans, total"),
                              encoding="utf-8")
    _build(mini["raw"], mini["out"], capsys)  # the same folder, rebuilt in this process
    assert sd.search("soybeans")["obs_id"].tolist() == sd.search("soybean")["obs_id"].tolist() == ["mini.trade_2014"]
    monkeypatch.undo()
    assert "mini.trade_2014" not in set(sd.search("trade")["obs_id"])
