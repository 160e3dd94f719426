"""`medkg serve`: a read-only SPARQL 1.1 Protocol endpoint, named queries over HTTP and a small web explorer.

Standard library HTTP server (a thread per request) over the build's pyoxigraph store; pyoxigraph releases the GIL
while it evaluates, so requests do not block each other. Every query passes the same guard as the CLI (no updates,
no SERVICE unless allowed), a timeout and a row cap.
"""
from __future__ import annotations

import functools
import html
import io
import json
import re
import threading
import urllib.parse
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any

from medkg.app.http_limits import IDLE_TIMEOUT_S, MAX_BODY_BYTES, QUERY_WORKERS, BoundedHTTPServer
from medkg.base.errors import MedkgError, NotFound, QueryError, UsageError
from medkg.queries import ENGINE_CHOICES

# Answers that may differ between two evaluations of the same text on the same build are never cached.
_VOLATILE = re.compile(r"\b(NOW|RAND|UUID|STRUUID|BNODE|SERVICE)\b", re.IGNORECASE)


class BuildCache:
    """What the server computed for the current build, by key; at most *max_entries*, least recently used dropped
    first. The build is read-only, so an entry stays right until ``current`` moves (:func:`follow_current` clears
    the caches then). Thread-safe; threads asking for the same missing key wait for the first one to compute it
    (the explorer's registry index is gigabytes at 1M models: computing it twice at once would double that)."""

    def __init__(self, max_entries: int = 256) -> None:
        from collections import OrderedDict

        self.max_entries = max_entries
        self._entries: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Any, threading.Lock] = {}

    def get(self, key: Any) -> Any | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def get_or_compute(self, key: Any, compute: Callable[[], Any]) -> Any:
        value = self.get(key)
        if value is not None:
            return value
        with self._lock:
            computing = self._computing.setdefault(key, threading.Lock())
        try:
            with computing:
                value = self.get(key)
                if value is None:
                    value = compute()
                    self.put(key, value)
        finally:
            with self._lock:
                self._computing.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class ResultCache(BuildCache):
    """Evaluated SPARQL answers of the current build, by query text: a repeated query skips the query worker
    (a Python process per query, ~0.3 s of CPU), which bounds the endpoint at a few queries a second otherwise.

    Only complete SELECT and ASK answers are kept (no errors, no graphs, no truncated or large results, nothing with
    NOW, RAND, UUID, STRUUID, BNODE or SERVICE), of at most :attr:`max_rows` rows each.
    """

    def __init__(self, max_entries: int = 256, max_rows: int = 2_000) -> None:
        super().__init__(max_entries)
        self.max_rows = max_rows

    def put(self, query: str, answer: tuple[str, Any, bool]) -> None:
        kind, payload, truncated = answer
        if kind != "solutions" or truncated or _VOLATILE.search(query):  # graphs hold pyoxigraph terms: not shared
            return
        if not isinstance(payload, bool) and len(payload[1]) > self.max_rows:
            return
        super().put(query, answer)


