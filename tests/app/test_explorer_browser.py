"""The web explorer in a real browser: Debian's Chromium driven by Playwright (no browser download)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import serving

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def site(bundled_kg):  # type: ignore[no-untyped-def]
    with serving(bundled_kg) as base:
        yield base


@pytest.fixture(scope="module")
def page(tmp_path_factory):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Debian's chromium must be installed (make test installs it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS,
                                             env={**os.environ, "HOME": str(tmp_path_factory.mktemp("chromium-home"))})
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        yield context.new_page()
        browser.close()


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
    page.screenshot(path=str(shots / f"search-{name}.png"), full_page=True)
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
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(shots / "model-card.png"), full_page=True)
    assert (shots / "model-card.png").stat().st_size > 20_000


def test_organization_page_and_gallery(page, site: str, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/org/ruijin-hospital")
    assert "RuiPath" in page.content()
    page.goto(site + "/gallery/built-on")
    page.fill("input[name=name]", "qwen")
    page.click("button[name=run]")
    page.wait_for_selector("#result table")
    assert page.locator("#result tbody tr").count() > 5
    assert "MATCH (b:Model)" in page.content()  # the Cypher text is shown beside the SPARQL
    page.screenshot(path=str(shots / "gallery.png"), full_page=True)
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
    page.screenshot(path=str(shots / "network.png"))
    page.locator("svg#network g.hospital a").first.click()
    page.wait_for_url("**/org/**")
    page.goto(site + "/")
    page.screenshot(path=str(shots / "home.png"), full_page=True)
