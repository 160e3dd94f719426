"""The SPARQL endpoint under load: ``medkg serve`` against ``oxigraph serve-read-only`` on the same store.

Both servers open the build's ``oxigraph/`` folder (the ``oxigraph`` binary of the pip package reads pyoxigraph's
on-disk format; read-only, so both can have it open at once) and get the same SPARQL text, sent as SPARQL 1.1
Protocol GET (``?query=``) or POST (``application/sparql-query``), from :mod:`bench.loadgen` in its own process:
1, 8 and 32 clients for a few seconds each. The load generator's own ceiling is measured against Oxigraph with an
``ASK {}``, the cheapest request it can send.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph_binary() -> str | None:
    beside = Path(PYTHON).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}) before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {seconds:g} s")


@contextmanager
def _serving(command: list[str], ready: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run the server *command* on a free loopback port (``{port}`` in it); yields its base URL once *ready* (a
    path) answers, and stops it after."""
    port = free_port()
    process = subprocess.Popen([part.format(port=port) for part in command], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        _wait(f"http://127.0.0.1:{port}{ready}", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(30)


def medkg_server(home: Path) -> Any:
    """``medkg serve`` on *home* (a built MEDKG_HOME) on a free loopback port; yields its base URL."""
    return _serving([str(Path(PYTHON).with_name("medkg")), "serve", "--port", "{port}"], "/queries",
                    env={**os.environ, "MEDKG_HOME": str(home)})


def oxigraph_server(store: Path) -> Any:
    """``oxigraph serve-read-only`` on the same store, on a free loopback port; yields its base URL."""
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("no oxigraph binary: pip install 'medkg[bench]' (the oxigraph package ships it)")
    return _serving([binary, "serve-read-only", "--location", str(store), "--bind", "127.0.0.1:{port}"],
                    "/query?query=ASK%7B%7D")


def load(url: str, clients: int, seconds: float, method: str = "GET", query: str | None = None,
         vary: bool = False) -> dict[str, Any]:
    """Run bench.loadgen in a child process; its JSON summary."""
    command = [PYTHON, "-m", "bench.loadgen", url, "--clients", str(clients), "--seconds", str(seconds), "--method", method,
               *(["--vary"] if vary else [])]
    query_file = None
    if query is not None:
        import tempfile

        with tempfile.NamedTemporaryFile("w", suffix=".rq", delete=False, encoding="utf-8") as handle:
            handle.write(query)
        query_file = handle.name
        command += ["--query-file", query_file]
    try:
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True, timeout=seconds + 180)
    finally:
        if query_file:
            os.unlink(query_file)
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def query_text(name: str, params: dict[str, str]) -> str:
    """The named query's SPARQL with its parameters written in as literals (the same text goes to both servers)."""
    from medkg.queries import named_query

    query = named_query(name)
    text = query.sparql
    for key, value in query.bind(params).items():
        literal = json.dumps("" if value is None else value, ensure_ascii=False) if not isinstance(value, int) else str(value)
        text = text.replace(f"SELECT ?{key} ", "SELECT ").replace(f"SELECT DISTINCT ?{key} ", "SELECT DISTINCT ")
        text = text.replace(f"?{key} ", f"{literal} ").replace(f"?{key})", f"{literal})").replace(f"?{key}\n", f"{literal}\n")
    return text


def store_of(home: Path) -> Path:
    from medkg.store import Home

    current = Home(home).current()
    if current is None:
        raise RuntimeError(f"{home} has no build")
    return Path(current.path) / "oxigraph"
