"""Attacks through the inputs: raw files that expand, hang or point elsewhere; values that crash
the derived figures; texts too large or unreadable; exclusion patterns that never finish."""

from __future__ import annotations

import hashlib
import json
import math
import os

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silkroad_data.pipeline import assemble
from silkroad_data.pipeline.derive import implied_figures
from silkroad_data.pipeline.normalize import normalize_papers
from silkroad_data.pipeline import records as records_module
from silkroad_data.pipeline.records import Paper, read_papers
from silkroad_data.pipeline.check import ledger as ledger_module
from silkroad_data import prose as text_module
from silkroad_data.pipeline.check.ledger import ledger_for
from silkroad_data.pipeline.check.quotes import match_texts
from silkroad_data.errors import BuildError
from silkroad_data.metadata import FIELDS, QUALIFIERS, RAW_SECTIONS

from conftest import MINI_TEXT, mini_record

SHA = hashlib.sha256(MINI_TEXT.encode()).hexdigest()
BASE = yaml.safe_load(mini_record(SHA))


def _messages(raw) -> list[str]:
    with pytest.raises(BuildError) as info:
        assemble(raw)
    return [str(p) for p in info.value.problems]


def test_an_alias_bomb_is_refused_at_once(mini):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 12):  # 9**12 values once expanded
        levels.append(f"l{n}: &l{n} [" + ", ".join([f"*{'a' if n == 1 else f'l{n - 1}'}"] * 9) + "]")
    text = mini["record"].read_text().replace("source:\n", "\n".join(levels) + "\nsource:\n", 1)
    mini["record"].write_text(text)
    papers, [problem] = read_papers(mini["raw"])
    assert papers == [] and "line 1" in str(problem) and "alias" in str(problem)


def test_a_raw_folder_reads_only_its_own_regular_files(mini, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(mini_record(SHA).replace("id: mini", "id: other"))
    (mini["raw"] / "link.yaml").symlink_to(outside)
    (mini["raw"] / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(mini["raw"] / "pipe.yaml")
    (mini["raw"] / "folder.yaml").mkdir()
    papers, problems = read_papers(mini["raw"])
    assert [p.source_id for p in papers] == ["mini"]
    said = {p.file.rsplit("/", 1)[1]: p.message for p in problems}
    assert "outside the raw folder" in said["link.yaml"]
    assert "outside the raw folder" in said["zero.yaml"]
    assert "FIFO" in said["pipe.yaml"]
    assert "folder" in said["folder.yaml"]
    # A link inside the folder to a regular file of it is read.
    (mini["raw"] / "link.yaml").unlink()
    (mini["raw"] / "zero.yaml").unlink()


def test_a_raw_file_larger_than_the_limit_is_not_read(mini, monkeypatch):
    monkeypatch.setattr(records_module, "MAX_RAW_BYTES", 1000)
    [message] = _messages(mini["raw"])
    assert "larger than" in message


def test_a_date_that_does_not_exist_is_located(mini):
    mini["record"].write_text(mini["record"].read_text().replace('period: "2014"\n    period_label: In 2014',
                                                                   "period: 2014-02-30\n    period_label: In 2014", 1))
    line = mini["record"].read_text().splitlines().index("    period: 2014-02-30") + 1
    [message] = _messages(mini["raw"])
    assert "record mini.trade_2014, field 'period'" in message and f"line {line}:" in message and "2014-02-30" in message


def test_a_400_digit_value_is_located(mini):
    mini["record"].write_text(mini["record"].read_text().replace("value: 263.6", "value: " + "9" * 400, 1))
    [message] = _messages(mini["raw"])
    assert "record mini.trade_2014, field 'value'" in message and "400 digits" in message


TEXT_KEYS = sorted(k.name for k in RAW_SECTIONS["observations"].keys
                   if k.column and FIELDS[k.column].type == "string" and k.name != "id")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(TEXT_KEYS), value=st.one_of(
    st.lists(st.text(max_size=4), min_size=0, max_size=3), st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=2)))
