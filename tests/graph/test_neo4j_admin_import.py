"""`medkg export --format neo4j-csv` → the real `neo4j-admin database import full` of Neo4j 5.26 (the test server's
jars, .ci/neo4j) run with the command line written in IMPORT.txt → a Neo4j server on the imported database answers
every named query with the embedded store's rows (issue 13, item 4)."""
from __future__ import annotations

import csv
import importlib.util
import json
import re
import secrets
import shlex
import subprocess
from pathlib import Path

import pytest
from medkg.graph.neo4j_csv import write_import_files
from medkg.graph.property import property_graph

ROOT = Path(__file__).resolve().parents[2]
NEO4J_LIB = ROOT / ".ci" / "neo4j" / "target" / "lib"
_spec = importlib.util.spec_from_file_location("cases", ROOT / "tests" / "queries" / "cases.py")
cases = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(cases)  # type: ignore[union-attr]


def _command(import_txt: str) -> list[str]:
    """IMPORT.txt read as a shell would: comments dropped, continuation lines joined."""
    text = "\n".join(line for line in import_txt.splitlines() if not line.lstrip().startswith("#"))
    return shlex.split(text.replace("\\\n", " "))


def _rows(folder: Path, prefix: str) -> int:
    return sum(sum(1 for _ in csv.reader(p.open(encoding="utf-8"))) - 1 for p in folder.glob(f"{prefix}_*.csv"))


@pytest.mark.neo4j
def test_import_txt_runs_in_real_neo4j_admin_and_named_queries_match(bundled_kg, tmp_path: Path, neo4j_control,
                                                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    start, stop, free_port = neo4j_control
    assert NEO4J_LIB.is_dir(), "the Neo4j launcher's jars must be in .ci/neo4j/target/lib (make test builds it)"
    folder, home = tmp_path / "csv", tmp_path / "neo4j-home"
    (home / "conf").mkdir(parents=True)
    write_import_files(property_graph(bundled_kg.registry()), folder)
    command = _command((folder / "IMPORT.txt").read_text(encoding="utf-8"))
    assert command[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    java = ["java", "-Xmx1g", "-cp", f"{NEO4J_LIB}/*", "org.neo4j.cli.AdminTool"]
    result = subprocess.run(java + command[1:], cwd=folder, capture_output=True, text=True, timeout=600,
                            env={"PATH": "/usr/bin:/bin", "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")})
    assert result.returncode == 0 and "IMPORT DONE" in result.stdout, (result.stdout + result.stderr)[-3000:]
    imported = {kind: int(n) for n, kind in re.findall(r"(\d+) (nodes|relationships)\b", result.stdout)}
    assert imported == {"nodes": _rows(folder, "nodes"), "relationships": _rows(folder, "rels")}

    server = start(home, free_port(), "medkg-" + secrets.token_hex(8))
    try:
        for key, value in server.env().items():
            monkeypatch.setenv(key, value)
        canonical = lambda rows: sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)  # noqa: E731
        for name, param_sets in cases.CASES.items():
            for params in param_sets:
                imported, embedded = bundled_kg.run(name, params, engine="neo4j"), bundled_kg.run(name, params, engine="sparql")
                assert canonical(imported) == canonical(embedded), (name, params)
    finally:
        stop(server)
