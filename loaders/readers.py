"""Readers turn registry files into raw tables of strings, with the location of every cell.

A registry is a folder of CSV files, one ``.xlsx`` workbook (a sheet per table) or one JSON/YAML document
(a key per table). Readers know nothing of validation or of any sink.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from medkg.base.errors import Problem, RegistryError

from . import bounds
from .schema import TABLES, Limits


@dataclass
class RawTable:
    """A table as read: ``rows`` are (row number, {column: text}) with the header's column names."""

    name: str
    file: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    row_word: str = "row"


def read_registry_files(path: Path, limits: Limits) -> dict[str, RawTable]:
    """Read every table found at *path* (folder, .xlsx, .json, .yaml/.yml)."""
    if not path.exists():
        raise RegistryError(str(path), expected="a registry folder, .xlsx, .json or .yaml file", got="nothing there")
    if path.is_dir():
        return _read_csv_folder(path, limits)
    bounds.check_regular(path)
    _check_size(path, limits)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path, limits)
    if suffix in (".json", ".yaml", ".yml"):
        return _read_document(path, limits)
    raise RegistryError(str(path), expected="a folder of CSV files, or a .xlsx, .json, .yaml or .yml file",
                        got=path.suffix or path.name)


def _check_size(path: Path, limits: Limits) -> None:
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise RegistryError(str(path), expected=f"a file of at most {limits.max_file_bytes} bytes (raise with --max-file-bytes)",
                            got=f"{size} bytes")


def decode(data: bytes, file: str) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK, as Excel on Chinese Windows writes)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise RegistryError(file, expected="text in UTF-8 or GB18030/GBK",
                                got=f"undecodable bytes at offset {utf8_error.start}") from None


def _read_csv_folder(folder: Path, limits: Limits) -> dict[str, RawTable]:
    tables = {}
    for name in TABLES:
        path = folder / f"{name}.csv"
        if path.exists() or path.is_symlink():
            data = bounds.read_bounded(path, limits.max_file_bytes)  # regular files only; size as read
            tables[name] = parse_csv(decode(data, str(path)), name, str(path), limits)
    return tables


def parse_csv(text: str, table: str, file: str, limits: Limits) -> RawTable:
    """Parse CSV text; a row's number is the line it starts on (the header is row 1)."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise RegistryError(file, line, None, "text without NUL bytes", "a NUL byte")
    bounds.check_csv_lines(text, file, limits.max_cell_chars)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise RegistryError(file, 1, None, "a header row naming the columns", "an empty file")
        raw = RawTable(table, file, [h.strip() for h in header])
        bounds.check_header(raw.columns, file, 1)
        start = reader.line_num + 1
        for cells in reader:
            if any(c.strip() for c in cells):
                raw.rows.append((start, _row_dict(raw, start, cells, limits)))
            start = reader.line_num + 1
    except csv.Error as error:
        raise RegistryError(file, reader.line_num, None, "well-formed CSV (quotes closed, RFC 4180)", str(error)) from None
    return raw


def _row_dict(raw: RawTable, row: int, cells: list[str], limits: Limits) -> dict[str, str]:
    if len(raw.rows) >= limits.max_rows:
        raise RegistryError(raw.file, row, None, f"at most {limits.max_rows} rows (raise with --max-rows)", "more")
    if len(cells) > len(raw.columns) and any(c.strip() for c in cells[len(raw.columns):]):
        raise RegistryError(raw.file, row, None, f"{len(raw.columns)} cells as in the header", f"{len(cells)} cells")
    values = {}
    # a row may stop early (spreadsheets drop trailing empty cells) or carry empty cells past the header
    for column, cell in zip(raw.columns, cells, strict=False):
        if len(cell) > limits.max_cell_chars:
            raise RegistryError(raw.file, row, column,
                                f"a cell of at most {limits.max_cell_chars} characters (raise with --max-cell-chars)",
                                f"{len(cell)} characters")
        values[column] = cell.strip()
    return values


def _read_xlsx(path: Path, limits: Limits) -> dict[str, RawTable]:
    import openpyxl

    bounds.check_xlsx(path, limits.max_file_bytes, limits.max_rows)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise RegistryError(str(path), expected="a readable .xlsx workbook", got=type(error).__name__) from None
    tables = {}
    try:
        for sheet in workbook.worksheets:
            if sheet.title not in TABLES:
                continue
            file = f"{path}[{sheet.title}]"
            sheet.reset_dimensions()  # read the cells there are, not the size the file declares
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None:
                raise RegistryError(file, 1, None, "a header row naming the columns", "an empty sheet")
            names = [_cell_text(h).strip() for h in header]
            while names and not names[-1]:  # Excel's formatted but empty trailing columns
                names.pop()
            bounds.check_header(names, file, 1)
            raw = RawTable(sheet.title, file, names)
            for number, values in enumerate(rows, start=2):
                cells = [_cell_text(v) for v in values]
                if any(c.strip() for c in cells):
                    raw.rows.append((number, _row_dict(raw, number, cells, limits)))
            tables[sheet.title] = raw
    finally:
        workbook.close()
    return tables


def _cell_text(value: object) -> str:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_document(path: Path, limits: Limits) -> dict[str, RawTable]:
    text = decode(bounds.read_bounded(path, limits.max_file_bytes), str(path))
    import yaml

    try:
        document = json.loads(text, parse_int=bounds.bounded_int(str(path))) if path.suffix.lower() == ".json" \
            else bounds.safe_yaml(text, str(path))
    except (json.JSONDecodeError, yaml.YAMLError, RecursionError, ValueError) as error:
        line = getattr(error, "lineno", None) or getattr(getattr(error, "problem_mark", None), "line", None)
        raise RegistryError(str(path), line, None, f"valid {path.suffix[1:].upper()}",
                            str(error).splitlines()[0][:120]) from None
    if not isinstance(document, dict):
        raise RegistryError(str(path), expected="a mapping with one key per table (models, organizations, ...)",
                            got=type(document).__name__)
    tables = {}
    for name, records in document.items():
        if name not in TABLES:
            continue
        file = f"{path}: {name}"
        if not isinstance(records, list):
            raise RegistryError(file, expected="a list of records", got=type(records).__name__)
        columns: list[str] = []
        raw = RawTable(name, file, columns, row_word="record")
        for number, record in enumerate(records, start=1):
            if not isinstance(record, dict):
                raise RegistryError(file, number, None, "a record (mapping of column to value)", type(record).__name__)
            for key in record:
                if str(key) not in columns:
                    columns.append(str(key))
            cells = {str(k): _document_cell(v, file, number, str(k)) for k, v in record.items()}
            raw.rows.append((number, _row_dict(raw, number, [cells.get(c, "") for c in columns], limits)))
        tables[name] = raw
    return tables


def _document_cell(value: object, file: str, record: int, column: str) -> str:
    """A scalar, or a flat list of scalars joined by ';'. Nested values (and YAML alias bombs) are refused."""
    items = value if isinstance(value, list) else [value]
    if any(isinstance(v, (list, dict)) for v in items):
        raise RegistryError(file, record, column, "text, a number or a list of them", "a nested structure")
    return ";".join(_cell_text(v) for v in items)


__all__ = ["Problem", "RawTable", "decode", "parse_csv", "read_registry_files"]