def test_a_list_or_mapping_in_a_text_field_is_refused_not_published(tmp_path_factory, key, value):
    raw = tmp_path_factory.mktemp("text") / "raw"
    raw.mkdir()
    doc = json.loads(json.dumps(BASE))
    doc["observations"][0][key] = value
    (raw / "mini.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    papers, problems = read_papers(raw)
    rows, found = normalize_papers(papers)
    assert any(p.record == "mini.trade_2014" and p.field == key for p in problems + found)


def _figure(obs_id, value, qualifier, unit, reported):
    return {"obs_id": obs_id, "source_id": "mini", "value": value, "value_high": value * 1.1 if qualifier == "range" else None,
            "qualifier": qualifier, "unit": unit, "printed_scale": 9 if unit == "USD" else 0, "reported": reported,
            "period_start": None, "period_end": None}


@settings(max_examples=40, deadline=None)
@given(part_q=st.sampled_from(list(QUALIFIERS)), share_q=st.sampled_from(list(QUALIFIERS)),
       part=st.floats(0.1, 1e4), share=st.sampled_from([0.0, 0.5, 8.9, 40.0, 99.5, 100.0]))
def test_an_implied_whole_lies_within_its_bounds_or_is_refused(part_q, share_q, part, share):
    import pandas as pd

    obs = pd.DataFrame([_figure("mini.part", part * 1e9, part_q, "USD", f"US${part:g} billion"),
                        _figure("mini.share", share, share_q, "percent", f"{share:g}%")])
    implied = [{"derived_id": "mini.whole", "indicator": "The whole", "part_obs_id": "mini.part",
                "share_obs_id": "mini.share", "_file": "raw/mini.yaml"}]
    try:
        row = implied_figures(obs, implied).iloc[0]
    except BuildError as exc:
        [problem] = exc.problems
        assert (problem.file, problem.record) == ("raw/mini.yaml", "mini.whole") and problem.field in ("part", "share")
        assert share == 0 or QUALIFIERS[share_q].low_open or QUALIFIERS[part_q].low_open or QUALIFIERS[part_q].high_open
    else:
        assert share > 0 and math.isfinite(row["bound_low"]) and math.isfinite(row["bound_high"])
        assert row["bound_low"] <= row["value"] <= row["bound_high"]


def test_a_share_of_zero_is_a_located_error():
    import pandas as pd

    obs = pd.DataFrame([_figure("mini.part", 5e9, "exact", "USD", "US$5 billion"),
                        _figure("mini.share", 0.0, "exact", "percent", "0%")])
    with pytest.raises(BuildError) as info:
        implied_figures(obs, [{"derived_id": "mini.whole", "indicator": "The whole", "part_obs_id": "mini.part",
                               "share_obs_id": "mini.share", "_file": "raw/mini.yaml"}])
    [problem] = info.value.problems
    assert (problem.record, problem.field) == ("mini.whole", "share") and "share of 0" in problem.message


def test_texts_too_large_or_unreadable_are_reported_not_read(mini, monkeypatch):
    paper = Paper(path=mini["record"], source={"id": "mini", "text_sha256": SHA})
    (mini["texts"] / "huge.txt").write_bytes(b"x" * 5000)
    monkeypatch.setattr(text_module, "MAX_TEXT_BYTES", 4000)
    texts, problems = match_texts([paper], mini["texts"])
    assert texts["mini"] == MINI_TEXT
    assert [p for p in problems if "huge.txt" in p and "not read" in p]
    # A text whose SHA-256 matches but that is not UTF-8, and a file that cannot be opened.
    bad = b"\xff\xfe not utf-8"
    (mini["texts"] / "paper.txt").write_bytes(bad)
    paper.source["text_sha256"] = hashlib.sha256(bad).hexdigest()
    real_open = open

    def deny(path, *a, **kw):
        if str(path).endswith("huge.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **kw)

    monkeypatch.setattr(text_module, "MAX_TEXT_BYTES", 10**6)
    monkeypatch.setattr("builtins.open", deny)
    texts, problems = match_texts([paper], mini["texts"])
    assert texts == {}
    assert [p for p in problems if "paper.txt" in p and "not UTF-8" in p]
    assert [p for p in problems if "huge.txt" in p and "Permission denied" in p]


def test_a_catastrophic_exclusion_pattern_is_stopped_and_reported(monkeypatch):
    monkeypatch.setattr(ledger_module, "PATTERN_SECONDS", 0.05)
    paper = Paper(path=records_module.Path("mini.yaml"), source={"id": "mini"},
                  exclusions=[{"reason": "set_phrase", "pattern": r"(a|a)*$"}])
    text = MINI_TEXT + "a" * 60 + "b"
    entries, problems = ledger_for(paper, text)
    assert entries and [p for p in problems if "exclusions[1]" in p and "stopped" in p]


def test_the_exclusion_patterns_of_the_raw_files_still_match():
    from silkroad_data.paths import RAW_DIR

    papers, _ = read_papers(RAW_DIR)
    patterns = [str(ex["pattern"]) for p in papers for ex in p.exclusions if ex.get("pattern")]
    assert len(patterns) > 30
    import re

    sample = "In 2014 (Smith 2019) <sup>12</sup> First, the two countries; 21st-Century 4G B2B\nReferences\nx"
    for pattern in patterns:
        assert ledger_module.pattern_spans(pattern, sample) == [m.span() for m in re.finditer(pattern, sample)]
