"""Shared fixtures: small registries made for the tests, built homes, a real Neo4j server, the real CLI."""
from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SMALL = Path(__file__).parent / "fixtures" / "small"
NEO4J_START = ROOT / ".ci" / "neo4j" / "start"
NEO4J_START_TIMEOUT_S = 600  # the first start on a fresh machine downloads Neo4j's jars
# Fixtures that start Java servers or a browser; tests using them are marked `servers`, so contributors can run the
# fast tier with `pytest -m "not servers"` (make test-fast). `make test` runs everything and CI runs `make test`.
SERVER_FIXTURES = {"neo4j_server", "neo4j_env", "neo4j_control", "server", "browser", "page", "loaded", "jena",
                   "fuseki_with_export"}
JENA_LIB = ROOT / ".ci" / "jena" / "target" / "lib"


@pytest.fixture(scope="session")
def jena():  # type: ignore[no-untyped-def]
    """Apache Jena's command-line tools (rsparql, riot, qparse; `make test` fetches them): ``jena(CLASS, *ARGS)``."""
    assert JENA_LIB.is_dir(), "Jena's command-line tools must be in .ci/jena/target/lib (make test fetches them)"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["java", "-cp", f"{JENA_LIB}/*", *args], capture_output=True, text=True, timeout=120)

    return run


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.servers)


@pytest.fixture(scope="session")
def small_registry() -> Path:
    return SMALL


@pytest.fixture()
def registry_copy(tmp_path: Path) -> Path:
    """A writable copy of the small registry, for tests that break it."""
    target = tmp_path / "registry"
    shutil.copytree(SMALL, target)
    return target


@pytest.fixture(scope="session")
def small_kg(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A home built from the small registry (shared, read-only)."""
    from medkg.api import MedKG

    kg = MedKG(tmp_path_factory.mktemp("home-small"), auto_build=False)
    kg.build(SMALL)
    yield kg
    kg.close()


@pytest.fixture(scope="session")
def bundled_kg(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A home built from the bundled registry in data/."""
    from medkg.api import MedKG

    kg = MedKG(tmp_path_factory.mktemp("home-bundled"), auto_build=False)
    kg.build()
    yield kg
    kg.close()


def run_cli(*args: str, home: Path | None = None, env: dict[str, str] | None = None,
            input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real ``medkg`` command in a new process."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    if home is not None:
        environment["MEDKG_HOME"] = str(home)
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "medkg", *args], capture_output=True, text=True,
                          env=environment, input=input, timeout=300)


@pytest.fixture(scope="session")
def cli():  # type: ignore[no-untyped-def]
    return run_cli


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Neo4jServer:
    def __init__(self, uri: str, user: str, password: str, process: subprocess.Popen[str] | None) -> None:
        self.uri, self.user, self.password, self.process = uri, user, password, process

    def env(self) -> dict[str, str]:
        return {"NEO4J_URI": self.uri, "NEO4J_USER": self.user, "NEO4J_PASSWORD": self.password}


def start_neo4j(home: Path, port: int, password: str) -> Neo4jServer:
    """Start the launcher in .ci/neo4j and wait until Bolt answers; fail the test (never skip) if it cannot."""
    process = subprocess.Popen([str(NEO4J_START), str(home), str(port)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env={**os.environ, "NEO4J_PASSWORD": password})
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if line.startswith("BOLT "):
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + NEO4J_START_TIMEOUT_S
    while not ready.wait(1):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the Neo4j test server did not start:\n" + "".join(lines[-40:]), pytrace=False)
    return Neo4jServer(f"bolt://127.0.0.1:{port}", "neo4j", password, process)


def stop_neo4j(server: Neo4jServer) -> None:
    if server.process is None:
        return
    server.process.terminate()
    try:
        server.process.wait(60)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """A real Neo4j 5 server over Bolt: the user's (NEO4J_URI) or one this fixture starts on loopback.

    If it cannot start, the tests that need it fail loudly; they never skip.
    """
    if os.environ.get("NEO4J_URI"):
        yield Neo4jServer(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                          os.environ.get("NEO4J_PASSWORD", ""), None)
        return
    server = start_neo4j(tmp_path_factory.mktemp("neo4j"), _free_port(), "medkg-" + secrets.token_hex(8))
    try:
        yield server
    finally:
        stop_neo4j(server)


@pytest.fixture(scope="session")
def neo4j_control():  # type: ignore[no-untyped-def]
    """Start and stop private Neo4j servers (for fault tests that kill one)."""
    return start_neo4j, stop_neo4j, _free_port


@pytest.fixture()
def neo4j_env(neo4j_server: Neo4jServer, monkeypatch: pytest.MonkeyPatch) -> Neo4jServer:
    """The Neo4j server's URI and credentials in this test's environment."""
    for key, value in neo4j_server.env().items():
        monkeypatch.setenv(key, value)
    return neo4j_server


class LoopbackListener:
    """Counts TCP connections on a loopback port; closes each at once so a client fails fast."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def settle(self) -> int:
        time.sleep(0.3)
        return self.connections

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()


@pytest.fixture()
def listener() -> Iterator[LoopbackListener]:
    """A loopback TCP listener that counts connections: it stands in for a remote SPARQL endpoint that must never be
    contacted (SERVICE guard and network-isolation tests)."""
    server = LoopbackListener()
    yield server
    server.close()


@contextlib.contextmanager
def serving(kg, timeout_s: float = 30.0, max_rows: int = 10_000) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """`medkg serve` for *kg* on a free loopback port, in a thread; yields its base URL (``http://127.0.0.1:PORT``)."""
    from medkg.app.server import make_server

    server = make_server(kg, "127.0.0.1", 0, timeout_s, max_rows)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
