"""Text from a registry or a query result made safe to print: control characters never reach a terminal raw,
and CSV cells cannot start a spreadsheet formula.

>>> visible("a\\x1b[31mred\\x9b")
'a\\\\x1b[31mred\\\\x9b'
>>> neutral_csv_cell("=HYPERLINK(\\"http://x\\")"), neutral_csv_cell("-3"), neutral_csv_cell("華佗")
('\\'=HYPERLINK("http://x")', "'-3", '華佗')
"""
from __future__ import annotations

import re

# C0 and C1 controls and DEL (newline and tab kept where the format can hold them), and the bidi controls that
# reorder what a terminal shows (U+202A–U+202E, U+2066–U+2069).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_AND_LINES = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep_lines: bool = True) -> str:
    """*text* with control characters written as ``\\xNN`` / ``\\uNNNN`` (newline and tab kept if *keep_lines*)."""
    return (_CONTROLS if keep_lines else _CONTROLS_AND_LINES).sub(_escape, text)


def neutral_csv_cell(text: str) -> str:
    """A leading ``'`` for a cell a spreadsheet would read as a formula (``= + - @``, tab, carriage return)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def json_c1(text: str) -> str:
    """JSON text with C1 controls and bidi controls escaped too (``json.dumps(ensure_ascii=False)`` leaves them)."""
    return re.sub("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]", lambda m: f"\\u{ord(m.group()):04x}", text)
