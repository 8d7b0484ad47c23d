"""The seminar's people in Chromium: checking in on a phone (390×844, touch), verifying a certificate
on a phone, the check-in screen on a projector, the presenter's evaluation step at 1280×720 and
1920×1080, and the organisers' two tabs; in Spanish and English. Screenshots land in
artifacts/screenshots/seminar_*.png.
"""

import re

import pypdf
import pytest
from playwright.sync_api import Page, expect

from indicators import verification
from indicators.config import DATA_DIR
from indicators.demo import generate_assessments
from indicators.participants import CHECKIN_OPEN
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.e2e.conftest import (
    LAPTOP,
    ORGANISER_USER,
    PHONE,
    PROJECTOR,
    outside_box,
    serve,
    sized_page,
    viewport_box,
)
from tests.e2e.test_journeys import settle
from ui import routes

pytestmark = pytest.mark.browser
PASSWORD = "contraseña del seminario e2e"
NAME = "María José Núñez <b>Peña</b>"
KNOWLEDGE = ["k_governance", "k_migof", "k_gcm", "k_sdg", "k_igm", "k_policy_cycle"]


def person(name: str, email: str, kind: str, place: str, country: str) -> dict:
    return {
        "name": name,
        "email": email,
        "role": "",
        "organisation": "Alcaldía de Danlí" if place else "RROCM",
        "place_id": place,
        "country": country,
        "kind": kind,
        "mode": "in_person",
    }


@pytest.fixture(scope="module")
def seminar(tmp_path_factory):
    """A server whose database has a roster, s1 open for check-in, one certificate, a consultation
    answered before and after, and example assessments; yields (address, certificate code)."""
    folder = tmp_path_factory.mktemp("seminar")
    store = Store.open(folder / "seminar.duckdb")
    store.load_bundled(DATA_DIR)
    store.save_roster(
        [
            person(NAME, "maria@danli.hn", "official", "hnd-danli", "HND"),
            person("Jean Omoa", "jean@omoa.hn", "official", "hnd-omoa", "HND"),
            person("Ana Observadora", "ana@rrocm.org", "observer", "", ""),
        ],
        "e2e",
    )
    maria = store.participants().set_index("email").loc["maria@danli.hn", "participant_id"]
    store.set_setting(CHECKIN_OPEN, "s1")
    code = verification.new_code()
    about = {
        "title": {"es": "Seminario Regional: Fortalecimiento de capacidades", "en": "Regional Seminar"},
        "place": {"es": "San Salvador, El Salvador", "en": "San Salvador, El Salvador"},
        "start": "2022-09-12",
        "end": "2022-09-13",
    }
    store.store_certificates([(code, maria, NAME)], about, "e2e")
    for number in range(12):
        pid, _ = store.create_participant()
        store.save_consultation(pid, "before", {k: 1 + number % 3 for k in KNOWLEDGE})
        after = {k: 3 + number % 3 for k in KNOWLEDGE} | {"satisfaction": 4 + number % 2, "use_at_work": 5}
        store.save_consultation(pid, "after", after)
    generate_assessments(store, load_questionnaire(), 14, seed=5)
    store.close()
    with serve(folder / "seminar.duckdb", folder, PASSWORD) as url:
        yield url, code


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollWidth")
    assert width <= page.viewport_size["width"] + 1, width


@pytest.mark.parametrize("lang", ["es", "en"])
def test_check_in_on_a_phone(browser, seminar, shots, lang):
    url, _ = seminar
    words = {
        "es": (
            "Correo electrónico o código personal",
            "Confirmar mi asistencia",
            "quedó registrada",
            "No encontramos",
        ),
        "en": (
            "E-mail address or personal code",
            "Confirm my attendance",
            "is recorded",
            "is not on the list",
        ),
    }[lang]
    with sized_page(browser, url, PHONE) as page:
        page.goto(f"/{routes.url_path('checkin')}?sesion=s1" + ("&lang=en" if lang == "en" else ""))
        box = page.get_by_label(words[0])
        expect(box).to_be_visible()
        box.fill("nadie@ejemplo.org")
        page.get_by_role("button", name=words[1]).tap()
        expect(page.get_by_text(words[3])).to_be_visible()
        settle(page)
        page.screenshot(path=shots / f"seminar_checkin_refused_390x844_{lang}.png")
        box.fill("Jean@Omoa.hn" if lang == "es" else "ana@rrocm.org")
        page.get_by_role("button", name=words[1]).tap()
        expect(page.get_by_text(words[2])).to_be_visible()
        settle(page)
        no_sideways_scroll(page)
        text = page.get_by_test_id("stMain").inner_text()
        assert "Jean" not in text and "Ana Observadora" not in text  # no name is shown back
        page.screenshot(path=shots / f"seminar_checkin_390x844_{lang}.png")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_verify_a_certificate_on_a_phone(browser, seminar, shots, lang):
    url, code = seminar
    valid, invalid, button = {
        "es": ("Certificado válido.", "no corresponde a ningún certificado", "Verificar"),
        "en": ("Valid certificate.", "matches no issued certificate", "Verify"),
    }[lang]
    suffix = "&lang=en" if lang == "en" else ""
    with sized_page(browser, url, PHONE) as page:
        page.goto(f"/{routes.url_path('verify')}?codigo={code.lower()}{suffix}")
        expect(page.get_by_text(valid)).to_be_visible()
        expect(page.get_by_role("heading", name=NAME)).to_be_visible()  # the tags shown as text
        settle(page)
        main = page.get_by_test_id("stMain").inner_text()
        assert "@" not in main and "Regional" in main
        no_sideways_scroll(page)
        page.screenshot(path=shots / f"seminar_verify_valid_390x844_{lang}.png")
        page.get_by_role("textbox").fill("ABCD-EFGH-JKMN")
        page.get_by_role("button", name=button, exact=True).tap()
        expect(page.get_by_text(invalid)).to_be_visible()
        settle(page)
        page.screenshot(path=shots / f"seminar_verify_invalid_390x844_{lang}.png")


