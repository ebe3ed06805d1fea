"""APA 7 and Chicago author-date (17th ed.) reference entries and in-text citations, by source type.

Titles are stored in sentence case with proper names capitalised (the convention of CSL and
APA); Chicago's headline style is made from them. ``markup`` is ``text`` (no italics),
``markdown`` (``*italics*``) or ``html`` (``<i>italics</i>``, text escaped).

Example
-------
>>> src = {"source_id": "x2020", "type": "article-journal", "authors": "Doe, Jane",
...        "title": "A title: With a subtitle", "container_title": "A Journal", "year": 2020,
...        "volume": "3", "issue": "6", "pages": "110-126", "doi": "10.1/abc"}
>>> apa(src, "markdown")
'Doe, J. (2020). A title: With a subtitle. *A Journal*, *3*(6), 110–126. https://doi.org/10.1/abc'
>>> chicago(src)
'Doe, Jane. 2020. “A Title: With a Subtitle.” A Journal 3 (6): 110–26. https://doi.org/10.1/abc.'
"""

from __future__ import annotations

import html
import re

from .names import Name, authors, in_text_names

MARKUPS = ("text", "markdown", "html")

# Words Chicago (8.159) and APA (6.17) keep lowercase in a title, unless first or last or after a colon.
_ARTICLES_CONJ = {"a", "an", "the", "and", "but", "for", "or", "nor", "so", "yet", "as", "if"}
_PREPOSITIONS = {"about", "above", "across", "after", "against", "along", "among", "around", "at", "before", "behind",
                 "below", "beneath", "beside", "between", "beyond", "by", "down", "during", "except", "for", "from", "in",
                 "inside", "into", "like", "near", "of", "off", "on", "onto", "out", "outside", "over", "past", "per",
                 "since", "through", "throughout", "to", "toward", "towards", "under", "until", "up", "upon", "via",
                 "with", "within", "without"}
_PREFIXES = {"e", "anti", "co", "non", "pre", "post", "re", "self", "multi", "inter", "intra", "sub", "semi", "pro"}


class Markup:
    def __init__(self, kind: str = "text"):
        if kind not in MARKUPS:
            raise ValueError(f"Unknown markup {kind!r}; use one of {', '.join(MARKUPS)}.")
        self.kind = kind

    def t(self, s) -> str:
        """Plain text, escaped for the markup."""
        s = str(s)
        if self.kind == "html":
            return html.escape(s, quote=False)
        if self.kind == "markdown":
            return s.replace("*", r"\*")
        return s

    def i(self, s) -> str:
        """Italics."""
        body = self.t(s)
        return {"html": f"<i>{body}</i>", "markdown": f"*{body}*"}.get(self.kind, body)

    def url(self, u: str) -> str:
        return f'<a href="{html.escape(u)}">{html.escape(u)}</a>' if self.kind == "html" else u


def _word_case(word: str, first: bool, last: bool, style: str) -> str:
    low = word.lower()
    if not word or any(c.isupper() for c in word[1:]) or not word[0].isalpha():
        return word                                            # acronyms, "eWTP", "2019"
    minor = low in _ARTICLES_CONJ or (low in _PREPOSITIONS and (style == "chicago" or len(low) <= 3))
    if minor and not first and not last:
        return low
    return word[0].upper() + word[1:]


def headline(title: str, style: str = "chicago") -> str:
    """A title in headline (title) case: Chicago 8.159, or APA 6.17 with ``style='apa'``.

    >>> headline("The extension of the Digital Silk Road to Latin America: Advantages and potential risks")
    'The Extension of the Digital Silk Road to Latin America: Advantages and Potential Risks'
    >>> headline("E-commerce connecting China and Latin America via digital silk-road")
    'E-commerce Connecting China and Latin America via Digital Silk-Road'
    """
    tokens = re.split(r"(\s+)", title)
    words = [i for i, tok in enumerate(tokens) if tok.strip()]
    out = list(tokens)
    after_colon = True
    for n, i in enumerate(words):
        tok = tokens[i]
        last = n == len(words) - 1 or tokens[i].endswith(":")
        parts = tok.split("-")
        new = []
        for k, part in enumerate(parts):
            lead = re.match(r"^[^\w]*", part).group(0)
            core = part[len(lead):]
            if k == 0:
                new.append(lead + _word_case(core, after_colon, last, style))
            elif parts[0].lower() in _PREFIXES and style == "chicago":
                new.append(part)                               # CMOS 8.161: "E-commerce", "Anti-intellectual"
            else:
                new.append(lead + _word_case(core, False, True, style))
        out[i] = "-".join(new)
        after_colon = tok.endswith(":")
    return "".join(out)


