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
from ..metadata import dataset
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


def _exports(items: list[tuple[pd.DataFrame, str | None, str]]) -> list[str]:
    """``sd.export`` of each (rows, table, path): CSV or Excel by the path's suffix."""
    from ..exports.files import export

    return [str(export(rows, path, table=table)) for rows, table, path in items]


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


def _bundle_readme(title: str, ids: list[str], cites: dict, d: Data) -> str:
    """The bundle's README: what it holds, how to cite it, and the citation of every figure in it."""
    lines = [f"# {title}", "", f"From release {__version__} of {dataset.NAME}: {dataset.DESCRIPTION}", "",
             f"Licence: {dataset.LICENSE['title']} ({dataset.LICENSE['path']}).", "", "## How to cite", "",
             dataset.HOW_TO_CITE, "", "The dataset:", "", api.cite_dataset(), "", "## The papers", ""]
    papers = sorted({(d.rows.get(i) or d.project_rows.get(i))["source_id"] for i in ids}) or list(d.source_rows)
    lines += [f"- {d.source_rows[s]['citation']}" for s in papers]
    lines += ["", "## Each figure (APA)", ""]
    for i in ids:
        lines += [f"### {i}", "", cites[i]["apa"], ""]
    lines += ["## Files", "", "- the rows as CSV, one file per table, described by datapackage.json (Frictionless Data);",
              "- sources.csv and references.csv: the papers and the entries of their notes the figures are credited to."]
    return "\n".join(lines) + "\n"


def _csv_name(kind: str, key: str, table: str, several: bool) -> str:
    return f"downloads/{kind}/{key}.{table}.csv" if several else f"downloads/{kind}/{key}.csv"


def _bundle(out: Path, stage: Path, kind: str, key: str, frames: dict[str, pd.DataFrame], title: str,
            cites: dict, d: Data) -> dict:
    """The page's bundle, from the CSV files the workers wrote: the rows, their data package, a README
    with the citations. Returns the page's download links."""
    from ..exports.datapackage import descriptor

    several = len(frames) > 1
    csv = [(t, _csv_name(kind, key, t, several), len(f)) for t, f in frames.items()]
    files = {f"{t}.csv": (out / path).read_bytes() for t, path, _ in csv}
    for name, data in files.items():  # the descriptor reads the files it describes, under their table names
        (stage / name).write_bytes(data)
    names = list(dict.fromkeys([*frames, "sources", "references"]))
    package = descriptor(stage, "csv", plain_records(d.sources), names)
    files.update({f"{n}.csv": (stage / f"{n}.csv").read_bytes() for n in ("sources", "references") if n not in frames})
    ids = [i for rows in frames.values() for col in ("obs_id", "project_id") if col in rows for i in rows[col]]
    files["datapackage.json"] = (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode()
    files["README.md"] = _bundle_readme(title, ids, cites, d).encode()
    zip_path = f"downloads/{kind}/{key}.zip"
    _zip(out / zip_path, {f"{key}/{n}": b for n, b in files.items()})
    return {"csv": csv, "zip": zip_path, "xlsx": None}


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
        collections = pages.collections(d)
        files = [(d.obs[d.obs["obs_id"] == i], r["table"], str(stage / "downloads" / "figures" / f"{i}.csv")) for i, r in d.rows.items()]
        files += [(d.projects[d.projects["project_id"] == i], "projects", str(stage / "downloads" / "figures" / f"{i}.csv"))
                  for i in d.project_rows]
        files += [(f, t, str(stage / _csv_name(kind, key, t, len(frames) > 1)))
                  for kind, key, _, frames in collections for t, f in frames.items()]
        # sd.export cannot yet write a workbook of rows without a source_id column (the pair tables): CSV only there
        books = {(kind, key): pages.workbook(frames) for kind, key, _, frames in collections}
        books = {k: b for k, b in books.items() if "source_id" in b[0].columns}
        files += [(*book, str(stage / "downloads" / kind / f"{key}.xlsx")) for (kind, key), book in books.items()]
        step = max(1, len(files) // (workers * 4) + 1)
        jobs += [(_exports, files[i:i + step]) for i in range(0, len(files), step)]
        for kind in {"figures", *(c[0] for c in collections)}:
            (stage / "downloads" / kind).mkdir(parents=True, exist_ok=True)
        timing["prepare"] = time.perf_counter() - began
        results = _run(jobs, workers)
        timing["workers"] = time.perf_counter() - began - timing["prepare"]
        cites: dict[str, dict[str, str]] = {}
        for r in results:
            if isinstance(r, dict):
                cites.update(r)

        downloads = {}
        bundle_stage = stage / "downloads" / ".bundle"
        bundle_stage.mkdir()
        for name in ("sources", "references"):  # in every bundle, as the worker wrote them for the whole dataset
            shutil.copyfile(stage / "downloads" / ".all" / f"{name}.csv", bundle_stage / f"{name}.csv")
        for kind, key, title, frames in collections:
            links = _bundle(stage, bundle_stage, kind, key, frames, title, cites, d)
            links["xlsx"] = f"downloads/{kind}/{key}.xlsx" if (kind, key) in books else None
            downloads[(kind, key)] = links
        shutil.rmtree(bundle_stage)
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
    readme = _bundle_readme(f"{dataset.TITLE}, every table", list(d.rows) + list(d.project_rows), cites, d)
    files = {p.name: p.read_bytes() for p in sorted(tmp.glob("*.csv"))}
    files["datapackage.json"] = (tmp / "datapackage.json").read_bytes()
    files["README.md"] = readme.encode()
    name = f"{dataset.NAME}-{__version__}"
    _zip(stage / "downloads" / f"{name}.zip", {f"{name}/{n}": b for n, b in files.items()})
    shutil.move(str(tmp / "silkroad-data.xlsx"), stage / "downloads" / f"{name}.xlsx")
    shutil.rmtree(tmp)
    return {"zip": f"downloads/{name}.zip", "xlsx": f"downloads/{name}.xlsx", "csv": []}
