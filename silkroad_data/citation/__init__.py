"""Citations of the papers, of single figures and of the dataset: APA 7, Chicago author-date, BibTeX,
BibLaTeX, RIS and CSL-JSON.

Works on plain dicts (rows of the ``sources`` and observation tables), so it is used both by
the build (the ``citation`` column, Parquet metadata) and by ``sd.cite``. Keys: a paper's is
its ``source_id``; a credited primary source's is made from its surname (or organisation),
year and first title word (see :class:`Credits`); a figure is cited with its locator.

Example
-------
>>> from silkroad_data.citation import format_source
>>> src = {"source_id": "x2020", "type": "article-journal", "authors": "Doe, Jane",
...        "title": "A title", "container_title": "A Journal", "year": 2020,
...        "volume": "3", "issue": "6", "pages": "1-9", "doi": "10.1/abc"}
>>> format_source(src, style="apa")
'Doe, J. (2020). A title. A Journal, 3(6), 1–9. https://doi.org/10.1/abc'
>>> format_source(src, style="APA", markup="html")
'Doe, J. (2020). A title. <i>A Journal</i>, <i>3</i>(6), 1–9. <a href="https://doi.org/10.1/abc">https://doi.org/10.1/abc</a>'
"""

from __future__ import annotations

import json
import re

from ..metadata import QUALIFIERS, UNITS
from ..scale import in_printed_scale, scale_word
from .exchange import csl_credit, csl_item, ris_record
from .names import Credit, credit, slug
from .tex import credit_entry, escape, paper_entry, postnote
from .text import MARKUPS, Markup, apa, chicago, in_text, in_text_credit

STYLES = ("apa", "chicago", "bibtex", "biblatex", "ris", "csl-json")
_ALIASES = {"csl": "csl-json", "csljson": "csl-json", "csl_json": "csl-json", "bib": "bibtex", "apa7": "apa",
            "chicago-author-date": "chicago"}

__all__ = ["STYLES", "MARKUPS", "Credits", "bibliography", "citation_cff", "cite_command", "credit", "csl", "dataset_citation",
           "figure_line", "format_figure", "format_source", "in_text", "short_source", "style_name"]


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


def csl(row: dict) -> dict:
    """The CSL-JSON item of a source row, for reference managers."""
    return csl_item(row)


def format_source(row: dict, style: str = "apa", markup: str = "text") -> str:
    """A full citation of one paper (a ``sources`` row) in ``style``."""
    style = style_name(style)
    if style == "apa":
        return apa(row, markup)
    if style == "chicago":
        return chicago(row, markup)
    if style in ("bibtex", "biblatex"):
        return paper_entry(row, style)
    if style == "ris":
        return ris_record(csl_item(row))
    return json.dumps(csl_item(row), ensure_ascii=False, indent=2)


def short_source(credited: str, limit: int = 90) -> str:
    """The name part of a credited source, for a chart's source note.

    >>> short_source("CEPAL, Explorando nuevos espacios, 2018"), short_source("Economic Daily (2025, May 25). Title")
    ('CEPAL', 'Economic Daily')
    """
    head = credited.split(",")[0]
    if head.count("(") > head.count(")"):
        head = head.split("(")[0]
    head = head.strip().rstrip(".")
    return head if len(head) <= limit else head[: limit - 3] + "..."


class Credits:
    """The primary sources credited in a set of figures, each with one stable key and one entry.

    Built from every credited text of the dataset (and the URL of the note that carries it), so
    a key never depends on which figures are cited: the same work printed twice (at two pages,
    or with two capitalisations) is one entry, and two works never share a key.

    >>> c = Credits({'CEPAL, "Estado de la banda ancha," Santiago, March 2018, p.5': None})
    >>> c.key('CEPAL, "Estado de la banda ancha," Santiago, March 2018, p.5')
    'cepal2018estado'
    """

    def __init__(self, texts: dict[str, str | None]):
        works: dict[str, list[str]] = {}
        for text in texts:
            works.setdefault(credit(text).work.casefold(), []).append(text)
        by_base: dict[str, list[str]] = {}
        for work in sorted(works):
            by_base.setdefault(self._base(credit(works[work][0])), []).append(work)
        self._key: dict[str, str] = {}
        self._entry: dict[str, tuple[Credit, str | None]] = {}
        for base, group in by_base.items():
            for n, work in enumerate(group):
                key = base if len(group) == 1 else f"{base}{chr(ord('a') + n)}"
                members = sorted(works[work])
                urls = sorted(u for u in (texts[t] for t in members) if u)
                self._entry[key] = (credit(members[0]), urls[0] if urls else None)
                for t in members:
                    self._key[t] = key

    @staticmethod
    def _base(c: Credit) -> str:
        if c.names:
            first = c.names[0]
            who = first.family if first.is_person else first.literal
            acronym = re.search(r"\(([A-Z][A-Za-z/]+)\)", c.text.split(",")[0])
            if not first.is_person:
                words = [w for w in re.split(r"[\s-]+", who) if w[:1].isupper() and w not in ("The",)]
                who = acronym.group(1) if acronym else "".join(words[:2]) or who
        stop = {"a", "an", "the", "la", "el", "los", "las", "de", "del", "of", "un", "una"}
        words = [w for w in re.split(r"[^\w]+", c.title or c.described) if slug(w) and w.lower() not in stop]
        if not c.names:                                         # no author: the title's first two words, then the year
            return f"{slug(''.join(words[:2]))}{c.year or 'nd'}" or "source"
        return f"{slug(who)}{c.year or 'nd'}{slug(words[0]) if words else ''}"

    def key(self, text: str) -> str:
        return self._key[text]

    def entries(self, texts) -> list[tuple[str, Credit, str | None]]:
        """(key, credit, url) of the distinct works among ``texts``, sorted by key."""
        keys = sorted({self._key[t] for t in texts})
        return [(k, *self._entry[k]) for k in keys]


