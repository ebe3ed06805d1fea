"""The static site: a page per figure whose cite box is exactly sd.cite, links that resolve, and the
site in a real browser (Debian's Chromium under Selenium): cite boxes, search, no outside fetch,
axe-core, screenshots.

The site is built once per test run (shared by the xdist workers through a lock) into a folder
named after the release, which the browser tests serve on 127.0.0.1 so that the canonical
addresses (/<release>/...) resolve as published.
"""

from __future__ import annotations

import functools
import json
import os
import random
import re
import shutil
import threading
import zipfile
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from filelock import FileLock

import silkroad_data as sd
from silkroad_data import cli
from silkroad_data.citation import STYLES
from silkroad_data.errors import DataError

pytest.importorskip("jinja2")

from silkroad_data.site import build  # noqa: E402
from silkroad_data.site.builder import MARKER  # noqa: E402

VERSION = sd.__version__
BROWSER_DIR = Path(__file__).parent / "browser"
AXE = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"


# Building the whole site costs about 15 s of processor time (sd.cite for every figure and style, the
# charts, the workbooks), and checking every cite box and link about as much again: more than the suite's minute allows.
# These tests run where SILKROAD_SITE_TESTS=1 (.ci/run's browser step sets it); the suite's own quick tests below
# render figure pages with sd.cite's real texts.
whole_site = pytest.mark.skipif(not os.environ.get("SILKROAD_SITE_TESTS"),
                                reason="builds the whole site: set SILKROAD_SITE_TESTS=1 (.ci/run does)")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site, built once for the whole run into <shared tmp>/site/<release>."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")  # the same in every worker of one run, new each run
    shared = tmp_path_factory.getbasetemp().parent / f"site-{run}" if run else tmp_path_factory.getbasetemp() / "site"
    shared.mkdir(exist_ok=True)
    out = shared / VERSION
    with FileLock(str(shared / "build.lock")):
        if not (out / MARKER).exists():
            build(out)
    return out


def figure_ids() -> list[str]:
    return list(sd.observations()["obs_id"]) + list(sd.load("projects")["project_id"])


