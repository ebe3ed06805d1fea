"""Citations of the papers and of single figures (APA 7, Chicago author-date, BibTeX, CSL-JSON).

Works on plain dicts (rows of the ``sources`` and observation tables), so it is used both
by the build (the ``citation`` column, Parquet metadata) and by ``sd.cite``.

Example
-------
>>> from silkroad_data.cite import format_source
>>> src = {"source_id": "x2020", "type": "article-journal", "authors": "Doe, Jane",
...        "title": "A title", "container_title": "A Journal", "year": 2020,
...        "volume": "3", "issue": "6", "pages": "1-9", "doi": "10.1/abc"}
>>> format_source(src, style="apa")
'Doe, J. (2020). A title. A Journal, 3(6), 1-9. https://doi.org/10.1/abc'
"""

from __future__ import annotations

import json

from .metadata import QUALIFIERS

STYLES = ("apa", "chicago", "bibtex", "csl-json")


def _authors(row: dict) -> list[tuple[str, str]]:
    raw = row.get("authors") or ""
    out = []
    for part in [p.strip() for p in raw.split(";") if p.strip()]:
        family, _, given = part.partition(",")
        out.append((family.strip(), given.strip()))
    return out


def _initials(given: str) -> str:
    return " ".join(f"{g[0]}." for g in given.replace("-", " ").split() if g)


def _apa_authors(names: list[tuple[str, str]]) -> str:
    parts = [f"{f}, {_initials(g)}" if g else f for f, g in names]
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + ", & " + parts[-1]


def _chicago_authors(names: list[tuple[str, str]]) -> str:
    parts = []
    for i, (f, g) in enumerate(names):
        parts.append((f"{f}, {g}" if i == 0 else f"{g} {f}") if g else f)
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + (", and " if len(parts) > 2 else " and ") + parts[-1]


def _link(row: dict) -> str:
    if row.get("doi"):
        return f"https://doi.org/{row['doi']}"
    return row.get("url") or ""


def _v_i_p(row: dict, sep_pages: str) -> str:
    s = ""
    if row.get("volume"):
        s += str(row["volume"])
    if row.get("issue"):
        s += f"({row['issue']})"
    if row.get("pages"):
        s += f"{sep_pages}{row['pages']}" if s else str(row["pages"])
    return s


def _apa(row: dict) -> str:
    names = _authors(row)
    year = f"({row['year']})" if row.get("year") else "(n.d.)"
    title = row.get("title") or "[Untitled]"
    head = f"{_apa_authors(names)} {year}. {title}." if names else f"{title}. {year}."
    container = row.get("container_title") or row.get("publisher")
    tail = ""
    if container:
        vip = _v_i_p(row, ", ")
        tail = f" {container}" + (f", {vip}" if vip else "") + "."
    link = _link(row)
    return (head + tail + (f" {link}" if link else "")).strip()


def _chicago(row: dict) -> str:
    names = _authors(row)
    year = str(row.get("year") or "n.d.")
    title = row.get("title") or "Untitled"
    head = f"{_chicago_authors(names)}. {year}. \u201c{title}.\u201d" if names else f"\u201c{title}.\u201d {year}."
    container = row.get("container_title") or row.get("publisher")
    tail = ""
    if container:
        tail = f" {container}"
        if row.get("volume"):
            tail += f" {row['volume']}"
        if row.get("issue"):
            tail += f" ({row['issue']})"
        if row.get("pages"):
            tail += f": {row['pages']}"
        tail += "."
    link = _link(row)
    return (head + tail + (f" {link}." if link else "")).strip()


def _bibtex(row: dict) -> str:
    kind = {"article-journal": "article", "report": "techreport", "chapter": "incollection", "book": "book"}.get(row.get("type"), "misc")
    fields = [
        ("author", " and ".join(f"{f}, {g}" if g else f for f, g in _authors(row))),
        ("title", row.get("title")),
        ("journal" if kind == "article" else "howpublished" if kind == "misc" else "booktitle" if kind == "incollection" else "institution" if kind == "techreport" else "publisher", row.get("container_title") or (row.get("publisher") if kind != "article" else None)),
        ("year", row.get("year")),
        ("volume", row.get("volume")),
        ("number", row.get("issue")),
        ("pages", (row.get("pages") or "").replace("-", "--") or None),
        ("doi", row.get("doi")),
        ("url", row.get("url")),
        ("language", row.get("language")),
    ]
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields if v not in (None, ""))
    return f"@{kind}{{{row['source_id']},\n{body}\n}}"