def _credits_of(figures: list[dict], credits: Credits | None) -> Credits:
    if credits is not None:
        return credits
    return Credits({f["cited_source"]: f.get("reference_url") for f in figures if f.get("cited_source")})


def _number(x: float) -> str:
    return f"{x:,.12g}"


def corrected_value(obs: dict) -> str | None:
    """The stored value in words ("US$150.35 billion"), for a figure whose printed text needed a correction."""
    value, unit, power = obs.get("value"), obs.get("unit"), obs.get("printed_scale") or 0
    if value is None or unit not in UNITS:
        return None
    num = _number(in_printed_scale(value, power))
    if obs.get("value_high") is not None:
        num += "\u2013" + _number(in_printed_scale(obs["value_high"], power))
    scale = scale_word(power)
    u = UNITS[unit]
    if u.currency:
        label = u.label if not u.label.isalpha() else u.label + " "
        return f"{label}{num}" + (f" {scale}" if scale else "")
    if unit in ("percent", "percentage_points"):
        return f"{num} {u.label}"
    if unit == "count":
        return num + (f" {scale}" if scale else "")
    return None


def figure_line(obs: dict) -> str:
    """One line that says which figure is cited: the value (corrected where a correction applies,
    with the printed text in brackets), what it measures, the areas, the period and the locator.

    >>> print(figure_line({"obs_id": "x.imports", "reported": "$15O.35 billion", "value": 150.35e9, "unit": "USD",
    ...     "printed_scale": 9, "correction": "letter O for zero", "qualifier": "exact", "indicator": "Imports",
    ...     "subject": "China", "counterpart": "Latin America & Caribbean", "period_label": "In 2019",
    ...     "locator": "section 'Trade'"}))
    x.imports: US$150.35 billion [printed “$15O.35 billion”] (Imports; area: China, counterpart: Latin America & Caribbean; In 2019); section 'Trade'
    """
    fid = obs.get("obs_id") or obs.get("project_id")
    printed = obs.get("reported") or obs.get("amount_reported")
    value = printed
    if obs.get("correction"):
        fixed = corrected_value(obs)
        if fixed and fixed != printed:
            value = f"{fixed} [printed \u201c{printed}\u201d]"
    qualifier = QUALIFIERS[obs.get("qualifier") or "exact"].words if obs.get("qualifier") != "range" else ""
    what = obs.get("indicator") or (f"investment by {obs['investor']}" if obs.get("investor") else None)
    areas = []
    if obs.get("subject"):
        areas.append(f"area: {obs['subject']}" + (f", counterpart: {obs['counterpart']}" if obs.get("counterpart") else ""))
    elif obs.get("country"):
        areas.append(f"area: {obs['country']}" + (f", partner: {obs['partner']}" if obs.get("partner") else ""))
    period = obs.get("period_label") or obs.get("date_label") or "period not stated"
    status = [obs["status"]] if obs.get("status") not in (None, "reported") else []
    inside = "; ".join(p for p in [what, *areas, period, *status] if p)
    return f"{fid}: {qualifier}{value} ({inside}); {obs.get('locator') or 'text'}"


def _lines(lines: list[str], markup: str) -> str:
    if markup == "html":
        return "\n".join(f"<p>{line}</p>" for line in lines)
    return ("\n\n" if markup == "markdown" else "\n").join(lines)


