"""The controlled vocabularies, each term with its meaning and, where it has one, its behaviour.

A qualifier knows the interval of values it allows, its words in a citation and its sign on a
chart; a measure its words on an axis; a unit its chart label and the values plausible in it;
a scale word its power of ten. Nothing downstream keeps its own copy of these.

Example
-------
>>> from silkroad_data.metadata import QUALIFIERS, SCALES, UNITS
>>> QUALIFIERS["approximately"].sign, SCALES["billion"].power, UNITS["USD"].label
('≈', 9, 'US$')
"""

from __future__ import annotations

from .classes import Measure, Qualifier, Scale, Term, Unit, Vocabulary

MEASURES = Vocabulary("measure", "Kind of measure", (
    Measure("level_stock", "a stock at a date (FDI stock, users at the end of a year, agreements signed so far)", "stock at a date", "level_stock"),
    Measure("level_flow", "a flow over the period (trade in a year, sales, investment in a year)", "flow in the period", "level_flow"),
    Measure("level", "a level that is neither stock nor flow: a price, a speed, a length, a duration", "level", "level"),
    Measure("change", "an absolute change over the period", "change", "change"),
    Measure("growth_rate", "percent change over one period (year on year unless the label says otherwise)", "growth over the previous period", "growth"),
    Measure("average_annual_growth", "average annual growth rate over a span of years", "average annual growth", "growth"),
    Measure("share", "a part of a whole: share, penetration or coverage rate, survey share", "share", "share"),
    Measure("rank", "a position in a ranking ('second largest trading partner'; 1 is first)", "rank", "rank"),
    Measure("ordinal", "an ordinal in a sequence or a name, not a ranking ('a fourth bridge', 'the third visit')", "ordinal", "ordinal"),
    Measure("multiple", "a multiple of another quantity ('34-fold', 'twice')", "multiple", "multiple"),
    Measure("index_score", "a score on a composite index", "score", "index_score"),
    Measure("threshold", "a value that defines a category or a criterion", "threshold", "threshold"),
))

QUALIFIERS = Vocabulary("qualifier", "How the paper qualifies the number", (
    Qualifier("exact", "stated without qualification"),
    Qualifier("approximately", "'about', 'around', 'some', 'roughly'", "about ", "≈"),
    Qualifier("more_than", "'over', 'more than', 'above'", "more than ", ">", high_open=True),
    Qualifier("less_than", "'less than', 'under', 'below'", "less than ", "<", low_open=True),
    Qualifier("nearly", "'nearly', 'close to', 'almost'", "nearly ", "≲", low_open=True),
    Qualifier("at_least", "'at least'", "at least ", "≥", high_open=True),
    Qualifier("at_most", "'up to', 'at most'", "up to ", "≤", low_open=True),
    Qualifier("range", "a range: value is the lower end, value_high the upper end", "range "),
))

STATUSES = Vocabulary("status", "Reported, estimate, forecast or target", (
    Term("reported", "a figure the paper reports as observed"),
    Term("estimate", "an estimate"),
    Term("forecast", "a forecast or projection"),
    Term("target", "a goal or plan"),
))

# Scale words of printed numbers, as powers of ten.
SCALES = Vocabulary("scale", "Scale word of a printed number", tuple(
    Scale(code, f"10^{power}", power) for code, power in (
        ("thousand", 3), ("ten_thousand", 4), ("million", 6), ("hundred_million", 8), ("billion", 9), ("trillion", 12))
))