def csl(row: dict) -> dict:
    """The CSL-JSON item of a source row, for reference managers."""
    item = {"id": row["source_id"], "type": row.get("type") or "article-journal"}
    names = _authors(row)
    if names:
        item["author"] = [{"family": f, "given": g} if g else {"literal": f} for f, g in names]
    for key, csl_key in (("title", "title"), ("container_title", "container-title"), ("publisher", "publisher"),
                         ("volume", "volume"), ("issue", "issue"), ("pages", "page"), ("doi", "DOI"),
                         ("url", "URL"), ("language", "language")):
        if row.get(key):
            item[csl_key] = str(row[key])
    if row.get("year"):
        item["issued"] = {"date-parts": [[int(row["year"])]]}
    return item


def format_source(row: dict, style: str = "apa") -> str:
    """A full citation of one paper (a ``sources`` row) in ``style``."""
    if style == "apa":
        return _apa(row)
    if style == "chicago":
        return _chicago(row)
    if style == "bibtex":
        return _bibtex(row)
    if style == "csl-json":
        return json.dumps(csl(row), ensure_ascii=False, indent=2)
    raise ValueError(f"Unknown citation style '{style}'; use one of {', '.join(STYLES)}.")


def in_text(row: dict, style: str = "apa") -> str:
    """The in-text form of a paper: 'Lou, 2019' (APA) or 'Lou 2019' (Chicago author-date).

    >>> in_text({"authors": "Li, Xiaoyu; Wu, Yajie; Wang, Yifan", "year": 2022})
    'Li et al., 2022'
    """
    names = [f for f, _ in _authors(row)]
    if not names:
        who = f"\u201c{row.get('title') or 'Untitled'}\u201d"
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} & {names[1]}" if style == "apa" else f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    year = str(row.get("year") or "n.d.")
    return f"{who}, {year}" if style == "apa" else f"{who} {year}"


def short_source(credited: str, limit: int = 90) -> str:
    """The name part of a credited source, for in-text use.

    >>> short_source("CEPAL, Explorando nuevos espacios, 2018"), short_source("Economic Daily (2025, May 25). Title")
    ('CEPAL', 'Economic Daily')
    """
    head = credited.split(",")[0]
    if head.count("(") > head.count(")"):
        head = head.split("(")[0]
    head = head.strip().rstrip(".")
    return head if len(head) <= limit else head[: limit - 3] + "..."


def format_figure(obs: dict, source: dict, style: str = "apa") -> str:
    """A citation of one exact figure: the paper, where in it, the quote and the credited source.

    ``obs`` is a row of an observation (or projects) table, ``source`` its paper's row.
    APA and Chicago give the reference entry, the in-text citation ("as cited in" the
    paper when it credits a primary source), the figure with its locator, and the quote;
    BibTeX and CSL-JSON give the paper's entry with the figure and locator in its note.
    """
    fid = obs.get("obs_id") or obs.get("project_id")
    where = obs.get("locator") or "text"
    credited = obs.get("cited_source")
    if style in ("bibtex", "csl-json"):
        item = csl(source)
        note = f"{fid}: {obs.get('reported') or obs.get('amount_reported')}, {where}" + (f"; primary source: {credited}" if credited else "")
        if style == "csl-json":
            item["note"] = note
            return json.dumps(item, ensure_ascii=False, indent=2)
        entry = _bibtex(source)
        return entry[:-2] + f",\n  note = {{{note}}}\n}}"
    who = in_text(source, style)
    cited_in = "as cited in" if style == "apa" else "quoted in"
    intext = f"({short_source(credited)}, {cited_in} {who})" if credited else f"({who})"
    period = obs.get("period_label") or obs.get("date_label") or "period not stated"
    qualified = QUALIFIERS[obs.get("qualifier") or "exact"].words
    status = f", {obs['status']}" if obs.get("status") not in (None, "reported") else ""
    lines = [
        format_source(source, style),
        f"In text: {intext}",
        f"Figure {fid}: {qualified}{obs.get('reported') or obs.get('amount_reported')} "
        f"({obs.get('indicator') or obs.get('investor')}, {period}{status}); {where}.",
    ]
    if credited:
        lines.append(f"Primary source credited by the paper: {credited}")
    lines.append(f"Quote: \u201c{obs.get('quote')}\u201d")
    return "\n".join(lines)


