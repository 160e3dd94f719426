"""Outputs that data tools read without surprises (issue 13, items 5 and 6): every `--format json` is one JSON document
and every `--format csv` one table; missing values are JSON null, empty CSV cells and pandas NA; booleans are
true/false in every format; pandas reads every JSON and CSV output with the expected dtypes; the API's helpers and the
named queries have the same columns."""
from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from medkg.queries import all_queries

from medkg.app import output

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("cases", ROOT / "tests" / "queries" / "cases.py")
cases = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(cases)  # type: ignore[union-attr]


def _render(rows, fmt: str) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    output.write(rows, fmt, out)
    return out.getvalue()


# ---------------------------------------------------------------------- 5. one document, one table
def test_stats_json_is_one_document_and_csv_one_table(cli, small_kg) -> None:  # type: ignore[no-untyped-def]
    home = small_kg.home.path
    both = cli("stats", "--format", "json", home=home)
    assert both.returncode == 0, both.stderr
    document = json.loads(both.stdout)  # one document: json.loads fails on two back to back
    assert set(document) == {"by_model_type", "by_developer_type"}
    assert {r["model_type"] for r in document["by_model_type"]} >= {"general", "specialty", "tcm"}
    for which, first in (("types", "model_type"), ("developers", "developer_type")):
        table = cli("stats", which, "--format", "csv", home=home)
        rows = list(csv.reader(io.StringIO(table.stdout)))
        assert table.returncode == 0 and rows[0][0] == first and len({len(r) for r in rows}) == 1
        assert pd.read_csv(io.StringIO(table.stdout)).shape[0] == len(rows) - 1
        assert isinstance(json.loads(cli("stats", which, "--format", "json", home=home).stdout), list)
    mixed = cli("stats", "--format", "csv", home=home)
    assert mixed.returncode == 2 and "stats types" in mixed.stderr and mixed.stdout == ""


# ---------------------------------------------------------------------- 6. missing values, booleans, dtypes
def test_missing_values_are_null_empty_and_na(cli, small_kg) -> None:  # type: ignore[no-untyped-def]
    rows = small_kg.run("market-size")
    first = rows[0]
    assert first["yoy_pct"] is None  # the first year of a series has no growth
    df = rows.to_dataframe()
    assert df["yoy_pct"].isna().iloc[0] and str(df["yoy_pct"].dtype) == "Float64"
    assert df["yoy_pct"].mean() > 0  # no TypeError
    home = small_kg.home.path
    as_json = cli("query", "market-size", "--format", "json", home=home).stdout
    as_csv = cli("query", "market-size", "--format", "csv", home=home).stdout
    assert json.loads(as_json)[0]["yoy_pct"] is None
    assert next(csv.DictReader(io.StringIO(as_csv)))["yoy_pct"] == ""
    from_json, from_csv = pd.read_json(io.StringIO(as_json)), pd.read_csv(io.StringIO(as_csv))
    assert from_json["yoy_pct"].dtype == from_csv["yoy_pct"].dtype == "float64"
    assert from_json["year"].dtype == from_csv["year"].dtype == "int64"


def test_booleans_are_the_same_in_every_format(small_kg) -> None:  # type: ignore[no-untyped-def]
    rows = small_kg.run("lineage", {"name": "eye-gpt"})
    assert {r["direct"] for r in rows} == {True, False}
    assert {r["direct"] for r in json.loads(_render(rows, "json"))} == {True, False}
    assert {r["direct"] for r in csv.DictReader(io.StringIO(_render(rows, "csv")))} == {"true", "false"}
    assert "| true |" in _render(rows, "md") and "| false |" in _render(rows, "md")
    assert pd.read_csv(io.StringIO(_render(rows, "csv")))["direct"].dtype == bool
    assert pd.read_json(io.StringIO(_render(rows, "json")))["direct"].dtype == bool
    assert str(rows.to_dataframe()["direct"].dtype) == "boolean"


def _kind(dtype) -> str:  # type: ignore[no-untyped-def]
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_numeric_dtype(dtype):
        return "number"
    return "text"


@pytest.mark.parametrize("name", sorted(all_queries()))
def test_pandas_reads_every_json_and_csv_output_alike(bundled_kg, name: str) -> None:  # type: ignore[no-untyped-def]
    for params in cases.CASES[name]:
        rows = bundled_kg.run(name, params)
        if not rows:
            continue
        frame = rows.to_dataframe()
        from_json = pd.read_json(io.StringIO(_render(rows, "json")), dtype=False)
        from_csv = pd.read_csv(io.StringIO(_render(rows, "csv")), keep_default_na=False, na_values=[""])
        assert list(from_json.columns) == list(from_csv.columns) == rows.columns
        for column in rows.columns:
            values = [r[column] for r in rows if r[column] is not None]
            if not values:
                continue
            expected = ("bool" if all(isinstance(v, bool) for v in values) else
                        "number" if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values) else "text")
            assert _kind(frame[column].dtype) == expected, (name, params, column, frame[column].dtype)
            assert _kind(from_json[column].dtype) == expected, (name, params, column, from_json[column].dtype)
            if expected != "text":  # text that looks like numbers (a year as "2023") is CSV's own ambiguity
                assert _kind(from_csv[column].dtype) == expected, (name, params, column, from_csv[column].dtype)
            assert "" not in values, (name, column)  # missing is None, never ""


def test_helpers_and_named_queries_have_the_same_columns(small_kg) -> None:  # type: ignore[no-untyped-def]
    helper, named = small_kg.who_built("華佗GPT"), small_kg.run("who-built", {"name": "華佗GPT"})
    assert helper.columns == named.columns and list(helper) == list(named)
    assert helper[0]["base_models"] == "baichuan-7b"
    assert small_kg.run("who-built", {"name": "華佗GPT"}, engine="cypher") == list(named)
    assert small_kg.built_by("huawei").columns == small_kg.run("built-by", {"name": "huawei"}).columns
    assert small_kg.sparql("SELECT ?x WHERE { OPTIONAL { ?s <urn:none> ?x } } LIMIT 1")[0]["x"] is None


def test_who_built_base_models_match_the_registry_on_every_engine(bundled_kg) -> None:  # type: ignore[no-untyped-def]
    """One row per organization, base_models the model's direct bases (the SPARQL join rows are merged)."""
    registry = bundled_kg.registry()
    several = [m for m in registry.models if len(m.base_models) > 1 and m.developers]
    assert several  # the case that needs merging is exercised
    for model in registry.models:
        if not model.developers:
            continue
        expected = "; ".join(sorted({b.model_id for b in model.base_models})) or None
        for engine in ("sparql", "cypher"):
            rows = bundled_kg.run("who-built", {"name": model.id}, engine=engine)
            assert {r["base_models"] for r in rows} == {expected}, (model.id, engine)
            assert len(rows) == len({(r["role"], r["org_id"]) for r in rows}), (model.id, engine)
