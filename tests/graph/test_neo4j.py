"""`medkg push neo4j` against a real Neo4j 5 server over Bolt."""
from __future__ import annotations

import socket

import pytest
from medkg.graph.neo4j import Neo4jTarget
from medkg.graph.property import property_graph

from medkg.base.errors import ServerError

pytestmark = pytest.mark.neo4j


def _sparql_count(kg, pattern: str) -> int:  # type: ignore[no-untyped-def]
    return kg.sparql(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"]


def test_push_matches_rdf_counts_and_is_idempotent(small_kg, neo4j_env) -> None:  # type: ignore[no-untyped-def]
    graph = property_graph(small_kg.registry())
    with Neo4jTarget.from_env() as target:
        target._write("CREATE (:Foreign {name: 'not medkg'})")
        first = target.push(graph, replace=True)
        second = target.push(graph)
        foreign = target.read("MATCH (n:Foreign) RETURN count(n) AS n")[0]["n"]
        labels = target.read("MATCH (m:Model {id: 'huatuogpt'}) RETURN labels(m) AS labels, m.name AS name, m.name_en AS en")
        target._write("MATCH (n:Foreign) DELETE n")
    assert first == second
    assert foreign == 1, "--replace must delete only medkg's nodes"
    assert first["Model"] == _sparql_count(small_kg, "?m a mk:LanguageModel")
    assert first["Organization"] == _sparql_count(small_kg, "?o a mk:Organization")
    assert first["DEVELOPED_BY"] == _sparql_count(small_kg, "?m mk:developedBy ?o")
    assert first["PARTNER_IN"] == _sparql_count(small_kg, "?m mk:partner ?o")
    assert first["BASED_ON"] == _sparql_count(small_kg, "?m mk:basedOn ?b")
    assert first["COLLABORATES_WITH"] == _sparql_count(small_kg, "?c a mk:Collaboration")
    assert set(labels[0]["labels"]) == {"Model", "GeneralModel", "MedKG"}
    assert (labels[0]["name"], labels[0]["en"]) == ("华佗GPT", "HuatuoGPT")  # bilingual names both kept


def test_cli_push_takes_password_from_environment_only(cli, neo4j_server, tmp_path, small_registry) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    assert cli("build", "--registry", str(small_registry), home=home).returncode == 0
    ok = cli("push", "neo4j", "--uri", neo4j_server.uri, home=home, env={"NEO4J_PASSWORD": neo4j_server.password})
    assert ok.returncode == 0, ok.stderr
    assert "pushed: Model 9" in ok.stderr
    assert neo4j_server.password not in ok.stderr + ok.stdout
    missing = cli("push", "neo4j", "--uri", neo4j_server.uri, home=home)
    assert missing.returncode == 2 and "NEO4J_PASSWORD" in missing.stderr
    no_flag = cli("push", "neo4j", "--uri", neo4j_server.uri, "--password", "x", home=home)
    assert no_flag.returncode == 2


def test_wrong_password_is_one_clear_line(cli, neo4j_server, tmp_path, small_registry) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    cli("build", "--registry", str(small_registry), home=home)
    result = cli("push", "neo4j", "--uri", neo4j_server.uri, home=home, env={"NEO4J_PASSWORD": "wrong-password"})
    assert result.returncode == 4
    assert result.stderr.strip().splitlines()[-1].startswith("error: Neo4j at bolt://")
    assert "refused the credentials" in result.stderr and "Traceback" not in result.stderr


def test_server_down_and_bad_uri(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("NEO4J_PASSWORD", "whatever1")
    with pytest.raises(ServerError, match="cannot reach Neo4j"):
        Neo4jTarget.from_env(uri=f"bolt://127.0.0.1:{port}").__enter__()
    from medkg.base.errors import UsageError

    with pytest.raises(UsageError, match="bolt://"):
        Neo4jTarget.from_env(uri="http://127.0.0.1:1")


def test_neo4j_reads_refuse_writes(small_kg, neo4j_env) -> None:  # type: ignore[no-untyped-def]
    from medkg.base.errors import QueryError

    with Neo4jTarget.from_env() as target, pytest.raises((QueryError, ServerError)):
        target.read("CREATE (:Intruder) RETURN 1")


def test_server_killed_mid_push_then_rerun_completes_without_duplicates(neo4j_control, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os
    import signal
    import threading
    import time

    from medkg.loaders import load_registry
    from medkg.loaders.synthetic import generate

    start, stop, free_port = neo4j_control
    home, port, password = tmp_path / "neo4j", free_port(), "fault-test-pw"
    graph = property_graph(load_registry(generate(3000, tmp_path / "reg")))
    expected = graph.counts()
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    server = start(home, port, password)
    outcome: dict[str, BaseException] = {}

    def push() -> None:
        try:
            with Neo4jTarget.from_env(uri=server.uri, retry_s=3) as target:
                target.push(graph, batch_size=50)
        except BaseException as error:
            outcome["error"] = error

    pusher = threading.Thread(target=push)
    pusher.start()
    time.sleep(4)
    os.kill(server.process.pid, signal.SIGKILL)
    pusher.join(60)
    assert isinstance(outcome.get("error"), ServerError), outcome
    assert "Neo4j" in str(outcome["error"]) and "\n" not in str(outcome["error"])
    server = start(home, port, password)
    try:
        with Neo4jTarget.from_env(uri=server.uri) as target:
            first = target.push(graph)
            second = target.push(graph)
        assert first == second
        assert first["Model"] == expected["Model"] and first["Organization"] == expected["Organization"]
        assert first["DEVELOPED_BY"] == expected["DEVELOPED_BY"]
        assert first["COLLABORATES_WITH"] == expected["COLLABORATES_WITH"]
    finally:
        stop(server)
