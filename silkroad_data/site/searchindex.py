"""The site's search index: what :func:`silkroad_data.search` matches, written out for the page's script.

The index holds each figure's folded text per weight, its area codes, table, paper, period and
rank, exactly as :mod:`silkroad_data.textsearch` computes them, with the names of areas, the stop
words and the weights; ``static/search.js`` applies the same rules in the browser, so "Sao Paulo"
finds "São Paulo" on the site as it does in Python.

Example
-------
>>> from silkroad_data.site.searchindex import index
>>> doc = index()
>>> doc["areas"]["brasil"], "the" in doc["stop"]
('BRA', True)
"""

from __future__ import annotations

import json

import pandas as pd

from .. import textsearch
from ..metadata import OBSERVATION_TABLES


def _day(v) -> str | None:
    return None if pd.isna(v) else f"{v:%Y-%m-%d}"


def index(obs: pd.DataFrame | None = None) -> dict:
    """The search index of every figure (those of ``obs`` where given), as a JSON-ready dict."""
    every = textsearch._indexed()  # the figures, folded texts and ranks sd.search scores with
    keep = None if obs is None else set(obs["obs_id"])
    figures = []
    for i, r in enumerate(every.obs[["obs_id", "table", "source_id", "subject_code", "counterpart_code", "period_start",
                                      "period_end"]].itertuples(index=False)):
        if keep is not None and r.obs_id not in keep:
            continue
        figures.append({
            "id": r.obs_id, "table": str(r.table), "source": r.source_id,
            "codes": [c if isinstance(c, str) else None for c in (r.subject_code, r.counterpart_code)],
            "start": _day(r.period_start), "end": _day(r.period_end), "rank": int(every.rank[i]),
            "texts": [folded[i] for _, folded in every.texts],
        })
    return {
        "weights": [w for w, _ in every.texts],
        "codeWeight": textsearch._CODE_WEIGHT,
        "stop": sorted(textsearch._STOP),
        "areas": dict(sorted(textsearch._area_names().items())),
        "tables": list(OBSERVATION_TABLES),
        "figures": figures,
    }


def script(obs: pd.DataFrame | None = None) -> str:
    """The index as a script that sets ``window.SILKROAD_INDEX`` (a script, not JSON: it loads from file:// too)."""
    text = json.dumps(index(obs), ensure_ascii=True, separators=(",", ":"))
    return "window.SILKROAD_INDEX=" + text.replace("</", "<\\/") + ";\n"
