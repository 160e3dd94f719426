"""Explorer pages render from templates with every value escaped; one route table serves endpoint and pages."""
from __future__ import annotations

from types import SimpleNamespace

from medkg.app import explorer
from medkg.app.server import BuildCache, _resolve


def _endpoint(kg):  # type: ignore[no-untyped-def]
    """What the pages read of `medkg serve`'s Endpoint: the graph and its two caches."""
    return SimpleNamespace(kg=kg, cache=BuildCache(), views=BuildCache())


def test_templates_escape_values() -> None:
    page = explorer.render("search.html", title="<b>", text="<script>alert(1)</script>",
                           rows=[{"kind": "model", "id": "a b", "name": "<img src=x>", "type": "general"}]).decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<img src=x>" not in page and 'href="/model/a%20b"' in page


def test_model_card_of_a_hostile_name_is_escaped(small_kg) -> None:  # type: ignore[no-untyped-def]
    endpoint = _endpoint(small_kg)
    status, content_type, body = explorer.model(endpoint, "quote-model", {})
    page = body.decode()
    assert status == 200 and content_type.startswith("text/html")
    assert "Model &#34;X&#34;; {DROP} &#39; OR 1=1 --" in page and '"X"; {DROP}' not in page


def test_every_page_renders_without_a_browser(small_kg) -> None:  # type: ignore[no-untyped-def]
    endpoint = _endpoint(small_kg)
    for page, rest, params, text in [(explorer.home, "", {}, "中国医疗大模型知识图谱"),
                                     (explorer.organization, "ruijin", {}, "病理大模型"),
                                     (explorer.gallery_query, "who-built", {"name": "华佗GPT", "run": "1"}, "cuhk-sz"),
                                     (explorer.coverage, "", {}, "held_undated"),
                                     (explorer.network, "", {}, '<svg id="network"'),
                                     (explorer.value_chain, "", {explorer.COOKIE_PARAM: "zh"}, "产业链")]:
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


def _html(result) -> str:  # type: ignore[no-untyped-def]
    assert result[0] == 200, result
    return result[2].decode()


