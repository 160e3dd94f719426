"""A spare query worker (``medkg serve`` keeps one) has its imports and parser ready before its query arrives."""
from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, os, sys
os.environ["MEDKG_WORKER_WARM"] = {warm!r}

class Stdin:
    class buffer:
        @staticmethod
        def read():
            print("rdflib" in sys.modules, "pyoxigraph" in sys.modules, file=sys.stderr, flush=True)
            return json.dumps({{"kind": "cypher", "query": "CREATE (n)", "path": "/nonexistent"}}).encode()

sys.stdin = Stdin
from medkg.graph import worker
worker.main()
"""


def _imported_before_the_query(warm: str) -> str:
    result = subprocess.run([sys.executable, "-c", PROBE.format(warm=warm)], capture_output=True, text=True, timeout=120)
    assert "error" in json.loads(result.stdout)  # the write is refused, as always
    return result.stderr.splitlines()[0]


def test_a_warm_worker_has_the_guard_loaded_before_reading_its_query() -> None:
    assert _imported_before_the_query("1") == "True True"


def test_a_cold_worker_loads_only_what_its_query_needs() -> None:
    assert _imported_before_the_query("0") == "False False"
