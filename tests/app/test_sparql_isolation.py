"""The SERVICE guard cannot be talked around, and a query that got past it still cannot reach the network.

Every test here has a loopback listener standing in for an attacker's endpoint; it must never see a connection
(except in the control runs, which prove the listener and the query would connect).
"""
from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medkg.base.errors import QueryError


def bypass(url: str) -> str:
    """Issue 12's bypass: for rdflib (which expands \\u escapes everywhere) the string ends at \\u0022 and the rest
    of the line is a comment; for Oxigraph the string goes on and a SERVICE clause follows."""
    return 'SELECT * WHERE { VALUES ?v { "x\\u0022 } } # " } SERVICE <' + url + '> { ?a ?b ?c } }'


def test_unicode_escape_bypass_is_refused(small_kg, listener) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match=r"\\u and \\U escapes are refused"):
        small_kg.sparql(bypass(listener.url))
    for escaped in ('SELECT * WHERE { ?s ?p "\\U00000022" }', "SELECT * WHERE { ?s ?p <urn:\\u0061> }",
                    'SELECT * WHERE { ?s ?p "\\\\u" }'):
        with pytest.raises(QueryError, match="escapes are refused"):
            small_kg.sparql(escaped)
    assert listener.settle() == 0


def test_unicode_escape_bypass_is_refused_by_the_cli(cli, small_registry, tmp_path, listener) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    cli("build", "--registry", str(small_registry), home=home)
    result = cli("sparql", bypass(listener.url), home=home)
    assert result.returncode == 2 and "escapes are refused" in result.stderr and "Traceback" not in result.stderr
    assert listener.settle() == 0


_ISOLATED_ENGINE = """
import sys
import pyoxigraph as ox
from medkg.graph.worker import isolate_network
if sys.argv[1] == "isolated":
    assert isolate_network(), "no network namespace"
store = ox.Store()
store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o")))
try:
    list(store.query(sys.argv[2]))
except OSError as error:
    print("engine error:", error)
"""


def test_worker_namespace_stops_service_that_passed_no_guard(listener) -> None:  # type: ignore[no-untyped-def]
    """The second barrier alone: pyoxigraph evaluates a SERVICE clause with no guard at all; in the worker's network
    namespace nothing reaches the listener, while the same process without it does connect (the control)."""
    query = f"SELECT * WHERE {{ ?s ?p ?o SERVICE <{listener.url}> {{ ?a ?b ?c }} }}"
    isolated = subprocess.run([sys.executable, "-c", _ISOLATED_ENGINE, "isolated", query], capture_output=True,
                              text=True, timeout=60)
    assert isolated.returncode == 0, isolated.stderr
    assert listener.settle() == 0
    control = subprocess.run([sys.executable, "-c", _ISOLATED_ENGINE, "control", query], capture_output=True,
                             text=True, timeout=60)
    assert control.returncode == 0, control.stderr
    assert listener.settle() >= 1


def test_allowed_service_still_connects_from_the_worker(small_kg, listener) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError):
        small_kg.sparql(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}", allow_service=(listener.url,))
    assert listener.settle() >= 1


# ------------------------------------------------------------------------------------------------ fuzzing
_PIECES = ['"', "'", '"""', "'''", "\\u0022", "\\u0027", "\\U00000022", "\\u0023", "\\u000A", "\\\\", "\\",
           "#", "\n", "\r", " ", "{", "}", "<", ">", "x", ".", "?s ?p ?o", "VALUES ?v { ", '"x"', "'x'",
           "OPTIONAL {", "UNION {", "FILTER(", ")", "SERVICE", "sErViCe", "SILENT", "<URL>", "<URL> { ?a ?b ?c }",
           "SERVICE <URL> { ?a ?b ?c }", "# SERVICE <URL> { ?a ?b ?c }", '"\\"', "\\t", "^^", "@en"]


def _fuzz_query(pieces: list[str], url: str) -> str:
    body = "".join(pieces).replace("URL", url)
    return f'SELECT * WHERE {{ VALUES ?v {{ "x" }} {body} }}'


_QUOTES = ['"', "'", '"""', "'''"]
_INSIDE = ["\\u0022", "\\u0027", "\\U00000022", "\\U00000027", "\\u0022\\u0022\\u0022", "\\", '\\"', "}", " } ",
           "#", "\n", "x", '"', "'", "\\u000A", "\\u0023"]


@st.composite
def _literal_then_service(draw: st.DrawFn) -> list[str]:
    """A literal whose contents hold escapes, quotes, braces and comment marks, then more of the same, then a
    SERVICE clause: the shape of every escape-handling bypass."""
    quote = draw(st.sampled_from(_QUOTES))
    escape = draw(st.sampled_from(["\\u0022", "\\u0027", "\\U00000022", "\\U00000027", "\\u0022\\u0022\\u0022", '\\"']))
    closing = draw(st.integers(0, 3)) * " }" + draw(st.sampled_from([" #", " # x", "", " \\u0023"]))
    inside = [*draw(st.lists(st.sampled_from(_INSIDE), max_size=3)), escape, closing,
              *draw(st.lists(st.sampled_from(_INSIDE), max_size=3))]
    between = draw(st.lists(st.sampled_from(_INSIDE + _QUOTES + [" "]), max_size=6))
    service = draw(st.sampled_from(["SERVICE <URL> { ?a ?b ?c }", "OPTIONAL { SERVICE <URL> { ?a ?b ?c } }",
                                    "SERVICE SILENT <URL> { ?a ?b ?c }"]))
    return ["VALUES ?w { ", quote, *inside, quote, *between, " } ", service]


_pieces = st.one_of(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14), _literal_then_service())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(pieces=_pieces)
def test_fuzz_the_guard_alone(listener, pieces: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Whatever the guard lets through, an un-isolated engine in this very process must not send a request with."""
    import pyoxigraph as ox
    from medkg.graph import sparql

    query = _fuzz_query(pieces, listener.url)
    before = listener.connections  # counted before the listener closes, so before the engine returns
    try:
        sparql.check_read_only(query)
    except QueryError:
        return
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("x")))
    try:
        list(store.query(query, prefixes={"mk": "urn:mk#"}))
    except (SyntaxError, OSError, ValueError):
        pass
    assert listener.connections == before, query


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(pieces=_pieces)
def test_fuzz_end_to_end(small_kg, listener, pieces: list[str]) -> None:  # type: ignore[no-untyped-def]
    query = _fuzz_query(pieces, listener.url)
    try:
        small_kg.sparql(query)
    except QueryError:
        pass
    assert listener.connections == 0, query


def test_unicode_escape_bypass_is_refused_by_the_endpoint(small_kg, listener) -> None:  # type: ignore[no-untyped-def]
    """A plain GET (what any web page can make the browser send, CORS being *) gets 403 and sends nothing."""
    import urllib.error
    import urllib.parse
    import urllib.request

    from medkg.app.server import make_server

    server = make_server(small_kg, "127.0.0.1", 0, 10.0, 100)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql?" + urllib.parse.urlencode({"query": bypass(listener.url)})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=30)
        assert refused.value.code == 403 and b"escapes are refused" in refused.value.read()
    finally:
        server.shutdown()
        server.server_close()
    assert listener.settle() == 0
