"""The shape of the code: the read side never imports the pipeline, no module imports another in a
loop, and no source file sits where common ignore rules would drop it from git."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "silkroad_data"
# The command line dispatches both sides: `build` and the checks run the pipeline, the rest read.
FRONT_DOORS = {"silkroad_data.cli", "silkroad_data.__main__"}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports, at the top or inside a function."""
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                target = (f"{base}.{node.module}" if node.module else base) if node.level else node.module or ""
                # `from . import pages` imports the submodule pages, not the package it stands in
                candidates = ([target] if node.module else []) + [f"{target}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                candidates = [a.name for a in node.names]
            else:
                continue
            found |= {c for c in candidates if c in modules and c != name}
        graph[name] = found
    return graph


def test_the_read_side_never_imports_the_pipeline():
    graph = _imports()
    offenders = {m: sorted(t for t in targets if t.startswith("silkroad_data.pipeline"))
                 for m, targets in graph.items()
                 if not m.startswith("silkroad_data.pipeline") and m not in FRONT_DOORS}
    assert not {m: t for m, t in offenders.items() if t}


def test_no_module_imports_another_in_a_loop():
    graph = _imports()
    # The package itself is a namespace every module may name (`import silkroad_data as sd`); its
    # own imports are the light public functions, so edges into it are left out.
    graph = {m: {t for t in targets if t != "silkroad_data"} for m, targets in graph.items()}
    loops = []

    def visit(node, path, seen):
        for nxt in sorted(graph.get(node, ())):
            if nxt == path[0]:
                loops.append(path + [nxt])
            elif nxt not in seen and nxt > path[0]:
                seen.add(nxt)
                visit(nxt, path + [nxt], seen)

    for start in sorted(graph):
        visit(start, [start], {start})
    assert not loops, "\n".join(" -> ".join(loop) for loop in loops)


# The folder names of GitHub's standard Python .gitignore template that ignore a folder at any depth
# (its `/site` is anchored at the root, so a package folder of that name is kept).
PYTHON_GITIGNORE_FOLDERS = {"build", "develop-eggs", "dist", "downloads", "eggs", ".eggs", "lib", "lib64", "parts",
                            "sdist", "var", "wheels", "env", "venv", ".venv", "ENV", "env.bak", "venv.bak", "htmlcov",
                            "cover", "instance", "target", "__pypackages__", "__pycache__"}


def test_no_tracked_source_sits_in_a_folder_the_python_gitignore_template_drops():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    dropped = [f for f in files if set(Path(f).parts[:-1]) & PYTHON_GITIGNORE_FOLDERS]
    assert not dropped, dropped
