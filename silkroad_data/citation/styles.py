"""The citation styles the package writes, and their names in any case.

Example
-------
>>> from silkroad_data.citation.styles import style_name
>>> style_name("APA")
'apa'
"""

from __future__ import annotations

STYLES = ("apa", "chicago", "bibtex", "biblatex", "ris", "csl-json")
_ALIASES = {"csl": "csl-json", "csljson": "csl-json", "csl_json": "csl-json", "bib": "bibtex", "apa7": "apa",
            "chicago-author-date": "chicago"}


def style_name(style) -> str:
    """The canonical name of a citation style, case-insensitive: 'APA' -> 'apa', 'CSL' -> 'csl-json'.

    >>> style_name("BibLaTeX"), style_name("CSL-JSON")
    ('biblatex', 'csl-json')
    """
    name = str(style).strip().lower()
    name = _ALIASES.get(name, name)
    if name not in STYLES:
        from ..errors import DataError

        raise DataError(f"Unknown citation style {style!r}; use one of {', '.join(STYLES)} (any case).")
    return name
