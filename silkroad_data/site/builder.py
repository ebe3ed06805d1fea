"""Writing the static site: the pages, charts, downloads, search index, sitemap and metadata.

The slow parts (``sd.cite`` for every figure and style, the series charts, the Excel files) run
in worker processes, one per core; the pages are rendered from Jinja2 templates in the main
process. Nothing is kept from one build to the next: a build reads the packaged tables as they
are, so a page never shows a citation of an older version of the data.

Example
-------
>>> from silkroad_data.site.builder import build
>>> built = build("public/0.2.0")         # doctest: +SKIP
>>> built.out / "index.html"              # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import shutil
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .. import api
from .._version import __version__
from ..errors import DataError
from ..metadata import OBSERVATION_TABLES, dataset
from ..values import plain_records
from . import pages, searchindex
from .views import Data

HERE = Path(__file__).parent
# Written into every site folder: a later build may replace a folder holding it, and no other.
MARKER = ".silkroad-data-site"


class Built(NamedTuple):
    """What a build wrote: the folder, the number of HTML pages, and how long it took (seconds)."""

    out: Path
    pages: int
    seconds: float


# -- work done in worker processes -------------------------------------------------------------


def _cite_all(ids: list[str], styles: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """``sd.cite(obs_id, style=s)`` for each id and style: the cite box's texts, exactly."""
    return {i: {s: api.cite(i, style=s) for s in styles} for i in ids}


def _chart(series_id: str, path: str) -> str:
    """The series' chart by the package's own helper, saved as reproducible SVG."""
    import matplotlib.pyplot as plt

    from ..charts import save
    from ..plot import plot_series

    fig, _ = plot_series(series_id)
    try:
        save(fig, path)
    finally:
        plt.close(fig)
    return path


def _downloads(base: dict[str, pd.DataFrame], files: list[tuple[str, dict[str, list[int]]]]) -> list[str]:
    """Each (path, rows by table) as ``sd.export`` writes those rows: a CSV of one table, or a workbook
    with a sheet per table. The tables are prepared once for all the files."""
    from ..exports.files import Prepared

    ready = Prepared(base)
    for path, rows in files:
        if path.endswith(".csv"):
            [(table, picked)] = rows.items()
            ready.write_csv(path, table, picked)
        else:
            ready.write_xlsx(path, rows)
    return [path for path, _ in files]


def _export_all(folder: str) -> list[str]:
    """Every table as CSV with datapackage.json, and every table in one workbook (``sd.export_tables``)."""
    from ..exports.files import export_tables

    return [str(p) for fmt in ("csv", "xlsx") for p in export_tables(fmt, folder)]


def _run(jobs: list[tuple], workers: int) -> list:
    """Run ``(function, *args)`` jobs, in worker processes when there are several cores."""
    if workers <= 1:
        return [f(*a) for f, *a in jobs]
    import multiprocessing

    # fork: the workers start with the tables already loaded (spawn where fork is not offered)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
        futures = [pool.submit(f, *a) for f, *a in jobs]
        return [f.result() for f in futures]


# -- the release history, where the package has it ---------------------------------------------


def _release_history() -> tuple[dict[str, list[dict]], dict[str, str]]:
    """Each figure's recorded changes between releases, and the release its value dates from.

    Read from ``sd.changes()`` and ``silkroad_data.releases.value_since`` where this version of
    the package has them; empty where it does not.
    """
    import silkroad_data as sd

    changes = next((getattr(sd, n) for n in ("changes", "release_changes") if callable(getattr(sd, n, None))), None)
    try:
        from .. import releases  # type: ignore[attr-defined]
    except ImportError:
        releases = None
    since = next((getattr(releases, n) for n in ("value_since", "since") if callable(getattr(releases, n, None))), None)
    by_figure: dict[str, list[dict]] = {}
    if changes is not None:
        df = changes()
        if df is not None and len(df) and "obs_id" in df.columns:
            for r in plain_records(df):
                by_figure.setdefault(r["obs_id"], []).append(r)
    return by_figure, ({"__call__": since} if since else {})


def _zip(path: Path, files: dict[str, bytes]) -> None:
    """A zip whose bytes depend on its files only (entries dated on the release day, in order)."""
    day = tuple(int(x) for x in dataset.released(__version__).split("-")) + (0, 0, 0)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=day)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)


class Credits(NamedTuple):
    """What a bundle's README cites: each figure's APA citation and paper, and each paper's citation."""

    apa: dict[str, str]
    source_of: dict[str, str]
    citation_of: dict[str, str]

    @classmethod
    def of(cls, d: Data, cites: dict) -> "Credits":
        rows = {**d.rows, **d.project_rows}
        return cls({i: c["apa"] for i, c in cites.items()}, {i: r["source_id"] for i, r in rows.items()},
                   {s: r["citation"] for s, r in d.source_rows.items()})


