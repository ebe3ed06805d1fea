"""Every column of every table, declared once: name, type, description, unit and constraints.

A column name means one thing wherever it appears; resources pick their columns from here.

Example
-------
>>> from silkroad_data.metadata.fields import FIELDS
>>> FIELDS["printed_scale"].type
'int64'
"""

from __future__ import annotations

from .classes import Field
from .vocabularies import (
    CONCEPTS, CLAIM_KINDS, COMPARATORS, FREQUENCIES, MEASURES, PRECISIONS, QUALIFIERS, REFERENCE_KINDS, SOURCE_TYPES, STATUSES, THEMES, UNITS, VERDICTS,
)
from .vocabularies import WORK_TYPES

ID_PATTERN = r"^[a-z0-9]+\.[a-z0-9_]+$"
ISO_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
SERIES_PATTERN = r"^[a-z0-9]+(_[a-z0-9]+)*$"
SOURCE_ID_PATTERN = r"^[a-z0-9]+$"
QUOTE_MAX_CHARS = 300

_FIELDS = (
    # identifiers
    Field("obs_id", "string", "Stable id of the figure: <source_id>.<slug>", required=True, pattern=ID_PATTERN),
    Field("project_id", "string", "Stable id of the deal", required=True, pattern=ID_PATTERN),
    Field("source_id", "string", "Short id of the paper the row is read from (see sources)", required=True, pattern=SOURCE_ID_PATTERN),
    Field("reference_id", "string", "Entry of the paper's notes or reference list: <source_id>.fn<N> or <source_id>.ref_<slug> (see references)",
          pattern=ID_PATTERN),
    Field("pair_id", "string", "Id of the pair: <obs_id_a>~<obs_id_b>", required=True),
    Field("claim_id", "string", "Id of the arithmetic claim", required=True, pattern=ID_PATTERN),
    Field("derived_id", "string", "Id of the derived figure", required=True, pattern=ID_PATTERN),
    # what a figure is
    Field("table", "string", "Theme table the figure belongs to", required=True, vocabulary=THEMES),
    Field("series_id", "string", "Series the figure belongs to; the same id across papers", required=True, pattern=SERIES_PATTERN),
    Field("concept_id", "string", "What the figure measures, the same across areas and papers (series_id is the concept for some areas); "
          "declared with its definition in silkroad_data/metadata/concepts.py", required=True, vocabulary=CONCEPTS),
    Field("statistic", "bool", "True for a quantity measured, estimated, forecast or targeted about the world; false for a number that "
          "structures the text (a list count, 'the first', the size of a ranking group) or a threshold of a classification", required=True),
    Field("print_group", "string", "Group of figures the paper prints once for several areas ('70% of consumers in Brazil and Chile'): "
          "count one figure per group", pattern=ID_PATTERN),
    Field("indicator", "string", "What is measured, in words", required=True),
    Field("subject", "string", "Reference area or entity the figure is about", required=True),
    Field("subject_code", "string", "ISO 3166-1 alpha-3 or World Bank aggregate code of the subject"),
    Field("counterpart", "string", "Counterpart area or entity of a bilateral figure"),
    Field("counterpart_code", "string", "ISO 3166-1 alpha-3 or World Bank aggregate code of the counterpart"),
    Field("period_start", "date", "First day of the period the figure refers to"),
    Field("period_end", "date", "Last day of the period (the date of a stock)"),
    Field("period_precision", "string", "How precisely the paper gives the dates: day, month, quarter, half or year "
          "('mid-2019' is 2019-06-30 known to the half year)", vocabulary=PRECISIONS),
    Field("period_label", "string", "The period as printed ('first half of 2021', 'end of 2015')"),
    Field("time_period", "string", "The period as an SDMX-style time key: '2019' (a year), '2019-S1' (a half), '2019-Q4', '2019-03', "
          "'2016-12-31' (a date: a stock or a count so far), '2019-01/2019-11' (any other span, its ends to the precision given)"),
    Field("freq", "string", "Kind of period of time_period, coded as SDMX's frequency (A, S, Q, M, D; _O for any other span)",
          vocabulary=FREQUENCIES),
    # the number
    Field("value", "float64", "The figure in base units (a lower bound for ranges)", unit="see unit", required=True),
    Field("value_high", "float64", "Upper end of a printed range, in base units", unit="see unit"),
    Field("qualifier", "string", "How the paper qualifies the number", required=True, vocabulary=QUALIFIERS),
    Field("comparator", "string", "For a threshold or criterion: a case meets it when its value is <comparator> value", vocabulary=COMPARATORS),
    Field("alternative_to", "string", "For a criterion: the obs_id of another criterion of the same rule that a case may meet instead",
          pattern=ID_PATTERN),
    Field("unit", "string", "Base unit of the row's values (the currency of an amount)", required=True, vocabulary=UNITS),
    Field("printed_scale", "int64", "Power of ten of the scale word printed in `reported` (9 for 'billion'); `value` is already in base "
          "units, so value / 10**printed_scale is the number as printed (unlike SDMX's UNIT_MULT, never multiply by it)", required=True),
    Field("measure", "string", "Kind of measure", required=True, vocabulary=MEASURES),
    Field("status", "string", "Reported, estimate, forecast or target", required=True, vocabulary=STATUSES),
    Field("made", "string", "For a forecast or target: when it was made (ISO 8601 date, to the precision known)",
          pattern=ISO_DATE_PATTERN),
    Field("reported", "string", "The number as printed, with its scale word and unit", required=True),
    # where it comes from
    Field("locator", "string", "Where in the paper: section heading and footnote", required=True),
    Field("section", "string", "Section heading above the figure, as printed"),
    Field("footnote", "string", "Footnote number the figure carries, as printed"),
    Field("quote", "string", "Verbatim excerpt of the paper containing the number (for a deal, the table row as printed)", required=True),
    Field("cited_source", "string", "Primary source the paper credits for the figure"),
    Field("note", "string", "What a careful reader must know about the row"),
    Field("correction", "string", "What was corrected against the printed text, and why"),
    # deals
    Field("date", "date", "First day of the month of the deal"),
    Field("date_label", "string", "The date as printed", required=True),
    Field("investor", "string", "Chinese investor", required=True),
    Field("amount", "float64", "Amount of the deal in base units", unit="USD"),
    Field("amount_reported", "string", "The amount as printed"),
    Field("share", "float64", "Share of the deal held by the investor", unit="percent"),
    Field("share_reported", "string", "The share as printed ('n/a' where the table says so)"),
    Field("partner", "string", "Partner in the host country"),
    Field("sector", "string", "Sector as printed"),
    Field("subsector", "string", "Subsector as printed"),
    Field("country", "string", "Host country", required=True),
    Field("country_code", "string", "ISO 3166-1 alpha-3 code of the host country", required=True),
    Field("greenfield", "bool", "Whether the deal is a greenfield investment"),
    # papers and their notes
    Field("type", "string", "Kind of publication (CSL type)", required=True, vocabulary=SOURCE_TYPES),
    Field("authors", "string", "Authors as 'Family, Given; Family, Given', an organisation in braces ('{World Bank}'); "
          "empty where the text names none"),
    Field("title", "string", "Title"),
    Field("container_title", "string", "Journal, series or book"),
    Field("publisher", "string", "Publisher"),
    Field("year", "int64", "Year of publication"),
    Field("volume", "string", "Volume"),
    Field("issue", "string", "Issue"),
    Field("pages", "string", "Pages"),
    Field("doi", "string", "DOI, bare (10.xxxx/...)"),
    Field("url", "string", "URL of the paper, or given by a note"),
    Field("language", "string", "Language of the text (ISO 639-1)"),
    Field("text_sha256", "string", "SHA-256 of the plain-text edition the figures were read from", required=True, pattern=r"^[0-9a-f]{64}$"),
    Field("citation", "string", "Full citation (APA 7)", required=True),
    Field("reference_kind", "string", "Footnote, reference-list entry, or source named in the prose", required=True, vocabulary=REFERENCE_KINDS),
    Field("label", "string", "Footnote number or citation key as printed"),
    Field("text", "string", "The entry as printed", required=True),
    # credited works: the bibliographic record of what an entry of the notes or reference list names
    Field("work_type", "string", "Kind of credited work (CSL type); empty where the entry repeats another (same_as)", vocabulary=WORK_TYPES),
    Field("title_english", "string", "The English translation of the title that the paper gives (title keeps the original script)"),
    Field("container_title_english", "string", "The English form of the container's name that the paper gives"),
    Field("series", "string", "Series the work is part of"),
    Field("edition", "string", "Edition, as a number"),
    Field("place", "string", "Place of publication, or where the event met, as printed"),
    Field("event", "string", "The conference or meeting the work belongs to"),
    Field("issued", "string", "Date of the work as the entry gives it: YYYY, YYYY-MM, YYYY-MM-DD, or START/END for the days of an event",
          pattern=ISO_DATE_PATTERN.rstrip("$") + r"(/\d{4}(-\d{2}(-\d{2})?)?)?$"),
    Field("issued_precision", "string", "How precisely the entry dates the work: day, month or year", vocabulary=PRECISIONS),
    Field("pinpoint", "string", "The pages or part of the work the entry points to, as printed ('p.58', 'pp.37-39', 'para. 1')"),
    Field("accessed", "string", "Date the entry says the work was accessed (ISO 8601)", pattern=ISO_DATE_PATTERN),
    Field("description", "string", "What the work is, in the paper's words, where the paper gives no title ('statistics', 'report')"),
    Field("same_as", "string", "The entry of the same paper that names the same work ('Ibid.', a note repeated in full); the work's record is there",
          pattern=ID_PATTERN),
    Field("source_date", "date", "Date of the credited work (its first day as known), not of the figure: see period_start/period_end for that"),
    Field("source_date_precision", "string", "How precisely the credited work is dated: day, month or year", vocabulary=PRECISIONS),
    # pairs of figures
    Field("difference", "float64", "value_b minus value_a", unit="see unit", required=True),
    Field("difference_tolerance", "float64", "Largest difference explained by the rounding of the printed digits of both figures",
          unit="see unit", required=True),
    Field("same_primary_source", "bool", "True where both figures credit the same work (their cited_source read alike, whatever the case, "
          "spacing or punctuation): two papers repeating one source do not corroborate each other", required=True),
    Field("undated", "bool", "True where neither figure has a period: the pair rests on undated statements, perhaps of papers years apart",
          required=True),
    Field("later_obs_id", "string", "Of two forecasts or targets, the one made later (figure b), by made at its precision; empty where "
          "the order cannot be told", pattern=ID_PATTERN),
    Field("order_note", "string", "How the order of the pair was told (made of each figure, at its precision), or why it cannot be",
          required=True),
    # claims
    Field("claim_kind", "string", "Kind of claim", required=True, vocabulary=CLAIM_KINDS),
    Field("stated_reported", "string", "The stated value as printed", required=True),
    Field("stated", "float64", "The stated value in base units", unit="see unit", required=True),
    Field("stated_tolerance", "float64", "Rounding half-width of the stated value's printed digits", unit="see unit", required=True),
    Field("parts", "string", "Observation ids of the figures used, in order", required=True),
    Field("part_values", "string", "The figures used: id = value as printed", required=True),
    Field("formula", "string", "How the value is computed from the package's figures", required=True),
    Field("recomputed", "float64", "The value recomputed from the figures used", unit="see unit"),
    Field("recomputed_low", "float64", "Lowest value the printed digits of the figures used allow", unit="see unit"),
    Field("recomputed_high", "float64", "Highest value the printed digits of the figures used allow", unit="see unit"),
    Field("verdict", "string", "holds, off or cannot_check", required=True, vocabulary=VERDICTS),
    # derived figures
    Field("bound_low", "float64", "Lowest value the printed digits of the figures used allow", unit="see unit", required=True),
    Field("bound_high", "float64", "Highest value the printed digits of the figures used allow", unit="see unit", required=True),
    Field("part_obs_id", "string", "The reported part", required=True),
    Field("share_obs_id", "string", "The reported share of the whole that the part is", required=True),
)

