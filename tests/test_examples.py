"""Every Python example written in README.md and the pages of docs/ runs, in order, page by page.

Each page's ```python blocks run one after another in one namespace, in a folder of their own
(files an example writes land there), as a reader pasting them into a notebook would run them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import matplotlib
import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def _blocks(page: Path) -> list[str]:
    return BLOCK.findall(page.read_text(encoding="utf-8"))


# A page whose examples build the whole site runs with the site's own whole-site tests (.ci/run).
WHOLE_SITE = {ROOT / "docs" / "site.md"}


@pytest.mark.parametrize("page", [p for p in PAGES if _blocks(p)], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_python_example_of_a_page_runs(page, tmp_path, monkeypatch):
    if page in WHOLE_SITE and not os.environ.get("SILKROAD_SITE_TESTS"):
        pytest.skip("builds the whole site: set SILKROAD_SITE_TESTS=1 (.ci/run does)")
    import matplotlib.pyplot as plt

    matplotlib.use("Agg")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exports" / "csv").mkdir(parents=True)
    namespace: dict = {"__name__": "__example__"}
    try:
        for k, code in enumerate(_blocks(page), start=1):
            try:
                exec(compile(code, f"{page.name}, example {k}", "exec"), namespace)
            except Exception as exc:  # say which example of which page
                raise AssertionError(f"{page.relative_to(ROOT)}, example {k} fails: {exc!r}\n{code}") from exc
    finally:
        plt.close("all")
        os.chdir(ROOT)


def test_the_readme_and_the_docs_have_examples():
    assert sum(len(_blocks(p)) for p in PAGES) >= 10
