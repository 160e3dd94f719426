"""The registry as spreadsheet tables: ``medkg export --format csv DIR`` (one UTF-8 CSV with a BOM per table, so
Excel opens Chinese text correctly) or ``--format xlsx`` (one workbook, a sheet per table).

The tables are the registry interchange format itself (:mod:`medkg.loaders.schema`): every column of every table,
sources included, lists ``;``-separated, base models as ``id:kind``. So the export is also a registry:
``medkg build --registry DIR`` (or the ``.xlsx``) builds the same graph again.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from medkg.base.errors import UsageError
from medkg.base.model import Registry, encode_record

LIST_SEPARATOR = ";"
WORKBOOK_NAME = "medkg-registry.xlsx"


def table_rows(registry: Registry) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """``{table: (columns, rows)}`` in the registry format; cells are text, numbers or ``None`` (empty)."""
    from medkg.loaders.schema import TABLES

    out = {}
    for name, table in TABLES.items():
        columns = list(table.column_names)
        rows = []
        for record in getattr(registry, name):
            if getattr(record, "derived", False):  # the loader derives these again from the models
                continue
            values = encode_record(record)
            rows.append([_cell(values.get(column)) for column in columns])
        out[name] = (columns, rows)
    return out


def _cell(value: Any) -> Any:
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


def write_csv_tables(registry: Registry, folder: Path) -> list[Path]:
    """One ``TABLE.csv`` per registry table in *folder*: UTF-8 with a BOM, a header row, CRLF line ends."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"export --format csv needs a folder, and {folder} is a file")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (columns, rows) in table_rows(registry).items():
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows([["" if v is None else v for v in row] for row in rows])
        written.append(path)
    return written


def write_xlsx(registry: Registry, target: Path) -> Path:
    """One workbook (*target* if it ends in ``.xlsx``, else ``target/medkg-registry.xlsx``), a sheet per table."""
    from openpyxl import Workbook

    path = target if target.suffix.lower() == ".xlsx" else target / WORKBOOK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    numeric = {"year", "start_year", "end_year"}
    for name, (columns, rows) in table_rows(registry).items():
        sheet = workbook.create_sheet(name)
        sheet.append(columns)
        for row in rows:
            # Years as numbers; everything else as text (ids such as "0700.HK" or dates such as "2023-05" must not be
            # turned into numbers or dates by the spreadsheet).
            sheet.append([int(v) if c in numeric and v is not None else v for c, v in zip(columns, row, strict=True)])
    workbook.save(path)
    return path
