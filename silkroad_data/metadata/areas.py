"""Area codes: ISO 3166-1 alpha-3 countries and World Bank aggregates (``areas.csv`` beside this file)."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def areas() -> dict[str, tuple[str, str]]:
    """Area codes: ``{code: (name, kind)}``; kind is ``country`` or ``aggregate``.

    >>> areas()["LCN"]
    ('Latin America & Caribbean', 'aggregate')
    """
    with resources.files("silkroad_data.metadata").joinpath("areas.csv").open(encoding="utf-8") as fh:
        return {row["code"]: (row["name"], row["kind"]) for row in csv.DictReader(fh)}
