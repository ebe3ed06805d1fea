"""Metadata: every field, table, vocabulary and raw-record key of the package, declared once.

On the pattern of PUDL's ``pudl.metadata``: :mod:`.fields` declares each column,
:mod:`.resources` each table (its columns, primary and foreign keys), :mod:`.vocabularies` the
controlled vocabularies with their behaviour, :mod:`.records` the raw-record format,
:mod:`.rows` the kinds of rows the build makes from it, and :mod:`.dataset` the dataset's own
description. Validation, the Parquet schema and metadata,
``datapackage.json``, the codebook, the exports' labels, the raw-record reader and the CLI
all read from here. Standard library only, so importing it keeps the load path light.

Example
-------
>>> from silkroad_data.metadata import RESOURCES, VOCABULARIES
>>> RESOURCES["trade"].field("unit").vocabulary is VOCABULARIES["unit"]
True
"""

from .areas import areas
from .classes import FIELD_TYPES, Field, ForeignKey, Measure, Qualifier, RawKey, RawSection, Resource, Scale, Term, Unit, Vocabulary
from .fields import FIELDS, ID_PATTERN, QUOTE_MAX_CHARS, SERIES_PATTERN, SOURCE_ID_PATTERN
from .records import RAW_SECTIONS
from .resources import OBSERVATION_TABLES, RESOURCES
from .vocabularies import (
    CLAIM_KINDS, EXCLUSION_REASONS, MEASURES, QUALIFIERS, REFERENCE_KINDS, SCALES, SOURCE_TYPES, STATUSES, THEMES, UNITS,
    VERDICTS, VOCABULARIES, WORK_TYPES,
)

__all__ = [
    "FIELD_TYPES", "FIELDS", "RESOURCES", "RAW_SECTIONS", "VOCABULARIES", "OBSERVATION_TABLES", "Field", "ForeignKey",
    "Measure", "Qualifier", "RawKey", "RawSection", "Resource", "Scale", "Term", "Unit", "Vocabulary", "areas",
    "CLAIM_KINDS", "EXCLUSION_REASONS", "MEASURES", "QUALIFIERS", "REFERENCE_KINDS", "SCALES", "SOURCE_TYPES", "STATUSES",
    "THEMES", "UNITS", "VERDICTS", "WORK_TYPES", "ID_PATTERN", "SERIES_PATTERN", "SOURCE_ID_PATTERN", "QUOTE_MAX_CHARS",
]
