"""Hostile queries and failing builds: nothing leaks out, nothing half-built, nobody waits forever."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from medkg.loaders.synthetic import generate

from medkg.api import MedKG
from medkg.base.errors import QueryError

SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?m a mk:MedicalModel OPTIONAL { SERVICE <{url}> { ?m ?p ?o } } }",
    "SELECT * WHERE { { ?m a mk:MedicalModel } UNION { SERVICE SILENT <{url}> { ?m ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{url}> { ?s ?p ?o } } } }",
    "ASK { FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
]


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_is_refused_before_any_connection(small_kg, listener, template: str) -> None:  # type: ignore[no-untyped-def]
    url = f"http://127.0.0.1:{listener.port}/sparql"
    with pytest.raises(QueryError, match="SERVICE"):
        small_kg.sparql(template.replace("{url}", url))
    time.sleep(0.3)
    assert listener.connections == 0


def test_allowed_service_does_connect(small_kg, listener) -> None:  # type: ignore[no-untyped-def]
    """The listener is real: an allow-listed endpoint is contacted (and fails, since it is not SPARQL)."""
    url = f"http://127.0.0.1:{listener.port}/sparql"
    with pytest.raises(Exception):  # noqa: B017 - the endpoint closes the connection; any engine error will do
        small_kg.sparql(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", allow_service=(url,))
    time.sleep(0.3)
    assert listener.connections >= 1


@pytest.mark.parametrize("update", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }",
                                    "CLEAR ALL", "LOAD <http://127.0.0.1:1/x.ttl>", "DROP DEFAULT"])
def test_sparql_updates_refused(small_kg, update: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match="read-only"):
        small_kg.sparql(update)


@pytest.mark.parametrize("query", ["CREATE (n:X)", "MATCH (n) SET n.x = 1", "MATCH (n) DETACH DELETE n",
                                   "MERGE (n:X {id: 1})", "MATCH (n) REMOVE n.name", "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
                                   "CALL dbms.security.listUsers()", "match (n) /* x */ delete n"])
def test_cypher_writes_refused(small_kg, query: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match="refused"):
        small_kg.cypher(query)


def test_runaway_query_times_out(small_registry: Path, tmp_path: Path) -> None:
    kg = MedKG(tmp_path / "home", auto_build=False, timeout_s=0.5)
    kg.build(small_registry)
    started = time.monotonic()
    with pytest.raises(QueryError, match="--timeout"):
        kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    assert time.monotonic() - started < 5


def test_cli_timeout_and_row_limit(cli, small_registry: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    cli("build", "--registry", str(small_registry), home=home)
    slow = cli("--timeout", "0.5", "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
               home=home)
    assert slow.returncode == 2 and "did not finish within 0.5 s" in slow.stderr
    limited = cli("sparql", "SELECT ?s WHERE { ?s ?p ?o }", "--limit", "5", "-f", "json", home=home)
    assert len(json.loads(limited.stdout)) == 5 and "stopped at 5 rows" in limited.stderr


def test_tracebacks_never_show_locals() -> None:
    from medkg.app.cli import app

    assert app.pretty_exceptions_show_locals is False


def _build_command(home: Path, registry: Path) -> list[str]:
    return [sys.executable, "-m", "medkg", "--store", str(home), "build", "--registry", str(registry)]


def test_kill_9_during_build_keeps_previous_graph(small_registry: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    MedKG(home, auto_build=False).build(small_registry)
    big = generate(20_000, tmp_path / "big")  # a build that lasts longer than the kills come (3,000 no longer did)
    rng = random.Random(1)
    for _ in range(5):
        process = subprocess.Popen(_build_command(home, big), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.5))
        assert process.poll() is None, "the build ended before it was killed: make the registry bigger"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        kg = MedKG(home, auto_build=False)
        rows = kg.who_built("華佗GPT")  # the previous graph, complete and answering
        assert rows[0]["model_id"] == "huatuogpt"
        assert kg.current_build().meta["counts"]["medical_models"] == 6
        kg.close()
    assert MedKG(home, auto_build=False).build(big).meta["counts"]["medical_models"] == 20_000  # and a later build works


def test_readers_during_builds_see_old_or_new_graph(small_registry: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    MedKG(home, auto_build=False).build(small_registry)
    big = generate(2000, tmp_path / "big")
    builder = subprocess.Popen(_build_command(home, big), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen: set[int] = set()
    errors: list[str] = []
    while builder.poll() is None or not seen:
        kg = MedKG(home, auto_build=False)
        try:
            seen.add(kg.run("type-distribution").column("models") and sum(kg.run("type-distribution").column("models")))
        except Exception as error:
            errors.append(repr(error))
        finally:
            kg.close()
    assert builder.returncode == 0, builder.stderr.read() if builder.stderr else ""
    kg = MedKG(home, auto_build=False)
    seen.add(sum(kg.run("type-distribution").column("models")))
    assert not errors
    assert seen <= {6, 2000} and 2000 in seen
