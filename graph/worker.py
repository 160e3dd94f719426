"""User queries run in a child process that can be killed, has a memory ceiling, and has no network.

Why a process: pyoxigraph and Ladybug evaluate in native code that Python cannot interrupt, so a query that runs
past ``--timeout`` or grows past ``--max-memory`` is stopped by killing the process that runs it; its memory goes
back to the system with it, and the caller (the CLI or ``medkg serve``) carries on.

Why no network: pyoxigraph sends the HTTP request of a SPARQL ``SERVICE`` clause itself and has no switch to turn
federation off. The SERVICE guard (:func:`medkg.graph.sparql.check_read_only`) refuses such queries first; as a second,
independent barrier the worker moves itself into a new, empty network namespace (``unshare(CLONE_NEWNET)``, or
``CLONE_NEWUSER|CLONE_NEWNET`` when not root) before it evaluates anything, so even a query that fooled the guard
cannot open a connection: the namespace has no interface, not even a working loopback. Only a query whose SERVICE
endpoints are all in ``--allow-service`` keeps the network. Where namespaces are unavailable (not Linux, or user
namespaces disabled), the worker refuses every query that contains the word SERVICE at all.

The protocol is one JSON request on stdin and one JSON reply on stdout (``{"ok": …}`` or ``{"error": …}``).

Memory: the parent reads the child's resident size (``/proc/PID/statm``) every 20 ms and kills it past
``max_memory``; between two looks, ``RLIMIT_AS`` at ``max_memory`` + 512M (address space for thread stacks and the
store's mappings, which are not memory in use) makes a runaway allocation fail inside the child (SPARQL only:
Ladybug maps a large address range up front, so for it the resident size is the bound).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from medkg.base.errors import MedkgError, QueryError

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
POLL_S = 0.02
GUARD_STACK_BYTES = 32 * 1024**2
GUARD_RECURSION = 50_000
ADDRESS_HEADROOM = 512 * 1024**2  # thread stacks, the store's mappings: address space that is not memory in use


class LimitExceeded(QueryError):
    """The query was stopped at the time or memory limit (HTTP 503)."""


# ---------------------------------------------------------------------------------------------- parent side
def run(request: dict[str, Any], timeout_s: float | None, max_memory: int | None, keep_spare: bool = False) -> Any:
    """Send *request* to a fresh worker; its ``ok`` value, or the :class:`QueryError` it reported.

    The worker is killed when it runs past *timeout_s* seconds or its resident size passes *max_memory* bytes.
    With *keep_spare* (``medkg serve``) a new worker is started at once for the next query and waits, its imports
    and parser warmed up, so a query does not pay a Python start. Every worker serves one query only.
    """
    started = time.monotonic()
    request = {**request, "max_memory": max_memory}
    process = _take(keep_spare)
    payload: bytes | None = json.dumps(request).encode()
    peak = 0
    try:
        while True:
            try:
                out, err = process.communicate(payload, timeout=POLL_S)
                break
            except subprocess.TimeoutExpired:
                payload = None
            peak = max(peak, _rss(process.pid))
            if max_memory is not None and peak > max_memory:
                raise LimitExceeded(f"the query used more than {_size(max_memory)} of memory and was stopped "
                                    "(raise the limit with --max-memory)")
            if timeout_s is not None and time.monotonic() - started > timeout_s:
                raise LimitExceeded(f"the query did not finish within {timeout_s:g} s and was stopped "
                                    "(raise the limit with --timeout)")
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    try:
        reply = json.loads(out)
    except ValueError:
        raise _crash(process.returncode, err, max_memory) from None
    if "error" in reply:
        cls = LimitExceeded if reply.get("limit") else QueryError
        raise cls(reply["error"])
    return reply["ok"]


_spare: subprocess.Popen[bytes] | None = None
_spare_lock = threading.Lock()


def _spawn(warm: bool) -> subprocess.Popen[bytes]:
    command = [sys.executable, *(["-P"] if sys.version_info >= (3, 11) else []), "-m", "medkg.graph.worker"]
    env = {**os.environ, "MALLOC_ARENA_MAX": "2"}  # glibc reserves 64M of address space per thread arena otherwise
    if warm:
        env["MEDKG_WORKER_WARM"] = "1"
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def _take(keep_spare: bool) -> subprocess.Popen[bytes]:
    global _spare
    with _spare_lock:
        process, _spare = _spare, None
        if keep_spare:
            _spare = _spawn(warm=True)
    if process is None or process.poll() is not None:
        process = _spawn(warm=False)
    return process


def _crash(code: int, err: bytes, max_memory: int | None) -> QueryError:
    text = err.decode("utf-8", "replace")
    if "memory allocation" in text or "MemoryError" in text or "bad_alloc" in text:
        return LimitExceeded(f"the query needed more than {_size(max_memory)} of memory and was stopped "
                             "(raise the limit with --max-memory)")
    if code in (-11, -7):  # SIGSEGV, SIGBUS: a native stack overflow on a deeply nested query
        return QueryError("the query is nested too deeply to evaluate")
    last = next((line for line in reversed(text.strip().splitlines()) if line.strip()), "no message")
    return QueryError(f"the query worker failed (exit {code}): {last}")


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _size(size: int | None) -> str:
    if size is None:
        return "the limit"
    for unit, factor in (("G", 1024**3), ("M", 1024**2), ("K", 1024)):
        if size >= factor:
            return f"{size / factor:g}{unit}"
    return f"{size} bytes"


# ---------------------------------------------------------------------------------------------- child side
def isolate_network() -> bool:
    """Move this (single-threaded) process into a new, empty network namespace; False where that is impossible."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    return False


