"""Every registry form (CSV folder in several encodings, XLSX, JSON, YAML) reads to the same registry."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import yaml
from medkg.loaders import load_registry
from medkg.loaders.schema import TABLES


def _tables(folder: Path) -> dict[str, list[dict[str, str]]]:
    return {name: list(csv.DictReader((folder / f"{name}.csv").open(encoding="utf-8")))
            for name in TABLES if (folder / f"{name}.csv").exists()}


def test_csv_in_gb18030_and_utf8_bom_equal_utf8(small_registry: Path, tmp_path: Path) -> None:
    expected = load_registry(small_registry)
    for encoding in ("gb18030", "utf-8-sig", "gbk"):
        folder = tmp_path / encoding
        folder.mkdir()
        for file in small_registry.glob("*.csv"):
            (folder / file.name).write_bytes(file.read_text(encoding="utf-8").encode(encoding))
        assert load_registry(folder) == expected, encoding


def test_xlsx_json_yaml_equal_csv(small_registry: Path, tmp_path: Path) -> None:
    expected = load_registry(small_registry)
    tables = _tables(small_registry)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in tables.items():
        sheet = workbook.create_sheet(name)
        columns = list(rows[0])
        sheet.append(columns)
        for row in rows:
            sheet.append([row[c] for c in columns])
    workbook.save(tmp_path / "registry.xlsx")
    (tmp_path / "registry.json").write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "registry.yaml").write_text(yaml.safe_dump(tables, allow_unicode=True), encoding="utf-8")
    for name in ("registry.xlsx", "registry.json", "registry.yaml"):
        assert load_registry(tmp_path / name) == expected, name


def test_json_lists_are_multi_valued_cells(small_registry: Path, tmp_path: Path) -> None:
    tables = _tables(small_registry)
    for row in tables["models"]:
        row["aliases"] = [a for a in row["aliases"].split(";") if a]  # type: ignore[assignment]
    (tmp_path / "r.json").write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    assert load_registry(tmp_path / "r.json").model_by_id["huatuogpt"].aliases == ("華佗GPT", "HuaTuoGPT")


def test_chinese_dates_keep_precision(small_registry: Path) -> None:
    registry = load_registry(small_registry)
    assert str(registry.model_by_id["huatuogpt-ii"].release_date) == "2023-11"
    assert registry.model_by_id["shennong"].release_date.precision == "year"


def test_short_rows_are_read_with_empty_trailing_cells(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Spreadsheets and hand-written CSVs drop trailing empty cells: the row still loads (a regression once)."""
    import shutil

    from medkg.loaders import load_registry

    from tests.conftest import SMALL

    folder = tmp_path / "registry"
    shutil.copytree(SMALL, folder)
    stages = folder / "stages.csv"
    header, *rows = stages.read_text(encoding="utf-8").splitlines()
    trimmed = [row.rstrip(",") for row in rows]
    stages.write_text("\n".join([header, *trimmed]) + "\n", encoding="utf-8")
    assert any(len(r.split(",")) < len(header.split(",")) for r in trimmed)
    assert load_registry(folder).stages