@pytest.mark.parametrize("viewport", [LAPTOP, PROJECTOR], ids=["1280x720", "1920x1080"])
def test_the_check_in_screen_on_a_projector(browser, seminar, shots, viewport):
    url, _ = seminar
    with sized_page(browser, url, viewport) as page:
        page.goto(f"/{routes.url_path('checkin')}?sesion=s1&pantalla=qr")
        qr = page.locator("img[alt^='Código QR que abre el registro']")
        expect(qr).to_be_visible()
        expect(page.get_by_test_id("stMetric")).to_contain_text("Personas registradas")
        assert not outside_box(qr.bounding_box(), viewport_box(page))
        expect(page.get_by_text(re.compile(r"/asistencia\?sesion=s1"))).to_be_visible()
        settle(page)
        page.screenshot(path=shots / f"seminar_checkin_screen_{viewport['width']}x{viewport['height']}.png")


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("viewport", [LAPTOP, PROJECTOR], ids=["1280x720", "1920x1080"])
def test_the_evaluation_step_fits_a_projector(browser, seminar, shots, lang, viewport):
    url, _ = seminar
    words = {
        "es": (
            "Controles de la presentación",
            "Mostrar resultados",
            "Evaluación del seminario",
            "Los resultados están ocultos",
        ),
        "en": ("Presenter controls", "Show results", "Seminar evaluation", "Results are hidden"),
    }[lang]
    with sized_page(browser, url, viewport) as page:
        page.goto(f"/{routes.url_path('presenter')}?pantalla=completa" + ("&lang=en" if lang == "en" else ""))
        page.get_by_text(words[0]).click()
        page.get_by_text(words[1], exact=True).click()
        # The app's answer before the next click, not only the switch's own state: the first chart
        # comes in above the charts' names and pushes them down, so on a busy machine (CI) a click
        # aimed at a name while the results were being drawn landed on the chart and was lost.
        expect(page.get_by_text(words[3])).to_have_count(0)
        expect(page.locator(".js-plotly-plot")).to_have_count(1)
        settle(page)
        page.get_by_text(words[0]).click()
        # The charts' names are under the chart (st-key-pr_chart-es / -en), not the round tables'.
        page.locator('[class*="st-key-pr_chart"]').get_by_text(words[2], exact=True).click()
        # The step's chart only (the previous one may still be leaving the page).
        chart = page.locator(".js-plotly-plot").filter(has=page.locator(".gtitle", has_text=words[2]))
        expect(chart).to_have_count(1)
        settle(page)
        expect(page.locator(".js-plotly-plot")).to_have_count(1)
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box["y"] >= -1 and box["y"] + box["height"] <= viewport["height"] + 1, (
            box
        )  # whole, once scrolled to
        texts = chart.locator("text").evaluate_all(
            "els => els.filter(e => e.textContent.trim()).map(e => parseFloat(getComputedStyle(e).fontSize))"
        )
        assert texts and min(texts) >= 20, texts
        page.screenshot(
            path=shots / f"seminar_evaluation_{viewport['width']}x{viewport['height']}_{lang}.png"
        )


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP, PROJECTOR], ids=["390x844", "1280x720", "1920x1080"])
def test_the_organisers_tabs(browser, seminar, shots, lang, viewport):
    url, _ = seminar
    words = {
        "es": ("Contraseña", "Entrar", "Participantes", "Asistencia y certificados", "Usuario"),
        "en": ("Password", "Enter", "Participants", "Attendance and certificates", "User"),
    }[lang]
    size = f"{viewport['width']}x{viewport['height']}"
    with sized_page(browser, url, viewport) as page:
        page.goto(f"/{routes.url_path('organisers')}" + ("?lang=en" if lang == "en" else ""))
        page.get_by_label(words[4], exact=True).fill(ORGANISER_USER)
        page.get_by_label(words[0], exact=True).fill(PASSWORD)
        page.get_by_role("button", name=words[1]).click()
        page.get_by_role("tab", name=words[2], exact=True).click()
        # The table is drawn on a canvas; its cells are in the page for screen readers.
        expect(page.get_by_role("gridcell", name="maria@danli.hn", include_hidden=True)).to_have_count(1)
        settle(page)
        page.screenshot(path=shots / f"seminar_organisers_roster_{size}_{lang}.png")
        page.get_by_role("tab", name=words[3]).click()
        expect(page.get_by_role("heading", name=re.compile("Certificados|Certificates"))).to_be_visible()
        settle(page)
        page.screenshot(path=shots / f"seminar_organisers_attendance_{size}_{lang}.png")


def test_the_closing_report_and_the_certificates_download_from_the_organisers_page(
    browser, seminar, tmp_path
):
    url, _ = seminar
    with sized_page(browser, url, LAPTOP, accept_downloads=True) as page:
        page.goto(f"/{routes.url_path('organisers')}")
        page.get_by_label("Usuario", exact=True).fill(ORGANISER_USER)
        page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Entrar").click()
        page.get_by_role("tab", name="Asistencia y certificados").click()
        with page.expect_download() as report:
            page.get_by_role("button", name="Descargar el informe de cierre (PDF)").click()
        path = tmp_path / "informe.pdf"
        report.value.save_as(path)
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages)
        assert "Informe de cierre del seminario" in text and "DATOS DE EJEMPLO" in text
        assert "@" not in text and "Núñez" not in text
