"""The kinds of rows the build makes from raw records: where each comes from and where it goes.

Each kind names the raw section its records come from (:mod:`.records`), whether it makes one
row per paper or one per record, the published table whose columns type its rows (``trade``
stands for every theme table, a row's ``table`` column choosing its own), the private
columns the build keeps for its messages and rules (dropped before writing), and whether its
rows are held as typed columns or, being a handful per paper, as rows. The pipeline builds
and checks every kind declared here, in this order, through the functions registered for it
(:mod:`silkroad_data.pipeline.kinds`): a new kind is a declaration here plus its own builder
and rules.

Example
-------
>>> from silkroad_data.metadata.rows import ROW_KINDS
>>> ROW_KINDS["observations"].section, ROW_KINDS["observations"].table, ROW_KINDS["observations"].per
('observations', 'trade', 'record')
>>> ROW_KINDS["sources"].per
'paper'
"""

from __future__ import annotations

from dataclasses import dataclass

from .resources import OBSERVATION_TABLES


@dataclass(frozen=True)
class RowKind:
    """One kind of normalized rows (see the module's description)."""

    name: str
    section: str  # the raw section (metadata.records) its records come from
    per: str  # "paper": one row per raw file; "record": one per record of the section
    table: str | None = None  # the published table whose columns type the rows; None: kept as rows
    private: tuple[tuple[str, str], ...] = ()  # (name, field type) of the build's own columns
    published: tuple[str, ...] = ()  # the tables its rows are published in, as they are
    split_by: str | None = None  # the column that names each row's published table, when several

    @property
    def columns(self) -> bool:
        """Held as typed Arrow columns (True) or as a few rows (False)."""
        return self.table is not None


_FILE = (("_file", "string"),)

_KINDS = (
    RowKind("sources", "source", "paper", "sources", _FILE, ("sources",)),
    RowKind("references", "references", "record", "references", _FILE, ("references",)),
    RowKind("observations", "observations", "record", "trade",
            _FILE + (("_printed_value", "float64"), ("_printed_high", "float64")), OBSERVATION_TABLES, split_by="table"),
    RowKind("projects", "projects", "record", "projects", _FILE + (("_printed_value", "float64"),), ("projects",)),
    RowKind("claims", "claims", "record"),
    RowKind("implied", "implied", "record"),
)

ROW_KINDS: dict[str, RowKind] = {k.name: k for k in _KINDS}
