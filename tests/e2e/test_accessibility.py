"""axe-core in Chromium on every page, in the state a user sees it: no serious or critical violation.

axe-core comes with axe-playwright-python (PyPI). Each page is brought to where people use it (a
place chosen on the map and in the profiles, the self-assessment form open, the consultation
started, the presenter's results revealed, the organisers' page unlocked) and axe checks the whole
document against WCAG 2.0/2.1/2.2 A and AA and its best practices. Serious and critical findings
fail the test; so does any heading that skips a level (axe rates that "moderate", the issue wants
none). Beside axe: the QR code's text alternative names the link, the focus ring is visible.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LAPTOP, ORGANISER_PASSWORD, ORGANISER_USER, PHONE, sized_page
from tests.e2e.test_journeys import choose, drawn_map, settle
from ui import routes

pytestmark = pytest.mark.browser

AXE = Axe()
FAILING_IMPACTS = ("serious", "critical")
ALWAYS_FAILING_RULES = ("heading-order", "image-alt", "svg-img-alt")


def violations(page: Page) -> list[str]:
    settle(page)
    page.wait_for_timeout(500)
    result = AXE.run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:4])
        for v in result["violations"]
        if v["impact"] in FAILING_IMPACTS or v["id"] in ALWAYS_FAILING_RULES
    ]


def go(page: Page, key: str, query: str = "") -> None:
    page.goto(f"/{routes.url_path(key)}{query}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def home(page: Page, access_code: str) -> None:
    go(page, "home")


def map_with_a_place(page: Page, access_code: str) -> None:
    go(page, "map")
    drawn_map(page)
    choose(page, "Elija un lugar", "Sonora (MEX)")
    expect(page.get_by_role("heading", name="Sonora", level=3)).to_be_visible()


def profile_with_results(page: Page, access_code: str) -> None:
    map_with_a_place(page, access_code)
    page.get_by_role("link", name="Ver su perfil IGM").click()
    expect(page.locator(".js-plotly-plot")).to_have_count(1)


def form_open(page: Page, access_code: str) -> None:
    go(page, "assessment")
    choose(page, "País", "Honduras")
    choose(page, "Gobierno local", "Omoa")
    page.get_by_label("Código de acceso del gobierno local").fill(access_code)
    page.get_by_role("button", name="Empezar").click()
    expect(page.get_by_role("heading", name="Omoa · Honduras")).to_be_visible()


def consultation_started(page: Page, access_code: str) -> None:
    go(page, "consultation")
    page.get_by_role("button", name="Empezar").click()
    expect(page.get_by_text("Su código personal es")).to_be_visible()


def presenter_revealed(page: Page, access_code: str) -> None:
    go(page, "presenter")
    page.get_by_text("Mostrar resultados", exact=True).click()
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    page.get_by_text("Ver los datos del gráfico").click()  # the chart's table, opened
    expect(page.get_by_test_id("stDataFrame")).to_have_count(1)


def organisers_unlocked(page: Page, access_code: str) -> None:
    go(page, "organisers")
    page.get_by_label("Usuario", exact=True).fill(ORGANISER_USER)
    page.get_by_label("Contraseña", exact=True).fill(ORGANISER_PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("tab").first).to_be_visible()


STATES = {
    "home": home,
    "map": map_with_a_place,
    "profile": profile_with_results,
    "assessment": form_open,
    "consultation": consultation_started,
    "presenter": presenter_revealed,
    "organisers": organisers_unlocked,
}


@pytest.mark.parametrize("state", list(STATES))
def test_no_serious_accessibility_violation(browser, app_url, access_code, shots, state):
    with sized_page(browser, app_url, LAPTOP) as page:
        STATES[state](page, access_code)
        expect(page.locator("html")).to_have_attribute("lang", "es")  # read aloud as Spanish
        found = violations(page)
        page.screenshot(path=shots / f"axe_{state}_1280x720.png")
        assert found == [], "\n".join(found)


@pytest.mark.parametrize("key", [route.key for route in routes.ROUTES])
def test_every_page_passes_in_english_on_a_phone(browser, app_url, shots, key):
    """The other language and the other screen: every page as it opens, in English at 390×844."""
    with sized_page(browser, app_url, PHONE) as page:
        go(page, key, "?lang=en")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        found = violations(page)
        page.screenshot(path=shots / f"axe_{key}_en_390x844.png")
        assert found == [], "\n".join(found)


def test_organiser_tabs_each_pass(browser, app_url, access_code):
    """Every tab of the organisers' page as it opens, not only the first."""
    with sized_page(browser, app_url, LAPTOP) as page:
        organisers_unlocked(page, access_code)
        problems = []
        for tab in page.get_by_role("tab").all():
            tab.click()
            problems += [f"{tab.inner_text()}: {v}" for v in violations(page)]
        assert problems == [], "\n".join(problems)


def test_qr_code_names_the_link(browser, app_url):
    with sized_page(browser, app_url, LAPTOP) as page:
        go(page, "presenter")
        qr = page.get_by_role("img", name=re.compile("Código QR que abre el formulario"))
        expect(qr).to_have_count(1)
        assert f"/{routes.url_path('assessment')}" in qr.get_attribute("alt")


FOCUSED = """() => { const e = document.activeElement, s = getComputedStyle(e);
  return {tag: e.tagName, keyboard: e.matches(':focus-visible'), style: s.outlineStyle,
          width: parseFloat(s.outlineWidth), colour: s.outlineColor, html: e.outerHTML.slice(0, 200)}; }"""
PAGE_CSS_IN_PLACE = """() => [...document.querySelectorAll('style')]
  .some(x => x.textContent.includes('#0072B2'))"""


def test_focus_ring_is_visible(browser, app_url, shots):
    """Tabbing to a control draws a ring at least 2 px wide in a colour that shows on white."""
    with sized_page(browser, app_url, LAPTOP) as page:
        go(page, "home")
        settle(page)
        # On a busy machine the first rerun may still be sending its elements, the page's stylesheet
        # among them; the ring is the stylesheet's, so it is judged once the stylesheet is there.
        page.wait_for_function(PAGE_CSS_IN_PLACE)
        # The first thing the keyboard reaches is Streamlit's skip link, in the page's language.
        expect(page.get_by_test_id("stSkipToContent")).to_have_text("Ir al contenido principal")
        # Read in the same breath as the tab lands: a rerun that redraws the page in between moves
        # the focus to the body (outline none, "medium" 3 px), which is no keyboard focus to judge.
        for _ in range(12):  # to the first link or button of the page
            page.keyboard.press("Tab")
            ring = page.evaluate(FOCUSED)
            if ring["tag"] in ("A", "BUTTON") and ring["keyboard"]:
                break
        assert ring["style"] != "none" and ring["width"] >= 2, ring
        assert ring["colour"] == "rgb(0, 114, 178)", ring
        page.screenshot(path=shots / "focus_ring_1280x720.png")
