"""The site's pages: which there are, their addresses, and what each template is given.

Every address is relative (``../figures/<obs_id>.html``), so the folder works from any web
server, any folder of it, and from disk; only the canonical address and the sitemap are absolute.

Example
-------
>>> from silkroad_data.site.pages import page_path
>>> page_path("figures", "lou2019.trade_total_2014")
'figures/lou2019.trade_total_2014.html'
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from .._version import __version__
from ..metadata import FIELDS, MEASURES, OBSERVATION_TABLES, RESOURCES, UNITS, dataset
from ..values import plain_records

STYLE_NAMES = {"apa": "APA 7", "chicago": "Chicago (author-date)", "bibtex": "BibTeX", "biblatex": "BibLaTeX",
               "ris": "RIS", "csl-json": "CSL-JSON"}


def page_path(kind: str, key: str | None = None) -> str:
    """The path of a page inside the site: ``<kind>/<key>.html``, or the kind's list without a key."""
    if key is None:
        return f"{kind}/index.html"
    return f"{kind}/{_file_name(key)}.html"


def _file_name(key: str) -> str:
    # ids of figures, series and papers are already safe; a concept id may not be
    return re.sub(r"[^A-Za-z0-9._-]", "_", str(key))


def base_tables(d) -> dict[str, pd.DataFrame]:
    """Every table whose rows the pages show, whole: the rows of each page are a selection of one of them."""
    base = {t: d.obs[d.obs["table"] == t] for t in OBSERVATION_TABLES}
    base["projects"] = d.projects
    base.update({name: _table(d, name) for name in RESOURCES if name not in base})
    return base


def _table(d, name: str) -> pd.DataFrame:
    import silkroad_data as sd

    return d.pairs[name] if name in d.pairs else sd.load(name)


def row_positions(frame: pd.DataFrame, column: str) -> dict:
    """Each value of ``column`` and the positions of its rows in ``frame``."""
    out: dict = {}
    for i, v in enumerate(frame[column].tolist()):
        out.setdefault(v, []).append(i)
    return out


def collections(d, base: dict[str, pd.DataFrame] | None = None) -> list[tuple[str, str, str, dict[str, list[int]]]]:
    """Every page that lists rows, as (kind, key, title, rows by table): what its downloads hold.
    The rows are positions in the whole tables of :func:`base_tables`."""
    base = base_tables(d) if base is None else base
    figures = (*OBSERVATION_TABLES, "projects")
    out = []
    by_series = {t: row_positions(base[t], "series_id") for t in OBSERVATION_TABLES}
    for sid, table in zip(d.catalog["series_id"], d.catalog["table"]):
        out.append(("series", sid, f"Series {sid}", {table: by_series[table].get(sid, [])}))
    by_source = {t: row_positions(base[t], "source_id") for t in figures}
    for sid in d.sources["source_id"]:
        rows = {t: by_source[t][sid] for t in figures if sid in by_source[t]}
        out.append(("papers", sid, f"Figures of the paper {sid}", rows))
    for name in RESOURCES:
        out.append(("tables", name, f"Table {name}", {name: list(range(len(base[name])))}))
    if d.has_concepts:
        by_concept = {t: row_positions(base[t], "concept_id") for t in OBSERVATION_TABLES}
        for cid in sorted(d.obs["concept_id"].dropna().unique()):
            rows = {t: by_concept[t][cid] for t in OBSERVATION_TABLES if cid in by_concept[t]}
            out.append(("concepts", _file_name(cid), f"Concept {cid}", rows))
    return out


