"""`medkg serve`: a read-only SPARQL 1.1 Protocol endpoint, named queries over HTTP and a small web explorer.

Standard library HTTP server (a thread per request) over the build's pyoxigraph store; pyoxigraph releases the GIL
while it evaluates, so requests do not block each other. Every query passes the same guard as the CLI (no updates,
no SERVICE unless allowed), a timeout and a row cap.
"""
from __future__ import annotations

import html
import io
import json
import threading
import urllib.parse
from contextlib import nullcontext
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any

from medkg.errors import MedkgError, NotFound, QueryError, UsageError
from medkg.http_limits import IDLE_TIMEOUT_S, MAX_BODY_BYTES, QUERY_WORKERS, BoundedHTTPServer

SPARQL_RESULTS = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values",
}
RDF_RESULTS = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json"}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class Endpoint:
    """What the handler needs: the knowledge graph and the limits."""

    def __init__(self, kg: Any, timeout_s: float, max_rows: int, allow_service: tuple[str, ...] = ()) -> None:
        self.kg, self.timeout_s, self.max_rows, self.allow_service = kg, timeout_s, max_rows, allow_service
        self.store = kg.store()
        self.lock = threading.Lock()
        self.cache: dict[str, Any] = {}  # pages computed once per build, e.g. the network SVG
        self.max_body = MAX_BODY_BYTES
        self.query_slots = threading.BoundedSemaphore(QUERY_WORKERS)
        self.base_url = ""  # set by make_server: what the service description names, never the Host header

    # ------------------------------------------------------------------ SPARQL
    def sparql(self, query: str, accept: str, fmt: str | None) -> tuple[int, str, bytes]:
        """Guard and evaluate in a query worker (no network, killed at the time and memory limits)."""
        from medkg.worker import LimitExceeded

        try:
            kind, payload = self._evaluate(query)
        except LimitExceeded as error:
            return HTTPStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", f"{error}\n".encode()
        except QueryError as error:
            status = HTTPStatus.FORBIDDEN if "refused" in str(error) else HTTPStatus.BAD_REQUEST
            return status, "text/plain; charset=utf-8", f"{error}\n".encode()
        if kind == "graph":
            key = fmt or _negotiate(accept, RDF_RESULTS, "ttl")
            return HTTPStatus.OK, RDF_RESULTS[key] + "; charset=utf-8", _serialize_graph(payload, key)
        key = fmt or _negotiate(accept, SPARQL_RESULTS, "json")
        return HTTPStatus.OK, SPARQL_RESULTS[key] + "; charset=utf-8", _serialize_solutions(payload, key)

    def _evaluate(self, query: str) -> tuple[str, Any]:
        """Returns ("solutions", bool | (variables, rows)) or ("graph", triples), at most max_rows of them."""
        import pyoxigraph as ox

        from medkg import worker
        from medkg.graph.sparql_guard import check_text

        check_text(query)
        if not self.query_slots.acquire(timeout=self.timeout_s):
            raise worker.LimitExceeded(f"the server is evaluating {QUERY_WORKERS} queries already; retry later")
        try:
            reply = self._in_worker(query)
        finally:
            self.query_slots.release()
        if "boolean" in reply:
            return "solutions", reply["boolean"]
        if "variables" in reply:
            return "solutions", (reply["variables"], reply["rows"])
        return "graph", list(ox.parse(reply["ntriples"].encode(), format=ox.RdfFormat.N_TRIPLES))

    def _in_worker(self, query: str) -> Any:
        from medkg import worker

        return worker.run({"kind": "sparql", "output": "terms", "store": str(self.kg.current_build().store_path),
                            "query": query, "limit": self.max_rows, "allow_service": list(self.allow_service)},
                           self.timeout_s, self.kg.max_memory, keep_spare=True)


def _prefixes() -> dict[str, str]:
    from medkg.ontology import PREFIXES

    return PREFIXES


def _negotiate(accept: str, offered: dict[str, str], default: str) -> str:
    accept = accept or ""
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        for key, offered_media in offered.items():
            if media == offered_media:
                return key
    if "application/json" in accept and "json" in offered:
        return "json"
    if "application/xml" in accept and "xml" in offered:
        return "xml"
    return default


