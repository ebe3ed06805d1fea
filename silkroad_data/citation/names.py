"""Names: the authors of the papers and of the works they credit.

The ``authors`` column of ``sources`` and ``references`` is ``"Family, Given; Family, Given"``,
an organisation written in braces (``"{World Bank}"``), as BibTeX writes one.

Example
-------
>>> [n.family or n.literal for n in authors({"authors": "Kitson, Andrew; Liew, Kenny"})]
['Kitson', 'Liew']
>>> in_text_names(authors({"authors": "{CEPAL}"}))
'CEPAL'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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


def authors(row: dict) -> list[Name]:
    """The authors of a paper or a credited work (a ``sources`` or ``references`` row): ``'Lou, Xiangfei'`` is
    family Lou, given Xiangfei; ``'{CEPAL}'`` is an organisation.

    >>> authors({"authors": "Li, Xiaoyu; Wu, Yajie"})[1]
    Name(family='Wu', given='Yajie', literal='')
    >>> authors({"authors": "{World Bank}"})[0].is_person
    False
    """
    out = []
    for part in [p.strip() for p in (row.get("authors") or "").split(";") if p.strip()]:
        if part.startswith("{") and part.endswith("}"):       # an organisation
            out.append(Name(literal=part[1:-1].strip()))
            continue
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


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits only: 'Rodríguez' -> 'rodriguez'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())
