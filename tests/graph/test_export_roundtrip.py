"""Your own store, then `--engine remote` (issue 13, item 7): an `.nq` export loaded into a real Apache Jena Fuseki
answers every named query with the embedded rows (the export carries the graph name `push sparql` uses), and a
remote graph that holds nothing is reported instead of answering an empty result with no word."""
from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from medkg.graph.sparql_remote import DEFAULT_GRAPH

ROOT = Path(__file__).resolve().parents[2]
FUSEKI_JAR = next(iter(sorted((ROOT / ".ci" / "fuseki").glob("jena-fuseki-server-*.jar"))), None)
_spec = importlib.util.spec_from_file_location("cases", ROOT / "tests" / "queries" / "cases.py")
cases = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(cases)  # type: ignore[union-attr]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fuseki(args: list[str], cwd: Path) -> tuple[subprocess.Popen[bytes], str]:
    assert FUSEKI_JAR, "Fuseki's jar must be in .ci/fuseki (make test fetches it from Maven Central)"
    port = _free_port()
    process = subprocess.Popen(["java", "-Xmx512m", "-jar", str(FUSEKI_JAR), "--localhost", "--port", str(port), *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    url = f"http://127.0.0.1:{port}/ds/query"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Fuseki exited with {process.returncode}", pytrace=False)
        try:
            urllib.request.urlopen(f"{url}?{urllib.parse.urlencode({'query': 'ASK {}'})}", timeout=2).read()
            return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    pytest.fail("Fuseki did not start", pytrace=False)


@pytest.fixture(scope="module")
def exported(small_kg, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("export") / "medkg.nq"
    with path.open("wb") as handle:
        small_kg.export("nq", handle)
    return path


def test_nq_export_carries_medkgs_named_graph(exported: Path, small_kg) -> None:  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    quads = list(ox.parse(path=str(exported), format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} == {DEFAULT_GRAPH}
    assert len(quads) == len(list(small_kg.store().quads_for_pattern(None, None, None, ox.DefaultGraph())))


@pytest.fixture(scope="module")
def fuseki_with_export(exported: Path, tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    process, url = _fuseki(["--file", str(exported), "/ds"], tmp_path_factory.mktemp("fuseki"))
    try:
        yield url
    finally:
        process.terminate()
        process.wait(30)


def test_remote_engine_round_trip_through_an_export_in_fuseki(fuseki_with_export: str, small_kg, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MEDKG_SPARQL_ENDPOINT", fuseki_with_export)
    monkeypatch.delenv("MEDKG_SPARQL_GRAPH", raising=False)
    canonical = lambda rows: sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)  # noqa: E731
    for name, param_sets in cases.CASES.items():
        for params in param_sets:
            assert canonical(small_kg.run(name, params, engine="remote")) == canonical(small_kg.run(name, params, engine="sparql")), (name, params)


def test_remote_engine_warns_when_its_graph_is_empty(fuseki_with_export: str, small_kg, cli) -> None:  # type: ignore[no-untyped-def]
    env = {"MEDKG_SPARQL_ENDPOINT": fuseki_with_export}
    found = cli("query", "who-built", "-p", "name=華佗GPT", "--engine", "remote", home=small_kg.home.path, env=env)
    assert found.returncode == 0 and "华佗GPT" in found.stdout and "holds no triples" not in found.stderr
    none = cli("query", "who-built", "-p", "name=no-such-model", "--engine", "remote", home=small_kg.home.path, env=env)
    assert "holds no triples" not in none.stderr  # an empty answer from a loaded graph is just empty
    wrong = {**env, "MEDKG_SPARQL_GRAPH": "urn:x-not-loaded"}
    empty = cli("query", "who-built", "-p", "name=華佗GPT", "--engine", "remote", home=small_kg.home.path, env=wrong)
    assert empty.returncode == 0 and "warning" in empty.stderr and "<urn:x-not-loaded>" in empty.stderr
    assert "holds no triples" in empty.stderr and "push sparql" in empty.stderr
