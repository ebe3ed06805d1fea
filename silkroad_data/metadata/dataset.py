"""The dataset itself: its name, title, licence and the words every output describes it with."""

from __future__ import annotations

NAME = "silkroad-data"
TITLE = "silkroad-data: figures of five papers on China and Latin America"
DESCRIPTION = ("Every quantitative figure of five papers on China-Latin America trade, investment, "
               "e-commerce and digital infrastructure, each with its citation and verbatim quote.")
LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
HOW_TO_CITE = "Cite the paper each figure comes from and the primary source it credits."

# --- who made it, when, and how it is found (the data package's contributors, created, keywords) ---

CONTRIBUTORS = ({"title": "silkroad-data contributors", "roles": ["creator"]},)
KEYWORDS = ("China", "Latin America", "trade", "foreign direct investment", "e-commerce", "digital infrastructure",
            "Digital Silk Road", "Belt and Road Initiative", "citations")
# The day each version of the data was released: a descriptor's ``created`` comes from here, never
# from a clock, so the same records give the same files. A new version needs its date here.
RELEASED = {"0.1.0": "2026-12-01"}
# A homepage is written only once it is an address that is known to serve the dataset.
HOMEPAGE: str | None = None


def released(version: str) -> str:
    """The release day of ``version`` (ISO 8601), as declared in ``RELEASED``.

    >>> released("0.1.0")
    '2026-12-01'
    """
    try:
        return RELEASED[version]
    except KeyError:
        raise KeyError(f"version {version!r} has no release day in silkroad_data/metadata/dataset.py RELEASED; "
                       "add the day it is released") from None


def dataset_citation(version: str) -> str:
    """The dataset's own citation (APA 7 form for a data set), for a file that travels alone.

    >>> dataset_citation("0.1.0")[:48]
    'silkroad-data contributors. (2026). silkroad-dat'
    """
    who = "; ".join(c["title"] for c in CONTRIBUTORS)
    where = f" {HOMEPAGE}" if HOMEPAGE else ""
    return f"{who}. ({released(version)[:4]}). {TITLE} (Version {version}) [Data set].{where}"
