"""schema.org on the data (issue 13, item 9): the terms the ontology maps to schema.org are materialised as triples,
and the JSON-LD export is compact with an @context, read back by rdflib and by Apache Jena's `riot` to the same
triples as the N-Triples export."""
from __future__ import annotations

import io
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PREFIXES = "PREFIX mk: <https://w3id.org/medkg/ontology#> PREFIX schema: <https://schema.org/> "


def _count(kg, where: str) -> int:  # type: ignore[no-untyped-def]
    return kg.sparql(PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")[0]["n"]


def test_schema_org_terms_are_on_the_data(bundled_kg) -> None:  # type: ignore[no-untyped-def]
    kg = bundled_kg
    organizations = _count(kg, "?o a mk:Organization")
    assert organizations > 200 and _count(kg, "?o a schema:Organization") == organizations
    assert _count(kg, "?o a mk:Hospital") == _count(kg, "?o a schema:Hospital") > 0
    assert _count(kg, "?m a mk:LanguageModel") == _count(kg, "?m a schema:SoftwareApplication") > 300
    for mk, schema in (("name", "name"), ("developedBy", "creator"), ("partner", "contributor"),
                       ("releaseDate", "dateCreated"), ("basedOn", "isBasedOn"), ("website", "url"),
                       ("parentOrganization", "parentOrganization")):
        assert _count(kg, f"?s mk:{mk} ?o") == _count(kg, f"?s mk:{mk} ?o . ?s schema:{schema} ?o") > 0, mk
    row = kg.sparql(PREFIXES + "SELECT ?org WHERE { ?m mk:registryId 'huatuogpt' ; schema:creator/schema:name ?org }")
    assert "香港中文大学（深圳）" in {r["org"] for r in row}


def test_jsonld_export_is_compact_with_a_context(small_kg, tmp_path: Path, jena) -> None:  # type: ignore[no-untyped-def]
    import rdflib
    import rdflib.compare

    out = io.BytesIO()
    small_kg.export("jsonld", out)
    document = json.loads(out.getvalue())
    assert document["@context"]["schema"] == "https://schema.org/"
    nodes = {n["@id"]: n for n in document["@graph"]}
    huatuo = nodes["https://w3id.org/medkg/id/model/huatuogpt"]
    assert huatuo["schema:name"] == "华佗GPT" and "schema:SoftwareApplication" in huatuo["@type"]
    assert "schema:creator" in huatuo
    nt = io.BytesIO()
    small_kg.export("nt", nt)
    expected = rdflib.Graph().parse(data=nt.getvalue().decode(), format="nt")
    parsed = rdflib.Graph().parse(data=out.getvalue().decode(), format="json-ld")
    assert len(parsed) == len(expected)
    assert rdflib.compare.isomorphic(parsed, expected)
    path = tmp_path / "medkg.jsonld"
    path.write_bytes(out.getvalue())
    riot = jena("riotcmd.riot", "--count", str(path))
    assert riot.returncode == 0 and f"Triples = {len(expected):,}" in riot.stdout + riot.stderr, riot.stdout + riot.stderr
