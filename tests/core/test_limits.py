"""Queries with real limits: a query past --timeout or --max-memory is stopped (its worker process killed and its
memory returned), and `medkg serve` stays up and answers the next request."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

MiB = 1024**2
# A cartesian product sorted: Oxigraph materialises every row before the first one comes out.
GREEDY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g LIMIT 1"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def home(tmp_path_factory, small_registry, cli):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("limits") / "home"
    assert cli("build", "--registry", str(small_registry), home=path).returncode == 0
    return path


def _peak_rss_of_cli(home: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run the CLI from a fresh wrapper process; the wrapper's RUSAGE_CHILDREN peak covers the CLI and its worker."""
    wrapper = ("import resource, subprocess, sys\n"
               "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
               "sys.stderr.write(r.stderr)\n"
               "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    result = subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-m", "medkg", *args], capture_output=True,
                            text=True, env={**os.environ, "MEDKG_HOME": str(home)}, timeout=300)
    code, peak_kib = result.stdout.split()
    return subprocess.CompletedProcess(args, int(code), "", result.stderr), int(peak_kib) * 1024


def test_cli_memory_limit_stops_the_query(home: Path) -> None:
    result, peak = _peak_rss_of_cli(home, "--max-memory", "256M", "sparql", GREEDY)
    assert result.returncode == 2, result.stderr
    assert "of memory and was stopped (raise the limit with --max-memory)" in result.stderr
    assert "Traceback" not in result.stderr
    # Without the worker this query grew past 4.7 GB; now no process of the command passes the address-space cap.
    assert peak < (256 + 512) * MiB, f"peak RSS {peak / MiB:.0f} MiB"


def test_cli_timeout_stops_the_query(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("--timeout", "0.5", "sparql", SLOW, home=home)
    assert result.returncode == 2 and "did not finish within 0.5 s and was stopped" in result.stderr


@pytest.mark.parametrize("value", ["inf", "nan", "1e300", "-1", "0", "abc"])
def test_bad_timeouts_are_one_line(cli, home: Path, value: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("--timeout", value, "sparql", "ASK {}", home=home)
    assert result.returncode == 2 and result.stderr.startswith("error: --timeout: expected seconds"), result.stderr


@pytest.mark.parametrize("value", ["1x", "0", "10K", "2P", "-5G"])
def test_bad_memory_limits_are_one_line(cli, home: Path, value: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("--max-memory", value, "sparql", "ASK {}", home=home)
    assert result.returncode == 2 and result.stderr.startswith("error: --max-memory: expected a size"), result.stderr


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(c) for c in text]
    return found


def _rss(pid: int) -> int:
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.fixture()
def served(home: Path):  # type: ignore[no-untyped-def]
    process = subprocess.Popen([sys.executable, "-m", "medkg", "--timeout", "3", "--max-memory", "256M", "serve",
                                "--port", "0"], stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "MEDKG_HOME": str(home)})
    assert process.stderr is not None
    line = process.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    assert match, line
    yield process, f"http://127.0.0.1:{match.group(1)}"
    process.terminate()
    process.wait(30)


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_server_survives_greedy_and_slow_queries(served) -> None:  # type: ignore[no-untyped-def]
    process, base = served
    q = lambda text: f"{base}/sparql?" + urllib.parse.urlencode({"query": text})  # noqa: E731
    status, body = _get(q(GREEDY))
    assert status == 503 and b"--max-memory" in body
    status, body = _get(q(SLOW))
    assert status == 503 and b"did not finish within 3 s" in body
    assert _rss(process.pid) < 256 * MiB, "the server itself grew"
    time.sleep(0.2)
    assert len(_children(process.pid)) <= 1, "a stopped worker was left running (only the idle spare may wait)"
    status, body = _get(q("SELECT (COUNT(?m) AS ?n) WHERE { ?m a mk:MedicalModel }"))
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "6"


@pytest.mark.parametrize("command", ["sparql", "cypher"])
def test_limit_zero_is_refused(cli, home: Path, command: str) -> None:  # type: ignore[no-untyped-def]
    query = "SELECT ?s WHERE { ?s ?p ?o }" if command == "sparql" else "MATCH (m:Model) RETURN m.id"
    result = cli(command, query, "--limit", "0", home=home)
    assert result.returncode == 2 and "--limit: expected a number of rows of at least 1, got 0" in result.stderr


def test_fast_lookup_path_refuses_infinite_timeout(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("--timeout", "inf", "who-built", "華佗GPT", home=home)
    assert result.returncode == 2 and result.stderr.startswith("error: --timeout: expected seconds"), result.stderr


def test_api_limit_zero_is_no_rows(small_kg) -> None:  # type: ignore[no-untyped-def]
    assert list(small_kg.sparql("SELECT ?s WHERE { ?s ?p ?o }", limit=0)) == []
    assert len(small_kg.sparql("SELECT ?s WHERE { ?s ?p ?o }", limit=3)) == 3
