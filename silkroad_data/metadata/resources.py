"""Every table of the package: its columns in order, primary key and foreign keys.

Example
-------
>>> from silkroad_data.metadata import RESOURCES, OBSERVATION_TABLES
>>> OBSERVATION_TABLES[0], RESOURCES["references"].primary_key
('trade', 'reference_id')
"""

from __future__ import annotations

from .classes import ForeignKey, Resource
from .fields import FIELDS, pair_side
from .vocabularies import THEMES


def _fields(*names: str):
    return tuple(FIELDS[n] for n in names)


# The bibliographic record of a credited work, in the references table.
WORK_COLUMNS = ("work_type", "authors", "title", "title_english", "container_title", "container_title_english", "series", "edition",
                "publisher", "place", "event", "issued", "issued_precision", "volume", "issue", "pages", "pinpoint", "doi",
                "accessed", "language", "description", "same_as", "note")

_PAPER = ForeignKey("source_id", "sources", "source_id")
_NOTE = ForeignKey("reference_id", "references", "reference_id")
_PAIR_PAPERS = (ForeignKey("source_id_a", "sources", "source_id"), ForeignKey("source_id_b", "sources", "source_id"))

OBSERVATION_FIELDS = _fields(
    "obs_id", "table", "series_id", "concept_id", "statistic", "print_group", "indicator", "subject", "subject_code", "counterpart", "counterpart_code",
    "period_start", "period_end", "period_precision", "period_label", "time_period", "freq", "value", "value_high", "qualifier", "comparator",
    "alternative_to", "unit", "printed_scale", "measure", "status", "made", "reported", "source_id", "locator", "section",
    "footnote", "quote", "cited_source", "reference_id", "note", "correction",
    "source_date", "source_date_precision",
)

PAIR_FIELDS = (
    *_fields("pair_id", "series_id", "indicator", "unit", "period_start", "period_end"),
    *pair_side("a", "first"),
    *pair_side("b", "second"),
    *_fields("difference", "difference_tolerance", "same_primary_source", "undated"),
)

_RESOURCES = (
    *(Resource(t.code, "observations", t.description, OBSERVATION_FIELDS, "obs_id", (_PAPER, _NOTE)) for t in THEMES.terms),
    Resource("projects", "projects", "Deal-level Chinese technology investments in Latin America (China Global Investment Tracker, as printed in the papers)",
             _fields("project_id", "source_id", "date", "date_label", "investor", "amount", "amount_reported", "unit", "printed_scale",
                     "share", "share_reported", "partner", "sector", "subsector", "country", "country_code", "greenfield", "quote",
                     "locator", "cited_source", "reference_id", "note"),
             "project_id", (_PAPER, _NOTE)),
    Resource("sources", "sources", "The papers, with full bibliographic records",
             _fields("source_id", "type", "authors", "title", "container_title", "publisher", "year", "volume", "issue", "pages",
                     "doi", "url", "language", "text_sha256", "citation", "note"),
             "source_id"),
    Resource("references", "references", "Entries of the papers' notes and reference lists (and sources named in their prose) that figures are credited to, each with the bibliographic record of the work it credits",
             _fields("reference_id", "source_id", "reference_kind", "label", "text", "url", *WORK_COLUMNS), "reference_id", (_PAPER,)),
    Resource("conflicts", "derived", "Pairs of figures from different papers for the same series and period (or both undated) that disagree beyond the rounding of their printed digits",
             PAIR_FIELDS, "pair_id", _PAIR_PAPERS),
    Resource("corroborations", "derived", "Pairs of figures from different papers for the same series and period (or both undated) that agree within the rounding of their printed digits; only pairs whose figures credit different works (same_primary_source false) corroborate each other",
             PAIR_FIELDS, "pair_id", _PAIR_PAPERS),
    Resource("revisions", "derived", "Pairs of forecasts or targets from different papers for the same series and period, made at different dates and credited to different works: the later revises the earlier, which is neither a disagreement nor a corroboration. Figure a is the earlier and difference is later minus earlier, where made tells the order; later_obs_id names the later figure, and is empty where the order cannot be told",
             (*PAIR_FIELDS, *_fields("later_obs_id", "order_note")), "pair_id", _PAIR_PAPERS),
    Resource("claims_audit", "derived", "Arithmetic claims of the papers recomputed from the package's own figures",
             _fields("claim_id", "claim_kind", "obs_id", "source_id", "quote", "stated_reported", "stated", "parts", "part_values",
                     "formula", "recomputed", "recomputed_low", "recomputed_high", "stated_tolerance", "verdict", "note"),
             "claim_id", (_PAPER,)),
    Resource("derived", "derived", "Figures implied by reported ones (a whole from a part and its share), labelled as derived and kept apart from reported figures",
             _fields("derived_id", "indicator", "formula", "value", "bound_low", "bound_high", "unit", "period_start", "period_end",
                     "part_obs_id", "share_obs_id", "source_id", "note"),
             "derived_id", (_PAPER,)),
)

RESOURCES: dict[str, Resource] = {r.name: r for r in _RESOURCES}
OBSERVATION_TABLES: tuple[str, ...] = tuple(THEMES)
