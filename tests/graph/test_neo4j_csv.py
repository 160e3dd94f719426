"""`medkg export --format neo4j-csv` writes files in the header syntax of `neo4j-admin database import full`."""
from __future__ import annotations

import csv
import re
from pathlib import Path

from medkg.graph.neo4j_csv import ARRAY_DELIMITER, write_import_files
from medkg.graph.property import property_graph

# Neo4j import header: name[:type] for properties; :ID(space), :START_ID(space), :END_ID(space), :LABEL, :TYPE
HEADER_FIELD = re.compile(
    r"^(?:[A-Za-z_][A-Za-z0-9_]*)?(?::(?:ID|START_ID|END_ID)\([A-Za-z]+\)|:LABEL|:TYPE|"
    r":(?:int|long|float|double|boolean|byte|short|char|string|date|datetime)(?:\[\])?)?$")


def test_headers_follow_import_syntax(small_kg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    graph = property_graph(small_kg.registry())
    files = write_import_files(graph, tmp_path)
    for path in files:
        with path.open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert all(HEADER_FIELD.match(field) for field in header), (path.name, header)
        if path.name.startswith("nodes_"):
            assert header[0].startswith("id:ID(") and header[-1] == ":LABEL"
        else:
            assert header[0].startswith(":START_ID(") and header[1].startswith(":END_ID(") and header[-1] == ":TYPE"
    command = (tmp_path / "IMPORT.txt").read_text(encoding="utf-8")
    assert f"--array-delimiter='{ARRAY_DELIMITER}'" in command and "--nodes=nodes_Model.csv" in command


def test_rows_and_labels(small_kg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_import_files(property_graph(small_kg.registry()), tmp_path)
    rows = {r["id:ID(Model)"]: r for r in csv.DictReader((tmp_path / "nodes_Model.csv").open(encoding="utf-8"))}
    assert len(rows) == 9
    assert rows["huatuogpt"][":LABEL"] == "Model|MedKG|GeneralModel"
    assert rows["huatuogpt"]["aliases:string[]"] == "華佗GPT|HuaTuoGPT"
    assert rows["quote-model"]["name"] == "Model \"X\"; {DROP} ' OR 1=1 --"
    developed = list(csv.DictReader((tmp_path / "rels_DEVELOPED_BY_Model_Organization.csv").open(encoding="utf-8")))
    assert {(r[":START_ID(Model)"], r[":END_ID(Organization)"]) for r in developed} >= {("huatuogpt", "cuhk-sz")}
