"""`medkg push sparql` into two real SPARQL servers started here on loopback (Oxigraph and Apache Jena Fuseki);
the named queries run there give the embedded store's rows."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from medkg.graph.sparql_remote import SparqlTarget

ROOT = Path(__file__).resolve().parents[2]
FUSEKI_JAR = next(iter(sorted((ROOT / ".ci" / "fuseki").glob("jena-fuseki-server-*.jar"))), None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server for {url} exited with {process.returncode}", pytrace=False)
        try:
            query = urllib.parse.urlencode({"query": "ASK {}"})
            urllib.request.urlopen(f"{url}?{query}", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"server for {url} did not start", pytrace=False)


@pytest.fixture(scope="module", params=["oxigraph", "fuseki"])
def server(request, tmp_path_factory) -> Iterator[dict[str, str]]:  # type: ignore[no-untyped-def]
    port = _free_port()
    if request.param == "oxigraph":
        binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent))
        assert binary, "the oxigraph server (pip package oxigraph) must be installed: it is in the test extras"
        command = [binary, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")), "--bind", f"127.0.0.1:{port}"]
        urls = {"query": f"http://127.0.0.1:{port}/query", "update": f"http://127.0.0.1:{port}/update"}
    else:
        assert FUSEKI_JAR, "Fuseki's jar must be in .ci/fuseki (make test fetches it from Maven Central)"
        command = ["java", "-Xmx512m", "-jar", str(FUSEKI_JAR), "--localhost", "--port", str(port), "--mem", "--update", "/ds"]
        urls = {"query": f"http://127.0.0.1:{port}/ds/query", "update": f"http://127.0.0.1:{port}/ds/update"}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path_factory.mktemp("cwd"))
    try:
        _wait(urls["query"], process)
        yield {"name": request.param, **urls}
    finally:
        process.terminate()
        process.wait(30)


def test_push_replaces_only_medkgs_graph_and_is_idempotent(server, small_kg, cli, tmp_path, small_registry) -> None:  # type: ignore[no-untyped-def]
    target = SparqlTarget(server["query"], update_endpoint=server["update"])
    target._post(server["update"], {"update": "INSERT DATA { GRAPH <urn:other> { <urn:a> <urn:b> 'kept' } }"})
    home = tmp_path / "home"
    cli("build", "--registry", str(small_registry), home=home)
    for _ in range(2):
        result = cli("push", "sparql", "--endpoint", server["update"], "--query-endpoint", server["query"], home=home)
        assert result.returncode == 0, result.stderr
    expected = len(list(small_kg.store().quads_for_pattern(None, None, None, None)))
    assert target.count() == expected  # the same triples, once, after two pushes
    other = SparqlTarget(server["query"], graph="urn:other")
    assert other.count() == 1


@pytest.mark.parametrize("registry", ["small", "bundled"])
def test_named_queries_give_embedded_rows(server, registry, request, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.queries.cases import CASES

    kg = request.getfixturevalue(f"{registry}_kg")
    SparqlTarget(server["query"], update_endpoint=server["update"]).push(kg.store())
    monkeypatch.setenv("MEDKG_SPARQL_ENDPOINT", server["query"])
    canonical = lambda rows: sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)  # noqa: E731
    for name, param_sets in CASES.items():
        for params in param_sets:
            remote, local = kg.run(name, params, engine="remote"), kg.run(name, params, engine="sparql")
            assert canonical(remote) == canonical(local), (server["name"], name, params)


def test_unreachable_endpoint_is_one_line(cli, tmp_path, small_registry) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    cli("build", "--registry", str(small_registry), home=home)
    result = cli("push", "sparql", "--endpoint", f"http://127.0.0.1:{_free_port()}/update", home=home)
    assert result.returncode == 4 and result.stderr.strip().splitlines()[-1].startswith("error: cannot reach")
