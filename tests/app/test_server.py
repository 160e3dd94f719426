"""`medkg serve`: the SPARQL 1.1 Protocol endpoint, named queries over HTTP and the explorer pages, over real HTTP."""
from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from medkg.api import MedKG
from tests.conftest import serving

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def base(small_kg):  # type: ignore[no-untyped-def]
    with serving(small_kg, timeout_s=10.0) as url:
        yield url


def _get(url: str, accept: str | None = None, method: str = "GET", data: bytes | None = None,
         content_type: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, method=method)
    if accept:
        request.add_header("Accept", accept)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _q(base: str, query: str, **extra: str) -> str:
    return f"{base}/sparql?" + urllib.parse.urlencode({"query": query, **extra})


COUNT = "SELECT (COUNT(?m) AS ?n) WHERE { ?m a mk:MedicalModel }"


@pytest.mark.parametrize(("accept", "check"), [
    ("application/sparql-results+json", lambda b: json.loads(b)["results"]["bindings"][0]["n"]["value"] == "6"),
    ("application/sparql-results+xml", lambda b: b"<literal datatype=\"http://www.w3.org/2001/XMLSchema#integer\">6</literal>" in b),
    ("text/csv", lambda b: b.splitlines() == [b"n", b"6"]),
    ("text/tab-separated-values", lambda b: b.splitlines()[0] == b"?n" and b"6" in b.splitlines()[1]),
])
def test_select_content_negotiation(base: str, accept: str, check) -> None:  # type: ignore[no-untyped-def]
    status, headers, body = _get(_q(base, COUNT), accept)
    assert status == 200 and headers["Content-Type"].startswith(accept) and check(body)
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_post_forms_of_the_protocol(base: str) -> None:
    status, _, body = _get(f"{base}/sparql", "application/sparql-results+json", "POST", COUNT.encode(), "application/sparql-query")
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "6"
    form = urllib.parse.urlencode({"query": COUNT}).encode()
    status, _, body = _get(f"{base}/sparql", None, "POST", form, "application/x-www-form-urlencoded")
    assert status == 200 and json.loads(body)["head"]["vars"] == ["n"]


@pytest.mark.parametrize(("accept", "marker"), [("text/turtle", b"@prefix"), ("application/n-triples", b"> <"),
                                                ("application/ld+json", b"@id")])
def test_construct_negotiation(base: str, accept: str, marker: bytes) -> None:
    query = "CONSTRUCT { ?m mk:name ?n } WHERE { ?m a mk:TCMModel ; mk:name ?n }"
    status, headers, body = _get(_q(base, query), accept)
    assert status == 200 and headers["Content-Type"].startswith(accept) and marker in body and "神农".encode() in body


