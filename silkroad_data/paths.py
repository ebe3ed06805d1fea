"""Where the package keeps its files, and how a file is fingerprinted."""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
MANIFEST = "manifest.json"
# The curated records sit beside the package in a checkout (raw/ at the project root).
RAW_DIR = PACKAGE_DIR.parent / "raw"
# A source checkout (pyproject.toml and raw/ beside the package) may rebuild its tables; an
# installed copy (site-packages) ships them built and is never written into.
SOURCE_CHECKOUT = (PACKAGE_DIR.parent / "pyproject.toml").is_file() and RAW_DIR.is_dir()


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes, in hex (read in blocks: memory stays small whatever the size)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