def cite_command(obs: dict, credits: Credits | None = None) -> str:
    r"""The LaTeX citation of a figure: its paper with the locator, and the primary source it credits.

    >>> cite_command({"source_id": "lou2019", "locator": "footnote 19"})
    '\\cite[footnote~19]{lou2019}'
    """
    loc = postnote(obs.get("locator"))
    cmd = rf"\cite[{loc}]{{{obs['source_id']}}}" if loc else rf"\cite{{{obs['source_id']}}}"
    if obs.get("cited_source"):
        key = _credits_of([obs], credits).key(obs["cited_source"])
        cmd += rf", citing \cite{{{key}}}"
    return cmd


def format_figure(obs: dict, source: dict, style: str = "apa", markup: str = "text", credits: Credits | None = None) -> str:
    """A citation of one exact figure: the paper, the primary source it credits, where, and the quote.

    ``obs`` is a row of an observation (or projects) table, ``source`` its paper's row.
    APA and Chicago give the reference entries, the in-text citation ("as cited in" the paper,
    with the primary source's surname and year, where the paper credits one), the figure line
    and the quote. BibTeX and BibLaTeX give the entries of the paper and of the primary source,
    preceded by a comment with the ``\\cite`` command (the figure's locator in its optional
    argument) and the figure line for a note. RIS and CSL-JSON give the same entries for a
    reference manager; the locator goes into the word processor's citation dialog.
    """
    style = style_name(style)
    m = Markup(markup)
    credits = _credits_of([obs], credits)
    from ..releases import release_words  # the version cited, and since which release the value is as printed

    line = figure_line(obs) + release_words(obs)
    text = obs.get("cited_source")
    entry = credits.entries([text])[0] if text else None
    if style in ("bibtex", "biblatex"):
        body = [paper_entry(source, style)] + ([credit_entry(entry[1], entry[0], entry[2], style)] if entry else [])
        fid = str(obs.get("obs_id") or obs.get("project_id")).replace("@", "(at)")
        tail = [f"% Figure {fid}: cite it with its locator,", f"%   {cite_command(obs, credits)}",
                "% and give the figure in a note:", f"%   {escape(line)}."]
        return "\n\n".join(body) + "\n\n" + "\n".join(tail) + "\n"
    items = [csl_item(source)] + ([csl_credit(entry[1], entry[0], entry[2])] if entry else [])
    if style == "ris":
        return "\n\n".join(ris_record(i) for i in items)
    if style == "csl-json":
        return json.dumps(items, ensure_ascii=False, indent=2)
    who = in_text(source, style, markup)
    if entry:
        c = entry[1]
        cited_in = "as cited in" if style == "apa" else "quoted in"
        intext = f"({in_text_credit(c, style, markup)}, {cited_in} {who})"
    else:
        intext = f"({who})"
    lines = [format_source(source, style, markup), f"In text: {intext}", f"Figure {m.t(line)}."]
    if text:
        lines.append(f"Primary source credited by the paper: {m.t(text)}")
    lines.append(f"Quote: \u201c{m.t(obs.get('quote'))}\u201d")
    return _lines(lines, markup)


def bibliography(figures: list[dict], sources: dict[str, dict], style: str = "apa", markup: str = "text",
                 credits: Credits | None = None) -> str:
    """The deduplicated bibliography of a set of figures: their papers, then the primary sources they credit."""
    style = style_name(style)
    used = sorted({f["source_id"] for f in figures})
    papers = [sources[s] for s in used]
    credits = _credits_of(figures, credits)
    cited = credits.entries({f["cited_source"] for f in figures if f.get("cited_source")})
    if style in ("bibtex", "biblatex"):
        return "\n\n".join([paper_entry(p, style) for p in papers] + [credit_entry(c, k, u, style) for k, c, u in cited])
    items = [csl_item(p) for p in papers] + [csl_credit(c, k, u) for k, c, u in cited]
    if style == "csl-json":
        return json.dumps(items, ensure_ascii=False, indent=2)
    if style == "ris":
        return "\n\n".join(ris_record(i) for i in items)
    m = Markup(markup)
    entries = sorted((format_source(p, style, markup) for p in papers), key=lambda s: re.sub(r"<[^>]+>|\*", "", s).casefold())
    works = [m.t(c.work) for _, c, _ in sorted(cited, key=lambda e: e[1].work.casefold())]
    if markup == "html":
        listed = "<ul>\n" + "\n".join(f"<li>{w}</li>" for w in works) + "\n</ul>" if works else ""
        return _lines(entries + (["Primary sources credited by these figures:"] if works else []), markup) + (
            "\n" + listed if listed else "")
    lines = list(entries)
    if works:
        lines.append("Primary sources credited by these figures:")
        lines.append("\n".join(f"- {w}" for w in works))
    return _lines(lines, markup)


from .cff import citation_cff, dataset_citation  # noqa: E402  (uses the functions above)
