"""One set of rows, several renderings: a rich table for people; json, csv and markdown for programs."""
from __future__ import annotations

import csv
import json
import sys
from typing import Any, TextIO

from medkg.base.rows import Rows

FORMATS = ("table", "json", "csv", "md")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # as in JSON, SPARQL and Cypher
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def write(rows: Rows, fmt: str, out: TextIO | None = None, title: str | None = None) -> None:
    """Render *rows* as *fmt* (table | json | csv | md) to *out* (stdout)."""
    out = out or sys.stdout
    if fmt == "json":
        json.dump(list(rows), out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=rows.columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: _text(r.get(c)) for c in rows.columns} for r in rows)
    elif fmt == "md":
        out.write("| " + " | ".join(rows.columns) + " |\n")
        out.write("|" + "---|" * len(rows.columns) + "\n")
        for row in rows:
            cells = (_text(row.get(c)).replace("|", "\\|").replace("\n", " ") for c in rows.columns)
            out.write("| " + " | ".join(cells) + " |\n")
    else:
        _table(rows, out, title)


def _table(rows: Rows, out: TextIO, title: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left", header_style="bold", show_lines=False)
    for column in rows.columns:
        numeric = bool(rows) and all(isinstance(r.get(column), (int, float)) and not isinstance(r.get(column), bool)
                                     for r in rows if r.get(column) is not None)
        table.add_column(column, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        table.add_row(*(_text(row.get(c)) for c in rows.columns))
    # Piped output is not squeezed into 80 columns: a wide table is easier to read in a file or a pager.
    width = None if out.isatty() else 240
    Console(file=out, soft_wrap=False, width=width).print(table)
    if not rows:
        Console(file=sys.stderr).print("[dim](no rows)[/dim]")
