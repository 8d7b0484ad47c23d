"""Imported text that tries to hurt the page: shown literally, loading nothing, injecting nothing."""

import csv

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import HOSTILE_FINDINGS
from tests.e2e.test_journeys import choose, page_title, settle
from ui import routes
from ui.lang import WORD_JOINER

pytestmark = pytest.mark.browser


SIZES = {
    "es-desktop": ("es", {"width": 1400, "height": 1250}),
    "en-1920": ("en", {"width": 1920, "height": 1080}),
    "es-phone": ("es", {"width": 390, "height": 844}),
}
TEXTS = {
    "es": ("Perfiles IGM local", "Gobierno local"),
    "en": ("Local MGI profiles", "Local government"),
}


@pytest.mark.parametrize("size", SIZES)
def test_hostile_findings_show_as_text(browser, app_url, shots, size):
    """Findings with an outside image, a <style>, an <iframe>, a full-page overlay, Markdown links and
    images and a <script>: the profile shows each as typed; no outside request, no new element."""
    language, viewport = SIZES[size]
    title, label = TEXTS[language]
    context = browser.new_context(viewport=viewport, base_url=app_url, has_touch=viewport["width"] < 500)
    page = context.new_page()
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if request.url.startswith(("http:", "https:")) and not request.url.startswith(app_url)
            else None
        ),
    )
    page.goto(f"/{routes.url_path('profile')}")
    expect(page_title(page, "Perfiles IGM local")).to_be_visible()
    if language == "en":
        page.get_by_test_id("stSidebar").get_by_text("English").click()
        expect(page_title(page, title)).to_be_visible()
    choose(page, label, "Upala (CRI)")
    expect(page.get_by_role("heading", name="Upala", exact=True)).to_be_visible()
    settle(page)  # domains with findings are open

    with HOSTILE_FINDINGS.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Su sesión expiró", exact=False)).to_be_visible()
    # Bare addresses carry an invisible word joiner (ui.literal) so they stay text: not part of what reads.
    shown = " ".join(main.inner_text().replace(WORD_JOINER, "").split())
    for row in rows:
        assert row["finding"] in shown, shown
        assert row["source"] in shown

    injected = page.evaluate(
        """() => ({
            styles: [...document.querySelectorAll('style')]
                .filter(s => s.textContent.includes('display:none} *')).length,
            frames: document.querySelectorAll('iframe[src*="invalid"]').length,
            images: document.querySelectorAll('img[src*="invalid"]').length,
            links: document.querySelectorAll('a[href*="invalid"]').length,
            overlay: document.querySelectorAll('#overlay').length,
            scripts: [...document.querySelectorAll('script')]
                .filter(s => s.textContent.includes('pwned')).length,
            title: document.title,
            bodyShown: getComputedStyle(document.body).display !== 'none',
        })"""
    )
    assert injected == {
        "styles": 0,
        "frames": 0,
        "images": 0,
        "links": 0,
        "overlay": 0,
        "scripts": 0,
        "title": injected["title"],
        "bodyShown": True,
    }
    assert injected["title"] != "pwned"
    page.screenshot(path=shots / f"profile_hostile_findings_{size}.png")
    context.close()
    assert outside == [], f"the page asked outside servers for {outside}"