def _limit_memory(max_memory: int | None) -> None:
    if max_memory is None:
        return
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = max_memory + ADDRESS_HEADROOM
    ceiling = ceiling if hard == resource.RLIM_INFINITY else min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))


def _deep(work: Any) -> Any:
    """Run *work* in a thread with a large stack and recursion limit (pyparsing recurses per nesting level)."""
    import threading

    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["ok"] = work()
        except BaseException as error:
            outcome["error"] = error

    old = threading.stack_size(GUARD_STACK_BYTES)
    sys.setrecursionlimit(GUARD_RECURSION)
    try:
        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
    finally:
        threading.stack_size(old)
    if "error" in outcome:
        if isinstance(outcome["error"], RecursionError):
            raise QueryError("the query is nested too deeply for the guard") from None
        raise outcome["error"]
    return outcome["ok"]


def _sparql(request: dict[str, Any]) -> Any:
    from medkg.graph import sparql
    from medkg.graph.sparql_guard import check_text, mentions_service

    query = request["query"]
    allow = tuple(request.get("allow_service") or ())
    check_text(query)
    endpoints = _deep(lambda: sparql.check_read_only(query, allow))
    if not endpoints and not isolate_network() and mentions_service(query):
        raise QueryError("SPARQL queries that mention SERVICE are refused here: this system cannot cut the query "
                         "worker off the network (no network namespaces)")
    import pyoxigraph as ox

    store = ox.Store.read_only(request["store"])
    if request.get("output") == "terms":
        return _terms(store, query, request.get("limit"))
    columns, rows = sparql._run(store, query, None, request.get("limit"))
    return {"columns": columns, "rows": rows}


def _terms(store: Any, query: str, limit: int | None) -> dict[str, Any]:
    """SPARQL results as protocol terms (for ``medkg serve``); a graph result as N-Triples text."""
    from itertools import islice

    import pyoxigraph as ox
    from medkg.graph.sparql import protocol_term
    from medkg.ontology import PREFIXES

    try:
        result = store.query(query, prefixes=PREFIXES)
    except (SyntaxError, OSError, ValueError) as error:
        raise QueryError(f"SPARQL error: {error}") from None
    if isinstance(result, (bool, getattr(ox, "QueryBoolean", bool))):
        return {"boolean": bool(result)}
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        return {"variables": variables, "rows": [[protocol_term(s[v]) for v in variables] for s in islice(result, limit)]}
    ntriples = ox.serialize(list(islice(result, limit)), format=ox.RdfFormat.N_TRIPLES) or b""
    return {"ntriples": ntriples.decode()}


def confine_files() -> bool:
    """Make this process's root an empty directory that is already deleted, so no path names a file (nothing can be
    read) and nothing can be created; False where chroot is not permitted. Call after every file is opened."""
    import tempfile

    empty = tempfile.mkdtemp(prefix="medkg-empty-")
    handle = os.open(empty, os.O_RDONLY)
    try:
        os.rmdir(empty)
        os.fchdir(handle)
        os.chroot(".")
        return True
    except OSError:
        return False
    finally:
        os.close(handle)


def _cypher(request: dict[str, Any]) -> Any:
    """User Cypher on the embedded engine: guarded, no network, and no file system once the database is open."""
    from medkg.graph.cypher_guard import check_read_only

    check_read_only(request["query"])
    isolate_network()  # first: a new user namespace needs a single-threaded process
    from medkg.graph.cypher_embedded import EmbeddedCypher

    engine = EmbeddedCypher(Path(request["path"]), request.get("timeout_s"), buffer_pool_bytes=request.get("buffer_pool"))
    engine.run("RETURN 1")  # the engine opens what it needs before the file system goes away
    from medkg.graph.cypher_hints import hint

    hint("Binder exception: Table TCMModel does not exist.")  # loads the hints' ontology data while files exist
    # Without files Ladybug cannot reach the network either (no extension can be loaded), so chroot is the barrier
    # that must hold; the network namespace, where there is one, is extra.
    if not confine_files():
        raise QueryError("Cypher queries are refused here: this system cannot confine the query worker "
                         "(chroot is not permitted, even in a user namespace)")
    columns, rows = engine.run(request["query"], request.get("params") or {}, limit=request.get("limit"))
    return {"columns": columns, "rows": rows}


def warm_up() -> None:
    """What every SPARQL query needs first, done by a spare worker (``medkg serve``) while it waits for its query:
    the guard's parser (rdflib: a fifth of a second on first use) and the store's bindings. Starts no thread, so
    the network namespace can still be entered afterwards."""
    import pyoxigraph  # noqa: F401
    from medkg.graph import sparql

    sparql.check_read_only("ASK { ?s ?p ?o }", ())


def main() -> None:
    if os.environ.get("MEDKG_WORKER_WARM") == "1":
        warm_up()
    request = json.loads(sys.stdin.buffer.read())
    try:
        _limit_memory(request.get("max_memory") if request["kind"] == "sparql" else None)
        work = {"sparql": _sparql, "cypher": _cypher}[request["kind"]]
        reply: dict[str, Any] = {"ok": work(request)}
    except MedkgError as error:
        reply = {"error": str(error)}
    except MemoryError:
        reply = {"error": "the query needed more memory than --max-memory allows and was stopped", "limit": True}
    except RecursionError:
        reply = {"error": "the query is nested too deeply to evaluate"}
    except (OSError, ValueError, SyntaxError, RuntimeError) as error:  # raised while results are read
        message = " ".join(str(error).split())[:500]
        hint = "; the store is damaged: rebuild with `medkg build`" if "Corruption" in message else ""
        reply = {"error": f"query error: {message}{hint}"}
    sys.stdout.write(json.dumps(reply, ensure_ascii=True, default=str))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