class Endpoint:
    """What the handler needs: the knowledge graph and the limits."""

    def __init__(self, kg: Any, timeout_s: float, max_rows: int, allow_service: tuple[str, ...] = ()) -> None:
        self.kg, self.timeout_s, self.max_rows, self.allow_service = kg, timeout_s, max_rows, allow_service
        self.store = kg.store()
        self.lock = threading.Lock()  # charts: matplotlib draws one figure at a time
        self.build_lock = threading.Lock()  # one request at a time switches to a new build
        self.query_slots = threading.BoundedSemaphore(QUERY_WORKERS)
        self.cache = BuildCache()  # what pages compute once per build: the registry index, the network layout
        self.views = BuildCache()  # the most recent views of /models and /organizations (filters, sort, page)
        self.results = ResultCache()  # SPARQL answers of this build, by query text
        self.max_body = MAX_BODY_BYTES
        self.base_url = ""  # set by make_server: what the service description names, never the Host header

    # ------------------------------------------------------------------ SPARQL
    def sparql(self, query: str, accept: str, fmt: str | None) -> tuple[int, str, bytes, dict[str, str]]:
        """(status, content type, body, extra headers) for one SPARQL Protocol query request."""
        from medkg.app import conneg
        from medkg.graph.worker import LimitExceeded

        text = "text/plain; charset=utf-8"
        if not query.strip():
            return HTTPStatus.BAD_REQUEST, text, b"the query parameter is empty: send a SPARQL query\n", {}
        try:
            kind, payload, truncated = self._evaluate(query)
        except LimitExceeded as error:
            return HTTPStatus.SERVICE_UNAVAILABLE, text, f"{error}\n".encode(), {}
        except QueryError as error:
            status = HTTPStatus.FORBIDDEN if "refused" in str(error) else HTTPStatus.BAD_REQUEST
            return status, text, f"{error}\n".encode(), {}
        offer = conneg.GRAPH if kind == "graph" else conneg.SOLUTIONS
        key = conneg.negotiate(offer, accept, fmt)
        if key is None:
            return HTTPStatus.NOT_ACCEPTABLE, text, conneg.not_acceptable(offer, fmt or accept), {}
        headers = {"X-MedKG-Truncated": "true", "X-MedKG-Max-Rows": str(self.max_rows)} if truncated else {}
        if kind == "graph":
            return HTTPStatus.OK, offer.media[key] + "; charset=utf-8", _serialize_graph(payload, key), headers
        return HTTPStatus.OK, offer.media[key] + "; charset=utf-8", _serialize_solutions(payload, key), headers

    def _evaluate(self, query: str) -> tuple[str, Any, bool]:
        """Guard and evaluate in a query worker (no network, killed at the time and memory limits), capped at
        max_rows: ("solutions", bool | (variables, rows), truncated) or ("graph", triples, truncated)."""
        import pyoxigraph as ox

        from medkg.graph import worker
        from medkg.graph.sparql import STORE_DIR
        from medkg.graph.sparql_guard import check_text

        check_text(query)
        cached = self.results.get(query)
        if cached is not None:
            return cached
        if not self.query_slots.acquire(timeout=self.timeout_s):
            raise worker.LimitExceeded(f"the server is evaluating {QUERY_WORKERS} queries already; retry later")
        try:  # a warmed-up spare worker waits for the next query, so a query does not pay a Python start
            reply = worker.run({"kind": "sparql", "output": "terms", "store": str(self.kg.current_build().path / STORE_DIR),
                                "query": query, "limit": self.max_rows + 1, "allow_service": list(self.allow_service)},
                               self.timeout_s, self.kg.max_memory, keep_spare=True)
        finally:
            self.query_slots.release()
        answer: tuple[str, Any, bool]
        if "boolean" in reply:
            answer = "solutions", reply["boolean"], False
        elif "variables" in reply:
            rows = reply["rows"]
            answer = "solutions", (reply["variables"], rows[:self.max_rows]), len(rows) > self.max_rows
        else:
            triples = list(ox.parse(reply["ntriples"].encode(), format=ox.RdfFormat.N_TRIPLES))
            answer = "graph", triples[:self.max_rows], len(triples) > self.max_rows
        self.results.put(query, answer)
        return answer


def _prefixes() -> dict[str, str]:
    from medkg.ontology import PREFIXES

    return PREFIXES


def _serialize_solutions(payload: Any, key: str) -> bytes:
    if isinstance(payload, bool):
        if key == "xml":
            return (f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                    f"<boolean>{'true' if payload else 'false'}</boolean></sparql>").encode()
        # CSV and TSV results define no boolean form; this is the one Apache Jena writes and reads back.
        if key == "csv":
            return ("_askResult\r\n" + ("true" if payload else "false") + "\r\n").encode()
        if key == "tsv":
            return ("?_askResult\n" + ("true" if payload else "false") + "\n").encode()
        return json.dumps({"head": {}, "boolean": payload}).encode()
    variables, rows = payload
    if key == "json":
        bindings = [{v: t for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if key == "xml":
        out = io.StringIO()
        out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>')
        out.write("".join(f'<variable name="{html.escape(v)}"/>' for v in variables) + "</head><results>")
        for row in rows:
            out.write("<result>")
            for v, t in zip(variables, row, strict=True):
                if t is None:
                    continue
                if t["type"] == "uri":
                    inner = f"<uri>{html.escape(t['value'])}</uri>"
                elif t["type"] == "bnode":
                    inner = f"<bnode>{html.escape(t['value'])}</bnode>"
                else:
                    attrs = (f' xml:lang="{html.escape(t["xml:lang"])}"' if "xml:lang" in t else
                             f' datatype="{html.escape(t["datatype"])}"' if "datatype" in t else "")
                    inner = f"<literal{attrs}>{html.escape(t['value'])}</literal>"
                out.write(f'<binding name="{html.escape(v)}">{inner}</binding>')
            out.write("</result>")
        out.write("</results></sparql>\n")
        return out.getvalue().encode()
    import csv

    out = io.StringIO()
    if key == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if t is None else t["value"] for t in row])
    else:
        out.write("\t".join(f"?{v}" for v in variables) + "\n")
        for row in rows:
            out.write("\t".join(_tsv(t) for t in row) + "\n")
    return out.getvalue().encode()


