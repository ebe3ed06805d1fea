"""Every search written in README.md and docs/*.md finds at least one figure."""

from __future__ import annotations

import ast
import re
import shlex
from pathlib import Path

import pytest

import silkroad_data as sd
from silkroad_data.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _calls(text: str) -> list[str]:
    """Each ``sd.search(...)`` call of a text, up to its closing parenthesis (one that parses)."""
    calls = []
    for m in re.finditer(r"sd\.search\(", text):
        for end in range(m.end(), min(len(text), m.end() + 300)):
            if text[end] != ")":
                continue
            try:
                ast.parse(text[m.start():end + 1], mode="eval")
            except SyntaxError:
                continue
            calls.append(text[m.start():end + 1])
            break
    return calls


def _shell(text: str) -> list[str]:
    return re.findall(r"silkroad-data (search [^`\n]+)", text)


CALLS = [(page.name, call) for page in PAGES for call in _calls(page.read_text(encoding="utf-8"))]
SHELL = [(page.name, line) for page in PAGES for line in _shell(page.read_text(encoding="utf-8"))]


def test_the_pages_hold_searches():
    assert any(page == "README.md" for page, _ in CALLS) and SHELL


@pytest.mark.parametrize("page, call", CALLS)
def test_a_written_search_finds_figures(page, call):
    found = eval(call, {"sd": sd})
    assert len(found) > 0, f"{page}: {call} finds nothing"


@pytest.mark.parametrize("page, line", SHELL)
def test_a_written_shell_search_finds_figures(page, line, capsys):
    words = [w for w in shlex.split(line) if w not in ("...", "…")]
    assert main(words) == 0, f"{page}: silkroad-data {line} finds nothing"
    capsys.readouterr()