def _text(page: str) -> str:
    """The page's visible text, tags dropped and entities decoded."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _small_row(model_id: str) -> dict[str, str]:
    import csv

    from tests.conftest import SMALL

    with open(SMALL / "models.csv", encoding="utf-8") as handle:
        return next(r for r in csv.DictReader(handle) if r["id"] == model_id)


def _expected_texts(row: dict[str, str], lang: str) -> list[str]:
    """What a model card must show for a registry row: every field, concepts by their labels in both languages."""
    from medkg.app.i18n import concept_label

    texts = [row["name"], row["name_en"], row["source_url"], row["source_note"], row["description"], row["license"],
             row["parameters"], row["filing_no"], row["hf_repo"], concept_label("model-type", row["model_type"], lang)]
    texts += row["aliases"].split(";") + row["developers"].split(";") + row["partners"].split(";")
    texts += [ref.split(":")[0] for ref in row["base_models"].split(";")]
    for scheme, column in (("specialty", "specialties"), ("scenario", "scenarios")):
        for notation in filter(None, row[column].split(";")):
            texts += [concept_label(scheme, notation, "zh"), concept_label(scheme, notation, "en")]
    for scheme in ("modality", "access"):
        if row[scheme]:
            texts.append(concept_label(scheme, row[scheme], lang))
    return [t for t in texts if t]


def test_model_card_shows_every_field_of_the_registry_row(small_kg) -> None:  # type: ignore[no-untyped-def]
    endpoint = _endpoint(small_kg)
    for model_id in ("huatuogpt", "path-gpt", "eye-gpt"):
        for lang in ("zh", "en"):
            page = _html(explorer.model(endpoint, model_id, {"lang": lang}))
            text = _text(page)
            missing = [t for t in _expected_texts(_small_row(model_id), lang) if t not in text and t not in page]
            assert not missing, (model_id, lang, missing)
    card = _html(explorer.model(endpoint, "huatuogpt", {"lang": "en"}))
    assert 'href="https://huggingface.co/FreedomIntelligence/HuatuoGPT-7B"' in card
    assert "华佗GPT-II" in card and "2023-11" in card  # the successor, with its date
    assert '<svg viewBox' in card and 'class="box derived"' in card and 'class="box successor"' in card
    assert "2023-05" in _html(explorer.model(endpoint, "huatuogpt-ii", {}))  # its predecessor's date
    assert 'class="box ancestor"' in _html(explorer.model(endpoint, "eye-gpt", {}))


def test_column_headers_are_labels_never_raw_ids(small_kg) -> None:  # type: ignore[no-untyped-def]
    import re

    endpoint = _endpoint(small_kg)
    for lang in ("zh", "en"):
        given = {"lang": lang}
        for result in [explorer.models(endpoint, "models", given), explorer.organizations(endpoint, "organizations", given),
                       explorer.gallery_query(endpoint, "organizations", {"run": "1", **given}),
                       explorer.organization(endpoint, "huawei", given), explorer.model(endpoint, "huatuogpt", given),
                       explorer.coverage(endpoint, "", given)]:
            for header in re.findall(r"<th[^>]*>(.*?)</th>", _html(result)):
                label = _text(header).strip(" ▲▼")
                assert label and "_" not in label and label not in ("org_id", "model_id"), label


def test_language_switch_is_remembered(small_kg) -> None:  # type: ignore[no-untyped-def]
    endpoint = _endpoint(small_kg)
    _, _, body, headers = explorer.models(endpoint, "models", {"lang": "en"})  # type: ignore[misc]
    assert '<html lang="en">' in body.decode() and "Models" in body.decode()
    assert headers["Set-Cookie"].startswith("medkg_lang=en;")
    remembered = _html(explorer.home(endpoint, "", {explorer.COOKIE_PARAM: "en"}))
    assert '<html lang="en">' in remembered and "Releases per quarter" in remembered
    assert '<html lang="zh-CN">' in _html(explorer.home(endpoint, "", {explorer.COOKIE_PARAM: "xx"}))  # the setting
    assert '<html lang="en">' in _html(explorer.home(endpoint, "", {explorer.ACCEPT_PARAM: "en-GB,en;q=0.9"}))
    browser_zh = {explorer.ACCEPT_PARAM: "zh-CN,zh;q=0.9,en;q=0.8"}
    assert '<html lang="zh-CN">' in _html(explorer.home(endpoint, "", browser_zh))  # the browser's language
    assert '<html lang="en">' in _html(explorer.home(endpoint, "", {**browser_zh, explorer.COOKIE_PARAM: "en"}))


def test_models_page_facets_combine_and_downloads_match_the_cli(small_kg) -> None:  # type: ignore[no-untyped-def]
    import io

    from medkg.app import output

    endpoint = _endpoint(small_kg)
    url = "/models?developer_type=university&sort=release_date&desc=1"
    page = _html(explorer.models(endpoint, "models", {"developer_type": "university", "sort": "release_date",
                                                       "desc": "1", explorer.URL_PARAM: url}))
    assert 'href="/models.csv?developer_type=university&amp;sort=release_date&amp;desc=1"' in page
    # a facet link keeps the other filters and adds its own
    assert 'href="/models?developer_type=university&amp;sort=release_date&amp;desc=1&amp;province=%E4%B8%8A%E6%B5%B7"' in page
    order = [page.index(f'/model/{m}"') for m in ("huatuogpt-ii", "huatuogpt", "shennong", "quote-model")]
    assert order == sorted(order)  # newest first, the undated last
    params = {"developer_type": "university", "province": "上海", "sort": "release_date", "desc": "1"}
    _, content_type, body = explorer.models(endpoint, "models.csv", params)  # type: ignore[misc]
    expected = io.StringIO()
    output.write(small_kg.models(developer_type="university", province="上海", sort="release_date", descending=True),
                 "csv", expected)
    assert content_type.startswith("text/csv") and body.decode() == expected.getvalue()
    assert [line.split(",")[0] for line in body.decode().splitlines()[1:]] == ["shennong", "quote-model"]


def test_organizations_page_and_its_download(small_kg) -> None:  # type: ignore[no-untyped-def]
    import json

    endpoint = _endpoint(small_kg)
    page = _html(explorer.organizations(endpoint, "organizations", {"listed": "yes", explorer.URL_PARAM: "/organizations?listed=yes"}))
    assert "/org/alibaba" in page and "/org/huawei" not in page and 'data-facet="tier"' in page
    rows = json.loads(explorer.organizations(endpoint, "organizations.json", {"type": "hospital"})[2])
    assert [r["org_id"] for r in rows] == ["ruijin", "zoc"]


def test_every_ui_string_is_a_plain_string(small_kg) -> None:  # type: ignore[no-untyped-def]
    """A UI-string key named like a dict method (``t.clear``) rendered as ``<built-in method ...>``."""
    from medkg.app.i18n import STRINGS

    assert not set(STRINGS) & set(dir(dict))
    endpoint = _endpoint(small_kg)
    page = _html(explorer.models(endpoint, "models", {"type": "specialty", "lang": "en"}))
    assert "built-in method" not in page and "Clear all filters" in page


def test_bad_page_parameters_are_usage_errors(small_kg) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from medkg.base.errors import UsageError

    endpoint = _endpoint(small_kg)
    for params in ({"page": "0"}, {"page": "x"}, {"year": "20x4"}, {"sort": "nope"}, {"type": "nope"}):
        with pytest.raises(UsageError):
            explorer.models(endpoint, "models", params)
    with pytest.raises(UsageError):
        explorer.organizations(endpoint, "organizations", {"listed": "maybe"})


def test_home_draws_its_charts_inline(small_kg) -> None:  # type: ignore[no-untyped-def]
    page = _html(explorer.home(_endpoint(small_kg), "", {"lang": "en"}))
    for chart in ("chart-types", "chart-timeline", "chart-developers", "chart-kinds", "chart-market"):
        assert f'id="{chart}"' in page
    assert "2031" in page and "<img" not in page
