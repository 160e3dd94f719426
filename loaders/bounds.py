"""Bounds on reading hostile registry files, checked before anything large is allocated.

* only regular files (no devices, FIFOs or directories), opened without blocking, and the size limit applied to
  the bytes actually read (``/dev/zero`` behind a ``models.csv`` symlink stops at the limit);
* XLSX: every zip member's declared size against the file size limit and a compression-ratio bound (zip bombs, a
  1 GB shared string in a 1 MB file), each sheet's declared dimension against ``--max-rows`` and
  :data:`MAX_COLUMNS` (the declared dimension is then ignored when reading);
* YAML: no anchors or aliases at all (no alias bombs, no merge-key explosions), integers of at most
  :data:`MAX_INT_DIGITS` digits (JSON too);
* header names: none empty, none twice;
* names: no invisible characters (zero-width, bidi controls, other format characters) that would make two names
  look the same.
"""
from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from medkg.base.errors import RegistryError

MAX_COLUMNS = 200
MAX_INT_DIGITS = 30
MAX_COMPRESSION_RATIO = 100
SMALL_MEMBER_BYTES = 10 * 1024**2  # below this, any ratio is fine
_KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFDIR: "a directory", stat.S_IFSOCK: "a socket"}


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of regular file *path*, refusing anything else and anything past *max_bytes* bytes as read."""
    check_regular(path)
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise RegistryError(str(path), expected="a readable file", got=error.strerror or str(error)) from None
    try:
        kind = _kinds(os.fstat(handle).st_mode)  # what was opened, not what was looked at a moment ago
        if kind:
            raise RegistryError(str(path), expected="a regular file", got=kind)
        chunks, total = [], 0
        while True:
            chunk = os.read(handle, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise RegistryError(str(path), expected=f"a file of at most {max_bytes} bytes (raise with --max-file-bytes)",
                                    got="more")
        return b"".join(chunks)
    finally:
        os.close(handle)


def check_regular(path: Path) -> None:
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise RegistryError(str(path), expected="a readable file", got=error.strerror or str(error)) from None
    kind = _kinds(mode)
    if kind:
        raise RegistryError(str(path), expected="a regular file", got=kind)


def _kinds(mode: int) -> str | None:
    return None if stat.S_ISREG(mode) else _KINDS.get(stat.S_IFMT(mode), "not a regular file")


# ------------------------------------------------------------------------------------------------ XLSX
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')


def check_xlsx(path: Path, max_file_bytes: int, max_rows: int) -> None:
    """Zip members' sizes and ratios, and sheets' declared dimensions, before openpyxl allocates anything."""
    import zipfile

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise RegistryError(str(path), expected="a readable .xlsx workbook", got=type(error).__name__) from None
    with archive:
        total = 0
        for member in archive.infolist():
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if total > max_file_bytes or (member.file_size > SMALL_MEMBER_BYTES and ratio > MAX_COMPRESSION_RATIO):
                raise RegistryError(f"{path}[{member.filename}]",
                                    expected=f"at most {max_file_bytes} bytes uncompressed and a compression ratio of "
                                             f"at most {MAX_COMPRESSION_RATIO} (raise with --max-file-bytes)",
                                    got=f"{member.file_size} bytes from {member.compress_size}")
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                with archive.open(member) as sheet:
                    head = sheet.read(4096)
                match = _DIMENSION.search(head)
                if match and match.group(3):
                    rows, columns = int(match.group(4) or 1), _column_number(match.group(3).decode())
                    if rows > max_rows + 1 or columns > MAX_COLUMNS:
                        raise RegistryError(f"{path}[{member.filename}]",
                                            expected=f"a sheet of at most {max_rows} rows (raise with --max-rows) and "
                                                     f"{MAX_COLUMNS} columns",
                                            got=f"a declared size of {rows} rows and {columns} columns")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


# ------------------------------------------------------------------------------------------------ CSV
def check_csv_lines(text: str, file: str, max_cell_chars: int) -> None:
    """Refuse a physical line longer than any row of :data:`MAX_COLUMNS` cells of at most *max_cell_chars* characters
    could be, before the CSV reader turns it into millions of cells (a 64 MB line of commas took 2.7 GB)."""
    longest = (MAX_COLUMNS + 1) * (max_cell_chars + 3)
    if len(text) <= longest:
        return
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > longest:
            line = text.count("\n", 0, start) + 1
            raise RegistryError(file, line, None, f"lines of at most {longest} characters ({MAX_COLUMNS} cells of at most "
                                f"{max_cell_chars} characters; raise with --max-cell-chars)", f"{end - start} characters")
        start = end + 1


# ------------------------------------------------------------------------------------------------ YAML / JSON
def safe_yaml(text: str, file: str) -> Any:
    """``yaml.safe_load`` without anchors, aliases or merge keys, and with bounded integers."""
    import yaml

    class Loader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise RegistryError(file, event.start_mark.line + 1, None,
                                    "YAML without anchors and aliases (write each value out)", "an alias")
            event = self.peek_event()
            if getattr(event, "anchor", None):
                raise RegistryError(file, event.start_mark.line + 1, None,
                                    "YAML without anchors and aliases (write each value out)", "an anchor")
            return super().compose_node(parent, index)

        def construct_yaml_int(self, node: Any) -> Any:
            if len(str(node.value)) > MAX_INT_DIGITS:
                raise RegistryError(file, node.start_mark.line + 1, None,
                                    f"a number of at most {MAX_INT_DIGITS} digits", f"{len(node.value)} digits")
            return super().construct_yaml_int(node)

    Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
    return yaml.load(text, Loader=Loader)


def bounded_int(file: str) -> Callable[[str], int]:
    """A ``parse_int`` for :func:`json.loads` that refuses integers past :data:`MAX_INT_DIGITS` digits."""
    def parse(text: str) -> int:
        if len(text.lstrip("-")) > MAX_INT_DIGITS:
            raise RegistryError(file, expected=f"numbers of at most {MAX_INT_DIGITS} digits", got=f"{len(text)} digits")
        return int(text)
    return parse


# ------------------------------------------------------------------------------------------------ headers and names
def check_header(columns: list[str], file: str, row: int | None) -> None:
    """No empty and no repeated column names (a second ``source_url`` silently replaced the first)."""
    seen: set[str] = set()
    for position, column in enumerate(columns, start=1):
        if not column:
            raise RegistryError(file, row, None, f"a name for every column (column {position} has none)", "an empty header")
        if column in seen:
            raise RegistryError(file, row, column, "each column once", "a second column of the same name")
        seen.add(column)


def invisible(text: str) -> str | None:
    """The first invisible character in *text* (format characters: zero-width, bidi controls, BOM, …), as U+XXXX."""
    for char in text:
        if unicodedata.category(char) == "Cf" or char in "\u115f\u1160\u3164\uffa0":
            return f"U+{ord(char):04X} {unicodedata.name(char, 'invisible character')}"
    return None