def _tsv(term: dict[str, str] | None) -> str:
    if term is None:
        return ""
    if term["type"] == "uri":
        return f"<{term['value']}>"
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    value = '"' + term["value"].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'
    if "xml:lang" in term:
        return f"{value}@{term['xml:lang']}"
    if "datatype" in term:
        return f"{value}^^<{term['datatype']}>"
    return value


def _serialize_graph(triples: list[Any], key: str, prefixes: dict[str, str] | None = None) -> bytes:
    import pyoxigraph as ox

    formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
               "rdfxml": ox.RdfFormat.RDF_XML}
    out = io.BytesIO()
    if key in ("nt", "jsonld"):
        ox.serialize(triples, out, format=formats[key])
    else:
        ox.serialize(triples, out, format=formats[key], prefixes=prefixes or _prefixes())
    return out.getvalue()


SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .
<{url}> a sd:Service ;
    sd:endpoint <{url}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat fmt:SPARQL_Results_JSON , fmt:SPARQL_Results_XML , fmt:SPARQL_Results_CSV , fmt:SPARQL_Results_TSV ,
        fmt:Turtle , fmt:N-Triples , fmt:JSON-LD , fmt:RDF_XML ;
    sd:feature sd:UnionDefaultGraph ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


class Handler(BaseHTTPRequestHandler):
    endpoint: Endpoint
    server_version = "medkg"
    timeout = IDLE_TIMEOUT_S  # idle keep-alive connections and slow requests are closed (medkg.app.http_limits)

    def log_message(self, format: str, *args: Any) -> None:
        return

    # ------------------------------------------------------------------ plumbing
    def _send(self, status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "X-MedKG-Truncated, X-MedKG-Max-Rows")
        self.send_header("Vary", "Accept")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_OPTIONS(self) -> None:
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.end_headers()

    def _url(self) -> tuple[str, dict[str, str]]:
        parsed = urllib.parse.urlsplit(self.path)
        return parsed.path, {k: v[-1] for k, v in urllib.parse.parse_qs(parsed.query, keep_blank_values=True).items()}

    def do_GET(self) -> None:
        path, params = self._url()
        self._route(path, params, None)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_POST(self) -> None:
        from medkg.app.http_limits import read_body

        path, params = self._url()
        data = read_body(self, self.endpoint.max_body)
        if data is None:
            return
        body = data.decode("utf-8", errors="replace")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update" or (content_type == "application/x-www-form-urlencoded" and "update=" in body):
            return self._send(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8",
                              b"SPARQL Update is refused: this endpoint is read-only\n")
        if content_type == "application/sparql-query":
            params["query"] = body
        elif content_type == "application/x-www-form-urlencoded":
            params.update({k: v[-1] for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items()})
        self._route(path, params, body)

    def _route(self, path: str, params: dict[str, str], body: str | None) -> None:
        from medkg.app.http_limits import follow_current

        follow_current(self.endpoint)
        handler, rest = _resolve(path)
        try:
            if handler is None:
                raise NotFound("page", path)
            return handler(self, rest, params)
        except (UsageError, QueryError) as error:
            return self._send(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", f"{error}\n".encode())
        except NotFound as error:
            return self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", f"{error}\n".encode())
        except MedkgError as error:
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", f"{error}\n".encode())

    def _sparql(self, rest: str, params: dict[str, str]) -> None:
        if "update" in params:
            return self._send(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8",
                              b"SPARQL Update is refused: this endpoint is read-only\n")
        from medkg.app import conneg

        fmt = conneg.format_parameter(params)
        if "query" not in params:
            return self._service_description(fmt)
        return self._send(*self.endpoint.sparql(params["query"], self.headers.get("Accept", ""), fmt))

    def _query_list(self, rest: str, params: dict[str, str]) -> None:
        from medkg.app import explorer

        return self._send(HTTPStatus.OK, "application/json; charset=utf-8",
                          json.dumps(explorer.query_list(), ensure_ascii=False).encode())

    def _page(self, page: Callable[[Any, str, dict[str, str]], Any], rest: str, params: dict[str, str]) -> None:
        self._send(*page(self.endpoint, rest, params))

    def _service_description(self, fmt: str | None) -> None:
        """The SPARQL 1.1 service description, in the RDF syntax the client negotiated."""
        import pyoxigraph as ox

        from medkg.app import conneg

        key = conneg.negotiate(conneg.GRAPH, self.headers.get("Accept", ""), fmt)
        if key is None:
            return self._send(HTTPStatus.NOT_ACCEPTABLE, "text/plain; charset=utf-8",
                              conneg.not_acceptable(conneg.GRAPH, fmt or self.headers.get("Accept") or ""))
        url = f"{self.endpoint.base_url}/sparql"  # never the client's Host header
        triples = [q.triple for q in ox.parse(SERVICE_DESCRIPTION.format(url=url), format=ox.RdfFormat.TURTLE)]
        prefixes = {"sd": "http://www.w3.org/ns/sparql-service-description#", "fmt": "http://www.w3.org/ns/formats/"}
        return self._send(HTTPStatus.OK, conneg.GRAPH.media[key] + "; charset=utf-8", _serialize_graph(triples, key, prefixes))

    def _named_query(self, name: str, params: dict[str, str]) -> None:
        """``/queries/NAME``: a named query's rows as JSON or CSV (``format=`` or Accept), 406 otherwise."""
        from medkg.app import conneg

        asked = params.pop("format", None)
        fmt = conneg.negotiate(conneg.ROWS, self.headers.get("Accept", ""), asked)
        if fmt is None:
            return self._send(HTTPStatus.NOT_ACCEPTABLE, "text/plain; charset=utf-8",
                              conneg.not_acceptable(conneg.ROWS, asked or self.headers.get("Accept") or ""))
        engine = params.pop("engine", None)
        if engine not in (None, *ENGINE_CHOICES):
            raise UsageError(f"engine: expected {' or '.join(ENGINE_CHOICES)}")
        rows = self.endpoint.kg.run(name, params, engine=engine)
        if fmt == "csv":
            from medkg.app import output

            out = io.StringIO()
            output.write(rows, "csv", out)
            return self._send(HTTPStatus.OK, "text/csv; charset=utf-8", out.getvalue().encode())
        return self._send(HTTPStatus.OK, "application/json; charset=utf-8",
                          json.dumps(list(rows), ensure_ascii=False, default=str).encode())


@functools.cache
def _routes() -> dict[str, Callable[..., None]]:
    """The one route table: the endpoint's paths and the explorer's pages (exact paths, then prefixes ending in /)."""
    from medkg.app import explorer

    routes: dict[str, Callable[..., None]] = {"/sparql": Handler._sparql, "/queries": Handler._query_list,
                                              "/queries/": Handler._named_query}
    for path, page in explorer.ROUTES:
        routes[path] = functools.partial(_serve_page, page)
    return routes


def _serve_page(page: Callable[..., Any], handler: Handler, rest: str, params: dict[str, str]) -> None:
    """A page gets the request's path, its Accept-Language and the language remembered in its cookie as parameters
    no URL can set."""
    from http.cookies import CookieError, SimpleCookie

    from medkg.app import explorer

    params = {k: v for k, v in params.items() if not k.startswith("\x00")}
    params[explorer.URL_PARAM] = handler.path
    params[explorer.ACCEPT_PARAM] = handler.headers.get("Accept-Language") or ""
    try:
        morsel = SimpleCookie(handler.headers.get("Cookie") or "").get(explorer.LANG_COOKIE)
    except CookieError:
        morsel = None
    if morsel is not None:
        params[explorer.COOKIE_PARAM] = morsel.value
    handler._page(page, rest, params)


def _resolve(path: str) -> tuple[Callable[..., None] | None, str]:
    """The handler of *path* and what follows its prefix (a prefix route) or the path without its slash (exact)."""
    routes = _routes()
    if (path in routes and not path.endswith("/")) or path == "/":
        return routes[path], path.removeprefix("/")
    prefixes = [p for p in routes if p.endswith("/") and p != "/" and path.startswith(p)]
    if prefixes:
        prefix = max(prefixes, key=len)
        return routes[prefix], path.removeprefix(prefix)
    return None, path


def make_server(kg: Any, host: str, port: int, timeout_s: float, max_rows: int,
                allow_service: tuple[str, ...] = (), base_url: str | None = None,
                warm_explorer: bool = True) -> BoundedHTTPServer:
    """A ready server; call ``serve_forever()`` on it (or run it in a thread, as the tests do). With *warm_explorer*,
    a thread builds the explorer's registry index while the server starts, so the first model or organization page
    does not wait for it (6.6 s at 100k models)."""
    endpoint = Endpoint(kg, timeout_s, max_rows, allow_service)
    handler = type("MedkgHandler", (Handler,), {"endpoint": endpoint})
    server = BoundedHTTPServer((host, port), handler)
    bound_host, bound_port = (str(part) for part in server.server_address[:2])
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    endpoint.base_url = base_url.rstrip("/") if base_url else f"http://{shown}:{bound_port}"
    if warm_explorer:
        from medkg.app import explorer

        threading.Thread(target=explorer.warm_up, args=(endpoint,), name="explorer-warm-up", daemon=True).start()
    return server
