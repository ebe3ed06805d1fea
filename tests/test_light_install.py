"""A user's install (no extras) loads, searches, cites, exports and charts without the build's tools.

The build's tools are made unimportable in a fresh interpreter (as in an install without the
`[build]` extra), and every user-facing path is run there. `.ci/run` also installs the package
with no extras into a new virtual environment and runs the same script.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from silkroad_data.cli import BUILD_TOOLS

SCRIPT = Path(__file__).with_name("light_install_check.py")


def test_the_build_tools_named_are_those_of_the_build_extra():
    import tomllib

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = " ".join(project["dependencies"]).lower()
    build = " ".join(project["optional-dependencies"]["build"] + project["optional-dependencies"]["schema"]).lower()
    for module, dist in zip(BUILD_TOOLS, ("pandera", "pyyaml", "yaml-rs", "filelock", "regex")):
        assert dist in build and dist not in core, module


@pytest.mark.parametrize("blocked", [True])
def test_every_user_path_works_without_the_build_tools(tmp_path, blocked):
    run = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path), "--block"], capture_output=True, text=True,
                         timeout=180, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout.strip().splitlines()[-1] == "light install: every user path works", run.stdout
