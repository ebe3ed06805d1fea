"""What a page shows, prepared from the tables: the tables read once, and each figure's and deal's view.

Example
-------
>>> from silkroad_data.site.views import Data, figure_view
>>> d = Data()
>>> figure_view(d, d.rows["lou2019.trade_total_2014"], ({}, {}))["value"]
'263,600,000,000'
"""

from __future__ import annotations

from .. import api
from ..metadata import FIELDS, QUALIFIERS, STATUSES, UNITS, areas
from ..metadata.vocabularies import PRECISIONS
from ..values import missing, plain_records

# A chart of one dated figure shows nothing its page does not say in words; a series chart is drawn
# where the series has at least this many dated figures.
CHART_MIN_FIGURES = 2
PAIR_TABLES = ("conflicts", "corroborations", "revisions")


# -- what a page shows, prepared from the tables -----------------------------------------------


def _number(v) -> str:
    """A value in base units, digits grouped, never in E notation."""
    if missing(v):
        return ""
    v = float(v)
    if v.is_integer() and abs(v) < 1e18:
        return f"{int(v):,}"
    return f"{v:,.12g}" if "e" not in f"{v:.12g}" else f"{v:,.12f}".rstrip("0").rstrip(".")


def _quote_parts(quote: str, reported: str | None) -> tuple[str, str, str]:
    """The quote cut around the number as printed, to mark it (the whole quote first where it is not found)."""
    quote = quote or ""
    if reported:
        at = quote.find(reported)
        if at < 0:
            at = quote.casefold().find(reported.casefold())
        if at >= 0:
            return quote[:at], quote[at:at + len(reported)], quote[at + len(reported):]
    return quote, "", ""


def _day(t) -> str:
    return f"{t.day} {t:%B %Y}"


def _period(row: dict) -> str:
    """The period's first and last days, in words."""
    start, end = row.get("period_start"), row.get("period_end")
    if start is None and end is None:
        return ""
    if start is None or end is None or start == end:
        return _day(end if end is not None else start)
    return f"{_day(start)} to {_day(end)}"


def _area(code, name) -> str:
    return f"{name} ({code})" if code else (name or "")


class Data:
    """The tables a build reads, loaded once, with the look-ups the pages need."""

    def __init__(self):
        import silkroad_data as sd

        self.obs = api.observations()
        self.has_concepts = "concept_id" in self.obs.columns
        self.projects = sd.load("projects")
        self.sources = sd.sources()
        self.references = sd.references()
        self.catalog = sd.catalog()
        self.tables = sd.tables()
        self.pairs = {t: sd.load(t) for t in PAIR_TABLES}
        self.audit = sd.load("claims_audit")
        self.derived = sd.load("derived")
        self.rows = {r["obs_id"]: r for r in plain_records(self.obs)}
        self.project_rows = {r["project_id"]: r for r in plain_records(self.projects)}
        self.source_rows = {r["source_id"]: r for r in plain_records(self.sources)}
        self.reference_rows = {r["reference_id"]: r for r in plain_records(self.references)}
        self.area_names = {code: name for code, (name, _) in areas().items()}
        counts = self.obs[self.obs["period_start"].notna()].groupby("series_id").size()
        self.charted = sorted(s for s, n in counts.items() if n >= CHART_MIN_FIGURES)

        self._claims = self._index_claims()
        # each series' figures in time order, as sd.series gives them
        ordered = self.obs.sort_values(["period_end", "period_start", "obs_id"], na_position="last")
        self.in_series: dict[str, list[dict]] = {}
        for sid, i in zip(ordered["series_id"], ordered["obs_id"]):
            self.in_series.setdefault(sid, []).append(self.rows[i])

    def _index_claims(self) -> dict[str, list[dict]]:
        """Every conflict, corroboration, revision and audited claim, under each figure taking part in it."""
        found: dict[str, list[dict]] = {}
        for table, df in self.pairs.items():
            for r in plain_records(df):
                for side, other in (("a", "b"), ("b", "a")):
                    found.setdefault(r[f"obs_id_{side}"], []).append({
                        "table": table, "id": r["pair_id"], "other": r[f"obs_id_{other}"],
                        "other_source": r[f"source_id_{other}"], "other_reported": r[f"reported_{other}"],
                        "difference": r["difference"], "unit": r["unit"]})
        for r in plain_records(self.audit):
            claim = {"table": "claims_audit", "id": r["claim_id"], "verdict": r["verdict"], "stated": r["stated_reported"],
                     "recomputed": r["recomputed"], "formula": r["formula"]}
            found.setdefault(r["obs_id"], []).append({**claim, "role": "claim"})
            for part in (r["parts"] or "").split(", "):
                if part and part != r["obs_id"]:
                    found.setdefault(part, []).append({**claim, "role": "part"})
        return found

    def claims_of(self, obs_id: str) -> list[dict]:
        """Every conflict, corroboration, revision and audited claim the figure takes part in."""
        return self._claims.get(obs_id, [])


def figure_view(d: Data, row: dict, history: dict) -> dict:
    """What the page of one figure shows, in words."""
    unit = UNITS[row["unit"]] if row.get("unit") in UNITS else None
    qualifier = QUALIFIERS[row["qualifier"]] if row.get("qualifier") in QUALIFIERS else None
    value = _number(row["value"]) + (f" to {_number(row['value_high'])}" if row.get("value_high") is not None else "")
    before, mark, after = _quote_parts(row.get("quote"), row.get("reported"))
    ref = d.reference_rows.get(row.get("reference_id") or "")
    changes, since = history
    value_since = since["__call__"](row["obs_id"]) if since else None
    return {
        "row": row,
        "value": value,
        "unit": unit,
        "qualifier": qualifier,
        "status": STATUSES[row["status"]] if row.get("status") in STATUSES else None,
        "precision": PRECISIONS[row["period_precision"]] if row.get("period_precision") in PRECISIONS else None,
        "days": _period(row),
        "subject": _area(row.get("subject_code"), row.get("subject")),
        "counterpart": _area(row.get("counterpart_code"), row.get("counterpart")),
        "quote": (before, mark, after),
        "paper": d.source_rows[row["source_id"]],
        "reference": ref,
        "claims": d.claims_of(row["obs_id"]),
        "charted": row["series_id"] in d.charted,
        "series": d.in_series[row["series_id"]],
        "changes": [{k: c.get(k) for k in ("version", "field", "old", "new", "reason")} for c in changes.get(row["obs_id"], [])],
        "value_since": value_since,
        "fields": [(c, FIELDS[c].description if c in FIELDS else "", row[c]) for c in row if row[c] is not None],
    }


def project_view(d: Data, row: dict) -> dict:
    before, mark, after = _quote_parts(row.get("quote"), row.get("amount_reported"))
    return {
        "row": row, "quote": (before, mark, after), "paper": d.source_rows[row["source_id"]],
        "reference": d.reference_rows.get(row.get("reference_id") or ""),
        "amount": _number(row.get("amount")), "unit": UNITS[row["unit"]] if row.get("unit") in UNITS else None,
        "fields": [(c, FIELDS[c].description if c in FIELDS else "", row[c]) for c in row if row[c] is not None],
    }


# -- downloads ----------------------------------------------------------------------------------
