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


# --- the works the papers credit -------------------------------------------------------------

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
           "December")
# APA 9.14: works of a frequent or changing kind carry the month and day; others the year alone.
_APA_YEAR_ONLY = {"article-journal", "report", "dataset", "book", "chapter"}
# Titles set in italics (APA 9.19, 10.16: a work that stands alone); the rest are parts of a container.
_APA_ITALIC = {"webpage", "report", "dataset", "book", "paper-conference"}
_CHICAGO_ITALIC = {"report", "dataset", "book"}
_DESCRIPTIONS = {"dataset": "Data set", "paper-conference": "Conference document"}


def _month_day(parts: tuple[int, ...], end: tuple[int, ...] = ()) -> str:
    """'December 18', 'April 18–20' (a span), 'December' (a month), '' (a year)."""
    if len(parts) < 2:
        return ""
    out = _MONTHS[parts[1] - 1] + (f" {parts[2]}" if len(parts) > 2 else "")
    if end and len(end) > 2 and len(parts) > 2:
        out += "\u2013" + (str(end[2]) if end[:2] == parts[:2] else f"{_MONTHS[end[1] - 1]} {end[2]}")
    return out


def work_date(work, style: str = "apa") -> str:
    """The date of a credited work: APA '2018, December 18' (or the year alone for a journal article or a
    report, APA 9.14); Chicago 'December 18, 2018' after the container (15.47); 'n.d.' undated.

    >>> from silkroad_data.citation.works import Work
    >>> work_date(Work("k", "webpage", issued="2018-04-18/2018-04-20")), work_date(Work("k", "report", issued="2018-03"))
    ('2018, April 18–20', '2018')
    >>> work_date(Work("k", "article-newspaper", issued="2018-12-18"), "chicago")
    'December 18, 2018'
    """
    parts = work.date_parts
    if not parts:
        return "n.d."
    md = _month_day(parts, work.end_parts)
    if style == "chicago":
        return f"{md}, {parts[0]}" if md else str(parts[0])
    if work.type in _APA_YEAR_ONLY or not md:
        return str(parts[0])
    return f"{parts[0]}, {md}"


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def curly(text: str, inner: bool = False) -> str:
    """Typographic quotation marks and apostrophes, as the style guides print them: a quotation inside a
    title takes double marks (APA 6.7), or single ones inside a quoted title (``inner``, CMOS 13.30).

    >>> curly("'Safe Like China': In Argentina, ZTE's buyer"), curly('The "Belt and Road"', inner=True)
    ('“Safe Like China”: In Argentina, ZTE’s buyer', 'The ‘Belt and Road’')
    """
    o, c = ("\u2018", "\u2019") if inner else ("\u201c", "\u201d")
    text = re.sub(r'(^|(?<=[\s(\[]))"([^"]*)"(?=[\s:,.;!?)\]]|$)', lambda mm: mm.group(1) + o + mm.group(2) + c, text)
    text = re.sub(r"(^|(?<=[\s(\[]))'([^'\u2018]+?)'(?=[\s:,.;!?)\]]|$)", lambda mm: mm.group(1) + o + mm.group(2) + c, text)
    return text.replace("'", "\u2019")


def _work_title(work, style: str, m: Markup) -> str:
    """The title as printed (Chicago: headline style for an English title), the paper's translation in brackets
    (APA 9.38, CMOS 11.6), a description in brackets for a data set or a work with no title (APA 9.21, 10.9)."""
    if not work.title:
        if not work.description:
            return ""                                          # the paper names the author only
        return _close(m.t(f"[{_cap(work.description)}]" if style == "apa" else _cap(work.description)))
    title = headline(work.title) if style == "chicago" and work.language in (None, "en") else work.title
    italic = work.type in (_APA_ITALIC if style == "apa" else _CHICAGO_ITALIC)
    inner = style == "chicago" and not italic
    title = curly(title, inner)
    out = m.i(title) if italic else m.t(title)
    english = f" [{m.t(curly(work.title_english))}]" if work.title_english else ""
    if style == "chicago" and not italic:                     # CMOS 14.98: the translation follows the quoted title
        return f"\u201c{_close(out) if not english else out}\u201d" + (_close(english) if english else "")
    out += english
    if style == "apa" and work.edition and work.edition.isdigit():
        n = int(work.edition)
        out += f" ({n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')} ed.)."
    if style == "apa" and work.series and work.type in ("report", "book"):
        out += f" ({m.t(work.series)})"
    if style == "apa" and work.type in _DESCRIPTIONS:
        out += f" [{_DESCRIPTIONS[work.type]}]"
    return _close(out)


def _typographic(text: str) -> str:
    """Straight quotation marks and apostrophes left in names, containers and descriptions made typographic,
    outside markup tags (titles are done by :func:`curly` with their nesting)."""
    return "".join(part if part.startswith("<") else curly(part) for part in re.split(r"(<[^>]+>)", text))


