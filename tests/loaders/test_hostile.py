"""Hostile registries fail fast with one located line, before anything large is allocated (loaders/bounds.py)."""
from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from medkg.loaders import Limits, load_registry
from medkg.loaders.bounds import read_bounded

from medkg.base.errors import RegistryError

SMALL = Path(__file__).parent.parent / "fixtures" / "small"


def _refused(path: Path, words: str, limits: Limits | None = None) -> str:
    with pytest.raises(RegistryError) as caught:
        load_registry(path, limits)
    assert re.search(words, str(caught.value)), str(caught.value)
    return str(caught.value)


@pytest.mark.parametrize(("make", "kind"), [
    (lambda p: p.symlink_to("/dev/zero"), "a character device"),
    (lambda p: os.mkfifo(p), "a FIFO"),
    (lambda p: p.mkdir(), "a directory"),
])
def test_models_csv_must_be_a_regular_file(registry_copy: Path, make, kind: str) -> None:  # type: ignore[no-untyped-def]
    target = registry_copy / "models.csv"
    target.unlink()
    make(target)
    _refused(registry_copy, f"expected a regular file, got '{kind}'")


def test_size_is_checked_on_the_bytes_read(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"x" * 100)
    assert read_bounded(path, 100) == b"x" * 100
    with pytest.raises(RegistryError, match="at most 99 bytes"):
        read_bounded(path, 99)


def _workbook(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    """The small registry as an .xlsx, with its zip members passed through *edit(name, data) -> data*."""
    import csv

    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in ("models", "organizations"):
        sheet = book.create_sheet(table)
        for row in csv.reader(io.StringIO((SMALL / f"{table}.csv").read_text(encoding="utf-8"))):
            sheet.append(row)
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, edit(item.filename, source.read(item.filename)))
    return hostile


def test_xlsx_huge_declared_dimension_is_refused(tmp_path: Path) -> None:
    def edit(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
        return data

    _refused(_workbook(tmp_path, edit), "declared size of 1048576 rows and 16384 columns")


def test_xlsx_shared_string_bomb_is_refused(tmp_path: Path) -> None:
    def edit(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return data.replace(b"<v>LLaMA-7B</v>", b"<v>0</v>")
        return data

    bomb = _workbook(tmp_path, edit)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b'<sst><si><t>' + b"a" * (64 * 1024**2) + b"</t></si></sst>")
    assert bomb.stat().st_size < 2 * 1024**2
    _refused(bomb, "compression ratio of at most 100")


def test_yaml_merge_keys_are_refused(tmp_path: Path) -> None:
    text = "base: &b {model_type: general}\nmodels:\n" + "".join(
        f"  - {{<<: *b, id: m{i}, name: m{i}, developers: o, source_url: 'https://e.org'}}\n" for i in range(3))
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    _refused(tmp_path / "r.yaml", "YAML without anchors and aliases")


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_huge_integers_are_refused(tmp_path: Path, suffix: str) -> None:
    number = "9" * 5000
    text = ('{"models": [{"id": "m", "name": "m", "release_year": ' + number + "}]}" if suffix == ".json"
            else f"models:\n  - {{id: m, name: m, release_year: {number}}}\n")
    (tmp_path / f"r{suffix}").write_text(text, encoding="utf-8")
    _refused(tmp_path / f"r{suffix}", "a number of at most 30 digits|numbers of at most 30 digits")


def test_duplicate_header_is_refused(registry_copy: Path) -> None:
    path = registry_copy / "models.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",source_url"] + [line + ",https://evil.example" for line in lines[1:]]) + "\n",
                    encoding="utf-8")
    _refused(registry_copy, "column 'source_url': expected each column once")


def test_empty_header_is_refused(registry_copy: Path) -> None:
    path = registry_copy / "models.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ","] + [line + ",x" for line in lines[1:]]) + "\n", encoding="utf-8")
    _refused(registry_copy, "a name for every column")


@pytest.mark.parametrize("invisible", ["\u200b", "\u200d", "\u202e", "\ufeff", "\u2066"])
def test_invisible_characters_cannot_make_a_second_model(registry_copy: Path, invisible: str) -> None:
    path = registry_copy / "models.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    llama = next(line for line in lines if line.startswith("llama-7b,"))
    twin = llama.replace("llama-7b,LLaMA-7B,LLaMA-7B,LLaMA", f"llama-twin,LLa{invisible}MA-7B,,", 1)
    path.write_text("\n".join([*lines, twin]) + "\n", encoding="utf-8")
    _refused(registry_copy, "expected names that no other row uses \\(the same name as 'llama-7b'")


def test_cli_reports_a_fifo_in_one_line(cli, registry_copy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (registry_copy / "models.csv").unlink()
    os.mkfifo(registry_copy / "models.csv")
    result = cli("build", "--registry", str(registry_copy), home=tmp_path / "home")
    errors = [line for line in result.stderr.splitlines() if not line.startswith("medkg: ")]
    assert result.returncode == 2 and len(errors) == 1 and "FIFO" in errors[0], result.stderr
    shutil.rmtree(registry_copy)


def _rewrite_models(folder: Path, edit) -> None:  # type: ignore[no-untyped-def]
    import csv

    path = folder / "models.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = list(rows[0])
    rows = edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)


def test_long_successor_chain_and_its_cycle(tmp_path: Path) -> None:
    """Cycle detection is linear (Tarjan): a 20k-model chain loads; closing it is one error, at its first row."""
    from medkg.loaders.synthetic import generate

    folder = generate(20_000, tmp_path / "chain")

    def chain(rows):  # type: ignore[no-untyped-def]
        for i, row in enumerate(rows):
            row["successor_of"], row["base_models"] = (rows[i - 1]["id"] if i else ""), ""
        return rows

    _rewrite_models(folder, chain)
    assert len(load_registry(folder).models) >= 20_000

    def close(rows):  # type: ignore[no-untyped-def]
        rows[0]["successor_of"] = rows[-1]["id"]
        return rows

    _rewrite_models(folder, close)
    with pytest.raises(RegistryError) as caught:
        load_registry(folder)
    assert len(caught.value.problems) == 1 and caught.value.problems[0].expected == "no cycle through this row"
    assert caught.value.problems[0].row == 2


def test_many_dangling_references_stop_at_the_reported_problems(tmp_path: Path) -> None:
    from medkg.loaders.synthetic import generate

    folder = generate(4000, tmp_path / "dangling")

    def dangle(rows):  # type: ignore[no-untyped-def]
        for i, row in enumerate(rows):
            row["successor_of"], row["base_models"] = f"missing-{i}", ""
        return rows

    _rewrite_models(folder, dangle)
    with pytest.raises(RegistryError) as caught:
        load_registry(folder)
    assert len(caught.value.problems) == 50


def test_a_line_of_millions_of_commas_is_refused_before_parsing(registry_copy: Path) -> None:
    """A 16 MB line of commas became millions of cells (64 MB took 2.7 GB); now it is refused by its length."""
    with open(registry_copy / "models.csv", "a", encoding="utf-8") as handle:
        handle.write("x" + "," * (16 * 1024**2) + "\n")
    _refused(registry_copy, r"row 11: expected lines of at most \d+ characters")
