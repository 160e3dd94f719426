"""The README's endpoint examples work in standard SPARQL clients (issue 13, item 8): every query in a `curl` or
`rsparql` example parses in Apache Jena's `qparse`, which knows no predeclared prefixes, and the `rsparql` example runs
against the real endpoint with Jena's own client."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.conftest import serving

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SH_LINES = [line for block in re.findall(r"```sh\n(.*?)```", README, re.S) for line in block.splitlines()]
CURL_QUERIES = [arg.removeprefix("query=") for line in SH_LINES if line.startswith("curl ") and "/sparql" in line
                for arg in shlex.split(line) if arg.startswith("query=")]
RSPARQL = [line for line in SH_LINES if "arq.rsparql" in line]


def test_endpoint_examples_parse_in_jena_without_predeclared_prefixes(jena) -> None:  # type: ignore[no-untyped-def]
    queries = CURL_QUERIES + [shlex.split(line)[-1] for line in RSPARQL]
    assert len(queries) >= 3
    for query in queries:
        result = jena("arq.qparse", query)
        assert result.returncode == 0, (query, result.stdout + result.stderr)


def test_rsparql_example_runs_against_the_endpoint(bundled_kg, jena) -> None:  # type: ignore[no-untyped-def]
    assert RSPARQL
    with serving(bundled_kg) as base:
        port = base.rsplit(":", 1)[1]
        for line in RSPARQL:
            args = shlex.split(line.replace("127.0.0.1:7878", f"127.0.0.1:{port}"))
            assert args[:2] == ["java", "-cp"]
            result = jena(*args[3:])
            header, *names = result.stdout.splitlines()
            tcm = {m.name for m in bundled_kg.registry().models if m.model_type == "tcm"}
            assert result.returncode == 0 and header == "name" and names and set(names) <= tcm, (line, result.stderr[-2000:])