FIELDS: dict[str, Field] = {f.name: f for f in _FIELDS}
if len(FIELDS) != len(_FIELDS):
    raise ValueError("a field is declared twice in silkroad_data.metadata.fields")

# The fields that describe each figure of a pair (conflicts, corroborations), and how a side is named.
PAIR_SIDE_FIELDS = ("obs_id", "source_id", "reported", "qualifier", "status", "made", "value", "quote", "cited_source")
_SIDE_WORDS = {
    "obs_id": "Observation id of the {who} figure", "source_id": "Paper of the {who} figure",
    "reported": "The {who} figure as printed", "qualifier": "Qualifier of the {who} figure",
    "status": "Status of the {who} figure", "made": "When the {who} figure was made, if a forecast or target",
    "value": "The {who} figure in base units",
    "quote": "Verbatim quote of the {who} figure", "cited_source": "Primary source the paper credits for the {who} figure",
}


def pair_side(suffix: str, who: str) -> tuple[Field, ...]:
    """The fields of one figure of a pair: ``obs_id_a`` ... for the first, ``obs_id_b`` ... for the second."""
    return tuple(FIELDS[name].renamed(f"{name}_{suffix}", _SIDE_WORDS[name].format(who=who)) for name in PAIR_SIDE_FIELDS)
