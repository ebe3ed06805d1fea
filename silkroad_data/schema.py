"""The one registry of tables, columns and controlled vocabularies.

Everything that describes the data is declared here, once: the pandera schemas
(``silkroad_data.validate``), the Parquet metadata (``silkroad_data.write``), the
codebook and the command-line help are all generated from it. This module imports
nothing heavier than the standard library, so the load path stays light.

Example
-------
>>> from silkroad_data import schema
>>> schema.TABLES["trade"].description[:30]
'Trade: China-Latin America vol'
>>> [c.name for c in schema.columns_of("trade")][:3]
['obs_id', 'table', 'series_id']
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

# --- controlled vocabularies -------------------------------------------------

MEASURES = {
    "level_stock": "a stock at a date (FDI stock, users at the end of a year, agreements signed so far)",
    "level_flow": "a flow over the period (trade in a year, sales, investment in a year)",
    "level": "a level that is neither stock nor flow: a price, a speed, a length, a duration",
    "change": "an absolute change over the period",
    "growth_rate": "percent change over one period (year on year unless the label says otherwise)",
    "average_annual_growth": "average annual growth rate over a span of years",
    "share": "a part of a whole: share, penetration or coverage rate, survey share",
    "rank": "a rank or position (1 is first)",
    "multiple": "a multiple of another quantity ('34-fold', 'twice')",
    "index_score": "a score on a composite index",
    "threshold": "a value that defines a category or a criterion",
}

QUALIFIERS = {
    "exact": "stated without qualification",
    "approximately": "'about', 'around', 'some', 'roughly'",
    "more_than": "'over', 'more than', 'above'",
    "less_than": "'less than', 'under', 'below'",
    "nearly": "'nearly', 'close to', 'almost'",
    "at_least": "'at least'",
    "at_most": "'up to', 'at most'",
    "range": "a range: value is the lower end, value_high the upper end",
}

STATUSES = {
    "reported": "a figure the paper reports as observed",
    "estimate": "an estimate",
    "forecast": "a forecast or projection",
    "target": "a goal or plan",
}

# Scale words of printed numbers, as powers of ten (SDMX UNIT_MULT).
SCALES = {
    "thousand": 3,
    "ten_thousand": 4,
    "million": 6,
    "hundred_million": 8,
    "billion": 9,
    "trillion": 12,
}

UNITS = {
    "USD": "US dollars",
    "CNY": "Chinese yuan renminbi",
    "BRL": "Brazilian reais",
    "EUR": "euros",
    "MXN": "Mexican pesos",
    "ARS": "Argentine pesos",
    "percent": "percent (0-100 for shares)",
    "percentage_points": "percentage points",
    "fraction": "a share written in words, as a fraction of 1 ('one third' is 0.333...)",
    "count": "a count of things (what is counted is in the indicator)",
    "rank": "a position in a ranking (1 is first)",
    "multiple": "times ('34-fold' is 34)",
    "index_points": "points on an index scale",
    "km": "kilometres",
    "m": "metres",
    "MW": "megawatts",
    "Mbps": "megabits per second",
    "Gbps": "gigabits per second",
    "Tbps": "terabits per second",
    "years": "years",
    "months": "months",
    "days": "days",
    "hours": "hours",
}
CURRENCIES = frozenset({"USD", "CNY", "BRL", "EUR", "MXN", "ARS"})

EXCLUSION_REASONS = {
    "event_date": "a date that times an event, not a quantity",
    "footnote_marker": "a footnote marker",
    "bibliographic": "reference entries, volumes, pages, DOIs, URLs, ORCID ids, received and access dates",
    "name": "digits inside a name ('G20', '5G', 'eLAC2018', '13th Five-Year Plan')",
    "repeat": "a figure already captured by another observation",
    "structure": "section and list numbering, JEL codes, page headers",
}

CLAIM_KINDS = {
    "sum": "the stated total equals the sum of its parts",
    "difference": "the stated change equals the later level minus the earlier one",
    "growth": "the stated growth rate (percent) connects the earlier and the later level",
    "average_growth": "the stated average annual growth (percent) connects two levels over the years between them",
    "share": "the stated share (percent) is the part over the whole",
    "multiple": "the stated multiple is the later level over the earlier one",
}

VERDICTS = {
    "holds": "the recomputed value agrees with the stated one within the rounding of the printed digits",
    "off": "the recomputed value disagrees with the stated one beyond the rounding of the printed digits",
    "cannot_check": "a figure used is open-ended ('more than', 'nearly'), so no verdict",
}

OBSERVATION_TABLES = ("trade", "investment", "ecommerce", "digital_infrastructure", "macro", "cooperation")
SOURCE_TYPES = ("article-journal", "report", "chapter", "book", "working-paper")
REFERENCE_KINDS = ("footnote", "reference_list")

ID_PATTERN = r"^[a-z0-9]+\.[a-z0-9_]+$"
SERIES_PATTERN = r"^[a-z0-9]+(_[a-z0-9]+)*$"
SOURCE_ID_PATTERN = r"^[a-z0-9]+$"
QUOTE_MAX_CHARS = 300


# --- columns and tables ------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """One column: its Arrow type name, description, unit and constraints."""

    name: str
    dtype: str  # string | float64 | int64 | date | bool
    description: str
    unit: str | None = None
    nullable: bool = True
    vocabulary: str | None = None  # name of a vocabulary in VOCABULARIES
    pattern: str | None = None
    unique: bool = False


@dataclass(frozen=True)
class Table:
    """One table: its name, kind, description and primary key."""

    name: str
    kind: str  # observations | projects | sources | references
    description: str
    key: str
    columns: tuple[Column, ...] = field(default=())


OBSERVATION_COLUMNS = (
    Column("obs_id", "string", "Stable id of the figure: <source_id>.<slug>", nullable=False, pattern=ID_PATTERN, unique=True),
    Column("table", "string", "Theme table the figure belongs to", nullable=False, vocabulary="table"),
    Column("series_id", "string", "Series the figure belongs to; the same id across papers", nullable=False, pattern=SERIES_PATTERN),
    Column("indicator", "string", "What is measured, in words", nullable=False),
    Column("subject", "string", "Reference area or entity the figure is about", nullable=False),
    Column("subject_code", "string", "ISO 3166-1 alpha-3 or World Bank aggregate code of the subject"),
    Column("counterpart", "string", "Counterpart area or entity of a bilateral figure"),
    Column("counterpart_code", "string", "ISO 3166-1 alpha-3 or World Bank aggregate code of the counterpart"),
    Column("period_start", "date", "First day of the period the figure refers to"),
    Column("period_end", "date", "Last day of the period (the date of a stock)"),
    Column("period_label", "string", "The period as printed ('first half of 2021', 'end of 2015')"),
    Column("value", "float64", "The figure in base units (a lower bound for ranges)", unit="see unit", nullable=False),
    Column("value_high", "float64", "Upper end of a range, in base units", unit="see unit"),
    Column("qualifier", "string", "How the paper qualifies the number", nullable=False, vocabulary="qualifier"),
    Column("unit", "string", "Base unit of value and value_high", nullable=False, vocabulary="unit"),
    Column("unit_multiplier", "int64", "Power of ten of the printed scale word (9 for 'billion'); value is already multiplied", nullable=False),
    Column("measure", "string", "Kind of measure", nullable=False, vocabulary="measure"),
    Column("status", "string", "Reported, estimate, forecast or target", nullable=False, vocabulary="status"),
    Column("reported", "string", "The number as printed, with its scale word and unit", nullable=False),
    Column("source_id", "string", "The paper the figure is read from (see sources)", nullable=False),
    Column("locator", "string", "Where in the paper: section heading and footnote", nullable=False),
    Column("section", "string", "Section heading above the figure, as printed"),
    Column("footnote", "string", "Footnote number the figure carries, as printed"),
    Column("quote", "string", "Verbatim excerpt of the paper containing the number", nullable=False),
    Column("cited_source", "string", "Primary source the paper credits for the figure"),
    Column("reference_id", "string", "Entry of the paper's footnotes or reference list (see references)"),
    Column("note", "string", "What a careful reader must know about the figure"),
    Column("correction", "string", "What was corrected against the printed text, and why"),
)

PROJECT_COLUMNS = (
    Column("project_id", "string", "Stable id of the deal", nullable=False, pattern=ID_PATTERN, unique=True),
    Column("source_id", "string", "The paper the row is read from", nullable=False),
    Column("date", "date", "First day of the month of the deal"),
    Column("date_label", "string", "The date as printed", nullable=False),
    Column("investor", "string", "Chinese investor", nullable=False),
    Column("amount", "float64", "Amount of the deal in base units", unit="USD"),
    Column("amount_reported", "string", "The amount as printed"),
    Column("unit", "string", "Currency of amount", nullable=False, vocabulary="unit"),
    Column("unit_multiplier", "int64", "Power of ten of the table's printed scale", nullable=False),
    Column("share", "float64", "Share of the deal held by the investor", unit="percent"),
    Column("share_reported", "string", "The share as printed ('n/a' where the table says so)"),
    Column("partner", "string", "Partner in the host country"),
    Column("sector", "string", "Sector as printed"),
    Column("subsector", "string", "Subsector as printed"),
    Column("country", "string", "Host country", nullable=False),
    Column("country_code", "string", "ISO 3166-1 alpha-3 code of the host country", nullable=False),
    Column("greenfield", "bool", "Whether the deal is a greenfield investment"),
    Column("quote", "string", "The table row as printed", nullable=False),
    Column("locator", "string", "Where in the paper", nullable=False),
    Column("cited_source", "string", "Primary source the paper credits"),
    Column("reference_id", "string", "Entry of the paper's notes or reference list"),
    Column("note", "string", "What a careful reader must know"),
)

SOURCE_COLUMNS = (
    Column("source_id", "string", "Short id of the paper", nullable=False, pattern=SOURCE_ID_PATTERN, unique=True),
    Column("type", "string", "Kind of publication (CSL type)", nullable=False, vocabulary="source_type"),
    Column("authors", "string", "Authors as 'Family, Given; Family, Given'; empty where the text names none"),
    Column("title", "string", "Title"),
    Column("container_title", "string", "Journal, series or book"),
    Column("publisher", "string", "Publisher"),
    Column("year", "int64", "Year of publication"),
    Column("volume", "string", "Volume"),
    Column("issue", "string", "Issue"),
    Column("pages", "string", "Pages"),
    Column("doi", "string", "DOI, bare (10.xxxx/...)"),
    Column("url", "string", "URL"),
    Column("language", "string", "Language of the text (ISO 639-1)"),
    Column("text_sha256", "string", "SHA-256 of the plain-text edition the figures were read from", nullable=False, pattern=r"^[0-9a-f]{64}$"),
    Column("citation", "string", "Full citation (APA 7)", nullable=False),
    Column("note", "string", "What was confirmed, where, and what stays unconfirmed"),
)

REFERENCE_COLUMNS = (
    Column("reference_id", "string", "Id of the entry: <source_id>.fn<N> or <source_id>.ref_<slug>", nullable=False, pattern=ID_PATTERN, unique=True),
    Column("source_id", "string", "The paper whose notes or reference list hold the entry", nullable=False),
    Column("kind", "string", "Footnote or reference-list entry", nullable=False, vocabulary="reference_kind"),
    Column("label", "string", "Footnote number or citation key as printed"),
    Column("text", "string", "The entry as printed", nullable=False),
    Column("url", "string", "URL given by the entry"),
)

def _side(suffix: str, who: str) -> tuple[Column, ...]:
    return (
        Column(f"obs_id_{suffix}", "string", f"Observation id of the {who} figure", nullable=False),
        Column(f"source_id_{suffix}", "string", f"Paper of the {who} figure", nullable=False),
        Column(f"reported_{suffix}", "string", f"The {who} figure as printed", nullable=False),
        Column(f"qualifier_{suffix}", "string", f"Qualifier of the {who} figure", nullable=False, vocabulary="qualifier"),
        Column(f"status_{suffix}", "string", f"Status of the {who} figure", nullable=False, vocabulary="status"),
        Column(f"value_{suffix}", "float64", f"The {who} figure in base units", unit="see unit", nullable=False),
        Column(f"quote_{suffix}", "string", f"Verbatim quote of the {who} figure", nullable=False),
        Column(f"cited_source_{suffix}", "string", f"Primary source the paper credits for the {who} figure"),
    )


PAIR_COLUMNS = (
    Column("pair_id", "string", "Id of the pair: <obs_id_a>~<obs_id_b>", nullable=False, unique=True),
    Column("series_id", "string", "The series both figures belong to", nullable=False),
    Column("indicator", "string", "What is measured", nullable=False),
    Column("unit", "string", "Base unit of both values", nullable=False, vocabulary="unit"),
    Column("period_start", "date", "First day of the shared period"),
    Column("period_end", "date", "Last day of the shared period"),
    *_side("a", "first"),
    *_side("b", "second"),
    Column("difference", "float64", "value_b minus value_a", unit="see unit", nullable=False),
    Column("tolerance", "float64", "Largest difference explained by the rounding of the printed digits", unit="see unit", nullable=False),
)

CLAIM_AUDIT_COLUMNS = (
    Column("claim_id", "string", "Id of the arithmetic claim", nullable=False, pattern=ID_PATTERN, unique=True),
    Column("kind", "string", "Kind of claim", nullable=False, vocabulary="claim_kind"),
    Column("obs_id", "string", "The observation that states the claim", nullable=False),
    Column("source_id", "string", "Paper making the claim", nullable=False),
    Column("quote", "string", "Verbatim quote of the claim", nullable=False),
    Column("stated_reported", "string", "The stated value as printed", nullable=False),
    Column("stated", "float64", "The stated value in base units", unit="see unit", nullable=False),
    Column("parts", "string", "Observation ids of the figures used, in order", nullable=False),
    Column("part_values", "string", "The figures used: id = value as printed", nullable=False),
    Column("formula", "string", "How the value is recomputed", nullable=False),
    Column("recomputed", "float64", "The value recomputed from the figures used", unit="see unit"),
    Column("recomputed_low", "float64", "Lowest value the printed digits of the figures used allow", unit="see unit"),
    Column("recomputed_high", "float64", "Highest value the printed digits of the figures used allow", unit="see unit"),
    Column("tolerance", "float64", "Rounding half-width of the stated value's printed digits", unit="see unit", nullable=False),
    Column("verdict", "string", "holds, off or cannot_check", nullable=False, vocabulary="verdict"),
    Column("note", "string", "What a careful reader must know about the claim"),
)

DERIVED_COLUMNS = (
    Column("derived_id", "string", "Id of the derived figure", nullable=False, pattern=ID_PATTERN, unique=True),
    Column("indicator", "string", "What the derived figure measures (never reported by the paper)", nullable=False),
    Column("formula", "string", "How it is computed from reported figures", nullable=False),
    Column("value", "float64", "The derived value in base units", unit="see unit", nullable=False),
    Column("value_low", "float64", "Lowest value the printed digits of the figures used allow", unit="see unit", nullable=False),
    Column("value_high", "float64", "Highest value the printed digits of the figures used allow", unit="see unit", nullable=False),
    Column("unit", "string", "Base unit of the value", nullable=False, vocabulary="unit"),
    Column("period_start", "date", "First day of the period of the figures used"),
    Column("period_end", "date", "Last day of the period of the figures used"),
    Column("part_obs_id", "string", "The reported part", nullable=False),
    Column("share_obs_id", "string", "The reported share of the whole that the part is", nullable=False),
    Column("source_id", "string", "Paper reporting the figures used", nullable=False),
    Column("note", "string", "What a careful reader must know"),
)

_THEMES = {
    "trade": "Trade: China-Latin America volumes, exports, imports, growth, shares and ranks, and related trade figures",
    "investment": "Direct investment, loans, funds and investment amounts",
    "ecommerce": "E-commerce markets, platforms, online shoppers, payments and parcels",
    "digital_infrastructure": "Internet and mobile access, 4G/5G coverage, cables, satellites, data centres",
    "macro": "GDP, population, digital-economy size, consumption and growth",
    "cooperation": "Agreements, forums, visits, training, students, institutes and programmes",
}

TABLES: dict[str, Table] = {
    **{name: Table(name, "observations", desc, "obs_id", OBSERVATION_COLUMNS) for name, desc in _THEMES.items()},
    "projects": Table("projects", "projects", "Deal-level Chinese technology investments in Latin America (China Global Investment Tracker, as printed in the papers)", "project_id", PROJECT_COLUMNS),
    "sources": Table("sources", "sources", "The papers, with full bibliographic records", "source_id", SOURCE_COLUMNS),
    "references": Table("references", "references", "Entries of the papers' footnotes and reference lists that figures are credited to", "reference_id", REFERENCE_COLUMNS),
    "conflicts": Table("conflicts", "derived", "Pairs of figures from different papers for the same series and period that disagree beyond the rounding of their printed digits", "pair_id", PAIR_COLUMNS),
    "corroborations": Table("corroborations", "derived", "Pairs of figures from different papers for the same series and period that agree", "pair_id", PAIR_COLUMNS),
    "claims_audit": Table("claims_audit", "derived", "Arithmetic claims of the papers recomputed from the package's own figures", "claim_id", CLAIM_AUDIT_COLUMNS),
    "derived": Table("derived", "derived", "Figures implied by reported ones (a whole from a part and its share), labelled as derived and kept apart from reported figures", "derived_id", DERIVED_COLUMNS),
}

VOCABULARIES = {
    "table": {t: _THEMES[t] for t in OBSERVATION_TABLES},
    "measure": MEASURES,
    "qualifier": QUALIFIERS,
    "status": STATUSES,
    "unit": UNITS,
    "scale": {k: f"10^{v}" for k, v in SCALES.items()},
    "source_type": {t: t for t in SOURCE_TYPES},
    "reference_kind": {"footnote": "a footnote or endnote", "reference_list": "an entry of the reference list"},
    "exclusion_reason": EXCLUSION_REASONS,
    "claim_kind": CLAIM_KINDS,
    "verdict": VERDICTS,
}


def columns_of(table: str) -> tuple[Column, ...]:
    """The columns of ``table``, in order.

    >>> [c.name for c in columns_of("sources")][:2]
    ['source_id', 'type']
    """
    return TABLES[table].columns


@lru_cache(maxsize=1)
def areas() -> dict[str, tuple[str, str]]:
    """Area codes: ISO 3166-1 alpha-3 countries and World Bank aggregates.

    Returns ``{code: (name, kind)}``; kind is ``country`` or ``aggregate``.

    >>> areas()["LCN"]
    ('Latin America & Caribbean', 'aggregate')
    """
    with resources.files("silkroad_data").joinpath("areas.csv").open(encoding="utf-8") as fh:
        return {row["code"]: (row["name"], row["kind"]) for row in csv.DictReader(fh)}
