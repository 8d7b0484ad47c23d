"""What only the browser shows, in both languages: Streamlit's own texts (placeholders, tooltips,
buttons it draws), the map's date field on Enter. Every page is opened by its address with the
language in it, as a shared link or a reload would. Screenshots land in artifacts/screenshots/.
"""

import pytest
from playwright.sync_api import Page, expect

from indicators.config import DATA_DIR
from indicators.i18n import LANGUAGES, Translator
from indicators.seminar import load_seminar
from indicators.store import Store
from tests.e2e.conftest import (
    LAPTOP,
    ORGANISER_PASSWORD,
    ORGANISER_USER,
    PHONE,
    log_in_organisers,
    sized_page,
)
from tests.e2e.test_journeys import open_select, settle
from tests.e2e.test_phone import open_form
from tests.test_one_language import problems
from ui import routes

pytestmark = pytest.mark.browser

# Everything a person reads or hears: visible text, placeholders, tooltips, accessible names.
SHOWN = """() => {
  const where = '[data-testid=stMain], [data-testid=stSidebar], [role=listbox]';
  const roots = [...document.querySelectorAll(where)];
  // Material icons are drawn from their names ("home", "description"): not words anyone reads.
  const icons = new Set([...document.querySelectorAll('[data-testid=stIconMaterial]')].map(e => e.innerText));
  const found = roots.flatMap(r => r.innerText.split('\\n')).filter(line => !icons.has(line.trim()));
  for (const root of roots) {
    for (const e of root.querySelectorAll('[placeholder], [title], [aria-label]')) {
      if (!e.getClientRects().length) continue;  // hidden (display: none): nobody sees or hears it
      for (const name of ['placeholder', 'title', 'aria-label']) {
        if (e.getAttribute(name)) found.push(e.getAttribute(name));
      }
    }
  }
  return found;
}"""


SYNTHETIC_LAYER = ("Capa sintética de prueba", "solo para pruebas")  # tests/e2e/conftest.py
LANGUAGE_PICKER = "Idioma / Language"  # names each language in itself, on purpose


def catalogue_data() -> list[str]:
    """The bundled places and sources: data in their own language, never translated."""
    store = Store.open(":memory:")
    try:
        store.load_bundled(DATA_DIR)
        places = store.places(igm_only=False)
        strings = [*places["name"], *places["source_label"], *places["admin1"]]
        strings += [*store.boundary_sources()["title"], *store.boundary_sources()["licence"]]
        strings += [load_seminar()["source"], *SYNTHETIC_LAYER]
    finally:
        store.close()
    return sorted({str(s) for s in strings if s and str(s) != "nan"}, key=len, reverse=True)


def address(route, lang: str) -> str:
    return f"/{route.url_path}" + ("" if lang == "es" else f"?lang={lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_in_the_browser_speaks_one_language(browser, app_url, shots, lang):
    data = catalogue_data()
    found = {}
    with sized_page(browser, app_url, LAPTOP) as page:
        for route in routes.ROUTES:
            page.goto(address(route, lang))
            expect(page.get_by_role("heading", level=1).first).to_be_visible()
            settle(page)
            page.wait_for_timeout(500)  # charts and tables draw a moment after the page
            shown = [text.replace(LANGUAGE_PICKER, "") for text in page.evaluate(SHOWN)]
            if wrong := problems(shown, lang, data):
                found[route.key] = wrong
            page.screenshot(path=shots / f"language_{route.key}_{lang}.png", timeout=90_000)
    assert found == {}, "\n".join(f"{key}: {line}" for key, lines in found.items() for line in lines)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_organisers_tabs_in_the_browser_speak_one_language(browser, app_url, shots, lang):
    """Behind the password, every tab: Streamlit draws the file choosers' buttons and the tables."""
    t = Translator(lang)
    data = catalogue_data()
    found = {}
    with sized_page(browser, app_url, LAPTOP) as page:
        page.goto(f"/{routes.url_path('organisers')}" + ("" if lang == "es" else f"?lang={lang}"))
        page.get_by_label(t("accounts.user"), exact=True).fill(ORGANISER_USER)
        page.get_by_label(t("org.password"), exact=True).fill(ORGANISER_PASSWORD)
        page.keyboard.press("Enter")
        tabs = page.get_by_role("tab")
        expect(tabs.first).to_be_visible()
        for number in range(tabs.count()):
            tabs.nth(number).click()
            settle(page)
            page.wait_for_timeout(300)  # tables draw a moment after the tab opens
            shown = [text.replace(LANGUAGE_PICKER, "") for text in page.evaluate(SHOWN)]
            if wrong := problems(shown, lang, data):
                found[tabs.nth(number).inner_text()] = wrong
            page.screenshot(path=shots / f"language_organisers_tab{number}_{lang}.png")
    assert found == {}, "\n".join(f"{tab}: {line}" for tab, lines in found.items() for line in lines)


def test_the_open_organisers_tab_stays_open_when_the_language_changes(browser, app_url, shots):
    """Only the open tab runs; a switch to English keeps it open, in English, with its content."""
    with sized_page(browser, app_url, LAPTOP) as page:
        log_in_organisers(page, ORGANISER_PASSWORD)
        page.get_by_role("tab", name="Auditoría").click()
        expect(page.get_by_text("Desde el día")).to_be_visible()
        page.get_by_text("English", exact=True).click()
        expect(page.get_by_role("tab", name="Audit", exact=True)).to_have_attribute("aria-selected", "true")
        expect(page.get_by_text("From the day")).to_be_visible()
        page.screenshot(path=shots / "language_organisers_tab_kept_en.png")


def test_typed_map_date_applies_on_enter(page: Page, shots):
    page.goto(f"/{routes.url_path('map')}")
    page.get_by_test_id("stRadio").get_by_text("Otra fecha", exact=True).click()
    field = page.get_by_label("Fecha", exact=True)
    field.fill("04/11/2024")
    field.press("Enter")
    expect(page.get_by_text("Situación al 4 de noviembre de 2024.")).to_be_visible()
    expect(field).to_be_focused()  # applied without leaving the field
    page.screenshot(path=shots / "map_typed_date_es.png")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_form_in_the_browser_speaks_one_language(browser, app_url, access_code, lang):
    """The self-assessment open and refused (its selects, buttons and list of missing answers)."""
    with sized_page(browser, app_url, PHONE) as page:
        words = open_form(page, access_code, lang)
        page.get_by_role("button", name=words["submit"], exact=True).tap()
        expect(page.locator(".st-key-sa_refused")).to_be_visible()
        # A list open: its options are Streamlit's own drawing of our texts.
        select = page.locator("[class*='st-key-top_rt1_1']").get_by_test_id("stSelectbox")
        open_select(page, select, page.get_by_role("option").first)
        shown = [text.replace(LANGUAGE_PICKER, "") for text in page.evaluate(SHOWN)]
        assert problems(shown, lang, catalogue_data()) == []
