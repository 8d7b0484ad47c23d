""" "Enviar" in Chromium: only the submit area is drawn again, and the respondent sees what they saw
before (the confirmation, the summary, "Enviar cambios"); leaving and a refusal redraw the page.

The app runs on a database of its own with complete drafts, each opened by its resume code as a
participant's phone does (?r=CODE). Screenshots at a phone, a laptop and a projector, in both languages.
"""

import pytest
from playwright.sync_api import expect

from indicators.config import DATA_DIR
from indicators.demo import generate_assessments
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.conftest import complete
from tests.e2e.conftest import LAPTOP, PHONE, PROJECTOR, serve, sized_page
from ui import routes

pytestmark = pytest.mark.browser

WORDS = {
    "es": ("Enviar", "¡Enviado! Versión 1.", "Resumen de prioridades de su gobierno local", "Enviar cambios"),
    "en": ("Submit", "Submitted! Version 1.", "Your local government's priority summary", "Submit changes"),
}
SIZES = {"phone": PHONE, "laptop": LAPTOP, "projector": PROJECTOR}
# Before the app's scripts: how many messages the server has sent over the app's websocket.
COUNT_MESSAGES = """
window.__received = 0;
const Native = window.WebSocket;
window.WebSocket = function (...args) {
  const socket = new Native(...args);
  socket.addEventListener("message", () => { window.__received += 1; });
  return socket;
};
window.WebSocket.prototype = Native.prototype;
Object.assign(window.WebSocket, Native);
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own; complete drafts for Omoa (one per test below), and example answers."""
    folder = tmp_path_factory.mktemp("submission")
    store = Store.open(folder / "app.duckdb")
    store.load_bundled(DATA_DIR)
    q = load_questionnaire()
    generate_assessments(store, q, 30, seed=2)
    codes = []
    for capacity in range(12):
        assessment_id, code = store.create_assessment("hnd-omoa")
        store.save_draft(assessment_id, complete("hnd-omoa", capacity=capacity % 5))
        codes.append(code)
    _, empty = store.create_assessment("hnd-omoa")  # nothing answered: its submission is refused
    store.close()
    with serve(folder / "app.duckdb", folder) as url:
        yield url, iter(codes), empty


def open_draft(page, code: str, lang: str) -> None:
    page.goto(f"/{routes.url_path('assessment')}?r={code}" + ("&lang=en" if lang == "en" else ""))
    expect(page.get_by_role("heading", name="Omoa · Honduras")).to_be_visible()
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
    # The form is drawn (a widget may still be a placeholder just after the run ends).
    expect(page.locator(".st-key-sa_identity [data-testid=stRadio]")).to_be_visible()
    expect(page.locator(".st-key-sa_identity [data-testid=stSkeleton]")).to_have_count(0)


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_enviar_shows_the_confirmation_and_the_summary(browser, server, shots, size, lang):
    url, codes, _ = server
    submit, sent, summary, again = WORDS[lang]
    with sized_page(browser, url, SIZES[size]) as page:
        page.add_init_script(COUNT_MESSAGES)
        open_draft(page, next(codes), lang)
        drawn = page.evaluate("window.__received")  # the whole page, drawn once
        page.get_by_role("button", name=submit, exact=True).click()
        expect(page.get_by_text(sent)).to_be_visible()
        expect(page.get_by_role("heading", name=summary)).to_be_visible()
        expect(page.get_by_role("button", name=again, exact=True)).to_be_visible()
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
        # The server sent the submit area again, not the whole form (one message per element).
        assert page.evaluate("window.__received") - drawn < drawn / 2
        page.locator(".st-key-sa_pdf").scroll_into_view_if_needed()  # the summary above it
        page.screenshot(path=shots / f"submitted-{size}-{lang}.png")


def test_leaving_after_enviar_shows_the_way_in(browser, server):
    url, codes, _ = server
    with sized_page(browser, url, PHONE) as page:
        open_draft(page, next(codes), "es")
        page.get_by_role("button", name="Enviar", exact=True).tap()
        expect(page.get_by_text("¡Enviado! Versión 1.")).to_be_visible()
        page.get_by_role("button", name="Salir (la respuesta queda guardada)").tap()
        expect(page.get_by_role("button", name="Empezar")).to_be_visible()
        expect(page.get_by_role("heading", name="Omoa · Honduras")).to_have_count(0)


def test_a_refusal_still_marks_the_form(browser, server):
    url, _, empty = server
    with sized_page(browser, url, PHONE) as page:
        open_draft(page, empty, "es")
        page.get_by_role("button", name="Enviar", exact=True).tap()
        expect(page.get_by_text("No se envió")).to_be_visible()
        expect(page.get_by_text("falta esta respuesta").first).to_be_visible()


def test_the_summary_pdf_is_built_when_asked(browser, server, tmp_path):
    url, codes, _ = server
    with sized_page(browser, url, LAPTOP, accept_downloads=True) as page:
        open_draft(page, next(codes), "es")
        page.get_by_role("button", name="Enviar", exact=True).click()
        expect(page.get_by_text("¡Enviado! Versión 1.")).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("button", name="Descargar el resumen en PDF").click()
        path = tmp_path / "resumen.pdf"
        download.value.save_as(path)
        assert path.read_bytes().startswith(b"%PDF") and download.value.suggested_filename.endswith(".pdf")


def test_an_email_typed_just_before_enviar_is_shared(browser, server):
    """The consent box lies outside the submit area: a tap on "Enviar" right after typing the address
    (the box not left) still saves it, as a whole-page run did."""
    url, codes, _ = server
    code = next(codes)
    with sized_page(browser, url, PHONE) as page:
        open_draft(page, code, "es")
        page.get_by_text("Compartir un correo de la oficina", exact=False).tap()
        box = page.get_by_label("Correo electrónico de la oficina")
        expect(box).to_be_visible()
        box.fill("migracion@omoa.gob.hn")
        page.get_by_role("button", name="Enviar", exact=True).tap()  # the box still has the focus
        expect(page.get_by_text("¡Enviado! Versión 1.")).to_be_visible()
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
    with sized_page(browser, url, PHONE) as page:  # another visit: the address was stored
        open_draft(page, code, "es")
        expect(page.get_by_label("Correo electrónico de la oficina")).to_have_value("migracion@omoa.gob.hn")
