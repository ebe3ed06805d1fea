"""The data folder on disk: its lock, and the swap that puts a new set of tables in place at once.

Both sides need this: a build swaps a new folder in (:mod:`silkroad_data.pipeline.write`),
and a load that finds a swap interrupted by a crash finishes or undoes it (:func:`recover`),
so the read side never imports the pipeline.

The new files are written into a hidden sibling folder ``.<name>.new``; when every file and
the manifest (written last) are on disk, the folder in place moves aside to ``.<name>.old``,
the new one takes its name, and the old one is deleted. A crash can stop this at any instant;
whoever comes next (a build, or a load that finds no data folder) runs :func:`recover` under
the same lock: a complete new folder is put in place (or else the old one is put back), and
every leftover is deleted. So there is always a loadable data folder, or one recover() away.

Example
-------
>>> from pathlib import Path, PurePosixPath
>>> from silkroad_data.store import is_complete
>>> is_complete(Path("no-such-folder"))
False
"""

from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from .errors import DataError
from .paths import MANIFEST


def sibling(out: Path, kind: str) -> Path:
    """The hidden folder or file ``.<name>.<kind>`` beside ``out``."""
    return out.parent / f".{out.name}.{kind}"


def lock_path(out: Path) -> Path:
    """The lock file of the data folder ``out`` (beside it, never inside the folder swapped)."""
    return sibling(out, "lock")


@contextmanager
def build_lock(out: Path, timeout: float = -1):
    """One writer at a time per data folder (concurrent builds wait for each other).

    A cross-platform lock (the ``filelock`` package: ``fcntl`` on Unix, ``msvcrt`` on Windows).
    """
    from filelock import FileLock

    out.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(lock_path(out), timeout=timeout):
        yield


def _leftovers(out: Path) -> list[Path]:
    """Folders left beside ``out`` by interrupted swaps (this version's and earlier versions' names)."""
    prefix = f".{out.name}."
    try:
        siblings = list(out.parent.iterdir())
    except OSError:
        return []
    return sorted(p for p in siblings if p.name.startswith(prefix) and p.name != lock_path(out).name
                  and (p.name[len(prefix):] in ("new", "old") or p.name[len(prefix):].startswith(("tmp-", "old-"))))


def _listed(folder: Path) -> tuple[str, dict[str, dict]] | None:
    """The files the manifest of ``folder`` lists (path inside the folder -> its entry), for either layout:
    one Parquet file per table (``tables``) or datasets partitioned by paper (``layout: partitioned``, ``files``).
    Returns the layout and the files; None when there is no manifest this package wrote, or it
    names a path outside the folder."""
    doc = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    if doc.get("dataset") != "silkroad_data":
        return None
    layout = "partitioned" if doc.get("layout") == "partitioned" else "single"
    if layout == "partitioned":
        listed = {str(name): e for name, e in doc["files"].items()}
    else:
        listed = {str(e["file"]): e for e in doc["tables"].values()}
        if any("/" in name for name in listed):
            return None
    for name in listed:
        parts = PurePosixPath(name).parts
        if not parts or name.startswith("/") or "\\" in name or any(p.startswith(".") for p in parts):
            return None
    return layout, listed


def is_complete(folder: Path) -> bool:
    """True when ``folder`` holds a manifest this package wrote and every file it lists, intact."""
    import hashlib

    try:
        found = _listed(folder)
        if found is None:
            return False
        layout, listed = found
        if layout == "single" and not (folder / "datapackage.json").is_file():
            return False  # a single-file folder is complete with its descriptor
        for name, e in listed.items():
            data = (folder / name).read_bytes()
            if ("bytes" in e and len(data) != e["bytes"]) or hashlib.sha256(data).hexdigest() != e["sha256"]:
                return False
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return True


def unlocked_recover(out: Path) -> bool:
    """recover() for a caller that holds the lock."""
    leftovers = _leftovers(out)
    if not leftovers:
        return False
    if not out.exists():
        new = sibling(out, "new")
        olds = [p for p in leftovers if p.name != new.name and p.is_dir()]
        if new in leftovers and is_complete(new):
            os.replace(new, out)
        else:
            # The most recent previous folder that is complete (earlier versions named it .old-PID).
            olds.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
            back = next((p for p in olds if is_complete(p)), None)
            if back is not None:
                os.replace(back, out)
    for p in _leftovers(out):
        shutil.rmtree(p, ignore_errors=True)
    return True


def recover(out: Path, timeout: float = -1) -> bool:
    """Finish or undo a swap that a crash interrupted, and delete what it left; True if there was any.

    Takes the lock first, so a swap still under way in another process is waited for, not undone.

    >>> from silkroad_data.store import recover
    >>> recover(Path("silkroad_data/data"))   # doctest: +SKIP
    False
    """
    out = Path(out)
    if not _leftovers(out):
        return False
    with build_lock(out, timeout):
        return unlocked_recover(out)


def fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # a folder cannot be opened on Windows; its entries are durable there anyway
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _package_wrote(folder: Path) -> bool:
    """True when ``folder`` holds only a data folder this package wrote (a manifest and its files), in either layout."""
    try:
        found = _listed(folder)
        if found is None:
            return False
        ours = {MANIFEST, "datapackage.json"} | set(found[1])
        for path in folder.rglob("*"):
            if path.is_symlink():
                return False
            if path.is_dir():
                continue
            if not path.is_file() or path.relative_to(folder).as_posix() not in ours:
                return False
        return True
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def check_out(out: Path) -> Path:
    """``out`` as an absolute path, if a build may replace it; else a :class:`DataError` saying why.

    A build replaces the whole folder, so it must be new, empty, or a data folder that this
    package wrote; and an installed copy of the package is never written into.
    """
    from .paths import PACKAGE_DIR, SOURCE_CHECKOUT

    given = out
    out = Path(out).expanduser().resolve()
    what = f"`--out {given}`" + (f" ({out})" if str(given) != str(out) else "")
    if out.parent == out:
        raise DataError(f"{what} is the root of the file system; give a folder of its own for the tables, such as ./data.")
    if not SOURCE_CHECKOUT and (out == PACKAGE_DIR or PACKAGE_DIR in out.parents):
        raise DataError(f"{what} is inside the installed package ({PACKAGE_DIR}), which is never written into: its "
                        "tables ship built. Give a folder of your own, such as --out ./data.")
    cwd = Path.cwd().resolve()
    if out == cwd or out in cwd.parents:
        raise DataError(f"{what} is the current folder or holds it; a build replaces the whole folder it writes. "
                        "Give a new folder of its own, such as --out ./data.")
    if out.exists() and not out.is_dir():
        raise DataError(f"{what} is a file, not a folder; give a new folder for the tables, such as --out ./data.")
    if out.is_dir() and any(out.iterdir()) and not _package_wrote(out):
        held = sorted(p.name for p in out.iterdir())
        shown = ", ".join(held[:5]) + (", …" if len(held) > 5 else "")
        raise DataError(f"{what} holds files that this package did not write ({shown}); a build replaces the whole "
                        "folder, so nothing there is touched. Give a new or empty folder, or the data folder of an "
                        "earlier build.")
    return out
