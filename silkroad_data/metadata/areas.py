"""Area codes: ISO 3166-1 alpha-3 countries and World Bank aggregates (``areas.csv`` beside this file).

Columns of ``areas.csv``: ``code``; ``name`` (English); ``name_es`` and ``name_pt``, the
common short names in Spanish and in Brazilian Portuguese, written for the areas of the
figures, the economies of the World Bank's Latin America & Caribbean region and the
aggregates whose names are settled, and left empty elsewhere rather than guessed; ``kind``
(``country`` or ``aggregate``); and ``region``, the World Bank region code (``LCN`` for every
Latin American and Caribbean economy), given where the package declares it and empty
elsewhere.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

AREA_COLUMNS = ("code", "name", "name_es", "name_pt", "kind", "region")

# Names the papers and their readers use for an area besides its names in English, Spanish and
# Portuguese of areas.csv ("Brasil" and "América Latina y el Caribe" are there): folded name -> code.
OTHER_NAMES = {
    "eeuu": "USA", "latin america": "LCN", "america latina": "LCN", "latinoamerica": "LCN", "lac": "LCN",
    "latin america and the caribbean": "LCN", "the region": "LCN",
}


@lru_cache(maxsize=1)
def area_rows() -> tuple[dict[str, str], ...]:
    """Every row of ``areas.csv``, as read (an empty cell is "").

    >>> next(r for r in area_rows() if r["code"] == "BRA")["name_pt"]
    'Brasil'
    """
    with resources.files("silkroad_data.metadata").joinpath("areas.csv").open(encoding="utf-8") as fh:
        return tuple({col: row[col] for col in AREA_COLUMNS} for row in csv.DictReader(fh))


@lru_cache(maxsize=1)
def areas() -> dict[str, tuple[str, str]]:
    """Area codes: ``{code: (name, kind)}``; kind is ``country`` or ``aggregate``.

    >>> areas()["LCN"]
    ('Latin America & Caribbean', 'aggregate')
    """
    return {row["code"]: (row["name"], row["kind"]) for row in area_rows()}
