"""What the lookup commands print. Shared by the typer CLI and the fast path in :mod:`medkg.app.entry`, so a lookup
prints the same thing whichever way it was parsed."""
from __future__ import annotations

import sys
from typing import Any

from medkg.base.rows import Rows


def note(text: str) -> None:
    print(text, file=sys.stderr)


def emit(rows: Rows, fmt: str, title: str | None = None) -> None:
    from medkg.app import output
    from medkg.base.errors import UsageError

    if fmt not in output.FORMATS:
        raise UsageError(f"--format: expected one of {' | '.join(output.FORMATS)}, got {fmt!r}")
    output.write(rows, fmt, title=title)


def select(rows: Rows, columns: list[str]) -> Rows:
    return Rows(columns, [{c: r[c] for c in columns} for r in rows])


def who_built(kg: Any, name: str, fmt: str) -> None:
    rows = kg.who_built(name)
    if fmt != "table":
        return emit(rows, fmt)
    first = rows[0]
    date = f" · released {first['release_date']}" if first["release_date"] else ""
    emit(select(rows, ["role", "org_id", "org", "org_type"]), "table",
         title=f"{first['model']} ({first['model_id']}) · {first['model_type']}{date}")
    if first["base_models"]:
        print(f"built on: {first['base_models']}")
    print(f"source:   {first['source_url']}")


def built_by(kg: Any, name: str, fmt: str) -> None:
    rows = kg.built_by(name)
    if not rows:
        note(f"{name!r} is in the graph but developed or partnered in no model")
    emit(rows, fmt)
