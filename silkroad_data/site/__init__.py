"""A static site of the dataset: a citable page for every figure, with its quote, credit and cite box.

``silkroad-data site --out DIR`` (or :func:`build`) writes plain HTML that any web server or
GitHub Pages serves, loading nothing from outside ``DIR``: a page per figure
(``figures/<obs_id>.html``), per series, per paper, per table (and per concept where the tables
have a ``concept_id``), an index whose search box finds figures the way :func:`silkroad_data.search`
does, downloads (CSV, Excel and a bundle of data, metadata and citations), schema.org ``Dataset``
JSON-LD, ``sitemap.xml`` and canonical addresses that carry the release. Every page works without
JavaScript; only the search box and the copy buttons need it.

Example
-------
>>> from silkroad_data.site import build
>>> built = build("public/0.2.0", base_url="https://example.org/silkroad-data")   # doctest: +SKIP
>>> built.pages                                                                  # doctest: +SKIP
"""

from .builder import Built, build

__all__ = ["Built", "build"]
