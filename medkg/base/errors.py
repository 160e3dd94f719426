"""Errors that medkg reports to people: one line each, no traceback.

>>> str(RegistryError("models.csv", 3, "release_date", "a date like 2023-05", "2023/13"))
"models.csv: row 3, column 'release_date': expected a date like 2023-05, got '2023/13'"
"""
from __future__ import annotations

from dataclasses import dataclass


class MedkgError(Exception):
    """Base class for user-facing errors; the CLI prints ``str(error)`` and exits with ``exit_code``."""

    exit_code = 2


class UsageError(MedkgError):
    """Bad arguments or options."""


class NotFound(MedkgError):
    """No model or organization matched; ``suggestions`` holds the closest names."""

    exit_code = 3

    def __init__(self, what: str, name: str, suggestions: list[str] | None = None) -> None:
        self.what, self.name, self.suggestions = what, name, suggestions or []
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no {what} matches {name!r}.{hint}")


class StoreError(MedkgError):
    """The store cannot be opened, built or swapped."""

    exit_code = 1


class ServerError(MedkgError):
    """A remote server (Neo4j, a SPARQL endpoint) refused or failed."""

    exit_code = 4


class QueryError(MedkgError):
    """A query was refused (write, SERVICE) or failed in the engine."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a registry, located by file, row and column."""

    file: str
    row: int | None
    column: str | None
    expected: str
    got: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f": row {self.row}"
        if self.column:
            where += f", column {self.column!r}" if self.row is not None else f": column {self.column!r}"
        got = f", got {_shorten(self.got)!r}" if self.got is not None else ""
        return f"{where}: expected {self.expected}{got}"


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class RegistryError(MedkgError):
    """A registry failed validation. ``problems`` lists every problem found (in file, row order)."""

    def __init__(self, file: str, row: int | None = None, column: str | None = None,
                 expected: str = "", got: str | None = None, *, problems: list[Problem] | None = None) -> None:
        self.problems = problems or [Problem(file, row, column, expected, got)]
        super().__init__("\n".join(str(p) for p in self.problems))
