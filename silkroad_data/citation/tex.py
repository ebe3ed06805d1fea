"""BibTeX (classic styles: plain, apalike, natbib) and BibLaTeX (biber) entries.

One entry per paper (key: its ``source_id``) and one per credited primary source (key made
from its first author's surname, its year and the first word of its title, see
:class:`silkroad_data.citation.Credits`). A key always stands for the same entry: a figure is cited
with a locator, ``\\cite[footnote~19]{lou2019}``, never with an entry of its own.

Values are escaped for LaTeX (``$ % & # _ { } ~ ^ \\``); proper names and acronyms in the
papers' titles are protected with braces, so a style that lowercases titles keeps them; titles
of credited sources, whose capitalisation is the paper's, are protected whole. Chinese script
cannot be typeset by pdflatex without CJK support: it is left out of the printed fields (the
paper's English translation in brackets stays) and kept in ``origtitle``/``note`` fields that
no standard style prints.

Example
-------
>>> print(paper_entry({"source_id": "doe2020", "type": "article-journal", "authors": "Doe, Jane",
...                    "title": "Trade in Latin America: 50% more", "container_title": "J. Econ. & Stats",
...                    "year": 2020, "pages": "1-9"}))
@article{doe2020,
  author = {Doe, Jane},
  title = {Trade in {Latin} {America}: 50\\% More},
  journal = {J. Econ. \\& Stats},
  pages = {1--9},
  year = {2020}
}
"""

from __future__ import annotations

import re

from .names import CJK, Name, authors
from .text import headline

_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "%": r"\%", "&": r"\&", "#": r"\#",
             "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_SPECIAL_RE = re.compile(r"[\\{}$%&#_~^]")


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text or ""))


def without_cjk(text: str) -> str:
    """Text with its Chinese script left out: '推动… [Promote …]' -> '[Promote …]', '(阿里巴巴国际站)' -> ''."""
    text = re.sub(r"\s*\([^()]*" + CJK.pattern + r"[^()]*\)", "", text)
    # a title in Chinese followed by its translation: keep the translation
    text = re.sub(r'[^\s"\u201c\[\]]*' + CJK.pattern + r'[^\[\]"\u201d]*?(?=\s*\[)', "", text)
    text = re.sub(CJK.pattern, "", text)
    text = re.sub(r'(^|\s)(["\u201c])\s+', r"\1\2", text)
    return " ".join(text.split()).strip(" ,;")


def escape(text) -> str:
    """Text for a BibTeX field: LaTeX specials escaped, straight quotes as TeX quotes, no Chinese script.

    >>> escape('50% of "A_B" & $3 {x}')
    "50\\\\% of ``A\\\\_B'' \\\\& \\\\$3 \\\\{x\\\\}"
    """
    text = without_cjk(str(text))
    text = _SPECIAL_RE.sub(lambda m: _SPECIALS[m.group(0)], text)
    text = re.sub(r'(^|[\s(\[])"', r"\1``", text)
    text = text.replace('"', "''")
    text = re.sub(r"(^|[\s(\[])'", r"\1`", text)
    return text.replace("@", r"\symbol{64}")


def protected_title(title: str) -> str:
    """A sentence-case title in headline case, with proper names and acronyms braced.

    A capital letter that sentence case would not put there (not the first letter of the
    title or of a subtitle) marks a proper name; a capital inside a word marks an acronym.

    >>> protected_title("The extension of the Digital Silk Road to Latin America: Advantages and potential risks")
    'The Extension of the {Digital} {Silk} {Road} to {Latin} {America}: Advantages and Potential Risks'
    >>> protected_title("China-Latin America Belt and Road cooperation")
    'China-{Latin} {America} {Belt} and {Road} Cooperation'
    """
    source_words = re.split(r"(\s+)", title)
    head_words = re.split(r"(\s+)", headline(title))
    out = []
    start = True
    for src, new in zip(source_words, head_words):
        if not src.strip():
            out.append(new)
            continue
        parts_src, parts_new = src.split("-"), new.split("-")
        done = []
        for k, (ps, pn) in enumerate(zip(parts_src, parts_new)):
            core = re.sub(r"^[^\w]+|[^\w]+$", "", ps)
            first_letter = start and k == 0
            proper = bool(core) and core[0].isupper() and not first_letter
            acronym = any(c.isupper() for c in core[1:])
            pn_esc = escape(pn)
            if (proper or acronym) and core:
                core_esc = escape(re.sub(r"^[^\w]+|[^\w]+$", "", pn))
                lead, _, trail = pn_esc.partition(core_esc)
                done.append(f"{lead}{{{core_esc}}}{trail}")
            else:
                done.append(pn_esc)
        out.append("-".join(done))
        start = src.endswith(":")
    return "".join(out)


