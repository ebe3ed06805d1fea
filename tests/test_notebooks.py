"""The notebooks run from top to bottom on the packaged data (outputs are regenerated here, not committed)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_there_are_the_notebooks():
    assert [p.stem.split("_", 1)[0] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_shows_results(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit notebooks without outputs"
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    shows = [c for c in code if not all(line.startswith(("import ", "from ")) for line in c.source.splitlines())]
    assert all(c.outputs for c in shows), "every cell but the imports shows something"
    figures = [o for c in code for o in c.outputs if "image/png" in o.get("data", {})]
    if "plot" in nb.cells[1].source or any("plot." in c.source for c in code):
        assert figures, "the charts are drawn"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors
    # However a cell ends (a bare helper call, plt.show(), the figure), its chart shows once.
    for c in code:
        if "shows-one-chart" in c.metadata.get("tags", []):
            images = [o for o in c.outputs if "image/png" in o.get("data", {})]
            assert len(images) == 1, f"{path.name}: {c.source!r} shows {len(images)} images"
