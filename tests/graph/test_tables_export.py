"""`medkg export --format csv|xlsx DIR` (issue 13, item 10): the full registry tables, every column with sources,
UTF-8 with a BOM for Excel; pandas and openpyxl read them, and they are a registry that builds the same graph."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pyoxigraph as ox
from medkg.loaders.schema import TABLES

from medkg.api import MedKG


def _triples(kg: MedKG) -> set[str]:
    out = io.BytesIO()
    kg.store().dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return set(out.getvalue().decode().splitlines())


def test_csv_tables_have_every_column_a_bom_and_build_the_same_graph(cli, small_kg, bundled_kg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for kg, name in ((small_kg, "small"), (bundled_kg, "bundled")):
        folder = tmp_path / name
        result = cli("export", "--format", "csv", str(folder), home=kg.home.path)
        assert result.returncode == 0, result.stderr
        registry = kg.registry()
        for table, spec in TABLES.items():
            raw = (folder / f"{table}.csv").read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf"), table  # BOM: Excel reads UTF-8
            frame = pd.read_csv(folder / f"{table}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
            assert list(frame.columns) == list(spec.column_names), table
            explicit = [r for r in getattr(registry, table) if not getattr(r, "derived", False)]
            assert len(frame) == len(explicit), table  # derived collaborations are derived again on build
        models = pd.read_csv(folder / "models.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert (models["source_url"].str.startswith("http")).all() and len(models.columns) > 7
        rebuilt = MedKG(tmp_path / f"home-{name}", auto_build=False)
        rebuilt.build(folder)
        assert _triples(rebuilt) == _triples(kg), name
        rebuilt.close()


def test_xlsx_has_a_sheet_per_table_and_builds_the_same_graph(cli, small_kg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    result = cli("export", "--format", "xlsx", str(tmp_path / "out"), home=small_kg.home.path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "out" / "medkg-registry.xlsx"
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames == list(TABLES)
    for table, spec in TABLES.items():
        frame = pd.read_excel(path, sheet_name=table, dtype=str)
        assert list(frame.columns) == list(spec.column_names)
        assert len(frame) == len([r for r in getattr(small_kg.registry(), table) if not getattr(r, "derived", False)])
    names = pd.read_excel(path, sheet_name="models", dtype=str)["name"].tolist()
    assert "华佗GPT" in names
    rebuilt = MedKG(tmp_path / "home", auto_build=False)
    rebuilt.build(path)
    assert _triples(rebuilt) == _triples(small_kg)
    rebuilt.close()