def bibliography(figures: list[dict], sources: dict[str, dict], style: str = "apa") -> str:
    """The deduplicated bibliography of a set of figures: their papers, then the primary sources they credit."""
    used = sorted({f["source_id"] for f in figures})
    papers = [sources[s] for s in used]
    if style == "csl-json":
        return json.dumps([csl(p) for p in papers], ensure_ascii=False, indent=2)
    if style == "bibtex":
        return "\n\n".join(_bibtex(p) for p in papers)
    entries = sorted(format_source(p, style) for p in papers)
    credited = sorted({f["cited_source"] for f in figures if f.get("cited_source")})
    text = "\n".join(entries)
    if credited:
        text += "\n\nPrimary sources credited by these figures:\n" + "\n".join(f"- {c}" for c in credited)
    return text


def _cff_str(v) -> str:
    return json.dumps(str(v), ensure_ascii=False)  # a JSON string is a valid YAML scalar


def citation_cff(sources: list[dict], version: str) -> str:
    """``CITATION.cff`` for the dataset and package, with the five papers as references."""
    lines = [
        "# Generated by `silkroad-data build` from the sources table; do not edit by hand.",
        "cff-version: 1.2.0",
        "message: >-",
        "  If you use these data, cite the dataset as below, and cite the paper each figure comes",
        "  from and the primary source it credits (sd.cite(obs_id) writes both).",
        'title: "silkroad-data: every quantitative figure of five papers on China and Latin America"',
        "type: dataset",
        f"version: {_cff_str(version)}",
        "license: CC-BY-4.0",
        "authors:",
        "  - name: silkroad-data contributors",
        "abstract: >-",
        "  Tidy, validated Parquet tables of every quantitative figure in five papers on China-Latin",
        "  America trade, investment, e-commerce and digital infrastructure, each with the paper, its",
        "  locator, a verbatim quote and the primary source the paper credits; with a Python API, a",
        "  command line, exports and charts.",
        "references:",
    ]
    kinds = {"article-journal": "article", "report": "report", "chapter": "generic", "book": "book", "working-paper": "report"}
    for row in sources:
        lines.append(f"  - type: {kinds.get(row.get('type'), 'generic')}")
        lines.append("    authors:")
        names = _authors(row)
        if not names:
            lines.append('      - name: "(the text names no author)"')
        for family, given in names:
            lines.append(f"      - family-names: {_cff_str(family)}")
            if given:
                lines.append(f"        given-names: {_cff_str(given)}")
        lines.append(f"    title: {_cff_str(row.get('title') or '[Untitled]')}")
        for key, cff in (("container_title", "journal"), ("publisher", "publisher"), ("year", "year"),
                         ("volume", "volume"), ("issue", "issue"), ("doi", "doi"), ("url", "url")):
            value = row.get(key)
            if value not in (None, ""):
                if cff == "publisher":
                    lines.append(f"    publisher:\n      name: {_cff_str(value)}")
                elif cff == "year":
                    lines.append(f"    year: {int(value)}")
                else:
                    lines.append(f"    {cff}: {_cff_str(value)}")
        if row.get("pages") and "-" in str(row["pages"]):
            start, end = str(row["pages"]).split("-", 1)
            lines.append(f"    start: {_cff_str(start)}\n    end: {_cff_str(end)}")
    return "\n".join(lines) + "\n"
