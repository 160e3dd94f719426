"""Explorer pages render from templates with every value escaped; one route table serves endpoint and pages."""
from __future__ import annotations

from types import SimpleNamespace

from medkg.app import explorer
from medkg.app.server import _resolve


def test_templates_escape_values() -> None:
    page = explorer.render("search.html", title="<b>", text="<script>alert(1)</script>",
                           rows=[{"kind": "model", "id": "a b", "name": "<img src=x>", "type": "general"}]).decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<img src=x>" not in page and 'href="/model/a%20b"' in page


def test_model_card_of_a_hostile_name_is_escaped(small_kg) -> None:  # type: ignore[no-untyped-def]
    endpoint = SimpleNamespace(kg=small_kg, cache={})
    status, content_type, body = explorer.model(endpoint, "quote-model", {})
    page = body.decode()
    assert status == 200 and content_type.startswith("text/html")
    assert "Model &#34;X&#34;; {DROP} &#39; OR 1=1 --" in page and '"X"; {DROP}' not in page


def test_every_page_renders_without_a_browser(small_kg) -> None:  # type: ignore[no-untyped-def]
    endpoint = SimpleNamespace(kg=small_kg, cache={})
    for page, rest, params, text in [(explorer.home, "", {}, "中国医疗大模型知识图谱"),
                                     (explorer.organization, "ruijin", {}, "病理大模型"),
                                     (explorer.gallery_query, "who-built", {"name": "华佗GPT", "run": "1"}, "cuhk-sz"),
                                     (explorer.coverage, "", {}, "held_undated"),
                                     (explorer.network, "", {}, '<svg id="network"'),
                                     (explorer.value_chain, "", {}, "产业链")]:
        status, _, body = page(endpoint, rest, params)
        assert status == 200 and text in body.decode(), page.__name__


def test_one_route_table() -> None:
    assert _resolve("/sparql")[1] == "sparql" and _resolve("/model/huatuogpt")[1] == "huatuogpt"
    assert _resolve("/queries/who-built")[1] == "who-built" and _resolve("/static/style.css")[1] == "style.css"
    assert _resolve("/")[0] is not None and _resolve("/no-such-page")[0] is None


def test_models_pages_and_sorts_in_the_query_on_both_engines(small_kg) -> None:  # type: ignore[no-untyped-def]
    for engine in ("sparql", "cypher"):
        everything = [r["model_id"] for r in small_kg.models(sort="release_date", descending=True, engine=engine)]
        assert everything[:2] == ["path-gpt", "eye-gpt"] and everything[-1] == "quote-model"  # undated last
        pages = [[r["model_id"] for r in small_kg.models(sort="release_date", descending=True, limit=2, offset=o,
                                                         engine=engine)] for o in (0, 2, 4, 6)]
        assert [m for page in pages for m in page] == everything and pages[-1] == [], engine
    by_name = small_kg.models(text="華佗", province="广东", family="baichuan")
    assert [r["model_id"] for r in by_name] == ["huatuogpt", "huatuogpt-ii"]


def test_model_facets_count_the_filtered_models(small_kg) -> None:  # type: ignore[no-untyped-def]
    facets = {(r["facet"], r["value"]): r["models"] for r in small_kg.model_facets(developer_type="hospital")}
    assert facets[("total", "all")] == 2 == len(small_kg.models(developer_type="hospital"))
    assert facets[("model_type", "specialty")] == 2 and facets[("province", "上海")] == 1


def test_models_refuses_a_bad_sort_or_page(small_kg) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from medkg.base.errors import UsageError

    for bad in ({"sort": "model_id; DROP"}, {"limit": -1}, {"offset": -5}):
        with pytest.raises(UsageError):
            small_kg.models(**bad)