_MONEY = dict(currency=True, low=0, bounded=("level_stock", "level_flow", "level"), why="a money level cannot be negative")
UNITS = Vocabulary("unit", "Base unit of the values", (
    Unit("USD", "US dollars", "US$", **_MONEY),
    Unit("CNY", "Chinese yuan renminbi", "CNY", **_MONEY),
    Unit("BRL", "Brazilian reais", "R$", **_MONEY),
    Unit("EUR", "euros", "€", **_MONEY),
    Unit("MXN", "Mexican pesos", "MXN", **_MONEY),
    Unit("ARS", "Argentine pesos", "ARS", **_MONEY),
    Unit("percent", "percent (0-100 for shares; a share in words is in percent too: 'one third' is 33.33...)", "percent", low=0, high=100, bounded=("share",),
         why="a share in percent must lie between 0 and 100"),
    Unit("percentage_points", "percentage points", "percentage points"),
    Unit("count", "a count of things (what is counted is in the indicator)", "count", low=0, unbounded=("change",),
         why="a count cannot be negative"),
    Unit("rank", "a position in a ranking (1 is first)", "rank", low=1, whole=True, why="a rank must be a whole number from 1"),
    Unit("ordinal", "the n-th of a sequence (1 is the first)", "ordinal", low=1, whole=True, why="an ordinal must be a whole number from 1"),
    Unit("multiple", "times ('34-fold' is 34)", "multiple"),
    Unit("index_points", "points on an index scale", "index_points"),
    Unit("km", "kilometres", "km"),
    Unit("m", "metres", "m"),
    Unit("MW", "megawatts", "MW"),
    Unit("Mbps", "megabits per second", "Mbps"),
    Unit("Gbps", "gigabits per second", "Gbps"),
    Unit("Tbps", "terabits per second", "Tbps"),
    Unit("years", "years", "years"),
    Unit("months", "months", "months"),
    Unit("days", "days", "days"),
    Unit("hours", "hours", "hours"),
))

EXCLUSION_REASONS = Vocabulary("exclusion_reason", "Why a number of a paper's text is not a figure", (
    Term("event_date", "a date that times an event, not a quantity"),
    Term("footnote_marker", "a footnote marker"),
    Term("bibliographic", "reference entries, volumes, pages, DOIs, URLs, ORCID ids, received and access dates"),
    Term("name", "digits inside a name ('G20', '5G', 'eLAC2018', '13th Five-Year Plan')"),
    Term("repeat", "a figure already captured by another observation"),
    Term("structure", "section and list numbering, JEL codes, page headers"),
    Term("phrase", "a number word that counts nothing: 'one of the', 'at first', 'on the one hand', 'second to none'"),
))

CLAIM_KINDS = Vocabulary("claim_kind", "Kind of arithmetic claim", (
    Term("sum", "the stated total equals the sum of its parts"),
    Term("difference", "the stated change equals the later level minus the earlier one"),
    Term("growth", "the stated growth rate (percent) connects the earlier and the later level"),
    Term("average_growth", "the stated average annual growth (percent) connects two levels over the years between them"),
    Term("share", "the stated share (percent) is the part over the whole"),
    Term("multiple", "the stated multiple is the later level over the earlier one"),
))

VERDICTS = Vocabulary("verdict", "Verdict of a recomputed claim", (
    Term("holds", "the recomputed value agrees with the stated one within the rounding of the printed digits"),
    Term("off", "the recomputed value disagrees with the stated one beyond the rounding of the printed digits"),
    Term("cannot_check", "a figure used is open-ended ('more than', 'nearly'), so no verdict"),
))

SOURCE_TYPES = Vocabulary("source_type", "Kind of publication (CSL type); each citation style formats it as its guide does", (
    Term("article-journal", "an article in a journal"),
    Term("post-weblog", "a post on a blog (container_title: the blog; publisher: who runs it)"),
    Term("webpage", "a page on a website (container_title: the site's name, where known)"),
    Term("report", "a report (publisher: the issuing body; issue: its number)"),
    Term("working-paper", "a working paper (publisher: the issuing body; issue: its number)"),
    Term("chapter", "a chapter in an edited book (container_title: the book)"),
    Term("book", "a book"),
))

PRECISIONS = Vocabulary("period_precision", "How precisely the paper gives a figure's date or period", (
    Term("day", "to the day ('on 30 June 2021', 'at the end of 2015')"),
    Term("month", "to the month ('as of June 2021', 'January-November 2019')"),
    Term("quarter", "to a quarter ('by late 2019', 'in the third quarter')"),
    Term("half", "to a half year ('mid-2019', 'the first half of 2021')"),
    Term("year", "to the year ('in 2019', 'by 2023')"),
))

