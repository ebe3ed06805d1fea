"""Names: the papers' authors, and the primary sources the papers credit, read from their printed form.

A paper's ``authors`` column is ``"Family, Given; Family, Given"``. A credited source
(``cited_source``) is written by the records in one form: ``Who, "Title," rest`` (who is one
or more people or an organisation; rest is the container, the date and pages), or, for a
source named in prose only, ``Who, what (not further named)``. :func:`credit` reads that form
into its parts, so that every style can name the source by surname (or organisation) and year.

Example
-------
>>> c = credit('Andrés Rodríguez, "How China is Becoming a Key Source of Tech Investments in Latin America," '
...            'Nearshore Americas, December 18, 2018')
>>> c.short, c.year, c.names[0].family
('Rodríguez', 2018, 'Rodríguez')
>>> credit("International Monetary Fund (IMF), report (not further named)").short
'International Monetary Fund'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Chinese family names as the papers print Chinese names: family name first ("Lou Xiangfei",
# "Wang Peng"). A two-word name whose first word is one of these is read family-first.
_CHINESE_FAMILY = frozenset("""
Bai Cai Cao Chen Cheng Dai Deng Ding Dong Du Fan Fang Feng Gao Gu Guo Han He Hou Hu Huang Jia Jiang Jin Kong Lei Li
Liang Lin Liu Long Lou Lu Luo Ma Mao Meng Pan Peng Qian Qin Qiu Ren Shen Shi Song Su Sun Tang Tian Wan Wang Wei Wen
Wu Xia Xiao Xie Xu Yan Yang Yao Ye Yu Yuan Zeng Zhang Zhao Zheng Zhong Zhou Zhu Zuo
""".split())
# Words that make a credited name an organisation rather than a person.
_ORG_WORDS = re.compile(
    r"\b(Ministry|Commission|Bank|Cent(?:er|re)|Institute|Administration|Corporation|Conference|Department|Bureau|"
    r"Agency|Daily|Database|News|Fund|Enterprise|Organi[sz]ation|Office|Council|University|Association|Group|"
    r"Statistics|statistics|data|Libre|Nations|Forum|Tracker|Post)\b")
# A person named without a publication, by role ("Wang Peng, associate researcher at ...").
_ROLE = re.compile(r"^(associate |deputy |vice |former )*(researcher|director|professor|minister|president|ambassador|"
                   r"spokes(?:man|woman|person)|head|chairman|economist)\b", re.I)
_INITIALS = re.compile(r"^(?P<family>.+?)\s+(?P<initials>(?:[A-Z]\.\s?)+)$")
_PAGES = re.compile(r",?\s*\bpp?\.\s?[\dxivlc]+(?:\s?[-\u2013]\s?[\dxivlc]+)?\.?$")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


@dataclass(frozen=True)
class Name:
    """One author: a person (family, given) or an organisation (``literal``)."""

    family: str = ""
    given: str = ""
    literal: str = ""

    @property
    def is_person(self) -> bool:
        return not self.literal


@dataclass(frozen=True)
class Credit:
    """A primary source credited by a paper, read from its printed form."""

    text: str                     # as the record gives it
    names: tuple[Name, ...]       # its authors (people, or one organisation); () when none
    et_al: bool                   # the printed name list ends with "et al."
    title: str | None             # the quoted title, as printed
    rest: str                     # what follows the title: container, date (pages removed)
    pages: str | None             # a page locator printed at the end ("p.122")
    year: int | None              # the year of the dated part after the title; None when not dated
    via: str | None               # "as reported by ..." : the work that carries it
    described: str = field(default="")  # for a source without title: what it is ("statistics")

    @property
    def work(self) -> str:
        """The text of the work without a page locator (the same work cited at two pages is one work)."""
        text = self.text
        if self.pages:
            text = text[: text.rfind(self.pages)].rstrip(" ,")
            text = re.sub(r',(["\u201d])$', r"\1", text)       # '"Title (2017)," p.122' -> '"Title (2017)"'
        return text

    @property
    def short(self) -> str:
        """The in-text name: surname(s), or the organisation, or the title when no author is named."""
        return in_text_names(self.names, self.et_al, "apa") if self.names else _short_title(self.title or self.described or self.text)


def _short_title(title: str) -> str:
    head = re.split(r"[:\[(]", title)[0].strip().rstrip(",.")
    return f"\u201c{head}\u201d" if head else title


def authors(row: dict) -> list[Name]:
    """The authors of a paper (a ``sources`` row): ``'Lou, Xiangfei'`` is family Lou, given Xiangfei.

    >>> authors({"authors": "Li, Xiaoyu; Wu, Yajie"})[1]
    Name(family='Wu', given='Yajie', literal='')
    """
    out = []
    for part in [p.strip() for p in (row.get("authors") or "").split(";") if p.strip()]:
        family, _, given = part.partition(",")
        out.append(Name(family.strip(), given.strip()))
    return out


def in_text_names(names, et_al: bool = False, style: str = "apa") -> str:
    """Surnames for an in-text citation: 'Lou', 'Kitson & Liew' (APA) / 'Kitson and Liew' (Chicago), 'Li et al.'.

    APA 7 (8.17) uses "et al." from three authors on; Chicago author-date (15.29) from four.
    """
    surnames = [n.family if n.is_person else n.literal for n in names]
    many = 3 if style == "apa" else 4
    if et_al or len(surnames) >= many:
        return f"{surnames[0]} et al."
    if len(surnames) == 1:
        return surnames[0]
    if len(surnames) == 2:
        return f"{surnames[0]} {'&' if style == 'apa' else 'and'} {surnames[1]}"
    return f"{surnames[0]}, {surnames[1]}, and {surnames[2]}"


def _person(name: str) -> Name:
    name = name.strip()
    m = _INITIALS.match(name)
    if m:                                             # "Bai Y.", "Vázquez Reyes K. M."
        return Name(m["family"], m["initials"].strip())
    words = name.split()
    if len(words) == 2 and words[0] in _CHINESE_FAMILY:
        return Name(words[0], words[1])               # "Wang Peng", "Yan Huan"
    if len(words) == 1:
        return Name(literal=words[0])
    return Name(words[-1], " ".join(words[:-1]))      # "Andrés Rodríguez"


def _organisation(who: str) -> Name:
    return Name(literal=re.sub(r"\s*\([^)]*\)\s*$", "", who).strip() or who)


def _is_organisation(who: str) -> bool:
    w = re.sub(r"\s*\([^)]*\)", "", who).strip()
    return (" " not in w or bool(_ORG_WORDS.search(who)) or w.isupper() or w.startswith("The ")
            or bool(re.search(r"\([A-Z/]{2,}\)", who)))


def _names(who: str, titled: bool, after: str) -> tuple[tuple[Name, ...], bool]:
    who = who.strip()
    et_al = who.endswith("et al.")
    if et_al:
        who = who[: -len("et al.")].strip().rstrip(",")
    person_by_role = bool(_ROLE.match(after.strip()))
    if _is_organisation(who) or not (titled or person_by_role):
        return (_organisation(who),), False
    parts = [p for p in re.split(r",\s*|\s+and\s+", who) if p.strip()]
    return tuple(_person(p) for p in parts), et_al


def credit(text: str) -> Credit:
    """Read a credited source (``cited_source``) into its parts; see the module's description."""
    text = " ".join(str(text).split())
    via = None
    m = re.search(r"\s*\(as reported by (.+)\)\s*$", text)
    body = text
    if m:
        via, body = m.group(1), text[: m.start()]
    body = re.sub(r"\s*\((?:not further named|no publication named|organisation not named)\)\s*$", "", body)
    body = re.sub(r"\s*\(([^()]*); not further named\)\s*$", r" (\1)", body)
    title = None
    if body.startswith(("\"", "\u201c")):
        who, tail = "", body[1:]
    else:
        i = min((body.find(q) for q in (', "', ", \u201c") if body.find(q) > 0), default=-1)
        who, tail = (body[:i], body[i + 3:]) if i > 0 else (body, None)
    rest = ""
    if tail is not None:
        end = min((tail.find(q) for q in ('"', "\u201d") if tail.find(q) >= 0), default=len(tail))
        title = tail[:end].rstrip(",").strip()
        rest = tail[end + 1:].strip().lstrip(",").strip()
    pages = None
    pm = _PAGES.search(rest)
    if pm:
        pages = pm.group(0).strip(" ,.")
        rest = rest[: pm.start()].strip(" ,")
    described = ""
    if title is None:
        who, _, described = body.partition(", ")
        if not described and " " in who and _ORG_WORDS.search(who) and who.split()[-1].islower():
            who, described = who.rsplit(" ", 1)          # "World Bank statistics"
    years = _YEAR.findall(rest) if title is not None else []
    names, et_al = _names(who, title is not None, described) if who else ((), False)
    return Credit(text=text, names=names, et_al=et_al, title=title, rest=rest, pages=pages,
                  year=int(years[-1]) if years else None, via=via, described=described)


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits only: 'Rodríguez' -> 'rodriguez'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())