class _Page(HTMLParser):
    """What the tests read from a page: each cite box's text, its links, its ids and scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cites: dict[str, str] = {}
        self.links: list[tuple[str, str, dict]] = []  # (tag, address, attributes)
        self.ids: set[str] = set()
        self.jsonld: list[str] = []
        self._open: list[tuple[str, str | None]] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for name in ("href", "src"):
            if a.get(name) is not None:
                self.links.append((tag, a[name], a))
        style = a.get("data-cite-style")
        if style is not None or (tag == "script" and a.get("type") == "application/ld+json"):
            self._open.append((tag, style or "ld+json"))
            self._text = []

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            _, what = self._open.pop()
            if what == "ld+json":
                self.jsonld.append("".join(self._text))
            else:
                self.cites[what] = "".join(self._text)


@functools.lru_cache(maxsize=None)
def parsed(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pre_text(text: str) -> str:
    # HTML drops one newline right after <pre>: the builder writes an extra one where a text starts with one
    return text[1:] if text.startswith("\n") else text


# -- the site as files: in the normal suite ------------------------------------------------------


@whole_site
def test_every_figure_has_a_page(site):
    missing = [i for i in figure_ids() if not (site / "figures" / f"{i}.html").is_file()]
    assert not missing
    for kind, ids in (("series", sd.catalog()["series_id"]), ("papers", sd.sources()["source_id"]),
                      ("tables", sd.tables()["table"])):
        assert [i for i in ids if not (site / kind / f"{i}.html").is_file()] == []


@pytest.mark.parametrize("style", STYLES)
@whole_site
def test_cite_boxes_equal_sd_cite_for_every_figure(site, style):
    wrong = []
    for obs_id in figure_ids():
        shown = parsed(site / "figures" / f"{obs_id}.html").cites
        assert style in shown, f"{obs_id} has no cite box for {style}"
        if _pre_text(shown[style]) != sd.cite(obs_id, style=style):
            wrong.append(obs_id)
    assert not wrong, f"cite boxes differ from sd.cite(..., style={style!r}) on {wrong[:5]}"


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _target(site: Path, page: Path, address: str) -> tuple[Path, str]:
    parts = urlsplit(address)
    if parts.path.startswith("/"):  # a canonical address: /<release>/<page>
        release, _, rest = parts.path.lstrip("/").partition("/")
        assert release == VERSION, address
        path = site / unquote(rest) if rest else site / "index.html"
    else:
        path = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if path.is_dir():
        path = path / "index.html"
    return path, parts.fragment


@whole_site
def test_every_internal_link_resolves_and_nothing_loads_from_outside(site):
    broken, outside = [], []
    for page in _pages(site):
        for tag, address, attrs in parsed(page).links:
            scheme = urlsplit(address).scheme
            if scheme in ("http", "https", "mailto"):
                # a link the reader may follow, never something the page loads
                if not (tag == "a" or (tag == "link" and attrs.get("rel") in ("license",))):
                    outside.append((page.name, address))
                continue
            assert not scheme, f"{page}: {address}"
            path, fragment = _target(site, page, address)
            if not path.is_file():
                broken.append((str(page.relative_to(site)), address))
            elif fragment and path.suffix == ".html" and fragment not in parsed(path).ids:
                broken.append((str(page.relative_to(site)), address))
    assert not outside
    assert not broken, broken[:10]


@whole_site
def test_index_lists_every_figure_without_javascript(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<li data-obs-id="([^"]+)"', html)
    assert listed == list(sd.observations()["obs_id"])
    assert '<input type="search"' in html


@whole_site
def test_sitemap_and_canonical_addresses_carry_the_release(site):
    import xml.etree.ElementTree as ET

    locs = [e.text for e in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) == len(_pages(site))
    for loc in locs:
        assert loc.startswith(f"/{VERSION}/")
        assert _target(site, site / "index.html", loc)[0].is_file()
    page = (site / "figures" / "lou2019.trade_total_2014.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="/{VERSION}/figures/lou2019.trade_total_2014.html">' in page


@whole_site
def test_dataset_json_ld_on_the_index_and_each_table(site):
    for page in [site / "index.html", *(site / "tables" / f"{t}.html" for t in sd.tables()["table"])]:
        (text,) = parsed(page).jsonld
        doc = json.loads(text)
        assert doc["@context"] == "https://schema.org" and doc["@type"] == "Dataset"
        assert doc["version"] == VERSION and doc["license"].startswith("https://creativecommons.org/")
        for dist in doc["distribution"]:
            assert _target(site, page, urlsplit(dist["contentUrl"]).path)[0].is_file()


@whole_site
def test_a_series_bundle_holds_its_rows_their_data_package_and_citations(site, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    sid = "chn_lcn_trade_total"
    with zipfile.ZipFile(site / "downloads" / "series" / f"{sid}.zip") as z:
        z.extractall(tmp_path)
    folder = tmp_path / sid
    report = frictionless.Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    rows = sd.series(sid)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for obs_id in rows["obs_id"]:
        assert sd.cite(obs_id, style="apa") in readme
    import pandas as pd

    assert sorted(pd.read_csv(folder / "trade.csv")["obs_id"]) == sorted(rows["obs_id"])
    for kind, key in (("papers", "lou2019"), ("tables", "sources"), ("tables", "conflicts")):
        with zipfile.ZipFile(site / "downloads" / kind / f"{key}.zip") as z:
            z.extractall(tmp_path / kind)
        report = frictionless.Package(str(tmp_path / kind / key / "datapackage.json")).validate()
        assert report.valid, (kind, key, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5])


@whole_site
def test_each_page_downloads_what_sd_export_writes_of_its_rows(site, tmp_path):
    obs = sd.observations()
    for obs_id in random.Random(11).sample(list(obs["obs_id"]), 8):
        row = obs[obs["obs_id"] == obs_id]
        table = row["table"].iloc[0]
        whole = sd.load(table)
        rows = whole[whole["obs_id"] == obs_id]
        for suffix in ("csv", "xlsx"):
            expected = sd.export(rows, tmp_path / f"x.{suffix}", table=table).read_bytes()
            assert (site / "downloads" / "figures" / f"{obs_id}.{suffix}").read_bytes() == expected, (obs_id, suffix)
    sid = "chn_lcn_trade_total"
    trade = sd.load("trade")
    expected = sd.export(trade[trade["series_id"] == sid], tmp_path / "s.xlsx", table="trade").read_bytes()
    assert (site / "downloads" / "series" / f"{sid}.xlsx").read_bytes() == expected
    conflicts = sd.export(sd.load("conflicts"), tmp_path / "c.xlsx", table="conflicts").read_bytes()
    assert (site / "downloads" / "tables" / "conflicts.xlsx").read_bytes() == conflicts


def test_a_folder_that_is_not_a_site_is_never_replaced(tmp_path, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("keep me")
    with pytest.raises(DataError, match="not a site"):
        build(mine)
    assert (mine / "thesis.tex").read_text() == "keep me"
    assert cli.main(["site", "--out", str(mine)]) == 2
    assert "not a site" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


# -- the site in a real browser: Debian's Chromium under Selenium ---------------------------------


def _chromium() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


browser_needed = pytest.mark.skipif(_chromium() is None, reason="Chromium and chromedriver are not installed "
                                    "(Debian: apt-get install chromium chromium-driver; .ci/run installs them)")


class _Server:
    """The site's parent folder served on 127.0.0.1, recording every request and its status."""

    def __init__(self, root: Path):
        self.requests: list[tuple[str, int]] = []
        server = self

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *a, **kw):
                super().__init__(*a, directory=str(root), **kw)

            def log_request(self, code="-", size="-"):
                server.requests.append((self.path, int(code) if str(code).isdigit() else 0))

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture(scope="module")
def browser(site, tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = _chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(flag)
    with _Server(site.parent) as server:
        driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
        try:
            driver.base = f"{server.url}/{VERSION}/"
            driver.server = server
            yield driver
        finally:
            driver.quit()


def _open(driver, page: str) -> None:
    driver.get(driver.base + page)


def _outside_fetches(driver) -> list[str]:
    names = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)"
                                  ".concat([location.href]);")
    origin = driver.base.split(f"/{VERSION}/")[0]
    return [n for n in names if not n.startswith(origin + "/")]


