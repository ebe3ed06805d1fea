"""A kind normalized on whole columns (its column builder) gives the very rows its row builder gives.

Each case builds the papers' columns twice, with the column builders and without them, and
compares the typed columns value for value (with their types) and the problems found.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from silkroad_data.paths import RAW_DIR
from silkroad_data.pipeline import kinds
from silkroad_data.pipeline.paper import paper_columns
from silkroad_data.pipeline.normalize import normalize_papers, observation_columns
from silkroad_data.pipeline.records import read_paper


def _both(papers, monkeypatch):
    fast = paper_columns(copy.deepcopy(papers))
    with monkeypatch.context() as m:
        m.setattr(kinds, "_COLUMN_BUILDERS", {})
        slow = paper_columns(copy.deepcopy(papers))
    return fast, slow


def _same(fast, slow) -> None:
    for kind, table in slow.tables.items():
        assert fast.tables[kind].schema == table.schema, kind
        assert fast.tables[kind].to_pylist() == table.to_pylist(), kind
    assert sorted(fast.problems) == sorted(slow.problems)
    assert fast.rows == slow.rows


@pytest.fixture(scope="module")
def real():
    return [read_paper(path)[0] for path in sorted(Path(RAW_DIR).glob("*.yaml"))]


def test_most_real_papers_are_normalized_on_columns(real):
    normalize_papers([])  # a build starts afresh
    assert sum(observation_columns([paper]) is not None for paper in real) >= len(real) // 2


def test_the_real_papers_give_the_same_columns_either_way(real, monkeypatch):
    _same(*_both(real, monkeypatch))
    for paper in real:  # one by one too: papers with and without reference lists, deals, claims
        _same(*_both([paper], monkeypatch))


# Values of other types than a record usually holds, and values that are problems: each must give
# what the row builder gives (the column builder hands such papers to it, or converts them alike).
CHANGES = [
    {"footnote": 12}, {"made": dt.date(2019, 1, 1)}, {"note": True}, {"value": "100/3"}, {"value": 7},
    {"value": float("nan")}, {"value": "a lot"}, {"value": True}, {"statistic": "yes"},
    {"scale": "zillion"}, {"scale": " billion "}, {"period": 2016}, {"period": "2016-13"}, {"period": "2019-02-01/2018-01-01"},
    {"precision": "half", "period": "2019-06-30"}, {"precision": "half"}, {"subject_code": "XXX"}, {"subject_code": None, "subject": None},
    {"subject_code": None, "subject": "  Somewhere  "}, {"indicator": ["a", "b"]}, {"unit": {"a": 1}}, {"quote": "  two  spaces *here*  "},
    {"reported": "  "}, {"id": 17}, {"counterpart_code": " CHN "},
]
# Records that break, or nearly break, a rule of single records (the rules read only the rows they may break).
QUOTE = "In 2019 it was {}, the paper says."
RULES = [
    {"id": "elsewhere.o1"}, {"quote": "x" * 5000}, {"reported": "US$9 billion", "quote": "no number here"},
    {"reported": "US$9 billion", "value": 8, "scale": "billion", "unit": "USD"},
    {"reported": "US$9 billion", "value": 9.0000000001, "scale": "billion", "unit": "USD"},
    {"reported": "US$9 billion", "value": 9, "unit": "USD"}, {"reported": "US$9 million", "value": 9, "scale": "billion", "unit": "USD"},
    {"reported": "9 hundred  million yuan", "value": 9, "scale": "hundred_million", "unit": "CNY"},
    {"reported": "R$9 billion", "value": 9, "scale": "billion", "unit": "USD"}, {"reported": "9 per cent", "value": 9, "unit": "USD"},
    {"reported": "9%", "value": 9, "unit": "count"}, {"reported": "9 to 12 percent", "value": 9, "value_high": 12, "qualifier": "range", "unit": "percent"},
    {"reported": "9", "value": 9, "qualifier": "range"}, {"reported": "9", "value": 9, "value_high": 12}, {"reported": "one third", "value": 33.3, "unit": "percent"},
    {"reported": "9", "value": 9, "status": "forecast"}, {"reported": "9", "value": 9, "made": "2019"}, {"reported": "9", "value": 9, "measure": "threshold"},
    {"reported": "9", "value": 9, "comparator": ">"}, {"reported": "9", "value": 9, "unit": "rank"}, {"reported": "9.5", "value": 9.5, "unit": "rank", "measure": "rank"},
    {"reported": "250%", "value": 250, "unit": "percent", "measure": "share"}, {"period_label": None},
    {"reported": "1,5 bilhão de reais", "value": 1.5, "scale": "billion", "unit": "BRL"}, {"reported": "¥9", "value": 9, "unit": "USD"},
    {"reported": "9 and 10", "value": 10}, {"reported": "1,234", "value": 1234}, {"reported": "US\\$9 *billion*", "value": 9, "scale": "billion", "unit": "USD"},
    {"reported": "9", "value": 9, "correction": "the paper prints a typo"},
]
CHANGES += [{**change, **({"quote": QUOTE.format(change["reported"])} if "reported" in change and "quote" not in change else {})}
            for change in RULES]


@pytest.mark.parametrize("change", CHANGES, ids=[repr(c) for c in CHANGES])
def test_unusual_and_bad_values_give_the_same_columns_and_problems(real, change, monkeypatch):
    paper = copy.deepcopy(next(p for p in real if len(p.observations) >= 3 and observation_columns([p]) is not None))
    paper.observations[1].update(change)
    _same(*_both([paper], monkeypatch))
