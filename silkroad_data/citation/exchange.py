"""Formats for reference managers: CSL-JSON (Zotero, Mendeley, pandoc, citeproc) and RIS (EndNote, Zotero, Mendeley).

Example
-------
>>> print(ris_record(csl_item({"source_id": "doe2020", "type": "article-journal", "authors": "Doe, Jane",
...                            "title": "A title", "container_title": "A Journal", "year": 2020, "pages": "1-9"})))
TY  - JOUR
ID  - doe2020
AU  - Doe, Jane
TI  - A title
T2  - A Journal
PY  - 2020
SP  - 1
EP  - 9
ER  - 
"""

from __future__ import annotations

from .names import Credit, Name, authors

# CSL type -> RIS type (RIS specification, as EndNote and Zotero read it)
_RIS_TYPES = {"article-journal": "JOUR", "post-weblog": "BLOG", "webpage": "ELEC", "report": "RPRT", "working-paper": "RPRT",
              "chapter": "CHAP", "book": "BOOK", "document": "GEN", "dataset": "DATA"}


def _csl_name(n: Name) -> dict:
    return {"family": n.family, "given": n.given} if n.is_person and n.given else {"literal": n.literal or n.family}


def csl_item(row: dict) -> dict:
    """The CSL-JSON item of a paper (a ``sources`` row); its id is the ``source_id``."""
    item: dict = {"id": row["source_id"], "type": row.get("type") or "article-journal"}
    names = authors(row)
    if names:
        item["author"] = [_csl_name(n) for n in names]
    for key, csl_key in (("title", "title"), ("container_title", "container-title"), ("publisher", "publisher"),
                         ("volume", "volume"), ("issue", "issue"), ("pages", "page"), ("doi", "DOI"),
                         ("language", "language")):
        if row.get(key):
            item[csl_key] = str(row[key])
    if row.get("url") and not row.get("doi"):
        item["URL"] = str(row["url"])                          # the DOI is the link; its URL would repeat it
    if row.get("year"):
        item["issued"] = {"date-parts": [[int(row["year"])]]}
    return item


def csl_credit(credit: Credit, key: str, url: str | None = None) -> dict:
    """The CSL-JSON item of a credited primary source (type ``document``; its printed form in ``note``)."""
    item: dict = {"id": key, "type": "document"}
    if credit.names:
        item["author"] = [_csl_name(n) for n in credit.names] + ([{"literal": "et al."}] if credit.et_al else [])
    item["title"] = credit.title or credit.described or credit.short.strip("\u201c\u201d")
    if credit.year:
        item["issued"] = {"date-parts": [[credit.year]]}
    if url:
        item["URL"] = url
    item["note"] = credit.work
    return item


def ris_record(item: dict) -> str:
    """One RIS record from a CSL-JSON item."""
    lines = [("TY", _RIS_TYPES.get(item["type"], "GEN")), ("ID", item["id"])]
    for a in item.get("author", []):
        lines.append(("AU", f"{a['family']}, {a['given']}" if "family" in a else a["literal"]))
    lines.append(("TI", item.get("title")))
    lines.append(("T2", item.get("container-title")))
    lines.append(("PB", item.get("publisher")))
    if "issued" in item:
        lines.append(("PY", str(item["issued"]["date-parts"][0][0])))
    lines += [("VL", item.get("volume")), ("IS", item.get("issue")), ("ET", item.get("version"))]
    if item.get("page"):
        start, _, end = item["page"].replace("\u2013", "-").partition("-")
        lines += [("SP", start.strip()), ("EP", end.strip())]
    lines += [("DO", item.get("DOI")), ("UR", item.get("URL")),
              ("LA", item.get("language")), ("N1", item.get("note"))]
    body = [f"{tag}  - {' '.join(str(value).split())}" for tag, value in lines if value not in (None, "")]
    return "\n".join(body + ["ER  - "])