@whole_site
@browser_needed
def test_cite_boxes_in_the_browser_equal_sd_cite(browser):
    from selenium.webdriver.common.by import By

    ids = sorted(random.Random(2026).sample(figure_ids(), 6)) + ["malena.huawei_campinas_trainees_per_year"]
    for obs_id in ids:
        _open(browser, f"figures/{obs_id}.html")
        boxes = browser.find_elements(By.CSS_SELECTOR, "[data-cite-style]")
        shown = {b.get_attribute("data-cite-style"): b.get_attribute("textContent") for b in boxes}
        assert set(shown) == set(STYLES)
        for style in STYLES:
            assert shown[style] == sd.cite(obs_id, style=style), (obs_id, style)
        buttons = browser.find_elements(By.CSS_SELECTOR, "button[data-copy]")
        assert len(buttons) == len(STYLES) and all(b.is_displayed() for b in buttons)
        assert _outside_fetches(browser) == []


def _results(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#results li')).filter(li => !li.hidden)"
        ".map(li => li.getAttribute('data-obs-id'));")


def _search(driver, words: str = "", **filters) -> list[str]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    _open(driver, "index.html")
    for name, value in filters.items():
        Select(driver.find_element(By.NAME, name)).select_by_value(str(value))
    box = driver.find_element(By.CSS_SELECTOR, "input[type=search]")
    box.clear()
    box.send_keys(words)
    return _results(driver)


