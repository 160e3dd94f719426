"""The README's endpoint examples work in standard SPARQL clients (issue 13, item 8): every query in a `curl` or
`rsparql` example parses in Apache Jena's `qparse`, which knows no predeclared prefixes, and the `rsparql` example runs
against the real endpoint with Jena's own client."""
from __future__ import annotations

import re
import shlex
import subprocess
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
JENA_LIB = ROOT / ".ci" / "jena" / "target" / "lib"
SH_LINES = [line for block in re.findall(r"```sh\n(.*?)```", README, re.S) for line in block.splitlines()]
CURL_QUERIES = [arg.removeprefix("query=") for line in SH_LINES if line.startswith("curl ") and "/sparql" in line
                for arg in shlex.split(line) if arg.startswith("query=")]
RSPARQL = [line for line in SH_LINES if "arq.rsparql" in line]


def _jena(*args: str) -> subprocess.CompletedProcess[str]:
    assert JENA_LIB.is_dir(), "Jena's command-line tools must be in .ci/jena/target/lib (make test fetches them)"
    return subprocess.run(["java", "-cp", f"{JENA_LIB}/*", *args], capture_output=True, text=True, timeout=120)


def test_endpoint_examples_parse_in_jena_without_predeclared_prefixes() -> None:
    queries = CURL_QUERIES + [shlex.split(line)[-1] for line in RSPARQL]
    assert len(queries) >= 3
    for query in queries:
        result = _jena("arq.qparse", query)
        assert result.returncode == 0, (query, result.stdout + result.stderr)


def test_rsparql_example_runs_against_the_endpoint(bundled_kg) -> None:  # type: ignore[no-untyped-def]
    from medkg.server import make_server

    assert RSPARQL
    server = make_server(bundled_kg, "127.0.0.1", 0, 30.0, 10_000)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for line in RSPARQL:
            args = shlex.split(line.replace("127.0.0.1:7878", f"127.0.0.1:{server.server_address[1]}"))
            assert args[:2] == ["java", "-cp"]
            result = _jena(*args[3:])
            assert result.returncode == 0 and "神农" in result.stdout, (line, result.stderr[-2000:])
    finally:
        server.shutdown()
