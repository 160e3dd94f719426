"""Control characters never reach the terminal raw, in any output format; CSV cells cannot start a formula."""
from __future__ import annotations

import csv
import io
import json

import pytest

from medkg.app import output
from medkg.base.rows import Rows

HOSTILE = {
    "osc8": "\x1b]8;;https://evil.example\x07click me\x1b]8;;\x07",
    "csi": "\x1b[2J\x1b[31mred",
    "c1": "\x9b31mred\x9d0;title\x9c",
    "bidi": "abc\u202edcba",
    "bell": "ding\x07\x08",
    "markup": "[bold red]not markup[/bold red]",
    "formula": '=HYPERLINK("https://evil.example","x")',
    "plus": "+1+cmd|' /C calc'!A0",
    "at": "@SUM(1)",
    "tab": "\t=1",
}
RAW = ["\x1b", "\x07", "\x08", "\x9b", "\x9c", "\x9d", "\u202e"]


def _render(fmt: str) -> str:
    out = io.StringIO()
    output.write(Rows(list(HOSTILE), [HOSTILE, {"osc8": 3, "csi": -2.5}]), fmt, out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "md"])
def test_no_raw_control_characters(fmt: str) -> None:
    text = _render(fmt)
    for char in RAW:
        assert char not in text, (fmt, repr(char))
    assert "\\x1b" in text or "\\u001b" in text


def test_json_round_trips_the_values() -> None:
    assert json.loads(_render("json"))[0] == HOSTILE


def test_csv_neutralises_formulas_but_not_numbers() -> None:
    rows = list(csv.DictReader(io.StringIO(_render("csv"))))
    assert rows[0]["formula"].startswith("'=") and rows[0]["plus"].startswith("'+") and rows[0]["at"] == "'@SUM(1)"
    assert rows[0]["tab"].startswith("'")
    assert rows[1]["osc8"] == "3" and rows[1]["csi"] == "-2.5"


def test_table_shows_markup_literally() -> None:
    assert "[bold red]not markup[/bold red]" in _render("table").replace("\n", "")  or "[bold red]" in _render("table")
