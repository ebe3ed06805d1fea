"""Where the package keeps its files."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
MANIFEST = "manifest.json"
# The curated records sit beside the package in a checkout (raw/ at the project root).
RAW_DIR = PACKAGE_DIR.parent / "raw"
