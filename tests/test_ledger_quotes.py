"""The ledger and quote verification, on small texts made here."""

from __future__ import annotations

import shutil

from silkroad_data.cli import main
from silkroad_data.pipeline.check.ledger import ledger_for
from silkroad_data.pipeline.check.quotes import quote_problem
from silkroad_data.pipeline.records import read_paper


def test_every_number_of_the_small_paper_is_accounted_for(mini, capsys):
    paper, problems = read_paper(mini["record"])
    entries, found = ledger_for(paper, (mini["texts"] / "paper.txt").read_text())
    assert problems == [] and found == []
    status = {(e.number, e.status, e.by) for e in entries}
    assert ("263.6", "captured", "mini.trade_2014") in status
    assert ("4.1", "captured", "mini.trade_growth_2014") in status
    assert ("2014", "period", "mini.trade_2014") in status
    assert ("2016", "excluded", "event_date") in status
    assert ("12", "excluded", "bibliographic") in status
    assert not [e for e in entries if e.status == "unaccounted"]
    assert main(["ledger", "--texts", str(mini["texts"]), "--raw", str(mini["raw"])]) == 0
    assert "0 unaccounted" in capsys.readouterr().out


def test_an_uncaptured_number_is_unaccounted_and_fails(mini, capsys):
    text = mini["texts"] / "paper.txt"
    record = mini["record"].read_text()
    text.write_text(text.read_text() + "\nThere were 17 new platforms.\n")
    import hashlib

    new_sha = hashlib.sha256(text.read_bytes()).hexdigest()
    old_sha = record.split("text_sha256: ")[1].split()[0]
    mini["record"].write_text(record.replace(old_sha, new_sha))
    assert main(["ledger", "--texts", str(mini["texts"]), "--raw", str(mini["raw"])]) == 1
    out = capsys.readouterr().out
    assert "17" in out and "unaccounted" in out and "1 unaccounted number(s)" in out


def test_a_stale_exclusion_is_reported(mini, capsys):
    mini["record"].write_text(mini["record"].read_text().replace("Brazil signed a memorandum in 2016", "Chile signed a memorandum in 2016"))
    assert main(["ledger", "--texts", str(mini["texts"]), "--raw", str(mini["raw"])]) == 1
    out = capsys.readouterr().out
    assert "matches nothing" in out and "2016" in out


def test_texts_are_matched_by_content_not_name(mini, capsys):
    shutil.move(mini["texts"] / "paper.txt", mini["texts"] / "renamed-copy.md")
    assert main(["verify-quotes", "--texts", str(mini["texts"]), "--raw", str(mini["raw"])]) == 0
    (mini["texts"] / "renamed-copy.md").write_text("another text entirely")
    assert main(["verify-quotes", "--texts", str(mini["texts"]), "--raw", str(mini["raw"])]) == 1
    assert "SHA-256" in capsys.readouterr().out


def test_a_changed_quote_is_reported_with_what_differs(mini, capsys):
    mini["record"].write_text(mini["record"].read_text().replace("billion, and it grew by 4.1%", "billion, and it rose by 4.1%"))
    assert main(["verify-quotes", "--texts", str(mini["texts"]), "--raw", str(mini["raw"])]) == 1
    out = capsys.readouterr().out
    assert "mini.trade_growth_2014" in out and "rose by" in out and "grew by" in out


def test_quote_problem_allows_markup_and_white_space_only():
    text = "It reached US$263.6 billion in 2014."
    assert quote_problem(text, "reached US\\$263.6\n billion", "US$263.6 billion") is None
    assert "does not contain" in quote_problem(text, "It reached US$263.6 billion", "US$263.7 billion")
    assert "not in the text" in quote_problem(text, "Something else", None)