def _term(term: Any) -> dict[str, str] | None:
    if term is None:
        return None
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _serialize_solutions(payload: Any, key: str) -> bytes:
    if isinstance(payload, bool):
        if key == "xml":
            return (f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                    f"<boolean>{'true' if payload else 'false'}</boolean></sparql>").encode()
        if key in ("csv", "tsv"):
            return ("true" if payload else "false").encode() + b"\n"
        return json.dumps({"head": {}, "boolean": payload}).encode()
    variables, rows = payload
    if key == "json":
        bindings = [{v: t for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if key == "xml":
        out = io.StringIO()
        out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>')
        out.write("".join(f'<variable name="{html.escape(v)}"/>' for v in variables) + "</head><results>")
        for row in rows:
            out.write("<result>")
            for v, t in zip(variables, row):
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


def _serialize_graph(triples: list[Any], key: str) -> bytes:
    import pyoxigraph as ox

    formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
    out = io.BytesIO()
    if key == "nt":
        ox.serialize(triples, out, format=formats[key])
    else:
        ox.serialize(triples, out, format=formats[key], prefixes=_prefixes())
    return out.getvalue()


SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .
<{url}> a sd:Service ;
    sd:endpoint <{url}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat fmt:SPARQL_Results_JSON , fmt:SPARQL_Results_XML , fmt:SPARQL_Results_CSV , fmt:SPARQL_Results_TSV ,
        fmt:Turtle , fmt:N-Triples , fmt:JSON-LD ;
    sd:feature sd:UnionDefaultGraph ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


class Handler(BaseHTTPRequestHandler):
    endpoint: Endpoint
    server_version = "medkg"
    timeout = IDLE_TIMEOUT_S  # idle keep-alive connections and slow requests are closed (medkg.http_limits)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        return

    # ------------------------------------------------------------------ plumbing
    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's naming
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.end_headers()

    def _url(self) -> tuple[str, dict[str, str]]:
        parsed = urllib.parse.urlsplit(self.path)
        return parsed.path, {k: v[-1] for k, v in urllib.parse.parse_qs(parsed.query, keep_blank_values=True).items()}

    def do_GET(self) -> None:  # noqa: N802
        path, params = self._url()
        self._route(path, params, None)

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_POST(self) -> None:  # noqa: N802
        from medkg.http_limits import read_body

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
        from medkg import explorer
        from medkg.http_limits import follow_current

        follow_current(self.endpoint)
        try:
            if path == "/sparql":
                if "update" in params:
                    return self._send(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8",
                                      b"SPARQL Update is refused: this endpoint is read-only\n")
                if "query" not in params:
                    url = f"{self.endpoint.base_url}/sparql"  # never the client's Host header
                    return self._send(HTTPStatus.OK, "text/turtle; charset=utf-8", SERVICE_DESCRIPTION.format(url=url).encode())
                return self._send(*self.endpoint.sparql(params["query"], self.headers.get("Accept", ""), params.get("format")))
            if path == "/queries":
                return self._send(HTTPStatus.OK, "application/json; charset=utf-8",
                                  json.dumps(explorer.query_list(), ensure_ascii=False).encode())
            if path.startswith("/queries/"):
                return self._named_query(path.removeprefix("/queries/"), params)
            status, content_type, page = explorer.page(self.endpoint, path, params)
            return self._send(status, content_type, page)
        except (UsageError, QueryError) as error:
            return self._send(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", f"{error}\n".encode())
        except NotFound as error:
            return self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", f"{error}\n".encode())
        except MedkgError as error:
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", f"{error}\n".encode())

    def _named_query(self, name: str, params: dict[str, str]) -> None:
        fmt = params.pop("format", "json")
        engine = params.pop("engine", "sparql")
        if engine not in ("sparql", "cypher"):
            raise UsageError("engine: expected sparql or cypher")
        with self.endpoint.lock if engine == "cypher" else nullcontext():
            rows = self.endpoint.kg.run(name, params, engine)
        if fmt == "csv":
            from medkg import output

            out = io.StringIO()
            output.write(rows, "csv", out)
            return self._send(HTTPStatus.OK, "text/csv; charset=utf-8", out.getvalue().encode())
        return self._send(HTTPStatus.OK, "application/json; charset=utf-8",
                          json.dumps(list(rows), ensure_ascii=False, default=str).encode())


def make_server(kg: Any, host: str, port: int, timeout_s: float, max_rows: int,
                allow_service: tuple[str, ...] = (), base_url: str | None = None) -> BoundedHTTPServer:
    """A ready server; call ``serve_forever()`` on it (or run it in a thread, as the tests do)."""
    endpoint = Endpoint(kg, timeout_s, max_rows, allow_service)
    handler = type("MedkgHandler", (Handler,), {"endpoint": endpoint})
    server = BoundedHTTPServer((host, port), handler)
    bound_host, bound_port = server.server_address[:2]
    shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    endpoint.base_url = base_url.rstrip("/") if base_url else f"http://{shown}:{bound_port}"
    return server