def _close(s: str) -> str:
    """End a part with a period unless it already ends with punctuation."""
    s = s.rstrip()
    return s if re.search(r"[.?!](\W*)$", re.sub(r"</?i>|\*", "", s)) else s + "."


def _pages_apa(pages: str) -> str:
    return re.sub(r"\s*[-\u2013]+\s*", "\u2013", str(pages))


def _pages_chicago(pages: str) -> str:
    """Inclusive numbers, Chicago 9.61: 110-126 -> 110–26, 101-108 -> 101–8, 1496-1504 -> 1496–1504."""
    m = re.fullmatch(r"\s*(\d+)\s*[-\u2013]+\s*(\d+)\s*", str(pages))
    if not m:
        return _pages_apa(pages)
    a, b = m.groups()
    if len(a) != len(b) or int(a) < 100 or int(a) % 100 == 0:
        return f"{a}\u2013{b}"
    if int(a) % 100 < 10:                                      # 101 through 109: changed part only
        i = next((k for k in range(len(a)) if a[k] != b[k]), len(a) - 1)
        return f"{a}\u2013{b[i:]}"
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a) - 1)
    return f"{a}\u2013{b[min(i, len(a) - 2):]}"                # two digits or more as needed


def link(row: dict) -> str:
    """The DOI as https://doi.org/..., else the URL (never both: the URL of a DOI repeats it)."""
    if row.get("doi"):
        return f"https://doi.org/{row['doi']}"
    return row.get("url") or ""


def _apa_names(names: list[Name], m: Markup) -> str:
    def one(n: Name) -> str:
        if not n.is_person:
            return n.literal
        initials = " ".join(f"{g[0]}." for g in re.split(r"[\s]+", n.given.replace("-", " -")) if g and g[0].isalpha())
        initials = initials.replace(" -", "-")
        return f"{n.family}, {initials}" if initials else n.family
    parts = [m.t(one(n)) for n in names]
    if len(parts) > 20:                                         # APA 9.8: first 19, ellipsis, last
        parts = parts[:19] + ["\u2026 " + parts[-1]]
        return ", ".join(parts)
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + ", & " + parts[-1]


def _chicago_names(names: list[Name], m: Markup) -> str:
    parts = []
    for k, n in enumerate(names):
        if not n.is_person:
            parts.append(n.literal)
        else:
            parts.append(f"{n.family}, {n.given}" if k == 0 else f"{n.given} {n.family}")
    parts = [m.t(p) for p in parts]
    if len(parts) > 10:                                         # CMOS 15.9: seven, then et al.
        return ", ".join(parts[:7]) + ", et al."
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{parts[0]}, and {parts[1]}" if names[0].is_person else f"{parts[0]} and {parts[1]}"
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def apa(row: dict, markup: str = "text") -> str:
    """The APA 7 reference entry of a paper (a ``sources`` row), by its type (CSL type)."""
    m = Markup(markup)
    kind = row.get("type") or "article-journal"
    names = authors(row)
    date = f"({row['year']})" if row.get("year") else "(n.d.)"
    title = str(row.get("title") or "[Untitled]")
    italic_title = kind in ("webpage", "report", "book", "working-paper")
    t = m.i(title) if italic_title else m.t(title)
    container = row.get("container_title")
    publisher = row.get("publisher")
    out = (f"{_apa_names(names, m)} {date}. {_close(t)}" if names
           else f"{_close(t)} {date}.")                         # APA 9.12: no author, the title moves first
    lk = link(row)
    if kind == "article-journal":
        if container:
            src = m.i(container)
            if row.get("volume"):
                src += ", " + m.i(row["volume"]) + (f"({m.t(row['issue'])})" if row.get("issue") else "")
            elif row.get("issue"):
                src += f", ({m.t(row['issue'])})"
            if row.get("pages"):
                src += ", " + m.t(_pages_apa(row["pages"]))
            out += " " + _close(src)
    elif kind == "post-weblog":
        if container:
            out += " " + _close(m.i(container))
    elif kind in ("webpage", "chapter"):
        pages = f" (pp. {m.t(_pages_apa(row['pages']))})" if row.get("pages") else ""
        out += _site_or_book(kind, row, names, m, pages)
    else:                                                       # report, working-paper, book
        if row.get("issue") and kind != "book":
            out = out[:-1] + f" ({'Working Paper' if kind == 'working-paper' else 'Report'} No. {m.t(row['issue'])})."
        if publisher and publisher not in {n.literal for n in names}:
            out += " " + _close(m.t(publisher))
    if lk:
        out += " " + m.url(lk)
    return out