def bib_name(n: Name) -> str:
    if not n.is_person:
        return "{" + escape(n.literal) + "}"
    return f"{escape(n.family)}, {escape(n.given)}" if n.given else escape(n.family)


def format_entry(kind: str, key: str, fields: list[tuple[str, str | None]]) -> str:
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields if v not in (None, ""))
    return f"@{kind}{{{key},\n{body}\n}}"


# A work with no author, in the classic styles: its title stands where the author does (APA 9.12 moves it
# there), braced as one name, and is not given again as ``title``. With ``key`` instead, plainnat and
# apalike print the key and then the title (the title twice), and plainnat drops the year from a label
# made from ``key`` (\citet prints no year).


def _volume_number(volume, issue) -> tuple[str | None, str | None]:
    """``volume`` and ``number`` for the classic styles, which warn on a number without a volume and print a
    note after the URL: an issue alone is written 'no.~4' where the volume goes, and reads 'Journal, no. 4'."""
    if volume or not issue:
        return volume, (escape(issue) if issue else None)
    return rf"no.~{escape(issue)}", None


_CLASSIC = {"article-journal": "article", "report": "techreport", "working-paper": "techreport", "chapter": "incollection",
            "book": "book", "post-weblog": "misc", "webpage": "misc"}
_BIBLATEX = {"article-journal": "article", "report": "report", "working-paper": "report", "chapter": "incollection",
             "book": "book", "post-weblog": "online", "webpage": "online"}


def paper_entry(row: dict, dialect: str = "bibtex") -> str:
    """The entry of a paper (a ``sources`` row) for BibTeX (``bibtex``) or BibLaTeX (``biblatex``)."""
    kind_csl = row.get("type") or "article-journal"
    names = authors(row)
    title = protected_title(str(row["title"])) if row.get("title") else None
    container = escape(row["container_title"]) if row.get("container_title") else None
    publisher = escape(row["publisher"]) if row.get("publisher") else None
    pages = re.sub(r"\s*[-\u2013]+\s*", "--", str(row["pages"])) if row.get("pages") else None
    doi = row.get("doi")
    url = None if doi else row.get("url")
    author = " and ".join(bib_name(n) for n in names) or None
    # Without an author, the classic styles sort and label by ``key`` (apalike prints it first).
    if not names and title:                                   # see _titled_by
        author, title = "{" + title + "}", None
    if dialect == "biblatex":
        kind = _BIBLATEX.get(kind_csl, "misc")
        note = None
        if kind_csl == "post-weblog" and container:
            note = rf"\emph{{{container}}} (blog)"
        elif kind_csl == "webpage" and container:
            note = container
        fields = [("author", author), ("title", title)]
        if kind == "article":
            fields += [("journaltitle", container), ("volume", row.get("volume")), ("number", row.get("issue")),
                       ("pages", pages)]
        elif kind == "incollection":
            fields += [("booktitle", container), ("publisher", publisher), ("pages", pages)]
        elif kind in ("report", "book"):
            fields += [("type", "Working paper" if kind_csl == "working-paper" else "Report" if kind == "report" else None),
                       ("institution" if kind == "report" else "publisher", publisher), ("number", row.get("issue"))]
        else:
            fields += [("note", note), ("organization", publisher)]
        fields += [("date", str(row["year"]) if row.get("year") else None), ("doi", doi), ("url", url)]
        return format_entry(kind, row["source_id"], fields)
    kind = _CLASSIC.get(kind_csl, "misc")
    if kind == "techreport" and not publisher or kind == "book" and not publisher or kind == "incollection" and not (container and publisher):
        kind = "misc"                                          # a required field is unknown: never leave it empty
    year = str(row["year"]) if row.get("year") else "n.d."     # apalike requires a year: APA's "n.d."
    fields = [("author", author), ("title", title)]
    if kind == "article":
        volume, number = _volume_number(row.get("volume"), row.get("issue"))
        fields += [("journal", container), ("volume", volume), ("number", number), ("pages", pages)]
    elif kind == "incollection":
        fields += [("booktitle", container), ("publisher", publisher), ("pages", pages)]
    elif kind == "techreport":
        fields += [("institution", publisher), ("number", row.get("issue")),
                   ("type", "Working paper" if kind_csl == "working-paper" else None)]
    elif kind == "book":
        fields += [("publisher", publisher)]
    else:
        what = {"post-weblog": r"Blog post", "webpage": "Web page"}.get(kind_csl, "")
        where = [rf"\emph{{{container}}}" if container and kind_csl == "post-weblog" else container, publisher]
        fields += [("howpublished", ", ".join(p for p in [what, *where] if p) or None)]
    fields += [("year", year), ("doi", doi), ("url", url)]
    return format_entry(kind, row["source_id"], fields)


_MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _whole(text: str | None) -> str | None:
    """A title as the paper prints it, braced whole so no style changes its case."""
    return "{" + escape(text) + "}" if text else None


def _braced(text: str | None) -> str | None:
    return "{" + text + "}" if text else None


def _latin_title(work) -> tuple[str | None, str | None]:
    """(title, translation) that pdflatex can set: a title in Chinese script is replaced by the paper's
    English translation in brackets, and the original kept in a field no style prints."""
    if work.non_latin:
        return (_whole(f"[{work.title_english}]") if work.title_english else None), None
    return _whole(work.title), (escape(work.title_english) if work.title_english else None)


def _container(work) -> str | None:
    if work.container_title and has_cjk(work.container_title):
        return escape(work.container_title_english) if work.container_title_english else None
    return escape(work.container_title) if work.container_title else None


def work_entry(work, dialect: str = "bibtex") -> str:
    r"""The entry of a credited work: the entry type each style expects for its kind, the date in one place.

    BibTeX (plain, natbib's plainnat, apalike): ``@article`` for articles, ``@techreport`` for a
    report with a known issuing body, ``@misc`` with ``howpublished`` (the site) where nothing else
    fits; ``year`` and ``month`` only. BibLaTeX (authoryear, biblatex-apa): ``@article`` (a newspaper
    or magazine article is ``entrysubtype = {nonacademic}``, which biblatex-apa dates to the day),
    ``@online`` with the site in ``organization``, ``@report``, ``@dataset``, ``@misc``; one ``date``.

    >>> from silkroad_data.citation.works import Work
    >>> from silkroad_data.citation.names import Name
    >>> print(work_entry(Work("rodriguez2018how", "webpage", (Name("Rodríguez", "Andrés"),), "How China Leads",
    ...       container_title="Nearshore Americas", issued="2018-12-18", url="https://nearshoreamericas.com/?p=69508"), "biblatex"))
    @online{rodriguez2018how,
      author = {Rodríguez, Andrés},
      title = {{How China Leads}},
      organization = {Nearshore Americas},
      date = {2018-12-18},
      url = {https://nearshoreamericas.com/?p=69508}
    }
    """
    kind = work.type
    author = " and ".join(bib_name(n) for n in work.names) or None
    title, english = _latin_title(work)
    container = _container(work)
    described = escape(work.description[:1].upper() + work.description[1:]) if work.description else None
    pages = re.sub(r"\s*[-\u2013]+\s*", "--", work.pages) if work.pages else None
    by = escape(work.publisher or work.organisation or "") or None
    url = None if work.doi else work.url
    orig = work.title if work.non_latin else None
    if dialect == "biblatex":
        if kind in ("article-journal", "article-magazine", "article-newspaper") and container:
            btype = "article"
            fields = [("entrysubtype", "nonacademic" if kind != "article-journal" else None), ("author", author),
                      ("title", title), ("titleaddon", english), ("journaltitle", container), ("volume", work.volume),
                      ("number", work.issue), ("pages", pages)]
        elif kind in ("webpage", "post-weblog"):
            btype = "online"
            fields = [("author", author), ("title", title), ("titleaddon", english), ("organization", container or
                      (escape(work.publisher) if work.publisher else None))]
        elif kind == "report":
            btype = "report"
            fields = [("author", author), ("title", title), ("titleaddon", english),
                      ("institution", escape(work.publisher) if work.publisher else None), ("number", work.issue),
                      ("series", escape(work.series) if work.series else None),
                      ("location", escape(work.place) if work.place else None)]
        elif kind == "dataset":
            btype = "dataset"
            fields = [("entrysubtype", "Data set"), ("author", author), ("title", title),
                      ("titleaddon", english or (_braced(described) if not title else None)),
                      ("publisher", escape(work.publisher) if work.publisher else None)]
        else:
            btype = "misc"
            how = ", ".join(escape(p) for p in (work.event, work.place) if p) or None
            fields = [("author", author), ("title", title), ("titleaddon", english or (_braced(described) if not title else None)),
                      ("note", how)]                           # biblatex-apa prints no howpublished
        fields += [("date", work.issued), ("doi", work.doi), ("url", url), ("urldate", work.accessed if url else None),
                   ("usera", orig)]
        return format_entry(btype, work.key, fields)
    year = str(work.year) if work.year else "n.d."                # apalike requires a year: APA's "n.d."
    month = _MONTH_MACROS[work.date_parts[1] - 1] if len(work.date_parts) > 1 else None
    titled = title or (_whole(f"[{described}]") if described else None)
    if not author and titled:                                 # see _titled_by
        author, titled = "{" + titled + "}", None
    if kind in ("article-journal", "article-magazine", "article-newspaper") and container and work.names:
        btype = "article"                                      # the classic styles require an article's author
        volume, number = _volume_number(work.volume, work.issue)
        fields = [("author", author), ("title", titled), ("journal", container), ("volume", volume),
                  ("number", number), ("pages", pages)]
    elif kind == "report" and by and work.names:
        btype = "techreport"
        fields = [("author", author), ("title", titled), ("type", "Report"), ("institution", by),
                  ("number", work.issue), ("address", escape(work.place) if work.place else None)]
    else:
        btype = "misc"
        where = {"dataset": "Data set", "paper-conference": None}.get(kind)
        issue = rf", no.~{escape(work.issue)}" if work.issue and kind.startswith("article") else ""
        how = [where, (rf"\emph{{{container}}}{issue}" if kind.startswith("article") else container) if container else None,
               *(escape(p) for p in (work.event, work.place) if p and kind in ("paper-conference", "speech")),
               by if kind in ("dataset", "report") and work.publisher else None]
        fields = [("author", author), ("title", titled), ("howpublished", ", ".join(p for p in how if p) or None)]
    fields += [("month", month), ("year", year), ("url", url)]
    out = format_entry(btype, work.key, fields)
    if orig:                                                   # a field no classic style prints
        out = out[:-2] + f",\n  origtitle = {{{orig}}}\n}}"
    return out.replace("month = {" + str(month) + "}", f"month = {month}") if month else out


def postnote(locator: str | None) -> str:
    """A figure's locator as the optional argument of ``\\cite``: "footnote 19" -> "footnote~19".

    >>> postnote("section 'Unimpeded Trade', footnote 3")
    "section ``Unimpeded Trade'', footnote~3"
    """
    if not locator:
        return ""
    loc = re.sub(r"'([^']+(?:'[a-z][^']*)*)'(?=,|$)", r"``\1''", str(locator))
    loc = escape(loc.replace("``", "\x00").replace("''", "\x01")).replace("\x00", "``").replace("\x01", "''")
    return re.sub(r"(footnote|note|paragraph|p\.) (\d)", r"\1~\2", loc)