def _bundle_readme(title: str, ids: list[str], credits: Credits) -> str:
    """The bundle's README: what it holds, how to cite it, and the citation of every figure in it."""
    lines = [f"# {title}", "", f"From release {__version__} of {dataset.NAME}: {dataset.DESCRIPTION}", "",
             f"Licence: {dataset.LICENSE['title']} ({dataset.LICENSE['path']}).", "", "## How to cite", "",
             dataset.HOW_TO_CITE, "", "The dataset:", "", api.cite_dataset(), "", "## The papers", ""]
    papers = sorted({credits.source_of[i] for i in ids}) or list(credits.citation_of)
    lines += [f"- {credits.citation_of[s]}" for s in papers]
    lines += ["", "## Each figure (APA)", ""]
    for i in ids:
        lines += [f"### {i}", "", credits.apa[i], ""]
    lines += ["## Files", "", "- the rows as CSV, one file per table, described by datapackage.json (Frictionless Data);",
              "- sources.csv and references.csv: the papers and the entries of their notes the figures are credited to."]
    return "\n".join(lines) + "\n"


def _csv_name(kind: str, key: str, table: str, several: bool) -> str:
    return f"downloads/{kind}/{key}.{table}.csv" if several else f"downloads/{kind}/{key}.csv"


def _bundles(out: str, items: list[tuple[str, str, str, dict[str, list[int]]]], credits: Credits,
             ids_of: dict[str, list[str]], sources: list[dict]) -> dict:
    """The bundle of each page (kind, key, title, rows by table), from the CSV files written before:
    the rows, their data package, a README with the citations. Returns each page's download links."""
    from ..exports.datapackage import descriptor

    out = Path(out)
    stage = out / "downloads" / f".bundle-{os.getpid()}"
    stage.mkdir()
    for name in ("sources", "references"):  # in every bundle, as written for the whole dataset
        shutil.copyfile(out / "downloads" / ".all" / f"{name}.csv", stage / f"{name}.csv")
    links = {}
    for kind, key, title, rows in items:
        several = len(rows) > 1
        csv = [(t, _csv_name(kind, key, t, several), len(picked)) for t, picked in rows.items()]
        files = {f"{t}.csv": (out / path).read_bytes() for t, path, _ in csv}
        for name, data in files.items():  # the descriptor reads the files it describes, under their table names
            (stage / name).write_bytes(data)
        names = list(dict.fromkeys([*rows, "sources", "references"]))
        package = descriptor(stage, "csv", sources, names)
        files.update({f"{n}.csv": (stage / f"{n}.csv").read_bytes() for n in ("sources", "references") if n not in rows})
        ids = [ids_of[t][i] for t, picked in rows.items() if t in ids_of for i in picked]
        files["datapackage.json"] = (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode()
        files["README.md"] = _bundle_readme(title, ids, credits).encode()
        zip_path = f"downloads/{kind}/{key}.zip"
        _zip(out / zip_path, {f"{key}/{n}": b for n, b in files.items()})
        links[(kind, key)] = {"csv": csv, "zip": zip_path, "xlsx": f"downloads/{kind}/{key}.xlsx"}
    shutil.rmtree(stage)
    return links


# -- the build ----------------------------------------------------------------------------------


def _prepare(out: Path) -> Path:
    """A fresh folder to build into, beside ``out``; refuses to replace a folder that is not a site."""
    if out.exists() and not out.is_dir():
        raise DataError(f"--out {out} is a file, not a folder; give a folder to write the site into.")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise DataError(f"{out} holds files and is not a site this command wrote (it has no {MARKER}); "
                        "give an empty or new folder, so that nothing of yours is replaced.")
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = out.parent / f".{out.name}.building-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    return stage


def build(out, base_url: str | None = None, workers: int | None = None) -> Built:
    """Write the static site into ``out`` (replacing a site built there before) and return what was written.

    ``base_url`` is the address the release is published under, without the release: pages then
    name ``<base_url>/<release>/<page>`` as their canonical address, and so does ``sitemap.xml``.
    Without it the canonical addresses are ``/<release>/<page>`` (publish the folder as a folder
    named after the release). ``workers`` processes share the slow work (default: one per core).

    >>> from silkroad_data.site import build
    >>> built = build("public/0.2.0", base_url="https://example.org/silkroad-data")   # doctest: +SKIP
    >>> print(f"{built.pages} pages in {built.seconds:.1f} s")                       # doctest: +SKIP
    """
    from ..citation import STYLES

    began = time.perf_counter()
    timing: dict[str, float] = {}
    out = Path(out)
    stage = _prepare(out)
    try:
        workers = workers or min(os.cpu_count() or 1, 8)
        d = Data()
        ids = list(d.rows) + list(d.project_rows)
        for sub in ("figures", "series", "papers", "tables", "charts", "downloads", "static") + (("concepts",) if d.has_concepts else ()):
            (stage / sub).mkdir()

        # The slow work, in workers: each cite once per figure and style, each chart once, the files to download.
        chunk = max(1, len(ids) // (workers * 4) + 1)
        jobs: list[tuple] = [(_cite_all, ids[i:i + chunk], STYLES) for i in range(0, len(ids), chunk)]
        jobs += [(_chart, sid, str(stage / "charts" / f"{sid}.svg")) for sid in d.charted]
        jobs.append((_export_all, str(stage / "downloads" / ".all")))
        base = pages.base_tables(d)
        collections = pages.collections(d, base)
        # Every file to download, as the rows it holds: their positions in the whole tables.
        where = {t: pages.row_positions(base[t], "obs_id") for t in OBSERVATION_TABLES}
        where["projects"] = pages.row_positions(base["projects"], "project_id")
        figures = [(i, r["table"]) for i, r in d.rows.items()] + [(i, "projects") for i in d.project_rows]
        files = [(str(stage / "downloads" / "figures" / f"{i}.{suffix}"), {table: where[table][i]})
                 for i, table in figures for suffix in ("csv", "xlsx")]
        for kind, key, _, rows in collections:
            files += [(str(stage / _csv_name(kind, key, t, len(rows) > 1)), {t: picked}) for t, picked in rows.items()]
            files.append((str(stage / "downloads" / kind / f"{key}.xlsx"), rows))
        step = max(1, len(files) // workers + 1)  # one preparation of the tables per worker
        jobs += [(_downloads, base, files[i:i + step]) for i in range(0, len(files), step)]
        for kind in {"figures", *(c[0] for c in collections)}:
            (stage / "downloads" / kind).mkdir(parents=True, exist_ok=True)
        timing["prepare"] = time.perf_counter() - began
        results = _run(jobs, workers)
        timing["workers"] = time.perf_counter() - began - timing["prepare"]
        cites: dict[str, dict[str, str]] = {}
        for r in results:
            if isinstance(r, dict):
                cites.update(r)

        # Then the bundles, which cite every figure they hold: in workers too.
        credits = Credits.of(d, cites)
        ids_of = {t: f[c].tolist() for t, f in base.items() for c in ("obs_id", "project_id") if c in f.columns}
        sources = plain_records(d.sources)
        step = max(1, len(collections) // workers + 1)
        downloads = {}
        for links in _run([(_bundles, str(stage), collections[i:i + step], credits, ids_of, sources)
                           for i in range(0, len(collections), step)], workers):
            downloads.update(links)
        downloads[("dataset", "all")] = _dataset_downloads(stage, d, cites)

        timing["downloads"] = time.perf_counter() - began - timing["prepare"] - timing["workers"]
        history = _release_history()
        site = pages.Site(stage, d, cites, downloads, history, base_url, STYLES)
        count = site.write_all()
        (stage / "search-index.js").write_text(searchindex.script(d.obs), encoding="utf-8")
        for asset in (HERE / "static").iterdir():
            shutil.copyfile(asset, stage / "static" / asset.name)
        timing["pages"] = time.perf_counter() - began - sum(timing.values())
        if os.environ.get("SILKROAD_SITE_TIMING"):
            print(" ".join(f"{k} {v:.1f}s" for k, v in timing.items()))
        (stage / MARKER).write_text(f"{dataset.NAME} {__version__}\n", encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        stage.rename(out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return Built(out, count, time.perf_counter() - began)


def _dataset_downloads(stage: Path, d: Data, cites: dict) -> dict:
    """Every table as CSV with its data package and the README with the citations (zip), and one workbook."""
    tmp = stage / "downloads" / ".all"
    readme = _bundle_readme(f"{dataset.TITLE}, every table", list(d.rows) + list(d.project_rows), Credits.of(d, cites))
    files = {p.name: p.read_bytes() for p in sorted(tmp.glob("*.csv"))}
    files["datapackage.json"] = (tmp / "datapackage.json").read_bytes()
    files["README.md"] = readme.encode()
    name = f"{dataset.NAME}-{__version__}"
    _zip(stage / "downloads" / f"{name}.zip", {f"{name}/{n}": b for n, b in files.items()})
    shutil.move(str(tmp / "silkroad-data.xlsx"), stage / "downloads" / f"{name}.xlsx")
    shutil.rmtree(tmp)
    return {"zip": f"downloads/{name}.zip", "xlsx": f"downloads/{name}.xlsx", "csv": []}
