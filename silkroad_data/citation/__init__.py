"""Citations of the papers, of single figures and of the dataset: APA 7, Chicago author-date, BibTeX,
BibLaTeX, RIS and CSL-JSON.

Works on plain dicts (rows of the ``sources``, ``references`` and observation tables), so it is
used both by the build (the ``citation`` column, Parquet metadata) and by ``sd.cite``. Keys: a
paper's is its ``source_id``; a credited work's is made from its first author's surname (or
organisation), year and first title word (see :class:`~silkroad_data.citation.works.Works`); a
figure is cited with its locator, and the work it credits with the note's pinpoint.

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
from .exchange import csl_item, csl_work, ris_record

from .tex import escape, paper_entry, postnote, work_entry
from .text import MARKUPS, Markup, apa, apa_work, chicago, chicago_work, in_text, in_text_work, list_order
from .styles import STYLES, style_name
from .works import Work, Works


__all__ = ["STYLES", "MARKUPS", "Work", "Works", "bibliography", "citation_cff", "cite_command", "csl", "dataset_citation",
           "figure_line", "format_figure", "format_source", "format_work", "in_text", "short_source", "style_name"]


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


def format_work(work: Work, style: str = "apa", markup: str = "text") -> str:
    """The reference entry of one credited work in ``style``.

    >>> from silkroad_data.citation.names import Name
    >>> w = Work("cepal2018estado", "report", (Name(literal="CEPAL"),), "Estado de la banda ancha en América Latina y el Caribe 2017",
    ...          place="Santiago, Chile", issued="2018-03", language="es")
    >>> format_work(w, "apa")
    'CEPAL. (2018). Estado de la banda ancha en América Latina y el Caribe 2017.'
    >>> format_work(w, "chicago", "markdown")
    'CEPAL. 2018. *Estado de la banda ancha en América Latina y el Caribe 2017*. Santiago, Chile: CEPAL.'
    """
    style = style_name(style)
    if style == "apa":
        return apa_work(work, markup)
    if style == "chicago":
        return chicago_work(work, markup)
    if style in ("bibtex", "biblatex"):
        return work_entry(work, style)
    if style == "ris":
        return ris_record(csl_work(work))
    return json.dumps(csl_work(work), ensure_ascii=False, indent=2)


def _works_of(works: Works | None) -> Works:
    return works if works is not None else Works([])


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


_COMMANDS = {"bibtex": (r"\cite", r"\cite"), "natbib": (r"\citep", r"\citealp"), "biblatex": (r"\parencite", r"\cite")}


def cite_command(obs: dict, works: Works | None = None, system: str = "natbib") -> str:
    r"""The LaTeX citation of a figure: its paper with the locator and, where the paper credits a work,
    that work with the note's pinpoint, "as cited in" the paper (APA 8.6).

    ``system`` is ``natbib`` (``\citep``, ``\citealp``), ``biblatex`` (``\parencite``, ``\cite``) or
    ``bibtex`` (plain ``\cite``, for the classic styles without natbib).

    >>> cite_command({"source_id": "lou2019", "locator": "footnote 19"})
    '\\citep[footnote~19]{lou2019}'
    >>> cite_command({"source_id": "lou2019", "locator": "footnote 19"}, system="biblatex")
    '\\parencite[footnote~19]{lou2019}'
    """
    if system not in _COMMANDS:
        raise ValueError(f"Unknown LaTeX citation system {system!r}; use one of {', '.join(_COMMANDS)}.")
    paren, bare = _COMMANDS[system]
    works = _works_of(works)
    loc = postnote(obs.get("locator"))
    work = works.of(obs)

    def one(cmd: str, key: str, note: str) -> str:
        return rf"{cmd}[{note}]{{{key}}}" if note else rf"{cmd}{{{key}}}"
    if work is None:
        return one(paren, obs["source_id"], loc)
    pin = postnote(works.pinpoint(obs))
    if system == "bibtex":
        return one(paren, work.key, pin) + ", as cited in " + one(paren, obs["source_id"], loc)
    return f"({one(bare, work.key, pin)}, as cited in {one(bare, obs['source_id'], loc)})"


def format_figure(obs: dict, source: dict, style: str = "apa", markup: str = "text", works: Works | None = None) -> str:
    """A citation of one exact figure: the paper, the work it credits, where, and the quote.

    ``obs`` is a row of an observation (or projects) table, ``source`` its paper's row and
    ``works`` the credited works of the dataset (``Works(references rows)``).
    APA and Chicago give the reference entries of the paper and of the credited work, the
    in-text citation (the work "as cited in" the paper, APA 8.6; "quoted in", CMOS 15.52), the
    figure line and the quote. BibTeX and BibLaTeX give the entries of the paper and of the
    work, preceded by a comment with the citation command (the figure's locator in its optional
    argument) and the figure line for a note. RIS and CSL-JSON give the same entries for a
    reference manager; the locator goes into the word processor's citation dialog.
    """
    style = style_name(style)
    m = Markup(markup)
    works = _works_of(works)
    work = works.of(obs)
    from ..releases import release_words  # the version cited, and since which release the value is as printed

    line = figure_line(obs) + release_words(obs)
    text = obs.get("cited_source")
    if style in ("bibtex", "biblatex"):
        body = [paper_entry(source, style)] + ([work_entry(work, style)] if work else [])
        fid = str(obs.get("obs_id") or obs.get("project_id")).replace("@", "(at)")
        system = "biblatex" if style == "biblatex" else "natbib"
        tail = [f"% Figure {fid}: cite it with its locator,", f"%   {cite_command(obs, works, system)}",
                "% and give the figure in a note:", f"%   {escape(line)}."]
        return "\n\n".join(body) + "\n\n" + "\n".join(tail) + "\n"
    items = [csl_item(source)] + ([csl_work(work)] if work else [])
    if style == "ris":
        return "\n\n".join(ris_record(i) for i in items)
    if style == "csl-json":
        return json.dumps(items, ensure_ascii=False, indent=2)
    who = in_text(source, style, markup)
    if work:
        cited_in = "as cited in" if style == "apa" else "quoted in"
        intext = f"({in_text_work(work, style, markup, works.pinpoint(obs))}, {cited_in} {who})"
    else:
        intext = f"({who})"
    lines = [format_source(source, style, markup), f"In text: {intext}", f"Figure {m.t(line)}."]
    if work:
        lines.append(f"Primary source credited by the paper: {format_work(work, style, markup)}")
    if text:
        lines.append(f"Credited in the paper as: {m.t(text)}")
    lines.append(f"Quote: \u201c{m.t(obs.get('quote'))}\u201d")
    return _lines(lines, markup)


def _plain(entry: str) -> str:
    return re.sub(r"<[^>]+>|\*", "", entry).casefold()


def bibliography(figures: list[dict], sources: dict[str, dict], style: str = "apa", markup: str = "text",
                 works: Works | None = None) -> str:
    """The deduplicated bibliography of a set of figures: their papers, then the works they credit, each
    list in alphabetical order (APA 9.44, CMOS 15.16)."""
    style = style_name(style)
    used = sorted({f["source_id"] for f in figures})
    papers = [sources[s] for s in used]
    cited = _works_of(works).cited_by(figures)
    if style in ("bibtex", "biblatex"):
        return "\n\n".join([paper_entry(p, style) for p in papers] + [work_entry(w, style) for w in cited])
    items = [csl_item(p) for p in papers] + [csl_work(w) for w in cited]
    if style == "csl-json":
        return json.dumps(items, ensure_ascii=False, indent=2)
    if style == "ris":
        return "\n\n".join(ris_record(i) for i in items)
    entries = sorted((format_source(p, style, markup) for p in papers), key=_plain)
    render = apa_work if style == "apa" else chicago_work
    listed = [render(w, markup, suffix) for w, suffix in list_order(cited, style)]
    heading = "Works credited by these figures (cite each as cited in its paper):"
    if markup == "html":
        ul = "<ul>\n" + "\n".join(f"<li>{w}</li>" for w in listed) + "\n</ul>" if listed else ""
        return _lines(entries + ([heading] if listed else []), markup) + ("\n" + ul if ul else "")
    lines = list(entries)
    if listed:
        lines.append(heading)
        lines.append("\n".join(f"- {w}" for w in listed))
    return _lines(lines, markup)


from .cff import citation_cff, dataset_citation  # noqa: E402  (uses the functions above)