def _work_link(work, m: Markup) -> str:
    lk = link({"doi": work.doi, "url": work.url})
    return m.url(lk) if lk else ""


def _publisher(work) -> str | None:
    """The publisher, unless it is the author (APA 9.29: not repeated)."""
    return work.publisher if work.publisher and work.publisher != work.organisation else None


def apa_work(work, markup: str = "text", suffix: str = "") -> str:
    """The APA 7 reference entry of a credited work, by its type (APA chapter 10).

    >>> from silkroad_data.citation.works import Work
    >>> from silkroad_data.citation.names import Name
    >>> print(apa_work(Work("k", "webpage", (Name("Rodríguez", "Andrés"),), "How China is Becoming a Key Source",
    ...       container_title="Nearshore Americas", issued="2018-12-18", url="https://nearshoreamericas.com/?p=69508")))
    Rodríguez, A. (2018, December 18). How China is Becoming a Key Source. Nearshore Americas. https://nearshoreamericas.com/?p=69508

    ``suffix`` is the letter that tells apart works of one author and year in a reference list (APA 9.47).
    """
    m = Markup(markup)
    kind = work.type
    title = _work_title(work, "apa", m)
    date = work_date(work)
    if suffix:                                                 # 2018a, 2018b, n.d.-a (APA 9.47)
        year, sep, rest = date.partition(", ")
        date = f"n.d.-{suffix}" if date == "n.d." else f"{year}{suffix}{sep}{rest}"
    date = f"({date})."
    container = work.container_title
    source = ""
    if kind in ("article-journal", "article-magazine", "article-newspaper"):
        if container:
            source = m.i(container)
            if work.volume:
                source += ", " + m.i(work.volume) + (f"({m.t(work.issue)})" if work.issue else "")
            elif work.issue:
                source += f", ({m.t(work.issue)})"
            if work.pages:
                source += ", " + m.t(_pages_apa(work.pages))
    elif kind == "post-weblog":
        source = m.i(container) if container else ""
    elif kind == "webpage":
        site = container or work.publisher
        source = m.t(site) if site and site != work.organisation else ""
    elif kind == "chapter":
        pages = f" (pp. {m.t(_pages_apa(work.pages))})" if work.pages else ""
        source = (f"In {m.i(container)}{pages}" if container else "") + (f". {m.t(work.publisher)}" if work.publisher else "")
    elif kind == "paper-conference":
        source = ", ".join(m.t(p) for p in (work.event, work.place) if p)
    elif kind in ("report", "dataset", "book"):
        if work.issue and kind == "report":
            title = title[:-1] + f" (Report No. {m.t(work.issue)})."
        source = m.t(_publisher(work)) if _publisher(work) else ""
    parts = [p for p in ([_close(_apa_names(list(work.names), m)), date, title] if work.names else [title, date]) if p]
    if source:
        parts.append(_close(source))
    lk = _work_link(work, m)
    return _typographic(" ".join(parts)) + (f" {lk}" if lk else "")


def chicago_work(work, markup: str = "text", suffix: str = "") -> str:
    """The Chicago author-date (17th ed.) reference-list entry of a credited work, by its type (15.46-15.53).

    >>> from silkroad_data.citation.works import Work
    >>> from silkroad_data.citation.names import Name
    >>> print(chicago_work(Work("k", "webpage", (Name("Rodríguez", "Andrés"),), "How China is becoming a key source",
    ...       container_title="Nearshore Americas", issued="2018-12-18", language="en")))
    Rodríguez, Andrés. 2018. “How China Is Becoming a Key Source.” Nearshore Americas. December 18, 2018.
    """
    m = Markup(markup)
    kind = work.type
    title = _work_title(work, "chicago", m)
    year = (str(work.year) + suffix) if work.year else ("n.d." + (f"-{suffix}" if suffix else ""))   # CMOS 15.19
    full = work_date(work, "chicago")
    dated = full if full != str(work.year) and work.year else ""
    container = work.container_title
    source: list[str] = []
    if kind == "article-journal":
        if container:
            src = m.i(container)
            if work.volume:
                src += f" {m.t(work.volume)}" + (f" ({m.t(work.issue)})" if work.issue else "")
            elif work.issue:
                src += f", no. {m.t(work.issue)}"
            if work.pages:
                src += f": {m.t(_pages_chicago(work.pages))}"
            source.append(src)
    elif kind in ("article-magazine", "article-newspaper"):
        source.append(", ".join(p for p in ((m.i(container) if container else ""), dated) if p))
    elif kind == "post-weblog":
        source += [m.i(container) + " (blog)" if container else "", dated]
    elif kind == "webpage":
        site = container or work.publisher
        source += [m.t(site) if site and site != work.organisation else "", dated]
    elif kind == "chapter":
        pages = f", {m.t(_pages_chicago(work.pages))}" if work.pages else ""
        source += [f"In {m.i(container)}{pages}" if container else "", m.t(work.publisher or "")]
    elif kind == "paper-conference":
        source.append(", ".join(m.t(p) for p in (work.event, work.place, dated or None) if p))
    elif kind in ("report", "dataset", "book"):
        if work.series:
            source.append(m.t(work.series))
        by = work.publisher or work.organisation
        if work.place:
            source.append(m.t(f"{work.place}: {by}" if by else work.place))
        elif _publisher(work):
            source.append(m.t(_publisher(work)))
    else:
        source.append(dated)
    head = [p for p in ([_close(_chicago_names(list(work.names), m)), _close(year), title] if work.names else [title, _close(year)]) if p]
    parts = head + [_close(s) for s in source if s]
    lk = _work_link(work, m)
    return _typographic(" ".join(parts)) + (f" {_close(lk)}" if lk else "")


