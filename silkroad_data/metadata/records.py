"""The raw-record format: the sections of a raw file, their keys, and the column each key feeds.

The reader checks records against these keys, normalization turns them into columns, and
``raw/README.md`` includes the reference generated from them (``silkroad-data docs``).

Example
-------
>>> from silkroad_data.metadata import RAW_SECTIONS
>>> RAW_SECTIONS["observations"].allowed["quote"]
True
"""

from __future__ import annotations

from .classes import RawKey, RawSection

K = RawKey

SOURCE = RawSection("source", "The bibliographic record of the paper (one mapping, not a list).", (
    K("id", True, "source_id", "Short id, [a-z0-9]+; prefixes every id in the file", "lou2019"),
    K("type", True, "type", example="article-journal"),
    K("authors", True, "authors", "List of {family, given} mappings; [] where the text names no author", "[{family: Lou, given: Xiangfei}]"),
    K("title", False, "title"),
    K("container_title", False, "container_title", example="China International Studies"),
    K("publisher", False, "publisher"),
    K("year", False, "year", "Whole year of publication, 1900-2100", "2019"),
    K("volume", False, "volume"),
    K("issue", False, "issue", example='"4"'),
    K("pages", False, "pages", example='"110-126"'),
    K("doi", False, "doi", example="10.5281/zenodo.6186909"),
    K("url", False, "url"),
    K("language", False, "language", example="en"),
    K("text_sha256", True, "text_sha256"),
    K("note", False, "note", "What was confirmed, where, and what stays unconfirmed"),
), resource="sources")

REFERENCES = RawSection("references", "Entries of the paper's own notes or reference list (and sources its prose names) that a figure is credited to, each with the record of the work it credits.", (
    K("id", True, "reference_id", "<source_id>.fn<N> for notes, <source_id>.ref_<slug> for reference-list entries, "
      "<source_id>.src_<slug> for sources named in prose", "lou2019.fn16"),
    K("kind", True, "reference_kind", example="footnote"),
    K("label", False, "label", example='"16"'),
    K("text", True, "text", "The entry as printed, verbatim (for kind prose: the paper's words naming the source)"),
    K("url", False, "url"),
    # The credited work's record: only what the entry (or the paper's text around it) gives; what is read
    # from elsewhere (a date from the URL's path) is said in `note`.
    K("type", False, "work_type", "A work_type code; required unless same_as is given", "article-newspaper"),
    K("authors", False, "authors", "List of persons {family, given} and organisations {name}; left out where the entry names none",
      "[{family: Rodríguez, given: Andrés}]"),
    K("title", False, "title", "As printed, in its original script and language", "推动中拉经贸合作迈上新台阶"),
    K("title_english", False, "title_english", "The translation the paper gives, without its brackets"),
    K("container_title", False, "container_title", "Newspaper, site, blog, journal or book", "Nearshore Americas"),
    K("container_title_english", False, "container_title_english"),
    K("series", False, "series", example="UNCTAD Technical Notes on ICT for Development"),
    K("edition", False, "edition", example='"1"'),
    K("publisher", False, "publisher"),
    K("place", False, "place", example="Santiago, Chile"),
    K("event", False, "event"),
    K("issued", False, "issued", "YYYY, YYYY-MM or YYYY-MM-DD, to the precision the entry gives (START/END for an event's days); "
      "feeds issued_precision and the observations' source_date", '"2018-12-18"'),
    K("volume", False, "volume"),
    K("issue", False, "issue", example='"3"'),
    K("pages", False, "pages", "The work's own pages (a journal article's range, a newspaper's page)", '"47–70"'),
    K("pinpoint", False, "pinpoint", example="p.58"),
    K("doi", False, "doi"),
    K("accessed", False, "accessed", example='"2022-02-16"'),
    K("language", False, "language", "Language of the title (ISO 639-1)", "es"),
    K("description", False, "description", example="statistics"),
    K("same_as", False, "same_as", example="malena.fn33"),
    K("note", False, "note", "What was read from elsewhere than the entry (the URL, the text), and what the entry leaves out"),
), resource="references")