def test_status_codes(base: str) -> None:
    assert _get(_q(base, "SELEKT * WHERE { ?s ?p ?o }"))[0] == 400
    assert _get(f"{base}/sparql?" + urllib.parse.urlencode({"update": "CLEAR ALL"}))[0] == 403
    form = urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode()
    assert _get(f"{base}/sparql", None, "POST", form, "application/x-www-form-urlencoded")[0] == 403
    assert _get(f"{base}/sparql", None, "POST", b"CLEAR ALL", "application/sparql-update")[0] == 403
    assert _get(_q(base, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"))[0] == 403
    assert _get(f"{base}/no/such/page")[0] == 404
    assert _get(f"{base}/model/no-such-model")[0] == 404


def test_service_description_and_cors_preflight(base: str) -> None:
    status, headers, body = _get(f"{base}/sparql")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle") and b"sd:Service" in body
    status, headers, _ = _get(f"{base}/sparql", method="OPTIONS")
    assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]


def test_timeout_is_503_and_other_requests_are_not_blocked(small_registry: Path, tmp_path: Path) -> None:
    kg = MedKG(tmp_path / "home", auto_build=False)
    kg.build(small_registry)
    with serving(kg, timeout_s=3.0) as url:
        slow: dict[str, int] = {}
        worker = threading.Thread(target=lambda: slow.update(status=_get(_q(url, HEAVY))[0]))
        worker.start()
        time.sleep(0.3)
        started = time.monotonic()
        assert _get(_q(url, COUNT))[0] == 200
        assert time.monotonic() - started < 2.0  # served while the slow query runs
        worker.join(30)
        assert slow["status"] == 503


def test_row_cap(small_registry: Path, tmp_path: Path) -> None:
    kg = MedKG(tmp_path / "home", auto_build=False)
    kg.build(small_registry)
    with serving(kg, timeout_s=10.0, max_rows=3) as url:
        body = _get(_q(url, "SELECT ?s WHERE { ?s ?p ?o }"))[2]
        assert len(json.loads(body)["results"]["bindings"]) == 3


def test_sparqlwrapper_client(base: str) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery("PREFIX mk: <https://w3id.org/medkg/ontology#> SELECT ?name WHERE { ?m mk:registryId 'huatuogpt' ; mk:name ?name }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["results"]["bindings"][0]["name"]["value"] == "华佗GPT"


def test_named_queries_over_http_match_the_cli(base: str, small_kg) -> None:  # type: ignore[no-untyped-def]
    status, _, body = _get(f"{base}/queries")
    assert status == 200 and "who-built" in {q["name"] for q in json.loads(body)}
    status, _, body = _get(f"{base}/queries/who-built?" + urllib.parse.urlencode({"name": "華佗GPT"}))
    assert status == 200 and json.loads(body) == list(small_kg.run("who-built", {"name": "華佗GPT"}))
    status, headers, body = _get(f"{base}/queries/models?type=specialty&format=csv")
    assert headers["Content-Type"].startswith("text/csv") and body.decode().splitlines()[0].startswith("model_id,")
    assert _get(f"{base}/queries/who-built")[0] == 400  # required parameter missing
    assert _get(f"{base}/queries/nope")[0] == 400


def test_explorer_pages(base: str) -> None:
    home = _get(f"{base}/")[2].decode()
    assert "中国医疗大模型知识图谱" in home and "coverage_pct" in home
    search = _get(f"{base}/search?" + urllib.parse.urlencode({"q": "華佗GPT"}))[2].decode()
    assert 'href="/model/huatuogpt"' in search
    card = _get(f"{base}/model/huatuogpt")[2].decode()
    assert "香港中文大学（深圳）" in card and "baichuan-7b" in card and "https://example.org/fixture/huatuogpt" in card
    org = _get(f"{base}/org/ruijin")[2].decode()
    assert "病理大模型" in org and "华为技术有限公司" in org
    gallery = _get(f"{base}/gallery/who-built?" + urllib.parse.urlencode({"name": "眼科大模型", "run": "1"}))[2].decode()
    assert "zoc" in gallery and "MATCH (m:Model)" in gallery and "/queries/who-built?" in gallery
    hostile = _get(f"{base}/search?" + urllib.parse.urlencode({"q": "<script>alert(1)</script>"}))[2].decode()
    assert "<script>alert(1)</script>" not in hostile
    network = _get(f"{base}/network")[2].decode()
    assert '<svg id="network"' in network and 'href="/org/huawei"' in network
    status, _, png = _get(f"{base}/network.png")
    assert status == 200 and png[:4] == b"\x89PNG"


def test_value_chain_page(base: str) -> None:
    page = _get(f"{base}/value-chain")[2].decode()
    assert "产业链" in page and 'href="/org/ruijin"' in page and "Ascend" not in page  # deployments table, no products
    assert 'src="/value-chain.png"' in page and "both" in page  # zoc builds its own model and deploys others'
    for chart in ("value-chain.png", "deployments.png"):
        status, _, png = _get(f"{base}/{chart}")
        assert status == 200 and png[:4] == b"\x89PNG"