def _pinpoint(pinpoint: str | None, style: str) -> str:
    """A note's pinpoint in text: APA 'p. 58', 'pp. 37–39' (8.13); Chicago '58', '37–39' (15.22)."""
    if not pinpoint:
        return ""
    m = re.fullmatch(r"\s*(pp?)\.\s*([\dxivlc]+(?:\s*[-\u2013]\s*[\dxivlc]+)?)\s*", pinpoint)
    if not m:
        return pinpoint.strip()
    pages = _pages_apa(m.group(2)) if style == "apa" else _pages_chicago(m.group(2))
    return f"{m.group(1)}. {pages}" if style == "apa" else pages


def in_text_work(work, style: str = "apa", markup: str = "text", pinpoint: str | None = None) -> str:
    """A credited work in text, without parentheses: 'Rodríguez, 2018' (APA 8.11), 'Rodríguez 2018' (CMOS 15.5);
    a work with no author by its title (APA 8.14, CMOS 15.32), with the note's pinpoint ('CEPAL, 2018, p. 5').

    >>> from silkroad_data.citation.works import Work
    >>> from silkroad_data.citation.names import Name
    >>> in_text_work(Work("k", "report", (Name(literal="CEPAL"),), issued="2018-03"), pinpoint="p.5")
    'CEPAL, 2018, p. 5'
    >>> in_text_work(Work("k", "report", (Name(literal="CEPAL"),), issued="2018-03"), "chicago", pinpoint="pp.37-39")
    'CEPAL 2018, 37–39'
    """
    m = Markup(markup)
    year = str(work.year or "n.d.")
    if work.names:
        who = m.t(curly(in_text_names(work.names, False, style)))
    elif work.title:
        title = work.title if work.language not in (None, "en") else headline(work.title, style)
        title = re.split(r"(?<=\w)[:?]\s", title)[0] if len(title) > 60 else title   # a short title (APA 8.14)
        italic = work.type in (_APA_ITALIC if style == "apa" else _CHICAGO_ITALIC)
        who = m.i(curly(title)) if italic else f"\u201c{m.t(curly(title, True))}\u201d"
    else:
        who = m.t(f"[{_cap(work.description)}]" if work.description else "Untitled")
    loc = _pinpoint(pinpoint, style)
    if style == "apa":
        return f"{_quoted_join(who, ',')} {year}" + (f", {m.t(loc)}" if loc else "")
    return f"{who} {year}" + (f", {m.t(loc)}" if loc else "")


def list_order(works, style: str = "apa") -> list[tuple]:
    """The works in reference-list order with their year letters: (work, suffix) by author, date and title;
    works of one author and year are told apart by a, b, ... (APA 9.46-9.47, CMOS 15.18-15.19).

    >>> from silkroad_data.citation.works import Work
    >>> from silkroad_data.citation.names import Name
    >>> c = (Name(literal="CEPAL"),)
    >>> [(w.title, s) for w, s in list_order([Work("b", "report", c, "Explorando", issued="2018-01"),
    ...                                        Work("a", "report", c, "Estado", issued="2018-03")])]
    [('Estado', 'a'), ('Explorando', 'b')]
    """
    m = Markup("text")

    def who(w) -> str:
        return (_apa_names(list(w.names), m) if style == "apa" else _chicago_names(list(w.names), m)) if w.names else ""

    def title(w) -> str:
        return re.sub(r"^(the|a|an)\s+", "", (w.title or w.description or "").casefold())

    def date(w) -> tuple:
        # APA 9.47: by the date as the entry shows it, a year alone before a year with a month and day;
        # undated works first (9.46)
        shown = w.date_parts[:1] if style == "apa" and w.type in _APA_YEAR_ONLY else w.date_parts
        return shown + (0,) * (3 - len(shown)) if shown else ()

    ordered = sorted(works, key=lambda w: ((who(w) or title(w)).casefold(), date(w), title(w)))
    groups: dict[tuple, list] = {}
    for w in ordered:
        if w.names:
            groups.setdefault((who(w), w.year), []).append(w)
    letter = {}
    for group in groups.values():
        if len(group) > 1:
            for n, w in enumerate(group):
                letter[w.key] = chr(ord("a") + n)
    return [(w, letter.get(w.key, "")) for w in ordered]
