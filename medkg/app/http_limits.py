"""Resource limits for ``medkg serve``: a bounded worker pool behind a real listen backlog, idle and read timeouts,
request bodies checked before they are read, and a server that follows ``current`` to a new build.

* :class:`BoundedHTTPServer` serves connections on :data:`WORKERS` threads; up to :data:`QUEUED` more wait, and a
  connection beyond that gets ``503`` at once. The listen backlog is :data:`BACKLOG` (the standard library's is 5).
* :data:`IDLE_TIMEOUT_S`: a connection that sends nothing (or sends a request too slowly) for that long is closed.
* at most :data:`QUERY_WORKERS` user queries are evaluated at once (each in a worker within ``--max-memory``); a
  request that cannot get a slot within ``--timeout`` gets 503.
* :func:`read_body`: ``Content-Length`` must be a plain decimal number (else 400), at most ``max_body`` bytes (else
  413, without reading the body); chunked or other transfer encodings get 411; POST content types other than the
  SPARQL Protocol's get 415.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from http.server import HTTPServer
from typing import Any

WORKERS = 16
QUEUED = 64
BACKLOG = 128
IDLE_TIMEOUT_S = 15.0
MAX_BODY_BYTES = 1024 * 1024
QUERY_WORKERS = 4  # user queries evaluated at once, each within --max-memory: the server's memory bound is 4× that
POST_TYPES = ("application/sparql-query", "application/x-www-form-urlencoded", "application/sparql-update")


class BoundedHTTPServer(HTTPServer):
    request_queue_size = BACKLOG
    daemon_threads = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="medkg-http")
        self._slots = threading.BoundedSemaphore(WORKERS + QUEUED)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                b"Content-Length: 25\r\nConnection: close\r\nRetry-After: 1\r\n\r\n"
                                b"the server is busy: retry")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        self._pool.submit(self._work, request, client_address)

    def _work(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            self._slots.release()

    def server_close(self) -> None:
        super().server_close()
        self._pool.shutdown(wait=False, cancel_futures=True)


def read_body(handler: Any, max_body: int) -> bytes | None:
    """The request body, or ``None`` after an error response has been sent (and the connection marked to close)."""
    def refuse(status: HTTPStatus, message: str) -> None:
        handler.close_connection = True
        handler._send(status, "text/plain; charset=utf-8", f"{message}\n".encode())

    if handler.headers.get("Transfer-Encoding"):
        refuse(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length (no transfer encoding)")
        return None
    raw = (handler.headers.get("Content-Length") or "0").strip()
    if not raw.isdigit() or len(raw) > 18:
        refuse(HTTPStatus.BAD_REQUEST, f"bad Content-Length: {raw[:40]!r} (expected a number of bytes)")
        return None
    length = int(raw)
    if length > max_body:
        refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request body is {length} bytes; the limit is {max_body}")
        return None
    content_type = (handler.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in POST_TYPES:
        refuse(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
               f"unsupported content type {content_type!r}: POST application/sparql-query or "
               "application/x-www-form-urlencoded")
        return None
    return handler.rfile.read(length) if length else b""


def follow_current(endpoint: Any) -> None:
    """Switch *endpoint* to the build ``current`` points to now, if a new build replaced the one it serves."""
    with endpoint.build_lock:
        if endpoint.kg.refresh():
            endpoint.store = endpoint.kg.store()
            endpoint.cache.clear()
            endpoint.views.clear()
            endpoint.results.clear()
