"""Sphinx configuration: the user guide (Markdown pages of docs/), the notebooks executed and
rendered, and the API reference from the docstrings. Built with warnings as errors:
``python -m sphinx -W --keep-going -b html docs docs/_build/html``."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))

import silkroad_data  # noqa: E402

project = "silkroad-data"
author = "silkroad-data contributors"
release = version = silkroad_data.__version__
copyright = "silkroad-data contributors, CC-BY-4.0"

extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode"]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "charts/*.svg", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# The README and raw/README.md link to files of the repository (LICENSE, raw/...), which are not pages here.
suppress_warnings = ["myst.xref_missing"]

# The notebooks are committed without outputs; the documentation runs them and shows what they print.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 300
nb_execution_in_temp = False

autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_numpy_docstring = True
napoleon_google_docstring = False

html_theme = "furo"
html_title = f"silkroad-data {version}"
html_static_path: list[str] = []


def _copy_notebooks(app) -> None:
    """The notebooks live in notebooks/ at the project's root; Sphinx reads pages from docs/ only."""
    target = DOCS / "notebooks"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(ROOT / "notebooks", target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))


def setup(app):
    app.connect("builder-inited", _copy_notebooks)
