"""The SPARQL endpoint and `medkg sparql` with clients nobody here wrote (issue 13, items 1–3): SPARQLWrapper with its
default settings and Apache Jena's `rsparql` (from Maven Central, .ci/jena) for SELECT, ASK, CONSTRUCT and DESCRIBE in
every format; ASK everywhere; 406 instead of a dropped connection; Accept q-values; RDF/XML; the service description
by content negotiation; an empty query; truncation at the row cap signalled."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import serving

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "PREFIX mk: <https://w3id.org/medkg/ontology#>\n"
SELECT = PREFIX + "SELECT ?name WHERE { ?m a mk:TCMModel ; mk:name ?name } ORDER BY ?name"
ASK_TRUE = PREFIX + "ASK { ?m a mk:TCMModel }"
ASK_FALSE = PREFIX + "ASK { ?m mk:registryId 'no-such-model' }"
HUATUO = "<https://w3id.org/medkg/id/model/huatuogpt>"
CONSTRUCT = PREFIX + "CONSTRUCT { ?m mk:name ?n } WHERE { ?m a mk:TCMModel ; mk:name ?n }"
DESCRIBE = f"DESCRIBE {HUATUO}"


@pytest.fixture(scope="module")
def endpoint(small_kg):  # type: ignore[no-untyped-def]
    with serving(small_kg) as base:
        yield f"{base}/sparql"


def _get(url: str, accept: str | None = None, **params: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(f"{url}?{urllib.parse.urlencode(params)}" if params else url)
    if accept is not None:
        request.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# ---------------------------------------------------------------------- 1. ASK
def test_ask_in_the_api_and_the_cli(small_kg, cli) -> None:  # type: ignore[no-untyped-def]
    assert list(small_kg.sparql(ASK_TRUE)) == [{"result": True}]
    assert list(small_kg.sparql(ASK_FALSE)) == [{"result": False}]
    result = cli("sparql", "ASK { ?m a mk:TCMModel }", "--format", "json", home=small_kg.home.path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"result": True}]
    result = cli("sparql", "ASK { ?m a mk:TCMModel }", "--format", "csv", home=small_kg.home.path)
    assert result.stdout.splitlines() == ["result", "true"]


@pytest.mark.parametrize(("fmt", "media", "expected_true", "expected_false"), [
    ("json", "application/sparql-results+json", None, None),
    ("xml", "application/sparql-results+xml", b"<boolean>true</boolean>", b"<boolean>false</boolean>"),
    ("csv", "text/csv", b"_askResult\r\ntrue\r\n", b"_askResult\r\nfalse\r\n"),
    ("tsv", "text/tab-separated-values", b"?_askResult\ntrue\n", b"?_askResult\nfalse\n"),
])
def test_ask_in_every_results_format(endpoint: str, fmt: str, media: str, expected_true, expected_false) -> None:  # type: ignore[no-untyped-def]
    for query, expected, value in ((ASK_TRUE, expected_true, True), (ASK_FALSE, expected_false, False)):
        for status, headers, body in (_get(endpoint, media, query=query), _get(endpoint, None, query=query, format=fmt)):
            assert status == 200 and headers["Content-Type"].startswith(media)
            if fmt == "json":
                assert json.loads(body) == {"head": {}, "boolean": value}
            else:
                assert expected in body if fmt == "xml" else body == expected


# ---------------------------------------------------------------------- 2. content negotiation
@pytest.mark.parametrize(("query", "fmt"), [
    (SELECT, "ttl"), (SELECT, "png"), (ASK_TRUE, "turtle"), (CONSTRUCT, "csv"), (CONSTRUCT, "sparql-results+json"),
    (DESCRIBE, "tsv"),
])
def test_unknown_format_is_406_not_a_dropped_connection(endpoint: str, query: str, fmt: str) -> None:
    status, headers, body = _get(endpoint, None, query=query, format=fmt)
    assert status == 406 and b"offered" in body and headers["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize(("query", "accept"), [(SELECT, "image/png"), (CONSTRUCT, "application/sparql-results+json"),
                                               (ASK_TRUE, "text/turtle")])
def test_unacceptable_accept_is_406(endpoint: str, query: str, accept: str) -> None:
    assert _get(endpoint, accept, query=query)[0] == 406


@pytest.mark.parametrize(("query", "accept", "served"), [
    (SELECT, "application/sparql-results+xml;q=0.1, application/sparql-results+json", "application/sparql-results+json"),
    (SELECT, "application/sparql-results+json;q=0.2, text/csv;q=0.9", "text/csv"),
    (SELECT, "text/*;q=0.5, application/sparql-results+xml;q=0.4", "text/csv"),
    (SELECT, "*/*", "application/sparql-results+json"),
    (SELECT, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+xml"),
    (SELECT, "*/*, application/sparql-results+json;q=0", "application/sparql-results+xml"),
    (CONSTRUCT, "application/rdf+xml", "application/rdf+xml"),
    (CONSTRUCT, "text/turtle;q=0.3, application/n-triples;q=0.6", "application/n-triples"),
    (DESCRIBE, "application/ld+json", "application/ld+json"),
])
def test_accept_q_values_are_honoured(endpoint: str, query: str, accept: str, served: str) -> None:
    status, headers, _ = _get(endpoint, accept, query=query)
    assert status == 200 and headers["Content-Type"].startswith(served), (accept, headers["Content-Type"])


def test_rdf_xml_is_served_and_parses(endpoint: str) -> None:
    import rdflib

    for params in ({"format": "xml"}, {"format": "rdfxml"}, {"output": "rdf+xml"}):
        status, headers, body = _get(endpoint, None, query=CONSTRUCT, **params)
        assert status == 200 and headers["Content-Type"].startswith("application/rdf+xml")
        graph = rdflib.Graph().parse(data=body, format="xml")
        assert "神农" in " ".join(str(o) for o in graph.objects())


@pytest.mark.parametrize(("accept", "media", "rdflib_format"), [
    (None, "text/turtle", "turtle"), ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/ld+json", "application/ld+json", "json-ld"), ("application/n-triples", "application/n-triples", "nt"),
])
def test_service_description_by_content_negotiation(endpoint: str, accept, media: str, rdflib_format: str) -> None:  # type: ignore[no-untyped-def]
    import rdflib

    status, headers, body = _get(endpoint, accept)
    assert status == 200 and headers["Content-Type"].startswith(media)
    graph = rdflib.Graph().parse(data=body, format=rdflib_format)
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, rdflib.RDF.type, sd.Service) in graph
    assert _get(endpoint, "image/png")[0] == 406


def test_empty_query_is_400(endpoint: str) -> None:
    for query in ("", "   "):
        status, _, body = _get(endpoint, None, query=query)
        assert status == 400 and b"empty" in body


# ---------------------------------------------------------------------- 3. truncation
def test_truncation_is_signalled_by_a_header(small_kg) -> None:  # type: ignore[no-untyped-def]
    with serving(small_kg, max_rows=5) as base:
        url = f"{base}/sparql"
        status, headers, body = _get(url, "text/csv", query="SELECT * WHERE { ?s ?p ?o }")
        assert status == 200 and headers.get("X-MedKG-Truncated") == "true" and headers.get("X-MedKG-Max-Rows") == "5"
        assert len(body.splitlines()) == 6
        status, headers, _ = _get(url, None, query=CONSTRUCT.replace("TCMModel", "Hospital"))
        assert "X-MedKG-Truncated" not in headers  # not cut, no header
        status, headers, _ = _get(url, None, query="CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        assert headers.get("X-MedKG-Truncated") == "true"
        status, headers, _ = _get(url, None, query="SELECT * WHERE { ?s ?p ?o } LIMIT 5")
        assert "X-MedKG-Truncated" not in headers  # exactly the cap is not a cut


def test_cli_warns_on_stderr_only_when_truncated(small_kg, cli) -> None:  # type: ignore[no-untyped-def]
    cut = cli("sparql", "SELECT ?s WHERE { ?s ?p ?o }", "--limit", "5", "-f", "csv", home=small_kg.home.path)
    assert cut.returncode == 0 and len(cut.stdout.splitlines()) == 6 and "truncated" in cut.stderr
    exact = cli("sparql", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5", "--limit", "5", "-f", "csv", home=small_kg.home.path)
    assert exact.returncode == 0 and "truncated" not in exact.stderr
    assert small_kg.sparql("SELECT ?s WHERE { ?s ?p ?o }", limit=5).truncated
    assert not small_kg.sparql("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5", limit=5).truncated


# ---------------------------------------------------------------------- real clients: SPARQLWrapper
def test_sparqlwrapper_default_settings(endpoint: str) -> None:
    """SPARQLWrapper as a researcher uses it: default return format (XML), GET, its format/output/results params."""
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(SELECT)
    doc = client.queryAndConvert()  # a minidom document of SPARQL XML results
    assert "神农" in "".join(n.firstChild.data for n in doc.getElementsByTagName("literal"))
    client.setQuery(ASK_TRUE)
    assert client.queryAndConvert().getElementsByTagName("boolean")[0].firstChild.data == "true"
    for query in (CONSTRUCT, DESCRIBE):
        client.setQuery(query)
        graph = client.queryAndConvert()  # RDF/XML parsed by rdflib
        assert len(graph) > 0


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_and_ask_in_every_format(endpoint: str, fmt: str, method: str) -> None:
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    client.setQuery(SELECT)
    result = client.queryAndConvert()
    if fmt == "json":
        assert any(b["name"]["value"] == "神农中医药大模型" for b in result["results"]["bindings"])
    elif fmt == "xml":
        assert "神农中医药大模型" in result.toxml()
    else:
        text = result.decode("utf-8") if isinstance(result, bytes) else result
        assert "神农中医药大模型" in text
    client.setQuery(ASK_TRUE)
    result = client.queryAndConvert()
    if fmt == "json":
        assert result["boolean"] is True
    elif fmt == "xml":
        assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        text = result.decode("utf-8") if isinstance(result, bytes) else result
        assert text.split()[-1] == "true"


@pytest.mark.parametrize("fmt", ["xml", "rdf+xml", "turtle", "n3", "json-ld", "json"])
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE])
def test_sparqlwrapper_construct_and_describe_in_every_format(endpoint: str, fmt: str, query: str) -> None:
    import rdflib
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setReturnFormat(fmt)
    client.setQuery(query)
    response = client.query()
    result = response.convert()
    if isinstance(result, bytes):
        media = response.info()["content-type"].split(";")[0]
        result = rdflib.Graph().parse(data=result, format={"text/turtle": "turtle", "application/ld+json": "json-ld"}[media])
    if isinstance(result, (dict, list)):  # JSON-LD as JSON
        result = rdflib.Graph().parse(data=json.dumps(result), format="json-ld")
    assert len(result) > 0


# ---------------------------------------------------------------------- real clients: Apache Jena rsparql
@pytest.fixture()
def rsparql(jena):  # type: ignore[no-untyped-def]
    def run(service: str, query: str, results: str | None = None, post: bool = False) -> subprocess.CompletedProcess[str]:
        args = ["arq.rsparql", "--service", service, *(["--results", results] if results else []),
                *(["--post"] if post else []), query]
        return jena(*args)  # type: ignore[no-any-return]
    return run


def test_jena_rsparql_select_in_every_format(endpoint: str, rsparql) -> None:  # type: ignore[no-untyped-def]
    for results in ("text", "json", "xml", "csv", "tsv"):
        out = rsparql(endpoint, SELECT, results)
        assert out.returncode == 0 and "神农中医药大模型" in out.stdout, (results, out.stderr[-2000:])
    for fmt in ("json", "xml", "csv", "tsv"):  # what the server sends, read by Jena's parsers
        out = rsparql(f"{endpoint}?format={fmt}", SELECT, "csv")
        assert out.returncode == 0 and "神农中医药大模型" in out.stdout, (fmt, out.stderr[-2000:])
    rows = list(csv.reader(io.StringIO(rsparql(endpoint, SELECT, "csv", post=True).stdout)))
    assert rows[0] == ["name"] and len(rows) > 1


def test_jena_rsparql_ask(endpoint: str, rsparql) -> None:  # type: ignore[no-untyped-def]
    for service in (endpoint, f"{endpoint}?format=json", f"{endpoint}?format=xml", f"{endpoint}?format=csv"):
        assert "Yes" in rsparql(service, ASK_TRUE).stdout, service
        assert "No" in rsparql(service, ASK_FALSE).stdout, service
    # Jena writes TSV booleans as "?_askResult / true" but cannot read them back; the endpoint writes the same bytes.


@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE])
def test_jena_rsparql_construct_and_describe(endpoint: str, query: str, rsparql) -> None:  # type: ignore[no-untyped-def]
    for service in (endpoint, f"{endpoint}?format=ttl", f"{endpoint}?format=nt", f"{endpoint}?format=jsonld",
                    f"{endpoint}?format=xml"):
        out = rsparql(service, query, "nt")
        assert out.returncode == 0 and out.stdout.count(" .\n") >= 1, (service, out.stderr[-2000:])


def test_named_query_rows_negotiate_json_or_csv(endpoint: str) -> None:
    base = endpoint.removesuffix("/sparql") + "/queries/market-size"
    status, headers, body = _get(base, "text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv") and body.startswith(b"segment,")
    status, headers, body = _get(base, None, format="json")
    assert status == 200 and json.loads(body)[0]["yoy_pct"] is None  # missing is null, as in the CLI
    assert _get(base, None, format="xlsx")[0] == 406
    assert _get(base, "image/png")[0] == 406


def test_rdflib_sparqlstore(endpoint: str) -> None:
    """rdflib's SPARQLStore, another client nobody here wrote (its defaults: XML results, RDF/XML graphs)."""
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(SPARQLStore(endpoint, returnFormat="xml"))
    assert graph.query(ASK_TRUE).askAnswer is True
    assert graph.query(ASK_FALSE).askAnswer is False
    assert "神农中医药大模型" in {str(row[0]) for row in graph.query(SELECT)}
    constructed = graph.query(CONSTRUCT).graph
    assert constructed is not None and len(constructed) > 0
    graph = rdflib.Graph(SPARQLStore(endpoint, returnFormat="json"))
    assert graph.query(ASK_TRUE).askAnswer is True
