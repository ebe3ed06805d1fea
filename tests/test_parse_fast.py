"""The fast YAML path (yaml_rs) gives exactly what the PyYAML loader gives, or is not taken.

Every document here is parsed twice: by ``_parse`` as the build calls it, and by the PyYAML
path alone. The two must agree on the value *and the type* of every part (True == 1 == 1.0 in
Python, so plain ``==`` is not enough), and on the problem of a file that cannot be read.
"""

from __future__ import annotations

import datetime
import math
import random

import pytest

from silkroad_data.pipeline import records
from silkroad_data.pipeline.records import _fast_parse_allowed, _parse, _parse_fast
from silkroad_data.paths import RAW_DIR

pytest.importorskip("yaml_rs")


def same(a, b) -> bool:
    """Equal values of identical types, all the way down (NaN equals NaN; dict order counts)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(k, l) for k, l in zip(a, b)) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return a == b


def _outcome(data: bytes, fast: bool):
    try:
        return _parse(data, "t.yaml", fast=fast)
    except Exception as exc:  # what escapes the loader (a list as a key) must escape both paths alike
        return None, f"raised {type(exc).__name__}: {exc}"


def both(text: str):
    """(fast path's result, PyYAML's result, whether the fast path was taken) for ``text``."""
    data = text.encode("utf-8")
    return _outcome(data, True), _outcome(data, False), _parse_fast(data) is not None


def check(text: str) -> bool:
    (doc, problem), (want, want_problem), fast = both(text)
    assert same(doc, want), (text, doc, want)
    assert problem == want_problem, (text, problem, want_problem)
    return fast


# Ordinary documents: each must take the fast path (or the speed-up is lost) and agree.
ORDINARY = [
    "a: plain text\nb: 'single quoted'\nc: \"double quoted\"\n",
    "a: 1.5\nb: -0.25\nc: 1.0e+3\nd: 0\ne: -7\nf: 2020\ng: 0.5e-3\nh: 123456789012345678\n",
    "a: null\nb: ~\nc:\nd: Null\ne: NULL\n",
    "a: true\nb: True\nc: TRUE\nd: false\ne: False\nf: FALSE\n",
    "a: |\n  line one\n  line two\nb: >-\n  folded\n  text\nc: |+\n  kept\n\nd: x\n",
    "a: Índice de Precios — 中拉 ✓ 😀\n",
    "# a comment\na: x  # another\nb: 'a # in quotes'\n",
    "a: [x, y, 'z']\nb: {c: 1, d: [2.5, text]}\nc: []\nd: {}\n",
    "a: \"2019-06-30\"\nb: '2019-06-30'\nc: 'yes'\nd: \"on\"\ne: '010'\nf: '1e3'\n",
    "a: 'key: value inside'\nb: \"x: y\"\nc: text:with colon, a - dash\n",
    "a: 12.3 countries\nb: 19.5%\nc: US$4.5 billion\nd: 110-126\n",
    "text_sha256: 7ec3855bb4580a4a9fa5580a383b514d77f2694330a6b31ffd01a5f04465e01b\n",
    "a: Xie, J., & Chen, H. (2024)\nb: what? maybe\nc: a * b\n",
    "a: \"escapes \\t \\n \\\\ \\\" \\u00e9 \\x41\"\nb: 'it''s'\n",
    "records:\n- id: r1\n  values: [1, 2.5]\n- id: r2\n  nested:\n    - x\n    - y: 1\n",
    "a: y\nb: n\nc: Y\nd: N\ne: nan\nf: inf\ng: tRUE\n",
    "a: x\r\nb: 1.5\r\n",
    "a: multi\n  line\n  plain\nb: \"multi\n  line quoted\"\n",
]

# Safe documents the scan sends to PyYAML all the same (it cannot tell them from risky ones
# without parsing): they cost time, never correctness.
FALSE_ALARMS = [
    "{\"a\": 1, \"b\": [true, null]}\n",  # a quoted key (one spanning lines is read differently)
    "a: 1,000\n",  # `000` after a comma, as in a flow list
    "a: what? yes\n",  # `yes` after `? `, as in a complex key
    "a: 2019-06-30 was a Sunday\n",  # a date, as in a timestamp with a space
]

# Risky documents: the two YAML versions differ, or the loader refuses them; each must be sent
# to PyYAML (and then of course agree).
RISKY = [
    "a: yes\n", "a: No\n", "a: ON\n", "a: off\n", "yes: 1\n", "a: [on, off]\n", "a: {y: yes}\n",
    "a: 010\n", "a: 0o17\n", "a: 0x1F\n", "a: 0b101\n", "a: 1_000\n", "a: 1:30\n", "a: -1:30:00\n", "a: 190:20:30.15\n",
    "a: 1e3\n", "a: 1e+3\n", "a: 1E-3\n", "a: 1.5e3\n", "a: .5\n", "a: -.5\n", "a: 1.\n", "a: +1\n", "a: _1\n",
    "a: .inf\n", "a: -.Inf\n", "a: .nan\n", "a: .Nan\n", "a: 1e400\n",
    "a: 2019-06-30\n", "a: 2019-02-30\n", "a: 2001-12-14 21:59:43\n", "a: 2001-12-14t21:59:43.10-05:00\n",
    "a: 2001-12-14\n  21:59:43\n", "2019-06-30: x\n",
    "a: &x 1\nb: *x\n", "a: &x [1]\n", "a: *x\n", "a: !!str 1\n", "a: ! 12\n", "a: !foo 1\n", "a: !!binary aGk=\n",
    "<<: {b: 1}\nc: 2\n", "a: =\n", "? a\n: 1\n", ": x\n", "a:\n  : x\n", "{: x}\n", "[1, 2]: x\n", "{a: 1}: 2\n",
    "%YAML 1.1\n---\na: 1\n", "a: 1\n---\nb: 2\n", "---\na: 1\n", "a: 1\n...\n",
    "\ufeffa: 1\n", "a:\t1\n", "a: x\u2028b\n", "a: \x85\n", "a: \x07\n", "a: x\rb: 2\n",
    "a: 1\na: 2\n", "a: {c: 1, c: 2}\n", "1: x\n'1': y\n", "true: 1\n'true': 2\n", "null: 1\n", "~: 1\n",
    "a: 1" + "0" * 400 + "\n", "a: 1234567890123456789\n",
    "a: " + "[" * 300 + "]" * 300 + "\n", "".join(" " * i + "a:\n" for i in range(300)) + " " * 300 + "a: 1\n",
    "- " * 300 + "x\n",
]

# Files the PyYAML loader refuses, with the problem it gives today (messages written out from
# the loader's rules: the line, the record, the field).
BAD = [
    ("observations:\n- id: o1\n  value: 1\n  value: 2\n", ("o1", "value", "given twice in this record (lines 3 and 4); keep one")),
    ("observations:\n- id: o1\n  period: 2019-02-30\n",
     ("o1", "period", "line 3: '2019-02-30' is not a date that exists (day is out of range for month); correct it, or "
                      "quote it to keep it as text")),
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_documents_take_the_fast_path_and_agree(text):
    assert _fast_parse_allowed(text), text
    assert check(text), text


@pytest.mark.parametrize("text", RISKY + FALSE_ALARMS)
def test_risky_documents_go_to_pyyaml(text):
    assert not check(text), text


@pytest.mark.parametrize("text,want", BAD)
def test_refused_files_keep_their_located_problem(text, want):
    (doc, problem), _, fast = both(text)
    assert doc is None and not fast
    assert (problem.record, problem.field, problem.message) == want


def test_an_alias_and_a_huge_number_keep_their_located_problem():
    (doc, problem), _, _ = both("source:\n  id: s\n  a: &x 1\n  b: *x\n")
    assert doc is None and problem.message.startswith("line 3: an alias (*name) repeats the value anchored")
    (doc, problem), _, _ = both("source:\n  id: s\n  n: 1" + "0" * 400 + "\n")
    assert doc is None and problem.message.startswith("line 3: a whole number of 401 digits is beyond")


def test_the_real_raw_files_parse_the_same_on_both_paths():
    fast = [p.name for p in sorted(RAW_DIR.glob("*.yaml")) if check(p.read_text(encoding="utf-8"))]
    assert "clabri.yaml" in fast  # the others hold prose the scan cannot tell from a risky value


def test_without_yaml_rs_every_file_goes_to_pyyaml(monkeypatch):
    monkeypatch.setattr(records, "_fast_loads", lambda: None)
    assert _parse_fast(b"a: 1\n") is None
    assert _parse(b"a: yes\n", "t.yaml") == ({"a": True}, None)


# Randomized: small documents from a pool of tokens, ordinary and risky, written plain, single-
# or double-quoted, as values, keys, list items and flow items. A seeded generator, so a failure
# is reproducible; it names the document.
TOKENS = [
    "x", "text", "y", "n", "Y", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "oN",
    "true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "null", "Null", "NULL", "nULL", "~", "", "=", "<<",
    "0", "-0", "+0", "00", "1", "-1", "+1", "7", "010", "08", "0777", "0o17", "0o", "0x1F", "0x_1", "0xcd", "0b101", "0b2",
    "1_000", "_1", "1_", "1__0", "1:30", "-1:30", "1:60", "190:20:30.15", "12:30:00",
    "1.5", "-0.25", "0.0", "-0.0", "1.", "0.", ".5", "-.5", "+.5", "1.50", "1.0e+3", "1.0E-03", "1e3", "1e+3", "1E3", "1e-3",
    "1.5e3", "1.5e+", "1.e3", ".1e3", "6.8523015e+5", "685.230_15e+03", "1e400", "1.0e+400", "12345678901234567890",
    "123456789012345678", ".inf", "-.Inf", "+.INF", ".NaN", ".nan", ".Nan", "inf", "nan", "NaN", "Infinity",
    "2019-06-30", "2019-02-30", "2019-6-3", "2019-06", "20190630", "2001-12-14 21:59:43", "2001-12-14T21:59:43Z",
    "2016-11-17/2016-11-23", "110-126", "1-2-3", "1,000", "1,5", "19.5%", "12.3 countries", "US$1.0 billion",
    "7ec3855bb4580a4a9fa5580a383b514d77f2694330a6b31ffd01a5f04465e01b", "12e3c", "1d", "5:c", "1.2.3", "0.0.0.0",
    "x:y", "a b", "a #b", "a#b", "-x", "--", "---", "...", ".", "..", "+", "-", "@x", "`x", "%x", "&a", "*a", "!a",
    "& b", "* b", "! 12", "? x", "|", ">", "é", "1é", "1\u00a0", "中拉", "'", "\"", "\\", "[", "]", "{", "}", ",", ":",
    "#", "x # c", "1 # c", "1#c", "yes # c", "1 ", " 1",
]


def _render(token: str, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.6:
        return token
    if style < 0.8:
        return "'" + token.replace("'", "''") + "'"
    return '"' + token.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _document(rng: random.Random) -> str:
    lines = []
    for i in range(rng.randint(1, 4)):
        form = rng.random()
        tok = lambda: _render(rng.choice(TOKENS), rng)  # noqa: E731
        if form < 0.45:
            lines.append(f"k{i}: {tok()}")
        elif form < 0.6:
            lines.append(f"{tok()}: v{i}")
        elif form < 0.75:
            lines.append(f"k{i}:\n  - {tok()}\n  - {tok()}")
        elif form < 0.85:
            lines.append(f"k{i}: [{tok()}, {tok()}]")
        elif form < 0.9:
            lines.append(f"k{i}: {{a: {tok()}, {tok()}: b}}")
        elif form < 0.95:
            lines.append(f"k{i}: {rng.choice('|>')}{rng.choice(['', '-', '+'])}\n  {tok()}\n\n  {tok()}")
        else:
            lines.append(f"k{i}: {tok()}\n  {tok()}\n\n  {tok()}")
    return "\n".join(lines) + "\n"


def test_randomized_documents_agree():
    rng = random.Random(20260601)
    fast = 0
    for _ in range(600):
        fast += check(_document(rng))
    assert fast > 100  # enough of them reach yaml_rs for the comparison to mean something


# Randomized edits of the ordinary documents: a character or token inserted or deleted. Most
# edits make a document YAML reads differently or not at all; the two paths must still agree.
EDITS = list(" \n:-?,[]{}#'\"|>!&*%@`\\.0123456789eExoab_+~yYnN\t\r") + ["\n  ", "\n- ", ": ", "- ", "  "]


def test_randomized_edits_of_ordinary_documents_agree():
    rng = random.Random(20260602)
    fast = 0
    for _ in range(600):
        doc = rng.choice(ORDINARY)
        for _ in range(rng.randint(1, 3)):
            op, pos = rng.random(), rng.randrange(len(doc) + 1)
            if op < 0.4:
                doc = doc[:pos] + rng.choice(EDITS) + doc[pos:]
            elif op < 0.7:
                doc = doc[:pos] + doc[pos + 1:]
            else:
                doc = doc[:pos] + rng.choice(TOKENS) + doc[pos:]
        fast += check(doc)
    assert fast > 100


def test_the_scan_of_a_long_token_is_not_quadratic():
    # Each `:` of this line begins a candidate; an unbounded look along the token would take
    # hours over a large raw file. Long tokens are sent to PyYAML instead.
    assert not _fast_parse_allowed("a: " + "1:" * 200_000 + "1x%\n")
    assert not _fast_parse_allowed("a: " + "1" * 70 + "\n")  # a whole number PyYAML may refuse


def test_a_list_or_mapping_used_as_a_key_is_a_problem_not_a_crash():
    for data in (b"source:\n  [1, 2]: x\n", b"source:\n  {a: 1}: x\n", b"? [a, b]\n: x\n"):
        doc, problem = _parse(data, "x.yaml")
        assert doc is None and problem.file == "x.yaml" and "as a key" in problem.message, data
