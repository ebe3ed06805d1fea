"""Errors written for the person who reads them: what went wrong, where, what to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in the raw records: file, record id, field and message."""

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.record:
            where += f": record {self.record}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """A table, data folder or argument that cannot be used as asked: missing, damaged, unknown, of the wrong
    kind, or not a place to write. The one error a user of the package meets: ``except sd.DataError`` catches
    every refusal (and, as it is a ``ValueError``, so does ``except ValueError``).

    >>> import silkroad_data as sd
    >>> try:
    ...     sd.load("no_such_table")
    ... except sd.DataError as exc:
    ...     print(type(exc).__mro__[1].__name__)
    ValueError
    """


class BuildError(DataError):
    """The raw records have problems; nothing was written. Lists every problem found."""

    def __init__(self, problems: list[Problem], where: str = "the raw records"):
        self.problems = sorted(set(problems))
        lines = [f"{len(self.problems)} problem(s) in {where}; no table was written:"]
        lines += [f"  - {p}" for p in self.problems]
        lines.append("Fix the records named above and run `silkroad-data build` again.")
        super().__init__("\n".join(lines))
