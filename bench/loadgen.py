"""A small HTTP load generator: N client threads, each on one keep-alive connection, for a bounded time.

    python -m bench.loadgen URL --clients 8 --seconds 5 [--post-sparql FILE | --get-sparql FILE]

Prints one JSON object: requests, errors (non-200 answers and failed connections, by kind), requests/s, and latency
percentiles in ms. Run in its own process, so its threads do not share a GIL with the server measured; the
benchmark also measures its ceiling (the same client against a server that answers at once) and reports it.
"""
from __future__ import annotations

import argparse
import http.client
import json
import statistics
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any


def _request(url: str, method: str, query: str | None) -> tuple[str, str, bytes | None, dict[str, str]]:
    parts = urllib.parse.urlsplit(url)
    if query is None:  # a page or a named query: whatever the server offers first
        return method, parts.path + (f"?{parts.query}" if parts.query else ""), None, {"Accept": "*/*"}
    headers = {"Accept": "application/sparql-results+json"}
    if method == "GET":
        return "GET", f"{parts.path}?{urllib.parse.urlencode({'query': query})}", None, headers
    return "POST", parts.path, query.encode(), {**headers, "Content-Type": "application/sparql-query"}


def hammer(url: str, clients: int, seconds: float, method: str = "GET", query: str | None = None,
           vary: bool = False) -> dict[str, Any]:
    """*vary*: end each query with a different comment, so no two requests send the same text (defeats caches)."""
    parts = urllib.parse.urlsplit(url)
    verb, path, body, headers = _request(url, method, query)
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[Counter[str]] = [Counter() for _ in range(clients)]
    start_line = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(i: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
        start_line.wait()
        sent = 0
        while time.perf_counter() < stop_at[0]:
            t = time.perf_counter()
            sent += 1
            try:
                if vary and query is not None:
                    connection.request(*_request(url, method, f"{query}\n# request {i}-{sent}")[:3],
                                       _request(url, method, query)[3])
                else:
                    connection.request(verb, path, body, headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors[i][f"HTTP {response.status}"] += 1
                    continue
                latencies[i].append(time.perf_counter() - t)
            except (OSError, http.client.HTTPException) as error:
                errors[i][type(error).__name__] += 1
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
        connection.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start_line.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began  # the last requests may end after the deadline: count their time too
    done = sorted(x for per in latencies for x in per)
    failed = sum((Counter(e) for e in errors), Counter())

    def pct(p: float) -> float | None:
        return round(done[min(len(done) - 1, int(p * len(done)))] * 1000, 2) if done else None

    return {"clients": clients, "seconds": round(elapsed, 3), "requests": len(done), "errors": sum(failed.values()),
            "error_kinds": dict(failed), "rps": round(len(done) / elapsed, 1), "p50_ms": pct(0.50), "p99_ms": pct(0.99),
            "mean_ms": round(statistics.mean(done) * 1000, 2) if done else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--method", choices=("GET", "POST"), default="GET")
    parser.add_argument("--query-file", help="send this SPARQL query (GET ?query= or POST application/sparql-query)")
    parser.add_argument("--vary", action="store_true", help="end each query with a different comment (no two texts alike)")
    args = parser.parse_args()
    query = Path(args.query_file).read_text(encoding="utf-8") if args.query_file else None
    print(json.dumps(hammer(args.url, args.clients, args.seconds, args.method, query, args.vary)))


if __name__ == "__main__":
    main()
