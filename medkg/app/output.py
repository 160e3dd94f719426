"""One set of rows, several renderings: a table for people (rich on a terminal, plain aligned columns on a pipe);
json, csv and markdown for programs."""
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
    if out.isatty():
        _rich_table(rows, out, title)
    else:
        _plain_table(rows, out, title)
    if not rows:
        print("(no rows)", file=sys.stderr)


def _plain_table(rows: Rows, out: TextIO, title: str | None) -> None:
    """Aligned columns without box drawing or colour, for grep, awk and pagers; CJK characters count two columns.
    Printing it needs no rich, whose import alone was half of a cold lookup."""
    cells = [[visible(c, keep_lines=False) for c in rows.columns]]
    cells += [[visible(_text(row.get(c)), keep_lines=False) for c in rows.columns] for row in rows]
    widths = [max(_width(line[i]) for line in cells) for i in range(len(rows.columns))]
    right = [_numeric(rows, c) for c in rows.columns]
    if title:
        out.write(visible(title, keep_lines=False) + "\n")
    for line in cells:
        padded = (" " * (w - _width(t)) + t if r else t + " " * (w - _width(t))
                  for t, w, r in zip(line, widths, right, strict=True))
        out.write("  ".join(padded).rstrip() + "\n")


def _numeric(rows: Rows, column: str) -> bool:
    """Whether every value of *column* is a number (such columns are right-aligned)."""
    return bool(rows) and all(isinstance(r.get(column), (int, float)) and not isinstance(r.get(column), bool)
                              for r in rows if r.get(column) is not None)


def _width(text: str) -> int:
    """Terminal columns of *text*: East Asian wide and full-width characters take two.

    >>> _width("华佗GPT")
    7
    """
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _rich_table(rows: Rows, out: TextIO, title: str | None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(visible(title)) if title else None, title_justify="left", header_style="bold", show_lines=False)
    for column in rows.columns:
        table.add_column(Text(visible(column)), justify="right" if _numeric(rows, column) else "left", overflow="fold")
    for row in rows:
        table.add_row(*(Text(visible(_text(row.get(c)))) for c in rows.columns))  # Text: no rich markup
    Console(file=out, soft_wrap=False).print(table)