FREQUENCIES = Vocabulary("freq", "Kind of period of a figure's time key, coded as SDMX's frequency codelist (CL_FREQ)", (
    Term("A", "a calendar year ('2019')"),
    Term("S", "a calendar half year ('2019-S1')"),
    Term("Q", "a calendar quarter ('2019-Q4')"),
    Term("M", "a calendar month ('2019-03')"),
    Term("D", "a date: a stock, a count so far or a one-day event ('2016-12-31'; period_precision says how precisely it is known)"),
    Term("_O", "any other span: part of a year, several years, some days ('2019-01/2019-11', '2001/2016')"),
))

COMPARATORS = Vocabulary("comparator", "Direction of a threshold or criterion: a case meets it when its own value stands so to the value", (
    Term(">", "above the value ('above 0.75', 'more than')"),
    Term(">=", "at or above the value ('reaches', 'at least')"),
    Term("<", "below the value ('below 0.25', 'under')"),
    Term("<=", "at or below the value ('up to', 'at most', 'the top 20')"),
))

REFERENCE_KINDS = Vocabulary("reference_kind", "Kind of entry a figure is credited to", (
    Term("footnote", "a footnote or endnote"),
    Term("reference_list", "an entry of the reference list"),
    Term("prose", "a source the paper names in its text or in a table's source line, with no note or list entry "
         "(text: the paper's words naming it)"),
))

# The kinds of credited work, by their CSL type: each style formats a type as its guide does
# (APA 7 chapter 10, Chicago 17th ed. chapter 15), and the exchange formats map it to their own types.
WORK_TYPES = Vocabulary("work_type", "Kind of credited work (CSL type)", (
    Term("article-journal", "an article in a scholarly journal (container_title: the journal)"),
    Term("article-magazine", "an article in a magazine (container_title: the magazine)"),
    Term("article-newspaper", "an article in a newspaper (container_title: the newspaper; pages: its page)"),
    Term("webpage", "a page or news story on a website, news agencies' sites included (container_title: the site)"),
    Term("post-weblog", "a post on a blog (container_title: the blog)"),
    Term("report", "a report, survey or statistical publication (publisher: the issuing body where it is not the author; series)"),
    Term("dataset", "a dataset, database or statistics (title, or description where the paper gives no title)"),
    Term("paper-conference", "a document of a conference (event: the conference; place: where it met)"),
    Term("book", "a book"),
    Term("chapter", "a chapter in an edited book (container_title: the book)"),
    Term("speech", "a speech or a public statement with a known occasion"),
    Term("interview", "an interview"),
    Term("document", "a statement or source the paper names without any publication (description: what it is)"),
))

THEMES = Vocabulary("table", "Theme table of a figure", (
    Term("trade", "Trade: China-Latin America volumes, exports, imports, growth, shares and ranks, and related trade figures"),
    Term("investment", "Direct investment, loans, funds and investment amounts"),
    Term("ecommerce", "E-commerce markets, platforms, online shoppers, payments and parcels"),
    Term("digital_infrastructure", "Internet and mobile access, 4G/5G coverage, cables, satellites, data centres"),
    Term("macro", "GDP, population, digital-economy size, consumption and growth; transport and energy infrastructure (roads, railways, power plants) and energy policy"),
    Term("cooperation", "Agreements, forums, visits, training, students, institutes and programmes"),
))

# Units that measure the same kind of quantity: a concept holds figures of one kind (any currency).
_KINDS = {"years": "duration", "months": "duration", "days": "duration", "hours": "duration", "km": "length", "m": "length",
          "Mbps": "bandwidth", "Gbps": "bandwidth", "Tbps": "bandwidth"}


def unit_kind(unit: str) -> str:
    """The kind of quantity a unit measures: 'currency' for every currency, 'duration', 'length', or the unit itself."""
    if unit in UNITS and UNITS[unit].currency:
        return "currency"
    return _KINDS.get(unit, unit)


from .concepts import CONCEPTS  # noqa: E402  (declared in a module of their own: they are many)

# Every vocabulary, by name, in the order the codebook lists them.
VOCABULARIES: dict[str, Vocabulary] = {v.name: v for v in (
    CONCEPTS, THEMES, MEASURES, QUALIFIERS, COMPARATORS, STATUSES, UNITS, SCALES, PRECISIONS, FREQUENCIES, SOURCE_TYPES, WORK_TYPES, REFERENCE_KINDS, EXCLUSION_REASONS,
    CLAIM_KINDS, VERDICTS)}
