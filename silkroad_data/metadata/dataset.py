"""The dataset itself: its name, title, licence, releases and the words every output describes it with.

``CITATION.cff``, ``.zenodo.json``, ``datapackage.json`` and ``sd.cite_dataset()`` are made from these facts.
"""

from __future__ import annotations

NAME = "silkroad-data"
# No count of papers in the words: they stay true as papers are added (each release's descriptor
# lists its papers).
TITLE = "silkroad-data: figures of papers on China and Latin America"
DESCRIPTION = ("Every quantitative figure of the papers it holds on China-Latin America trade, investment, "
               "e-commerce and digital infrastructure, each with its citation and verbatim quote.")
LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
HOW_TO_CITE = "Cite the paper each figure comes from and the primary source it credits."

# Who made the dataset: the project, as an organisation (no person is named as its author).
AUTHOR = "silkroad-data contributors"
CONTRIBUTORS = ({"title": AUTHOR, "roles": ["creator"]},)
KEYWORDS = ("China", "Latin America", "trade", "foreign direct investment", "e-commerce", "digital infrastructure",
            "Digital Silk Road", "Belt and Road Initiative", "dataset", "citations")
# The day each version of the data was released: CITATION.cff's date-released and a descriptor's
# ``created`` come from here, never from a clock, so the same records give the same files.
# A new version needs its day here.
# `silkroad-data release` copies the day into the release history.
RELEASED = {"0.1.0": "2026-11-23", "0.2.0": "2026-12-01", "0.2.1": "2026-12-07", "0.3.0": "2026-12-07", "0.3.1": "2026-12-07", "0.3.2": "2026-12-08"}
# The DOI of each release, once a repository (Zenodo) has reserved or minted one for it: none yet.
# Nothing stands in for a missing DOI: ``.zenodo.json`` and ``datapackage.json`` leave out the fields
# that would hold one (see docs/releases.md for how a release gets its DOI).
DOI: dict[str, str] = {}
# The kind of upload in Zenodo's deposit vocabulary.
UPLOAD_TYPE = "dataset"
# The public address of the code repository. None: no public repository is known, so none is
# given (CITATION.cff leaves out repository-code, the descriptor its homepage, rather than name
# a guessed address).
REPOSITORY_URL: str | None = None
HOMEPAGE: str | None = REPOSITORY_URL


def released(version: str) -> str:
    """The release day of ``version`` (ISO 8601), as declared in ``RELEASED``.

    >>> released("0.2.0")
    '2026-12-01'
    """
    try:
        return RELEASED[version]
    except KeyError:
        raise KeyError(f"version {version!r} has no release day in silkroad_data/metadata/dataset.py RELEASED; "
                       "add the day it is released") from None


def doi(version: str) -> str | None:
    """The DOI of release ``version``, or None while no repository has given it one.

    >>> doi("0.1.0") is None
    True
    """
    return DOI.get(version)
