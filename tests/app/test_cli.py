"""The real `medkg` command: lookups in any script, output formats, exit codes, no tracebacks."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, small_registry: Path, cli) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("cli-home")
    result = cli("build", "--registry", str(small_registry), home=path)
    assert result.returncode == 0, result.stderr
    return path


@pytest.mark.parametrize("name", ["華佗GPT", "华佗GPT", "HuatuoGPT", "huatuogpt", "ＨｕａｔｕｏＧＰＴ", "HuaTuoGPT"])
def test_who_built_finds_model_in_any_script(cli, home: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("who-built", name, "--format", "json", home=home)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {(r["role"], r["org_id"], r["org_type"]) for r in rows} == {
        ("developer", "cuhk-sz", "university"), ("developer", "sribd", "research_institute")}
    assert rows[0]["source_url"] == "https://example.org/fixture/huatuogpt"


def test_who_built_table_shows_source_and_base(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("who-built", "眼科大模型", home=home)
    assert result.returncode == 0
    assert "中山大学中山眼科中心" in result.stdout and "huawei" in result.stdout
    assert "built on: huatuogpt" in result.stdout and "source:   https://example.org/fixture/eye" in result.stdout


def test_csv_has_header_and_ids(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("built-by", "瑞金醫院", "--format", "csv", home=home)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["model_id"], r["role"]) for r in rows] == [("path-gpt", "developer")]


def test_not_found_exits_3_with_suggestions(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("who-built", "huatuo", home=home)
    assert result.returncode == 3
    assert "Did you mean: 华佗GPT" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_hostile_name_is_found_literally(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("who-built", "Model \"X\"; {DROP} ' OR 1=1 --", "-f", "json", home=home)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["model_id"] == "quote-model"


def test_bad_registry_exits_2_one_line_per_problem(cli, home: Path, registry_copy: Path) -> None:  # type: ignore[no-untyped-def]
    text = (registry_copy / "models.csv").read_text(encoding="utf-8").replace("2023年11月", "2023年13月")
    (registry_copy / "models.csv").write_text(text, encoding="utf-8")
    before = (home / "current").resolve()
    result = cli("build", "--registry", str(registry_copy), home=home)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{registry_copy / 'models.csv'}: row 5, column 'release_date': expected a date like" in result.stderr
    assert (home / "current").resolve() == before


def test_bad_option_value_exits_2(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("models", "--type", "generic", home=home)
    assert result.returncode == 2 and "expected one of foundation | general" in result.stderr


def test_models_filters_and_formats(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("models", "--base", "百川-7B", "-f", "json", home=home)
    assert sorted(r["model_id"] for r in json.loads(result.stdout)) == ["eye-gpt", "huatuogpt", "huatuogpt-ii"]
    md = cli("models", "--specialty", "pathology", "-f", "md", home=home).stdout
    assert md.splitlines()[0].startswith("| model_id |") and "path-gpt" in md


def test_sparql_is_read_only(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", home=home)
    assert result.returncode == 2 and "read-only" in result.stderr
    ok = cli("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?m a mk:MedicalModel }", "-f", "json", home=home)
    assert json.loads(ok.stdout) == [{"n": 6}]


def test_cypher_is_read_only(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("cypher", "MATCH (m:Model) DETACH DELETE m", home=home)
    assert result.returncode == 2 and "DELETE is refused" in result.stderr
    ok = cli("cypher", "MATCH (m:Model) WHERE m.medical RETURN count(*) AS n", "-f", "json", home=home)
    assert json.loads(ok.stdout) == [{"n": 6}]


def test_stats_and_coverage(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(cli("coverage", "-f", "json", home=home).stdout)
    assert rows[-1]["model_type"] == "all medical" and rows[-1]["reported"] == 10
    assert cli("stats", home=home).returncode == 0


def test_export_turtle_round_trips(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import rdflib

    out = tmp_path / "g.ttl"
    assert cli("export", "--format", "ttl", str(out), home=home).returncode == 0
    graph = rdflib.Graph().parse(out)
    nt = cli("export", "--format", "nt", home=home).stdout
    assert len(graph) == len(rdflib.Graph().parse(data=nt, format="nt")) > 1000


def test_store_option_keeps_registries_apart(cli, tmp_path: Path, small_registry: Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other"
    assert cli("--store", str(other), "build", "--registry", str(small_registry)).returncode == 0
    assert (other / "current").is_symlink()
