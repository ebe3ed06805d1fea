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

from .names import CJK, Credit, Name, authors
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
    key_field = None if names else escape(headline(str(row.get("title") or row["source_id"]), "apa"))
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
    fields = [("author", author), ("key", key_field), ("title", title)]
    if kind == "article":
        # plain and apalike warn on a number without a volume: an issue alone goes in the note
        number, note = (row.get("issue"), None) if row.get("volume") else (None, rf"No.~{escape(row['issue'])}" if row.get("issue") else None)
        fields += [("journal", container), ("volume", row.get("volume")), ("number", number), ("pages", pages), ("note", note)]
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


def credit_entry(credit: Credit, key: str, url: str | None = None, dialect: str = "bibtex") -> str:
    """The ``@misc`` entry of a credited primary source, read from its printed form."""
    author = " and ".join(bib_name(n) for n in credit.names) + (" and others" if credit.et_al else "") or None
    title = escape(credit.title) if credit.title else None
    title = "{" + title + "}" if title else None              # the paper's capitalisation, kept whole
    rest = credit.rest or credit.described
    if rest and re.match(r"[a-z]+\b", rest):                  # "statistics" -> "Statistics"; "eMarketer" stays
        rest = rest[0].upper() + rest[1:]
    rest = escape(rest) or None if rest else None
    via = f"As reported by {escape(credit.via)}" if credit.via else None
    key_field = None if credit.names else escape(credit.short.strip("\u201c\u201d"))
    orig = credit.title if credit.title and has_cjk(credit.title) else None
    year = str(credit.year) if credit.year else None
    if dialect == "biblatex":
        fields = [("author", author), ("title", title), ("howpublished", rest), ("date", year), ("note", via),
                  ("url", url)]
    else:
        fields = [("author", author), ("key", key_field), ("title", title), ("howpublished", rest),
                  ("year", year or "n.d."), ("note", via), ("url", url)]
    if orig:
        fields.append(("origtitle", orig.replace("{", "").replace("}", "")))
    return format_entry("misc", key, fields)


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