class Site:
    """Renders and writes every page of one build."""

    def __init__(self, out: Path, d, cites: dict, downloads: dict, history, base_url: str | None, styles):
        try:
            from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
        except ImportError:
            from ..errors import DataError

            raise DataError("The site's pages are Jinja2 templates, and Jinja2 is not installed: "
                            "pip install 'silkroad-data[site]' (or pip install Jinja2), then run the command again.") from None

        self.out, self.d, self.cites, self.downloads, self.history, self.styles = out, d, cites, downloads, history, styles
        self.base = (base_url or "").rstrip("/")
        self.env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                               autoescape=select_autoescape(["html", "xml"]), undefined=StrictUndefined,
                               keep_trailing_newline=True)
        self.env.filters["number"] = _number
        self.env.filters["jsonld"] = _jsonld
        self.env.globals.update(version=__version__, released=dataset.released(__version__), dataset=dataset,
                                style_names=STYLE_NAMES, fields=FIELDS, units=UNITS, measures=MEASURES,
                                tables=list(RESOURCES), observation_tables=list(OBSERVATION_TABLES),
                                has_concepts=d.has_concepts, area_names=d.area_names, sources=d.source_rows,
                                charted=set(d.charted), resources=RESOURCES, dataset_cite=_dataset_cite())
        self.written: list[str] = []

    def canonical(self, path: str) -> str:
        """The page's address in its release: ``<base>/<release>/<path>``."""
        return f"{self.base}/{__version__}/{'' if path == 'index.html' else path}"

    def write(self, path: str, template: str, **context) -> None:
        depth = path.count("/")
        root = "../" * depth
        html = self.env.get_template(template).render(root=root, path=path, canonical=self.canonical(path),
                                                      fig=lambda i: f"{root}{page_path('figures', i)}",
                                                      link=lambda kind, key=None: f"{root}{page_path(kind, key)}",
                                                      **context)
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        self.written.append(path)

    def write_figure(self, obs_id: str, catalog: pd.DataFrame | None = None) -> str:
        """Write the page of one figure; return its path in the site."""
        from .views import figure_view

        d, row = self.d, self.d.rows[obs_id]
        catalog = d.catalog.set_index("series_id") if catalog is None else catalog
        path = page_path("figures", obs_id)
        self.write(path, "figure.html", title=f"{row['reported']}: {row['indicator']}",
                   v=figure_view(d, row, self.history), cites=self.cites[obs_id], series=catalog.loc[row["series_id"]],
                   downloads=self.downloads[("series", row["series_id"])])
        return path

    def write_concepts(self) -> None:
        """A page per concept (where the tables of figures have a ``concept_id`` column), and their list."""
        d = self.d
        concepts = sorted(d.obs["concept_id"].dropna().unique())
        for cid in concepts:
            rows = [d.rows[i] for i in d.obs.loc[d.obs["concept_id"] == cid, "obs_id"]]
            self.write(page_path("concepts", cid), "concept.html", title=f"Concept {cid}", cid=cid, rows=rows,
                       series=sorted({r["series_id"] for r in rows}),
                       downloads=self.downloads[("concepts", _file_name(cid))])
        self.write(page_path("concepts"), "concept_list.html", title="Every concept",
                   concepts=[(c, int((d.obs["concept_id"] == c).sum())) for c in concepts])

    def write_all(self) -> int:
        from .views import project_view

        d = self.d
        cat = d.catalog.set_index("series_id")
        for obs_id in d.rows:
            self.write_figure(obs_id, cat)
        for pid, row in d.project_rows.items():
            self.write(page_path("figures", pid), "project.html", title=f"{row['amount_reported'] or pid}: {row['investor']}",
                       v=project_view(d, row), cites=self.cites[pid], downloads=self.downloads[("papers", row["source_id"])])
        for sid, s in cat.iterrows():
            rows = d.in_series[sid]
            self.write(page_path("series", sid), "series.html", title=f"{s['indicator']} ({sid})", sid=sid, s=s,
                       rows=rows, downloads=self.downloads[("series", sid)])
        self.write(page_path("series"), "series_list.html", title="Every series", catalog=plain_records(d.catalog.reset_index(drop=True)))
        for src in d.source_rows.values():
            sid = src["source_id"]
            rows = [d.rows[i] for i in d.obs.loc[d.obs["source_id"] == sid, "obs_id"]]
            projects = [r for r in d.project_rows.values() if r["source_id"] == sid]
            self.write(page_path("papers", sid), "paper.html", title=src["title"] or sid, src=src, rows=rows,
                       projects=projects, series=sorted({r["series_id"] for r in rows}),
                       downloads=self.downloads[("papers", sid)])
        self.write(page_path("papers"), "paper_list.html", title="The papers", papers=list(d.source_rows.values()),
                   counts=d.obs["source_id"].value_counts().to_dict())
        counts = dict(zip(d.tables["table"], d.tables["rows"]))
        for name, resource in RESOURCES.items():
            if name in OBSERVATION_TABLES:
                rows = [d.rows[i] for i in d.obs.loc[d.obs["table"] == name, "obs_id"]]
                self.write(page_path("tables", name), "table.html", title=f"Table {name}", name=name, resource=resource,
                           rows=rows, series=sorted({r["series_id"] for r in rows}), records=None,
                           downloads=self.downloads[("tables", name)], jsonld=self.table_jsonld(name))
            else:
                frame = _table(d, name)
                key = resource.primary_key
                self.write(page_path("tables", name), "table.html", title=f"Table {name}", name=name, resource=resource,
                           rows=None, series=[], records=(key, plain_records(frame)),
                           downloads=self.downloads[("tables", name)], jsonld=self.table_jsonld(name))
        self.write(page_path("tables"), "table_list.html", title="The tables", resources=RESOURCES, counts=counts)
        if d.has_concepts:
            self.write_concepts()
        self.write("index.html", "index.html", title=dataset.TITLE, rows=list(d.rows.values()),
                   facets=self.facets(), downloads=self.downloads[("dataset", "all")], jsonld=self.dataset_jsonld())
        self._sitemap()
        return sum(p.endswith(".html") for p in self.written)

    def facets(self) -> dict:
        """The index's filters: each table, area, paper and year, with the number of figures it holds."""
        obs = self.d.obs
        areas: dict[str, int] = {}
        for a, b in zip(obs["subject_code"], obs["counterpart_code"]):
            for code in {c for c in (a, b) if isinstance(c, str)}:
                areas[code] = areas.get(code, 0) + 1
        dated = obs[obs["period_start"].notna() & obs["period_end"].notna()]
        years: dict[int, int] = {}
        if len(dated):
            for y in range(int(dated["period_start"].dt.year.min()), int(dated["period_end"].dt.year.max()) + 1):
                n = int(((dated["period_start"] <= pd.Timestamp(y, 12, 31)) & (dated["period_end"] >= pd.Timestamp(y, 1, 1))).sum())
                if n:
                    years[y] = n
        return {
            "table": [(t, t, int((obs["table"] == t).sum())) for t in OBSERVATION_TABLES if (obs["table"] == t).any()],
            "area": sorted(((c, self.d.area_names.get(c, c), n) for c, n in areas.items()), key=lambda x: x[1]),
            "paper": [(s, s, int((obs["source_id"] == s).sum())) for s in self.d.source_rows],
            "period": [(str(y), str(y), n) for y, n in years.items()],
        }

    def _distribution(self, links: dict) -> list[dict]:
        out = [{"@type": "DataDownload", "encodingFormat": "application/zip", "contentUrl": self.canonical(links["zip"])}]
        if links.get("xlsx"):
            out.append({"@type": "DataDownload", "contentUrl": self.canonical(links["xlsx"]),
                        "encodingFormat": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
        out += [{"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": self.canonical(p)} for _, p, _ in links["csv"]]
        return out

    def dataset_jsonld(self) -> dict:
        """schema.org Dataset of the whole dataset (Google's dataset search reads it)."""
        return {
            "@context": "https://schema.org", "@type": "Dataset", "name": dataset.TITLE, "description": dataset.DESCRIPTION,
            "url": self.canonical("index.html"), "version": __version__, "datePublished": dataset.released(__version__),
            "license": dataset.LICENSE["path"], "keywords": list(dataset.KEYWORDS), "isAccessibleForFree": True,
            "creator": {"@type": "Organization", "name": dataset.AUTHOR},
            "citation": [s["citation"] for s in self.d.source_rows.values()],
            "hasPart": [{"@type": "Dataset", "name": f"{dataset.NAME}: {n}", "description": RESOURCES[n].description,
                         "url": self.canonical(page_path("tables", n))} for n in RESOURCES],
            "distribution": self._distribution(self.downloads[("dataset", "all")]),
        }

    def table_jsonld(self, name: str) -> dict:
        """schema.org Dataset of one table, part of the whole."""
        return {
            "@context": "https://schema.org", "@type": "Dataset", "name": f"{dataset.NAME}: {name}",
            "description": RESOURCES[name].description, "url": self.canonical(page_path("tables", name)),
            "version": __version__, "datePublished": dataset.released(__version__), "license": dataset.LICENSE["path"],
            "isAccessibleForFree": True, "creator": {"@type": "Organization", "name": dataset.AUTHOR},
            "isPartOf": {"@type": "Dataset", "name": dataset.TITLE, "url": self.canonical("index.html")},
            "variableMeasured": [{"@type": "PropertyValue", "name": f.name, "description": f.description}
                                 for f in RESOURCES[name].fields],
            "distribution": self._distribution(self.downloads[("tables", name)]),
        }

    def _sitemap(self) -> None:
        from xml.sax.saxutils import escape

        day = dataset.released(__version__)
        urls = "".join(f"  <url><loc>{escape(self.canonical(p))}</loc><lastmod>{day}</lastmod></url>\n"
                       for p in sorted(self.written))
        text = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                + urls + "</urlset>\n")
        (self.out / "sitemap.xml").write_text(text, encoding="utf-8")


def _dataset_cite() -> str:
    from .. import api

    return api.cite_dataset()


def _number(v) -> str:
    from .views import _number as number

    return number(v)


def _jsonld(doc: dict) -> str:
    """JSON-LD to put inside a script element: '</' written so that it cannot end the element."""
    from markupsafe import Markup

    return Markup(json.dumps(doc, ensure_ascii=False, indent=1).replace("</", "<\\/"))
