"""The classes every declaration of the package is made of: terms, vocabularies, fields, resources, raw sections.

They are plain standard-library dataclasses, so importing the metadata costs nothing on the
load path. Each class knows how to describe itself to the tools downstream: a field gives its
Frictionless field descriptor; a resource its Table Schema and its Stata labels; a raw section
the reference of its keys. The Arrow schema is made in :mod:`silkroad_data.pipeline.write` and
the pandera schema in :mod:`silkroad_data.pipeline.validate`, from the same declarations.

Example
-------
>>> from silkroad_data.metadata import RESOURCES
>>> RESOURCES["trade"].primary_key
'obs_id'
>>> RESOURCES["trade"].field("value").type
'float64'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator

# One map from the package's type names to every tool's: nothing else spells types out.
FIELD_TYPES = {
    #  name       pandas     Frictionless  Arrow (pyarrow factory name)
    "string": ("str", "string", "string"),
    "float64": ("float64", "number", "float64"),
    "int64": ("Int64", "integer", "int64"),
    "bool": ("boolean", "boolean", "bool_"),
    "date": ("object", "date", "date32"),
}


# --- vocabularies -------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    """One code of a controlled vocabulary, with its meaning."""

    code: str
    description: str


@dataclass(frozen=True)
class Qualifier(Term):
    """How a paper qualifies a number, and what that means for the value.

    ``low_open``/``high_open``: the true value may lie anywhere below/above the printed one.
    ``words`` is how a citation says it; ``sign`` is how a chart marks it.
    """

    words: str = ""
    sign: str = ""
    low_open: bool = False
    high_open: bool = False

    def bounds(self, value: float, tolerance: float, high: float | None = None) -> tuple[float, float]:
        """The values a printed figure allows, as (low, high); open ends are infinite.

        >>> from silkroad_data.metadata import QUALIFIERS
        >>> QUALIFIERS["more_than"].bounds(40.0, 0.5)
        (39.5, inf)
        """
        top = high if high is not None else value
        return (-math.inf if self.low_open else value - tolerance, math.inf if self.high_open else top + tolerance)


@dataclass(frozen=True)
class Measure(Term):
    """A kind of measure; ``words`` label a chart axis, ``family`` says which measures share one."""

    words: str = ""
    family: str = ""


@dataclass(frozen=True)
class Unit(Term):
    """A base unit, with the label charts print and the values that are plausible in it.

    ``low``/``high`` bound plausible values for the measures in ``bounded`` (every measure
    where ``bounded`` is empty, none of those in ``unbounded``); ``whole`` requires whole numbers.
    """

    label: str = ""
    currency: bool = False
    low: float | None = None
    high: float | None = None
    whole: bool = False
    bounded: tuple[str, ...] = ()
    unbounded: tuple[str, ...] = ()
    why: str = ""

    def implausible(self, value: float, measure: str | None) -> str | None:
        """Why ``value`` cannot be a figure in this unit and measure, or None.

        >>> from silkroad_data.metadata import UNITS
        >>> UNITS["rank"].implausible(0.5, "rank")
        'a rank must be a whole number from 1'
        """
        if self.bounded and measure not in self.bounded or measure in self.unbounded:
            return None
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high) \
                or (self.whole and value != int(value)):
            return self.why
        return None


@dataclass(frozen=True)
class Concept(Term):
    """What a figure measures, whatever its area or paper: the definition is ``description``.

    ``unit_kind`` is the kind of its unit ('currency' for any currency), ``measure`` its measure;
    a rank concept says what is ``ranked`` among what (``among``); ``note`` warns where figures
    of different papers may not be comparable.
    """

    unit_kind: str = ""
    measure: str = ""
    ranked: str = ""
    among: str = ""
    note: str = ""


@dataclass(frozen=True)
class Scale(Term):
    """A scale word of printed numbers and its power of ten."""

    power: int = 0


@dataclass(frozen=True)
class Vocabulary:
    """A named, ordered set of terms: the only values a column (or raw key) may take."""

    name: str
    description: str
    terms: tuple[Term, ...]

    def __post_init__(self):
        object.__setattr__(self, "_by_code", {t.code: t for t in self.terms})

    def __getitem__(self, code: str) -> Term:
        return self._by_code[code]  # type: ignore[attr-defined]

    def __contains__(self, code) -> bool:
        return isinstance(code, str) and code in self._by_code  # type: ignore[attr-defined]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return len(self.terms)

    def get(self, code, default=None):
        return self._by_code.get(code, default) if isinstance(code, str) else default  # type: ignore[attr-defined]

    def codes(self) -> list[str]:
        """The codes, sorted (as constraints and value labels list them)."""
        return sorted(self._by_code)  # type: ignore[attr-defined]

    def items(self):
        return ((t.code, t.description) for t in self.terms)


# --- fields and resources -----------------------------------------------------------

@dataclass(frozen=True)
class Field:
    """One column, declared once: type, description, unit and constraints."""

    name: str
    type: str  # a key of FIELD_TYPES
    description: str
    unit: str | None = None
    required: bool = False
    vocabulary: Vocabulary | None = None
    pattern: str | None = None

    def __post_init__(self):
        if self.type not in FIELD_TYPES:
            raise ValueError(f"field {self.name!r}: unknown type {self.type!r}; use one of {', '.join(FIELD_TYPES)}")

    @property
    def pandas_dtype(self) -> str:
        return FIELD_TYPES[self.type][0]

    def frictionless(self, unique: bool = False) -> dict:
        """The Frictionless Table Schema descriptor of this field."""
        f = {"name": self.name, "type": FIELD_TYPES[self.type][1], "description": self.description}
        if self.unit:
            f["unit"] = self.unit
        constraints: dict = {}
        if self.required:
            constraints["required"] = True
        if self.vocabulary is not None:
            constraints["enum"] = self.vocabulary.codes()
        if self.pattern:
            constraints["pattern"] = self.pattern.lstrip("^").rstrip("$")  # Table Schema patterns are anchored
        if unique:
            constraints["unique"] = True
        if constraints:
            f["constraints"] = constraints
        if self.vocabulary is not None:
            f["categories"] = self.categories()
        return f

    def categories(self) -> list[dict]:
        """The vocabulary as Table Schema v2 ``categories``: each code with its meaning as the label.

        >>> from silkroad_data.metadata import FIELDS
        >>> FIELDS["status"].categories()[0]
        {'value': 'reported', 'label': 'a figure the paper reports as observed'}
        """
        return [{"value": code, "label": meaning} for code, meaning in self.vocabulary.items()] if self.vocabulary else []

    def stata_label(self, limit: int = 80) -> str:
        """The description as a Stata variable label: at most ``limit`` characters, cut at a word.

        >>> Field("x", "string", "Primary source the paper credits for the figure").stata_label(30)
        'Primary source the paper...'
        """
        if len(self.description) <= limit:
            return self.description
        cut = self.description[: limit - 3].rsplit(" ", 1)[0].rstrip(" ,;:(")
        return cut + "..."

    def renamed(self, name: str, description: str) -> "Field":
        """The same field under another name (the two sides of a pair of figures)."""
        return Field(name, self.type, description, self.unit, self.required, self.vocabulary, self.pattern)


@dataclass(frozen=True)
class ForeignKey:
    """Values of ``fields`` are values of ``reference`` in resource ``resource``."""

    fields: str
    resource: str
    reference: str

    def frictionless(self) -> dict:
        return {"fields": [self.fields], "reference": {"resource": self.resource, "fields": [self.reference]}}


@dataclass(frozen=True)
class Resource:
    """One table: its fields in order, primary key and foreign keys."""

    name: str
    kind: str  # observations | projects | sources | references | derived
    description: str
    fields: tuple[Field, ...]
    primary_key: str
    foreign_keys: tuple[ForeignKey, ...] = ()

    def __post_init__(self):
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"resource {self.name!r} declares a field twice")
        if self.primary_key not in names:
            raise ValueError(f"resource {self.name!r}: primary key {self.primary_key!r} is not one of its fields")
        for fk in self.foreign_keys:
            if fk.fields not in names:
                raise ValueError(f"resource {self.name!r}: foreign key {fk.fields!r} is not one of its fields")

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")

    def unique(self, f: Field) -> bool:
        return f.name == self.primary_key

    def required(self, f: Field) -> bool:
        return f.required or f.name == self.primary_key

    def table_schema(self) -> dict:
        """The Frictionless Table Schema: fields, primary key, foreign keys."""
        out = {"fields": [f.frictionless(self.unique(f)) for f in self.fields], "primaryKey": [self.primary_key],
               "missingValues": [""]}
        if self.foreign_keys:
            out["foreignKeys"] = [fk.frictionless() for fk in self.foreign_keys]
        return out



# --- raw records -------------------------------------------------------------

@dataclass(frozen=True)
class RawKey:
    """One key of a raw record: whether it is required, and the column it feeds.

    Where ``column`` is given and ``description`` is not, the key is described by its column.
    """

    name: str
    required: bool = False
    column: str | None = None
    description: str = ""
    example: str = ""


@dataclass(frozen=True)
class RawSection:
    """One section of a raw file (``observations``, ``references``, ...) and the keys of its records."""

    name: str
    description: str
    keys: tuple[RawKey, ...]
    resource: str | None = None  # the resource whose columns the keys feed

    @property
    def allowed(self) -> dict[str, bool]:
        """``{key: required}``, the form the raw-record reader checks."""
        return {k.name: k.required for k in self.keys}

    def key(self, name: str) -> RawKey:
        for k in self.keys:
            if k.name == name:
                return k
        raise KeyError(name)
