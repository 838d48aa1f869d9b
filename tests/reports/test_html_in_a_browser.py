"""The HTML summary in a real browser (Debian's chromium through Playwright): axe-core finds
no WCAG 2.1 A/AA violation, the page asks for nothing over the network, and no label of a
chart is cut off, on screen and when printed on A4."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from reports import compute_summary, render
from store import Store
from store.i18n import speaking

A4_TEXT_WIDTH = {"width": 680, "height": 1000}  # 180 mm at 96 dpi: A4 less 15 mm margins
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# Every <text> of every chart inside its SVG's viewBox: what lies outside is not drawn.
CLIPPED = """() => [...document.querySelectorAll('svg')].flatMap(svg => {
  const box = svg.viewBox.baseVal;
  return [...svg.querySelectorAll('text')].map(text => [text.textContent, text.getBBox()])
    .filter(([, b]) => b.x < box.x || b.y < box.y || b.x + b.width > box.x + box.width + 0.5
                       || b.y + b.height > box.y + box.height + 0.5)
    .map(([content]) => content);
})"""


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_page_is_accessible_self_contained_and_unclipped(browser, report_year: Store,
                                                             language):
    summary = compute_summary(report_year, date(2023, 1, 1), date(2023, 12, 31))
    with speaking(language):
        page_html = render(summary, "html", report_year.taxonomy, "Borgerrådgiveren").decode()
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.set_content(page_html)
    page.wait_for_load_state("load")
    assert requests == []
    result = Axe().run(page, options=WCAG)
    assert result.violations_count == 0, result.generate_report()
    assert page.locator("svg text").count() > 100
    assert page.evaluate(CLIPPED) == []
    labels = page.locator("svg text").all_text_contents()
    assert any("(" in label and "%" in label for label in labels)  # "179 (44,4 %)"
    page.emulate_media(media="print")
    page.set_viewport_size(A4_TEXT_WIDTH)
    assert page.evaluate(CLIPPED) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_TEXT_WIDTH["width"]
    page.close()


def test_long_labels_are_not_cut_off(browser, store: Store, clock):
    """A unit with a long name and a share text as long as they come: both fully drawn."""
    from store import Department, InquiryDraft, StoreSettings, Taxonomy

    long_area = "Forvaltningen for Beskæftigelse, Integration og Sundhed i Hele Kommunen"
    taxonomy = Taxonomy(departments={long_area: ("Afdelingen for Særligt Tilrettelagte "
                                                 "Forløb og Rehabiliteringsteams",)})
    desk = Store(store.data_dir / "long", StoreSettings(taxonomy=taxonomy), clock=clock)
    for _ in range(3):
        desk.create_inquiry(InquiryDraft(received_at=clock.now, department=Department(
            area=long_area, unit=taxonomy.departments[long_area][0])))
    summary = compute_summary(desk, date(2026, 1, 1), date(2026, 12, 31))
    page = browser.new_page()
    page.set_content(render(summary, "html", taxonomy, "x").decode())
    texts = page.locator("svg text").all_text_contents()
    assert long_area in texts and taxonomy.departments[long_area][0] in texts
    assert page.evaluate(CLIPPED) == []
    page.close()
