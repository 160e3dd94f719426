"""`medkg serve` under hostile clients: bodies, headers, idle connections, floods, and builds swapped under it."""
from __future__ import annotations

import json
import socket
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from medkg.api import MedKG
from medkg.http_limits import QUEUED, WORKERS
from medkg.server import make_server


@pytest.fixture()
def server(small_kg):  # type: ignore[no-untyped-def]
    running = make_server(small_kg, "127.0.0.1", 0, 10.0, 100)
    threading.Thread(target=running.serve_forever, daemon=True).start()
    yield running
    running.shutdown()
    running.server_close()


def _raw(server, request: bytes, timeout: float = 30) -> bytes:  # type: ignore[no-untyped-def]
    with socket.create_connection(server.server_address[:2], timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def _post(headers: str, body: bytes = b"") -> bytes:
    return f"POST /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{headers}\r\n".encode() + body


def test_huge_body_is_refused_unread(server) -> None:  # type: ignore[no-untyped-def]
    reply = _raw(server, _post("Content-Type: application/sparql-query\r\nContent-Length: 314572800\r\n"))
    assert reply.startswith(b"HTTP/1.0 413") or reply.startswith(b"HTTP/1.1 413"), reply[:80]


@pytest.mark.parametrize("length", ["abc", "-1", "1e3", "99999999999999999999999"])
def test_bad_content_length_is_400(server, length: str) -> None:  # type: ignore[no-untyped-def]
    reply = _raw(server, _post(f"Content-Type: application/sparql-query\r\nContent-Length: {length}\r\n"))
    assert b" 400 " in reply.split(b"\r\n")[0] and b"bad Content-Length" in reply


def test_chunked_body_is_411(server) -> None:  # type: ignore[no-untyped-def]
    reply = _raw(server, _post("Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n", b"0\r\n\r\n"))
    assert b" 411 " in reply.split(b"\r\n")[0]


def test_unsupported_content_type_is_415(server) -> None:  # type: ignore[no-untyped-def]
    body = b"ASK {}"
    reply = _raw(server, _post(f"Content-Type: text/plain\r\nContent-Length: {len(body)}\r\n", body))
    assert b" 415 " in reply.split(b"\r\n")[0]


def test_post_query_still_works(server) -> None:  # type: ignore[no-untyped-def]
    body = b"ASK { ?s ?p ?o }"
    reply = _raw(server, _post(f"Content-Type: application/sparql-query\r\nContent-Length: {len(body)}\r\n"
                               "Accept: application/sparql-results+json\r\n", body))
    assert b" 200 " in reply.split(b"\r\n")[0] and b'"boolean": true' in reply


def test_host_header_never_reaches_the_output(server) -> None:  # type: ignore[no-untyped-def]
    evil = 'evil.example/"><script>alert(1)</script>'
    reply = _raw(server, f"GET /sparql HTTP/1.1\r\nHost: {evil}\r\nConnection: close\r\n\r\n".encode())
    assert b" 200 " in reply.split(b"\r\n")[0]
    assert b"evil" not in reply and f"http://127.0.0.1:{server.server_address[1]}/sparql".encode() in reply


def test_idle_connections_are_closed_and_threads_bounded(server) -> None:  # type: ignore[no-untyped-def]
    server.RequestHandlerClass.timeout = 0.5
    before = threading.active_count()
    idle = [socket.create_connection(server.server_address[:2], timeout=30) for _ in range(WORKERS + QUEUED + 40)]
    try:
        # connections past the pool and its queue are told at once that the server is busy
        busy = 0
        for sock in idle[WORKERS + QUEUED:]:
            if sock.recv(200).startswith(b"HTTP/1.1 503"):
                busy += 1
        assert busy >= 30
        assert threading.active_count() <= before + WORKERS
        # the idle ones are closed by the server (recv returns b"" or the connection is reset)
        for sock in idle[:WORKERS]:
            try:
                assert sock.recv(10) == b""
            except ConnectionResetError:
                pass
    finally:
        for sock in idle:
            sock.close()
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
    with urllib.request.urlopen(url, timeout=60) as response:
        assert response.status == 200


def test_server_follows_a_new_build(small_registry: Path, tmp_path: Path) -> None:
    from medkg.synthetic import generate

    home = tmp_path / "home"
    kg = MedKG(home, auto_build=False)
    kg.build(small_registry)
    running = make_server(kg, "127.0.0.1", 0, 30.0, 100)
    threading.Thread(target=running.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{running.server_address[1]}"
    count = "SELECT (COUNT(?m) AS ?n) WHERE { ?m a mk:MedicalModel }"

    def medical() -> int:
        with urllib.request.urlopen(f"{base}/sparql?" + urllib.parse.urlencode({"query": count}), timeout=60) as r:
            return int(json.loads(r.read())["results"]["bindings"][0]["n"]["value"])

    try:
        assert medical() == 6
        assert urllib.request.urlopen(f"{base}/network.png", timeout=120).read().startswith(b"\x89PNG")
        big = generate(40, tmp_path / "big")
        for _ in range(2):  # two rebuilds: the build the server opened first is deleted
            MedKG(home, auto_build=False).build(big)
        assert medical() == 40
        assert urllib.request.urlopen(f"{base}/queries/type-distribution", timeout=60).status == 200
        assert urllib.request.urlopen(f"{base}/network.png", timeout=120).read().startswith(b"\x89PNG")
    finally:
        running.shutdown()
        running.server_close()


@pytest.mark.parametrize("text", ["", "   ", "\u200b"])
def test_blank_search_page_is_no_search(server, text: str) -> None:  # type: ignore[no-untyped-def]
    url = f"http://127.0.0.1:{server.server_address[1]}/search?" + urllib.parse.urlencode({"q": text})
    with urllib.request.urlopen(url, timeout=60) as response:
        assert response.status == 200 and "No match" in response.read().decode()


def test_concurrent_queries_are_bounded(small_kg) -> None:  # type: ignore[no-untyped-def]
    """Eight slow queries at once: at most QUERY_WORKERS workers run (plus the idle spare), every request gets its
    503, and the server answers afterwards."""
    import os
    import time
    import urllib.error

    from medkg.http_limits import QUERY_WORKERS

    running = make_server(small_kg, "127.0.0.1", 0, 2.0, 100)
    threading.Thread(target=running.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{running.server_address[1]}/sparql?"
    slow = base + urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"})
    statuses: list[int] = []

    def ask() -> None:
        try:
            urllib.request.urlopen(slow, timeout=60)
            statuses.append(200)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    def workers() -> int:
        count = 0
        for task in Path(f"/proc/{os.getpid()}/task").iterdir():
            for child in (task / "children").read_text().split():
                try:
                    count += b"medkg.worker" in Path(f"/proc/{child}/cmdline").read_bytes()
                except OSError:
                    pass
        return count

    clients = [threading.Thread(target=ask) for _ in range(8)]
    for client in clients:
        client.start()
    peak = 0
    while any(c.is_alive() for c in clients):
        peak = max(peak, workers())
        time.sleep(0.05)
    try:
        assert statuses == [503] * 8
        assert peak <= QUERY_WORKERS + 1
        with urllib.request.urlopen(base + urllib.parse.urlencode({"query": "ASK {}"}), timeout=60) as response:
            assert response.status == 200
    finally:
        running.shutdown()
        running.server_close()
