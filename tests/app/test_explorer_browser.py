"""The web explorer in a real browser: Debian's Chromium driven by Playwright (no browser download)."""
from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import SMALL, run_cli, serving

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def site(bundled_kg):  # type: ignore[no-untyped-def]
    with serving(bundled_kg) as base:
        yield base


@pytest.fixture(scope="module")
def small_site(small_kg):  # type: ignore[no-untyped-def]
    with serving(small_kg) as base:
        yield base


# Marks the elements whose own text has Chinese characters (at most 400 per page) for the glyph check.
MARK_CJK = """() => { const cjk = /[\u3400-\u9fff\uf900-\ufaff]/; let n = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode() && n < 400) { const el = walker.currentNode.parentElement;
    if (el && cjk.test(walker.currentNode.data) && !el.hasAttribute('data-cjk') && el.getClientRects().length) {
      el.setAttribute('data-cjk', String(n++)); } }
  return n; }"""


def assert_no_missing_glyphs(page) -> int:  # type: ignore[no-untyped-def]
    """Every element with Chinese text is drawn with a font that has Chinese glyphs.

    Chromium reports the fonts it actually used for a node's text (DevTools ``CSS.getPlatformFontsForNode``): a
    missing glyph shows as a box drawn by a font without CJK coverage, so each element with Chinese text must have
    used a CJK face (the bundled web font, or a system font whose name says CJK). Code blocks, buttons and SVG text
    are included."""
    page.evaluate("document.fonts.ready")
    marked = page.evaluate(MARK_CJK)
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    bad = []
    for node in session.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-cjk]"})["nodeIds"]:
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        if not any(f["isCustomFont"] or "CJK" in f["familyName"] for f in fonts):
            outer = session.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"][:120]
            bad.append((outer, [f["familyName"] for f in fonts]))
    session.detach()
    assert not bad, f"Chinese text drawn without a CJK font (boxes): {bad[:5]}"
    return int(marked)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Debian's chromium must be installed (make test installs it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS,
                                             env={**os.environ, "HOME": str(tmp_path_factory.mktemp("chromium-home"))})
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def browser_without_js(browser):  # type: ignore[no-untyped-def]
    """Reading needs no JavaScript: JS only enhances (the network page's type filter)."""
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """Screenshots go to MEDKG_SCREENSHOTS if set, else to this test run's output folder."""
    folder = Path(os.environ.get("MEDKG_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("name", ["華佗GPT", "华佗GPT"])
def test_search_then_model_card(page, site: str, shots: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/")
    page.fill("input[name=q]", name)
    page.click("button[type=submit]")
    page.wait_for_selector("#results")
    page.screenshot(path=str(shots / f"explorer-search-{name}.png"), full_page=True)
    page.click("#results a[href='/model/huatuogpt']")
    page.wait_for_selector("#model-name")
    assert page.inner_text("#model-name") == "华佗GPT"
    # Chinese is drawn with a font that has the glyphs (no tofu boxes), whatever fonts the system has.
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.check('16px medkg-cjk', '华佗医院'))")
    assert page.evaluate("[...document.fonts].some(f => f.family.includes('medkg-cjk') && f.status === 'loaded')")
    developers = page.inner_text("#developers")
    assert "香港中文大学（深圳）" in developers and "深圳市大数据研究院" in developers
    assert "baichuan-7b" in page.content()
    assert page.locator("#sources a").first.get_attribute("href").startswith("https://github.com/")
    assert assert_no_missing_glyphs(page) > 10
    page.screenshot(path=str(shots / "explorer-model-card.png"), full_page=True)
    assert (shots / "explorer-model-card.png").stat().st_size > 20_000


def test_organization_page_and_gallery(page, site: str, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/org/ruijin-hospital")
    assert "RuiPath" in page.content()
    page.goto(site + "/gallery/built-on")
    page.fill("input[name=name]", "qwen")
    page.click("button[name=run]")
    page.wait_for_selector("#result table")
    assert page.locator("#result tbody tr").count() > 5
    assert "MATCH (b:Model)" in page.content()  # the Cypher text is shown beside the SPARQL
    assert assert_no_missing_glyphs(page) > 3  # the Chinese in the code blocks and on the Run button included
    assert page.locator("pre code").first.evaluate("e => getComputedStyle(e).fontFamily").count("medkg-cjk") == 1
    page.screenshot(path=str(shots / "explorer-gallery.png"), full_page=True)
    csv_link = page.locator("a", has_text="CSV").first.get_attribute("href")
    assert csv_link.startswith("/queries/built-on?") and "format=csv" in csv_link


def test_coverage_and_network(page, site: str, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/coverage")
    assert "all medical" in page.content() and "114" in page.content()
    page.goto(site + "/network")
    circles = page.locator("svg#network circle")
    assert circles.count() > 50
    hospitals = page.locator("svg#network g.hospital")
    assert hospitals.first.is_visible()
    page.uncheck("input[data-type=hospital]")  # the type filter hides hospitals
    assert not hospitals.first.is_visible()
    page.check("input[data-type=hospital]")
    page.screenshot(path=str(shots / "explorer-network.png"))
    page.locator("svg#network g.hospital a").first.click()
    page.wait_for_url("**/org/**")
    page.goto(site + "/")
    assert page.locator("svg rect").count() > 20  # the home page's charts are inline SVG
    assert assert_no_missing_glyphs(page) > 10
    page.screenshot(path=str(shots / "explorer-home.png"), full_page=True)


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_models_table_facets_sort_and_download(page, site: str, bundled_kg, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/models")
    page.wait_for_selector("table#models tbody tr")
    assert page.locator("table#models tbody tr").count() == 50  # the first page
    page.click("section[data-facet=developer_type] a[data-value=hospital]")
    page.wait_for_url("**developer_type=hospital**")
    page.click("section[data-facet=type] a[data-value=specialty]")  # a second facet, combined with the first
    page.wait_for_url("**type=specialty**")
    assert "developer_type=hospital" in page.url
    page.click("th[data-column=release_date] a")  # sort by date
    page.wait_for_url("**sort=release_date**")
    page.click("th[data-column=release_date] a")  # and again: newest first
    page.wait_for_url("**desc=1**")
    assert page.locator("th[data-column=release_date]").get_attribute("aria-sort") == "descending"
    dates = [d for d in page.locator("table#models tbody tr td:nth-child(4)").all_inner_texts() if d]
    assert dates == sorted(dates, reverse=True) and len(dates) > 3
    assert assert_no_missing_glyphs(page) > 20
    page.screenshot(path=str(shots / "explorer-models.png"))  # the first screenful
    href = page.get_attribute("#download-csv", "href")
    assert href.startswith("/models.csv?") and "developer_type=hospital" in href and "type=specialty" in href
    downloaded = page.request.get(site + href)
    assert downloaded.ok and downloaded.headers["content-type"].startswith("text/csv")
    cli = run_cli("--store", str(bundled_kg.home.path), "models", "--developer-type", "hospital", "--type", "specialty",
                  "--sort", "release_date", "--desc", "--format", "csv")
    assert cli.returncode == 0, cli.stderr
    rows = _csv_rows(downloaded.text())
    assert rows == _csv_rows(cli.stdout) and len(rows) > 3
    shown = page.locator("table#models tbody tr td:last-child").all_inner_texts()
    assert shown == [r["model_id"] for r in rows][:len(shown)]  # the page shows the download's first rows
    assert page.request.get(site + href.replace("/models.csv", "/models.json")).json()[0]["model_id"] == rows[0]["model_id"]


def test_model_card_of_a_test_registry_row(page, small_site: str, shots: Path) -> None:  # type: ignore[no-untyped-def]
    from medkg.app.i18n import concept_label

    with open(SMALL / "models.csv", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["id"] == "huatuogpt")
    page.goto(small_site + "/model/huatuogpt?lang=zh")
    text = page.inner_text("main")
    expected = [row["name"], row["name_en"], row["description"], row["license"], row["parameters"], row["release_date"],
                row["hf_repo"], row["source_url"], row["source_note"], concept_label("model-type", row["model_type"], "zh"),
                concept_label("modality", row["modality"], "zh"), concept_label("access", row["access"], "zh")]
    expected += row["aliases"].split(";") + [r.split(":")[0] for r in row["base_models"].split(";")]
    expected += [concept_label("scenario", s, lang) for s in row["scenarios"].split(";") for lang in ("zh", "en")]
    expected += ["cuhk-sz", "sribd", "华佗GPT-II", "2023-11"]  # developers, and the successor with its date
    assert [t for t in expected if t not in text] == []
    assert page.get_attribute("#hf-repo a", "href") == f"https://huggingface.co/{row['hf_repo']}"
    assert page.locator("#lineage-picture svg g.box").count() >= 3  # base above, the model, successor and derived
    page.goto(small_site + "/model/path-gpt")
    assert "Shanghai-RuiPath-2025" in page.inner_text("#filing-no a")
    assert "病理" in page.inner_text("#specialties") and "Pathology" in page.inner_text("#specialties")
    assert assert_no_missing_glyphs(page) > 5


def test_organization_page_and_language_switch(page, site: str, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/org/ruijin-hospital?lang=zh")
    assert page.locator("#partners tbody tr").count() >= 1 and page.locator("#ego-network svg circle").count() >= 2
    assert "上海交通大学" in page.inner_text("#parent")
    assert page.locator("h1").count() == 1 and page.locator("h2").count() > 2  # headings in order
    assert assert_no_missing_glyphs(page) > 5
    page.screenshot(path=str(shots / "explorer-organization.png"), full_page=True)
    page.click("#lang-en")
    page.wait_for_url("**lang=en**")
    assert page.get_attribute("html", "lang") == "en" and "Partners" in page.inner_text("main")
    page.goto(site + "/organizations")  # no lang= in the URL: the cookie remembers English
    assert page.get_attribute("html", "lang") == "en" and page.inner_text("h1") == "Organizations"
    page.click("section[data-facet=type] a[data-value=hospital]")
    page.wait_for_url("**type=hospital**")
    assert page.locator("table#organizations tbody tr").count() > 5
    page.screenshot(path=str(shots / "explorer-organizations-en.png"))
    page.goto(site + "/")
    page.screenshot(path=str(shots / "explorer-home-en.png"), full_page=True)
    page.click("#lang-zh")
    page.wait_for_url("**lang=zh**")
    assert page.get_attribute("html", "lang") == "zh-CN"


def test_inputs_have_labels(page, site: str) -> None:  # type: ignore[no-untyped-def]
    for path in ("/", "/models", "/organizations", "/search?q=qwen"):
        page.goto(site + path)
        unlabelled = page.evaluate("""[...document.querySelectorAll('input:not([type=hidden])')]
            .filter(i => !(i.labels && i.labels.length) && !i.getAttribute('aria-label')).map(i => i.name)""")
        assert unlabelled == [], path


def test_pages_read_without_javascript(browser_without_js, site: str) -> None:  # type: ignore[no-untyped-def]
    browser_without_js.goto(site + "/models?developer_type=hospital")
    assert browser_without_js.locator("table#models tbody tr").count() > 3
    browser_without_js.click("section[data-facet=type] a[data-value=specialty]")
    assert "type=specialty" in browser_without_js.url