def _site_or_book(kind: str, row: dict, names, m, pages: str) -> str:
    """What follows the title of a web page (its site, unless it is the author) or a chapter
    (In *Book*, pages. Publisher.), the same in APA and Chicago but for the pages' form."""
    container, publisher = row.get("container_title"), row.get("publisher")
    if kind == "webpage":
        site = container or publisher
        return " " + _close(m.t(site)) if site and site not in {n.literal for n in names} else ""
    out = f" In {m.i(container)}{pages}." if container else ""
    return out + (" " + _close(m.t(publisher)) if publisher else "")


def chicago(row: dict, markup: str = "text") -> str:
    """The Chicago author-date (17th ed.) reference-list entry of a paper, by its type."""
    m = Markup(markup)
    kind = row.get("type") or "article-journal"
    names = authors(row)
    year = str(row.get("year") or "n.d.")
    title = headline(str(row.get("title") or "Untitled"))
    italic_title = kind in ("report", "book", "working-paper")
    t = _close(m.i(title)) if italic_title else f"\u201c{m.t(_close(title))}\u201d"
    container = row.get("container_title")
    publisher = row.get("publisher")
    out = f"{_close(_chicago_names(names, m))} {_close(year)} {t}" if names else f"{t} {_close(year)}"
    if kind == "article-journal" and container:
        src = m.i(container)
        if row.get("volume"):
            src += f" {m.t(row['volume'])}"
            if row.get("issue"):
                src += f" ({m.t(row['issue'])})"
        elif row.get("issue"):
            src += f", no. {m.t(row['issue'])}"
        if row.get("pages"):
            src += f": {m.t(_pages_chicago(row['pages']))}"
        out += " " + _close(src)
    elif kind == "post-weblog" and container:
        out += " " + _close(m.i(container) + " (blog)" + (f", {m.t(publisher)}" if publisher else ""))
    elif kind in ("webpage", "chapter"):
        pages = f", {m.t(_pages_chicago(row['pages']))}" if row.get("pages") else ""
        out += _site_or_book(kind, row, names, m, pages)
    elif publisher:
        out += " " + _close(m.t(publisher))
    lk = link(row)
    if lk:
        out += " " + m.url(lk) + "."
    return out


def _quoted_join(who: str, sep: str) -> str:
    """'“Title”' + ',' -> '“Title,”' (American punctuation: the comma goes inside the quotation marks)."""
    if sep == "," and who.endswith("\u201d"):
        return who[:-1] + ",\u201d"
    return who + sep


def in_text(row: dict, style: str = "apa", markup: str = "text") -> str:
    """The in-text form of a paper, without parentheses: 'Lou, 2019' (APA) or 'Lou 2019' (Chicago).

    >>> in_text({"authors": "Li, Xiaoyu; Wu, Yajie; Wang, Yifan", "year": 2022})
    'Li et al., 2022'
    >>> in_text({"type": "webpage", "title": "China-Latin America Belt and Road cooperation"}, "chicago")
    '“China-Latin America Belt and Road Cooperation” n.d.'
    """
    m = Markup(markup)
    names = authors(row)
    year = str(row.get("year") or "n.d.")
    if names:
        who = m.t(in_text_names(names, False, style))
    else:                                                       # APA 8.14 / CMOS 15.32: the title, headline case
        title = headline(str(row.get("title") or "Untitled"), style)
        italic = (row.get("type") in ("webpage", "report", "book", "working-paper") if style == "apa"
                  else row.get("type") in ("report", "book", "working-paper"))
        who = m.i(title) if italic else f"\u201c{m.t(title)}\u201d"
    return f"{_quoted_join(who, ',')} {year}" if style == "apa" else f"{who} {year}"


def in_text_credit(credit, style: str = "apa", markup: str = "text") -> str:
    """A credited primary source in text: 'Rodríguez, 2018' (APA) or 'Rodríguez 2018' (Chicago)."""
    m = Markup(markup)
    year = str(credit.year or "n.d.")
    if credit.names:
        who = m.t(in_text_names(credit.names, credit.et_al, style))
    else:
        who = m.t(credit.short)
    return f"{_quoted_join(who, ',')} {year}" if style == "apa" else f"{who} {year}"
