"""Where the package keeps its files, and how a file is fingerprinted."""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
MANIFEST = "manifest.json"
# The curated records sit beside the package in a checkout (raw/ at the project root).
RAW_DIR = PACKAGE_DIR.parent / "raw"


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