@whole_site
@browser_needed
def test_search_box_finds_what_sd_search_finds(browser):
    obs = sd.observations()
    found = _search(browser, "Sao Paulo")
    says = obs.loc[obs["quote"].str.contains("São Paulo"), "obs_id"]
    assert len(says) and set(says) <= set(found)
    # The same figures as sd.search (the page ranks by field weights, sd.search by bm25: the order may differ).
    assert set(found) == set(sd.search("Sao Paulo")["obs_id"])
    for words, filters, narrow in (
        ("investments", {}, {}),
        ("Brasil", {"table": "digital_infrastructure"}, {"table": "digital_infrastructure"}),
        ("4G coverage", {}, {}),
        ("trade", {"period": 2016}, {"period": 2016}),
        ("investment", {"area": "BRA"}, {"area": "BRA"}),
        ("", {"paper": "li2022"}, {"source": "li2022"}),
        ("e-commerce PER", {}, {}),
        ("Sa\u0303o Paulo", {}, {}),  # the accent a character of its own: still one word
        ("Latin America & Caribbean", {}, {}),  # LCN's name as areas.csv writes it
    ):
        assert set(_search(browser, words, **filters)) == set(sd.search(words, **narrow)["obs_id"]), (words, filters)
    status = browser.find_element("id", "search-status").text
    assert "figures found" in status or "figure found" in status
    assert _outside_fetches(browser) == []


@whole_site
@browser_needed
def test_every_request_of_the_browser_was_served(browser):
    for page in ("index.html", "figures/lou2019.trade_total_2014.html", "papers/lou2019.html", "series/chn_lcn_trade_total.html",
                 "tables/trade.html", "tables/conflicts.html"):
        _open(browser, page)
        browser.execute_script("document.querySelectorAll('img').forEach(i => i.loading = 'eager');")
        browser.execute_script("window.scrollTo(0, document.body.scrollHeight);")
        assert _outside_fetches(browser) == []
    assert [r for r in browser.server.requests if r[1] >= 400] == []


@whole_site
@browser_needed
def test_no_serious_accessibility_violations(browser):
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed: run `npm ci` in {BROWSER_DIR} (.ci/run does)")
    axe = AXE.read_text(encoding="utf-8")
    found = {}
    for page in ("index.html", "figures/lou2019.trade_total_2014.html", "figures/malena.cgit_2009_01_huawei.html",
                 "papers/lou2019.html", "series/chn_lcn_trade_total.html", "tables/conflicts.html"):
        _open(browser, page)
        browser.execute_script(axe)
        result = browser.execute_async_script("const done = arguments[arguments.length - 1];"
                                              "axe.run(document).then(r => done(r.violations), e => done(String(e)));")
        assert isinstance(result, list), result
        serious = [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in result
                   if v["impact"] in ("serious", "critical")]
        if serious:
            found[page] = serious
    assert not found


@whole_site
@browser_needed
def test_screenshots_at_desktop_and_phone_widths(browser, tmp_path):
    import base64

    shots = []
    for label, width, height, mobile in (("desktop", 1280, 900, False), ("phone", 390, 844, True)):
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        for name, page in (("index", "index.html"), ("figure", "figures/lou2019.trade_total_2014.html"),
                           ("paper", "papers/lou2019.html")):
            _open(browser, page)
            # nothing wider than the screen: a phone reader never scrolls sideways
            wide = browser.execute_script("return document.documentElement.scrollWidth;")
            assert wide <= width, (label, page, wide)
            # what the reader sees first; and the whole page, but for the index's list of every figure
            for part, whole in (("", False),) + ((("-full", True),) if name != "index" else ()):
                data = browser.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": whole})
                path = tmp_path / f"{name}-{label}{part}.png"
                path.write_bytes(base64.b64decode(data["data"]))
                assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
                shots.append(path)
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    review = os.environ.get("SILKROAD_SITE_SHOTS")  # a folder to copy them to, for a person to look at
    if review:
        Path(review).mkdir(parents=True, exist_ok=True)
        for path in shots:
            shutil.copyfile(path, Path(review) / path.name)


