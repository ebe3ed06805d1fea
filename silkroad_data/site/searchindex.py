"""The site's search index: what :func:`silkroad_data.search` matches, written out for the page's script.

The index holds each figure's folded words and their stems per weighted field, its area codes,
table, paper, period and rank, as :mod:`silkroad_data.textsearch` indexes them (the stems come
from the same SQLite tokenizer), with the names of areas, the stop words and the weights;
``static/search.js`` applies the same rules in the browser: a query word matches a word of the
same stem, or one it begins (a prefix), so "Sao Paulo" finds "São Paulo" and "investments"
finds "investment" on the site as they do in Python.

Example
-------
>>> from silkroad_data.site.searchindex import index
>>> doc = index()
>>> doc["areas"]["brasil"], "the" in doc["stop"]
('BRA', True)
"""

from __future__ import annotations

import json
import re

import pandas as pd

from .. import textsearch
from ..metadata import OBSERVATION_TABLES


def _day(v) -> str | None:
    return None if pd.isna(v) else f"{v:%Y-%m-%d}"


def _stems(words: set[str]) -> dict[str, str]:
    """The stem the search's own tokenizer (SQLite FTS5, porter) gives each word: the browser compares stems too."""
    import sqlite3

    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"CREATE VIRTUAL TABLE w USING fts5(word, tokenize='{textsearch._TOKENIZER}')")
        db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(w, 'instance')")
        ordered = sorted(words)
        db.executemany("INSERT INTO w(rowid, word) VALUES (?, ?)", list(enumerate(ordered, start=1)))
        return {ordered[doc - 1]: term for term, doc in db.execute("SELECT term, doc FROM v WHERE offset = 0")}
    finally:
        db.close()


_WORD = re.compile(r"[a-z0-9]+")


def index(obs: pd.DataFrame | None = None) -> dict:
    """The search index of every figure (those of ``obs`` where given), as a JSON-ready dict.

    For each of the search's weighted fields (indicator and series, areas, words as printed, quote
    and note, credit) a figure's folded words and their stems, as :func:`silkroad_data.search`
    indexes them; the names of areas and the stop words, as it reads a query.
    """
    every = textsearch._indexed()  # the figures and ranks sd.search uses
    fields = textsearch._COLUMNS[1:]  # the codes are matched as codes
    keep = None if obs is None else set(obs["obs_id"])
    rows = [i for i, oid in enumerate(every.obs["obs_id"]) if keep is None or oid in keep]
    texts = {name: [" ".join(_WORD.findall(textsearch.fold(textsearch._indexable(" ".join(
        v for v in (every.obs[c].iloc[i] for c in cols) if isinstance(v, str) or not textsearch._missing(v)
        for v in [str(v)]))))) for i in rows] for name, cols, _ in fields}
    stems = _stems({w for column in texts.values() for t in column for w in t.split()})
    figures = []
    for k, i in enumerate(rows):
        r = every.obs.iloc[i]
        figures.append({
            "id": r["obs_id"], "table": str(r["table"]), "source": r["source_id"],
            "codes": [c if isinstance(c, str) else None for c in (r["subject_code"], r["counterpart_code"])],
            "start": _day(r["period_start"]), "end": _day(r["period_end"]), "rank": int(every.rank[i]),
            "texts": [texts[name][k] for name, _, _ in fields],
            "stems": [" ".join(stems.get(w, w) for w in texts[name][k].split()) for name, _, _ in fields],
        })
    return {
        "weights": [w for _, _, w in fields],
        "codeWeight": textsearch._COLUMNS[0][2],
        "stop": sorted(textsearch._STOP),
        "areas": dict(sorted(textsearch._area_names().items())),
        "stemOf": stems,
        "tables": list(OBSERVATION_TABLES),
        "figures": figures,
    }


def script(obs: pd.DataFrame | None = None) -> str:
    """The index as a script that sets ``window.SILKROAD_INDEX`` (a script, not JSON: it loads from file:// too)."""
    text = json.dumps(index(obs), ensure_ascii=True, separators=(",", ":"))
    return "window.SILKROAD_INDEX=" + text.replace("</", "<\\/") + ";\n"