OBSERVATIONS = RawSection("observations", "One record per figure.", (
    K("id", True, "obs_id", "<source_id>.<slug>; never renumbered, never reused", "lou2019.trade_total_2014"),
    K("table", True, "table", example="trade"),
    K("series_id", True, "series_id", example="chn_lcn_trade_total"),
    K("concept", True, "concept_id", "A concept of silkroad_data/metadata/concepts.py: what is measured, whatever the area", "trade_total"),
    K("statistic", True, "statistic", "true for a quantity about the world, false for a number that structures the text or a threshold "
      "(see \"Statistic\" above)", "true"),
    K("print_group", False, "print_group", "<source_id>.<slug> shared by the figures the paper prints once for several areas",
      "liu2025.printed_platform_penetration_bra_chl"),
    K("indicator", True, "indicator", example="China-Latin America trade in goods, total"),
    K("subject", False, "subject", "Name of the subject, only where it has no area code (a company, a platform)"),
    K("subject_code", False, "subject_code", example="CHN"),
    K("counterpart", False, "counterpart", "Name of the counterpart, only where it has no area code"),
    K("counterpart_code", False, "counterpart_code", example="LCN"),
    K("period", False, None, "YYYY, YYYY-MM, YYYY-MM-DD or START/END (ISO 8601); left out where the paper gives no period; "
      "feeds period_start and period_end", '"2014"'),
    K("precision", False, "period_precision", "How precisely the paper dates a figure at a single day: month, quarter, half or "
      "year ('as of mid-2019' is period 2019-06-30, precision half); a period's own form gives it otherwise", "half"),
    K("period_label", False, "period_label", example="in 2014"),
    K("reported", True, "reported", example="US$263.6 billion"),
    K("value", True, "value", "The number in `reported`, before scaling; an exact fraction may be written as a quoted \"a/b\"", "263.6"),
    K("value_high", False, "value_high", "Upper end of a range (qualifier: range), before scaling"),
    K("scale", False, "printed_scale", "Scale word of `reported` (a scale vocabulary code); left out for none", "billion"),
    K("unit", True, "unit", example="USD"),
    K("measure", True, "measure", example="level_flow"),
    K("qualifier", True, "qualifier", example="exact"),
    K("comparator", False, "comparator", "Required for measure threshold", '">="'),
    K("alternative_to", False, "alternative_to", "The id of the other criterion, both ways", "liu2025.taobao_village_threshold_stores"),
    K("status", True, "status", example="reported"),
    K("made", False, "made", "Required for status forecast and target, unless `note` says `Made: not dated.` (nothing dates it): when "
      "it was made, to the precision known, never after the end of its period (see \"Made\" above)", '"2018-12"'),
    K("quote", True, "quote", "Verbatim excerpt of the paper containing `reported`, at most 300 characters"),
    K("section", False, "section"),
    K("footnote", False, "footnote", example='"3"'),
    K("reference", False, "reference_id", "An id of this file's `references`", "lou2019.fn16"),
    K("cited_source", False, "cited_source"),
    K("note", False, "note"),
    K("correction", False, "correction"),
), resource="trade")

EXCLUSIONS = RawSection("exclusions", "Numbers of the paper's text that are not figures, each with a reason.", (
    K("reason", True, None, "An exclusion_reason vocabulary code", "event_date"),
    K("pattern", False, None, "A Python regular expression over the raw text (give pattern or context)", r"'<sup>\d+</sup>'"),
    K("context", False, None, "A verbatim passage of the text, as a quote is written (give pattern or context)"),
    K("of", False, None, "For reason repeat: the observation that captures the figure"),
    K("numbers", False, None, "Only these numbers of the context, as printed; all if left out", '["263.6"]'),
    K("note", False, None, "Why, where it is not obvious"),
))

PROJECTS = RawSection("projects", "One record per row of a deal table, exactly as printed.", (
    K("id", True, "project_id", example="malena.cgit_2009_01_huawei"),
    K("date", False, "date", "YYYY-MM of the deal", '"2009-01"'),
    K("date_label", True, "date_label", example="Jan. 2009"),
    K("investor", True, "investor", example="Huawei"),
    K("amount_reported", False, "amount_reported", example='"$240"'),
    K("amount", False, "amount", "The amount in the table's unit, before scaling", "240"),
    K("scale", False, "printed_scale", "Scale word of the table's amounts", "million"),
    K("unit", True, "unit", example="USD"),
    K("share_reported", False, "share_reported", example="n/a"),
    K("share", False, "share"),
    K("partner", False, "partner"),
    K("sector", False, "sector"),
    K("subsector", False, "subsector"),
    K("country_code", True, "country_code", example="CRI"),
    K("greenfield", False, "greenfield", "true or false"),
    K("quote", True, "quote"),
    K("section", False, None, "Section heading above the table, as printed; feeds locator"),
    K("reference", False, "reference_id"),
    K("cited_source", False, "cited_source"),
    K("note", False, "note"),
), resource="projects")

CLAIMS = RawSection("claims", "Arithmetic claims of the paper whose parts the package holds, recomputed by the audit.", (
    K("id", True, "claim_id", "<source_id>.claim_<slug>", "clabri.claim_trade_sum_2019"),
    K("kind", True, "claim_kind", example="sum"),
    K("claim", True, "obs_id", "The observation stating the result"),
    K("parts", True, "parts", "List of observation ids: [earlier, later], [part, whole], or the parts of a sum"),
    K("note", False, "note"),
))

IMPLIED = RawSection("implied", "Wholes a reader would derive from a reported part and its reported share (part / share x 100).", (
    K("id", True, "derived_id", example="lou2019.implied_chn_lcn_fdi_stock_2016"),
    K("indicator", True, "indicator"),
    K("part", True, "part_obs_id", "The reported part (an observation id)"),
    K("share", True, "share_obs_id", "Its reported share of the whole, in percent (an observation id)"),
    K("note", False, "note"),
))

# The sections of a raw file, in the order a file lists them.
RAW_SECTIONS: dict[str, RawSection] = {s.name: s for s in (SOURCE, REFERENCES, OBSERVATIONS, EXCLUSIONS, PROJECTS, CLAIMS, IMPLIED)}