def test_a_figure_page_tells_where_its_value_changed_between_releases(tmp_path, monkeypatch):
    """Where the package records its release history (sd.changes, releases.value_since), the page says so."""
    import pandas as pd

    from silkroad_data.site import builder as site_build
    from silkroad_data.site.pages import Site

    obs_id = "lou2019.trade_total_2014"
    monkeypatch.setattr(sd, "changes", lambda since=None, until=None: pd.DataFrame([
        {"obs_id": obs_id, "field": "value", "old": "263.5", "new": "263.6", "version": "0.1.1",
         "reason": "the quote was read again"}]), raising=False)
    from silkroad_data import releases

    monkeypatch.setattr(releases, "value_since", lambda i: "0.1.1")
    d = site_build.Data()
    row = d.rows[obs_id]
    links = {"csv": [(row["table"], "downloads/series/x.csv", 1)], "xlsx": None, "zip": "downloads/series/x.zip"}
    site = Site(tmp_path, d, {obs_id: {s: f"{s} text" for s in STYLES}}, {("series", row["series_id"]): links},
                site_build._release_history(), None, STYLES)
    html = (tmp_path / site.write_figure(obs_id)).read_text(encoding="utf-8")
    assert f"release {VERSION} of silkroad-data" in html
    assert "In release 0.1.1, value changed from <code>263.5</code> to <code>263.6</code>: the quote was read again." in html
    assert "Its value is the same since release 0.1.1." in html


@whole_site
def test_without_a_release_history_the_page_names_its_release_only(site):
    html = (site / "figures" / "lou2019.trade_total_2014.html").read_text(encoding="utf-8")
    assert f"This page shows the figure as release {VERSION} of silkroad-data gives it" in html


def test_figure_pages_show_sd_cite_exactly_in_the_quick_suite(tmp_path):
    """Pages of the figures whose words are hardest to carry through HTML (&, <, quotes, accents),
    rendered with sd.cite's real texts: each cite box reads back as exactly sd.cite."""
    from silkroad_data.site import builder as site_build
    from silkroad_data.site.pages import Site

    d = site_build.Data()
    risky = [i for i, r in d.rows.items() if re.search(r"[&<>\"'’“”]|[^\x00-\x7f]", (r["quote"] or "") + (r["cited_source"] or ""))]
    ids = sorted(random.Random(7).sample(risky, min(8, len(risky)))) + ["lou2019.trade_total_2014"]
    cites = {i: {s: sd.cite(i, style=s) for s in STYLES} for i in ids}
    links = {"csv": [], "xlsx": None, "zip": "downloads/x.zip"}
    downloads = {("series", d.rows[i]["series_id"]): links for i in ids}
    site = Site(tmp_path, d, cites, downloads, site_build._release_history(), None, STYLES)
    for obs_id in ids:
        page = parsed(tmp_path / site.write_figure(obs_id))
        assert {s: _pre_text(t) for s, t in page.cites.items()} == cites[obs_id], obs_id
        assert {"cite", "copy-status"} <= page.ids


def test_pages_per_concept_where_the_tables_have_a_concept_id(tmp_path, monkeypatch):
    from silkroad_data import api
    from silkroad_data.site import builder as site_build
    from silkroad_data.site import pages
    from silkroad_data.site.pages import Site

    observations = api.observations

    def with_concepts():
        obs = observations()
        return obs.assign(concept_id=obs["series_id"].where(obs["series_id"].str.contains("trade_total"), None)
                          .str.replace("_total", "_volume"))

    monkeypatch.setattr(api, "observations", with_concepts)
    d = site_build.Data()
    assert d.has_concepts
    concept = {kind: key for kind, key, _, _ in pages.collections(d) if kind == "concepts"}
    assert concept
    links = {"csv": [], "xlsx": None, "zip": "downloads/x.zip"}
    downloads = {(kind, key): links for kind, key, _, _ in pages.collections(d)}
    site = Site(tmp_path, d, {}, downloads, ({}, {}), None, STYLES)
    site.write_concepts()
    cid = "chn_lcn_trade_volume"
    page = (tmp_path / "concepts" / f"{cid}.html").read_text(encoding="utf-8")
    for obs_id in d.obs.loc[d.obs["concept_id"] == cid, "obs_id"]:
        assert f'data-obs-id="{obs_id}"' in page
    assert f'href="../concepts/{cid}.html"' in (tmp_path / "concepts" / "index.html").read_text(encoding="utf-8")
