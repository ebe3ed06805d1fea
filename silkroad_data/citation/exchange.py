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

from .names import Name, authors

# CSL type -> RIS type (RIS specification, as EndNote and Zotero read it)
_RIS_TYPES = {"article-journal": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS", "post-weblog": "BLOG",
              "webpage": "ELEC", "report": "RPRT", "working-paper": "RPRT", "chapter": "CHAP", "book": "BOOK",
              "dataset": "DATA", "paper-conference": "CPAPER", "speech": "GEN", "interview": "GEN", "document": "GEN"}


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


def _date(iso: str) -> list[int]:
    return [int(p) for p in iso.split("-") if p]


def csl_work(work) -> dict:
    """The CSL-JSON item of a credited work: its CSL type, names, the title with the paper's translation in
    brackets (as APA 9.38 prints it; CSL has no field for a translated title), container, publisher, place,
    date parts (two for an event's span), pages, DOI or URL, access date, language.

    >>> from silkroad_data.citation.works import Work
    >>> csl_work(Work("wind2021", "dataset", title="Wind Economic Database"))
    {'id': 'wind2021', 'type': 'dataset', 'title': 'Wind Economic Database'}
    """
    item: dict = {"id": work.key, "type": work.type}
    if work.names:
        item["author"] = [_csl_name(n) for n in work.names]
    if work.title:
        item["title"] = work.title + (f" [{work.title_english}]" if work.title_english else "")
    elif work.description:
        item["genre"] = work.description[:1].upper() + work.description[1:]
    for attr, key in (("container_title", "container-title"), ("series", "collection-title"), ("edition", "edition"),
                      ("publisher", "publisher"), ("volume", "volume"), ("issue", "issue"), ("pages", "page"),
                      ("doi", "DOI"), ("language", "language")):
        if getattr(work, attr):
            item[key] = getattr(work, attr)
    if work.publisher and work.publisher == work.organisation:
        item.pop("publisher")                                  # APA 9.29: never repeated; the APA CSL style repeats it
    if work.non_latin and any(n.is_person for n in work.names):
        # citeproc-js (Zotero's engine) prints the romanised names of an item in Chinese family-first with no
        # comma ("Lei M. X."); APA 9.8 and CMOS 15.12 ask for "Lei, M. X." in an English list.
        item.pop("language", None)
    if work.place:
        item["event-place" if work.type == "paper-conference" else "publisher-place"] = work.place
    if work.event:
        item["event-title"] = work.event
    if work.type == "paper-conference":
        item["genre"] = "Conference document"
    if work.issued:
        item["issued"] = {"date-parts": [_date(d) for d in work.issued.split("/")]}
    if work.url and not work.doi:
        item["URL"] = work.url
    if work.accessed:
        item["accessed"] = {"date-parts": [_date(work.accessed)]}
    return item


def ris_record(item: dict) -> str:
    """One RIS record from a CSL-JSON item."""
    lines = [("TY", _RIS_TYPES.get(item["type"], "GEN")), ("ID", item["id"])]
    for a in item.get("author", []):
        lines.append(("AU", f"{a['family']}, {a['given']}" if "family" in a else a["literal"]))
    lines.append(("TI", item.get("title")))
    lines.append(("T2", item.get("container-title") or item.get("event-title")))
    lines.append(("T3", item.get("collection-title")))
    lines.append(("PB", item.get("publisher")))
    lines.append(("CY", item.get("publisher-place") or item.get("event-place")))
    if "issued" in item:
        first = item["issued"]["date-parts"][0]
        lines.append(("PY", str(first[0])))
        if len(first) > 1:                                     # RIS DA: YYYY/MM/DD/, the parts known
            lines.append(("DA", "/".join([str(first[0])] + [f"{p:02d}" for p in first[1:]] + [""] * (3 - len(first))) + "/"))
    lines += [("VL", item.get("volume")), ("IS", item.get("issue")), ("ET", item.get("edition") or item.get("version")),
              ("M3", item.get("genre"))]
    if item.get("page"):
        start, _, end = item["page"].replace("\u2013", "-").partition("-")
        lines += [("SP", start.strip()), ("EP", end.strip())]
    accessed = item.get("accessed", {}).get("date-parts", [[]])[0]
    lines += [("DO", item.get("DOI")), ("UR", item.get("URL")),
              ("Y2", "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(accessed)) if accessed else None),
              ("LA", item.get("language")), ("N1", item.get("note"))]
    body = [f"{tag}  - {' '.join(str(value).split())}" for tag, value in lines if value not in (None, "")]
    return "\n".join(body + ["ER  - "])
