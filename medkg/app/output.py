"""One set of rows, several renderings: a rich table for people; json, csv and markdown for programs."""
from __future__ import annotations

import csv
import json
import sys
from typing import Any, TextIO

from medkg.base.rows import Rows
from medkg.base.safe_text import json_c1, neutral_csv_cell, visible

FORMATS = ("table", "json", "csv", "md")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # as in JSON, SPARQL and Cypher
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _csv_cell(value: Any) -> str:
    text = visible(_text(value))
    return neutral_csv_cell(text) if isinstance(value, str) else text


def write(rows: Rows, fmt: str, out: TextIO | None = None, title: str | None = None) -> None:
    """Render *rows* as *fmt* (table | json | csv | md) to *out* (stdout).

    Control characters are escaped in every format (JSON as ``\\uNNNN``); CSV text cells that a spreadsheet would
    read as a formula get a leading ``'`` (:mod:`medkg.base.safe_text`).
    """
    out = out or sys.stdout
    if fmt == "json":
        out.write(json_c1(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str)))
        out.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=[visible(c) for c in rows.columns], extrasaction="ignore",
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows({visible(c): _csv_cell(r.get(c)) for c in rows.columns} for r in rows)
    elif fmt == "md":
        out.write("| " + " | ".join(visible(c, keep_lines=False) for c in rows.columns) + " |\n")
        out.write("|" + "---|" * len(rows.columns) + "\n")
        for row in rows:
            cells = (visible(_text(row.get(c)).replace("\n", " "), keep_lines=False).replace("|", "\\|")
                     for c in rows.columns)
            out.write("| " + " | ".join(cells) + " |\n")
    else:
        _table(rows, out, title)


def _table(rows: Rows, out: TextIO, title: str | None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(visible(title)) if title else None, title_justify="left", header_style="bold", show_lines=False)
    for column in rows.columns:
        numeric = bool(rows) and all(isinstance(r.get(column), (int, float)) and not isinstance(r.get(column), bool)
                                     for r in rows if r.get(column) is not None)
        table.add_column(Text(visible(column)), justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        table.add_row(*(Text(visible(_text(row.get(c)))) for c in rows.columns))  # Text: no rich markup
    # Piped output is not squeezed into 80 columns: a wide table is easier to read in a file or a pager.
    width = None if out.isatty() else 240
    Console(file=out, soft_wrap=False, width=width).print(table)
    if not rows:
        Console(file=sys.stderr).print("[dim](no rows)[/dim]")
