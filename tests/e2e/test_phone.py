"""The self-assessment on a phone (390×844, touch): no sideways scrolling, targets big enough to tap,
a refused submit that keeps the respondent where they are and says what is missing, right there.
Screenshots in Spanish and English land in artifacts/screenshots/.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_journeys import choose, settle
from ui import routes

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
WORDS = {
    "es": {
        "country": "País",
        "place": "Gobierno local",
        "code": "Código de acceso del gobierno local",
        "start": "Empezar",
        "submit": "Enviar",
        "refused": "No se envió",
        "table": "Mesa",
        "next": "Siguiente mesa: Mesa 2",
        "named": "Con mi nombre",
        "name": "Nombre",
    },
    "en": {
        "country": "Country",
        "place": "Local government",
        "code": "Local government access code",
        "start": "Start",
        "submit": "Submit",
        "refused": "Not submitted",
        "table": "Table",
        "next": "Next table: Table 2",
        "named": "With my name",
        "name": "Name",
    },
}


@pytest.fixture
def phone(browser, app_url):
    context = browser.new_context(**PHONE, base_url=app_url)
    yield context.new_page()
    context.close()


def open_form(page: Page, access_code: str, lang: str) -> dict[str, str]:
    """A deep link to the form (language in the address), then the code, as a participant does."""
    words = WORDS[lang]
    page.goto(f"/{routes.url_path('assessment')}" + ("?lang=en" if lang == "en" else ""))
    choose(page, words["country"], "Honduras")
    choose(page, words["place"], "Omoa")
    page.get_by_label(words["code"]).fill(access_code)
    page.get_by_role("button", name=words["start"]).tap()
    heading = page.get_by_role("heading", name="Omoa · Honduras", level=2)
    expect(heading).to_be_visible()
    # The page puts the keyboard on the form's heading once it is drawn: a focus given before that
    # (a test's, or a keyboard user's Tab) would be taken away from under it.
    expect(heading).to_be_focused()
    settle(page)  # the form's first rerun done: a tap made during it can be lost
    return words


def active_table(page: Page):
    return page.locator(".st-key-mesa [aria-checked=true], .st-key-mesa [aria-pressed=true]")


def assert_fully_shown(page: Page, locator) -> None:
    """The element's top is on screen and below Streamlit's fixed top bar, not hidden under it."""
    expect(locator).to_be_in_viewport()
    page.wait_for_timeout(300)  # the scroll script runs just after the page is drawn
    bar = page.get_by_test_id("stHeader").bounding_box()
    top = locator.bounding_box()["y"]
    assert bar["y"] + bar["height"] - 2 <= top < PHONE["viewport"]["height"] - 40, (top, bar)


def assert_no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate(
        """() => [document.documentElement, document.body,
                  document.querySelector('[data-testid=stMain]'),
                  document.querySelector('[data-testid=stAppViewContainer]')]
              .filter(Boolean).filter(e => e.scrollWidth > e.clientWidth + 1)
              .map(e => `${e.tagName}.${e.dataset.testid || ''} ${e.scrollWidth}>${e.clientWidth}`)"""
    )
    assert overflow == [], f"the page scrolls sideways on a phone: {overflow}"


def assert_targets_big_enough(page: Page) -> None:
    """WCAG 2.2 target size (2.5.8): every radio option and button at least 24×24 px."""
    small = page.evaluate(
        """() => [...document.querySelectorAll(
                    '[data-testid=stMain] [data-testid=stRadioOption], [data-testid=stMain] button')]
              .map(e => [e.innerText.trim().slice(0, 40), e.getBoundingClientRect()])
              .filter(([, r]) => r.width > 0 && (r.height < 24 || r.width < 24))
              .map(([text, r]) => `${text} ${Math.round(r.width)}x${Math.round(r.height)}`)"""
    )
    assert small == [], f"targets smaller than 24 px: {small}"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_refused_submit_on_a_phone(phone: Page, access_code, shots, lang):
    words = open_form(phone, access_code, lang)
    assert_no_sideways_scroll(phone)
    assert_targets_big_enough(phone)
    expect(active_table(phone)).to_have_text(f"{words['table']} 1")
    phone.screenshot(path=shots / f"phone_form_{lang}.png")

    phone.get_by_role("button", name=words["submit"], exact=True).tap()
    message = phone.locator(".st-key-sa_refused").get_by_text(words["refused"])
    assert_fully_shown(phone, message)
    expect(active_table(phone)).to_have_text(f"{words['table']} 1")  # not moved to another table
    assert_no_sideways_scroll(phone)
    assert_targets_big_enough(phone)
    phone.screenshot(path=shots / f"phone_refused_{lang}.png")

    # A missing answer of table 3 is a button: it opens table 3 and brings that area into view.
    missing = phone.locator(".st-key-sa_refused").get_by_role("button", name=f"{words['table']} 3 ·").first
    area = missing.inner_text().split("·", 1)[1].rsplit(":", 1)[0].strip()
    missing.tap()
    expect(active_table(phone)).to_have_text(f"{words['table']} 3")
    box = phone.locator("[class*='st-key-sa_area_rt3_']").filter(has_text=area).first
    assert_fully_shown(phone, box.get_by_text(area, exact=True))
    phone.screenshot(path=shots / f"phone_missing_item_{lang}.png")


def test_next_table_button_on_a_phone(phone: Page, access_code, shots):
    words = open_form(phone, access_code, "es")
    phone.get_by_role("button", name=words["next"]).tap()
    expect(active_table(phone)).to_have_text("Mesa 2")
    assert_fully_shown(phone, phone.locator(".st-key-mesa"))
    expect(phone.get_by_role("heading", name=re.compile("Gobernanza migratoria"))).to_be_in_viewport()
    phone.screenshot(path=shots / "phone_next_table_es.png")


def test_a_reload_keeps_language_table_and_typed_text(phone: Page, access_code):
    words = open_form(phone, access_code, "en")
    phone.get_by_role("button", name=words["next"]).tap()
    expect(active_table(phone)).to_have_text("Table 2")
    settle(phone)
    phone.get_by_text(words["named"], exact=True).tap()
    name = phone.get_by_label(words["name"], exact=True)
    name.fill("Ana Pérez")
    # Still typing (the box keeps the focus): the text is saved after a pause of 1 s anyway. On a
    # busy machine the browser's timer and the rerun it starts come late: give them a few chances.
    for _ in range(3):
        phone.wait_for_timeout(1_200)
        settle(phone)
    expect(phone).to_have_url(re.compile(r"[?&]mesa=rt2\b"))  # the address the reload will open
    expect(phone).to_have_url(re.compile(r"[?&]lang=en\b"))
    phone.reload()
    expect(phone.get_by_role("heading", name="Omoa · Honduras")).to_be_visible()
    expect(active_table(phone)).to_have_text("Table 2")
    expect(phone.get_by_label(words["name"], exact=True)).to_have_value("Ana Pérez")
