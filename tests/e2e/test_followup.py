"""After the seminar, in Chromium: the "Compromisos" section on a phone (390×844, touch) in Spanish and
English, a new round's form starting from the last answers, the presenter's follow-up steps at 1280×720
and 1920×1080, and the organisers' overdue list. Screenshots land in artifacts/screenshots/.

The server has its own database: two rounds of example data, and Omoa's real commitment (one
submission in the seminar's round, its due date moved into the past so that it is overdue).
"""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from indicators.assessment import AreaAnswer
from indicators.commitments import add_months
from indicators.config import DATA_DIR
from indicators.demo import generate_assessments
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.conftest import complete
from tests.e2e.conftest import LAPTOP, PHONE, PROJECTOR, log_in_organisers, serve, sized_page
from tests.e2e.test_journeys import choose, settle
from tests.e2e.test_phone import assert_no_sideways_scroll
from ui import routes

pytestmark = pytest.mark.browser

Q = load_questionnaire()
PASSWORD = "contraseña del seguimiento e2e"
ACTION = "Mesa municipal de movilidad humana"
WORDS = {
    "es": {
        "country": "País",
        "place": "Gobierno local",
        "code": "Código de acceso del gobierno local",
        "start": "Empezar",
        "section": "Compromisos de este gobierno local",
        "status": "Estado",
        "note": "Nota de avance",
        "save": "Guardar cambios",
        "edit": "Actualizar",
        "saved": "Guardado",
        "in_progress": "En curso",
        "from": "vienen de la ronda",
    },
    "en": {
        "country": "Country",
        "place": "Local government",
        "code": "Local government access code",
        "start": "Start",
        "section": "This local government's commitments",
        "status": "Status",
        "note": "Progress note",
        "save": "Save changes",
        "edit": "Update",
        "saved": "Saved",
        "in_progress": "In progress",
        "from": "come from this local government's round",
    },
}


@pytest.fixture(scope="module")
def followup_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("followup")
    store = Store.open(folder / "followup.duckdb")
    store.load_bundled(DATA_DIR)
    generate_assessments(store, Q, 60, actions=True)
    omoa = complete("hnd-omoa", capacity=2)
    first = Q.areas_of("rt1")[0].key
    omoa.answers[first] = AreaAnswer(1, 3, ACTION, "Alcaldía de Omoa", "6m")
    assessment_id, _ = store.create_assessment("hnd-omoa")
    store.submit_assessment(assessment_id, omoa, Q, "Ana")
    store.con.execute(
        "UPDATE commitments SET due_date = ? WHERE assessment_id = ?",
        [add_months(dt.date.today(), -2), assessment_id],
    )
    store.close_round("seminario-2022", "e2e")
    store.start_round("seguimiento-2023", "Seguimiento 2023", "Follow-up 2023", "e2e")
    generate_assessments(store, Q, 60, actions=True)
    codes = store.create_access_codes("hnd-omoa", 4, created_by="e2e")
    store.close()
    with serve(folder / "followup.duckdb", folder, PASSWORD) as url:
        yield url, codes


SECTION_SIZES = [("es", PHONE), ("en", PHONE), ("en", LAPTOP), ("es", PROJECTOR)]


@pytest.mark.parametrize(
    ("lang", "viewport"),
    SECTION_SIZES,
    ids=[f"{lang}-{v['width']}x{v['height']}" for lang, v in SECTION_SIZES],
)
def test_commitments_section(browser, followup_server, shots, lang, viewport):
    """Phone first (touch), then a laptop and a 1080p screen: the section, one commitment's form, saved."""
    url, codes = followup_server
    words = WORDS[lang]
    code = codes[SECTION_SIZES.index((lang, viewport))]
    size = f"{viewport['width']}x{viewport['height']}"
    with sized_page(browser, url, viewport) as page:

        def press(locator) -> None:
            locator.tap() if viewport == PHONE else locator.click()

        page.goto(f"/{routes.url_path('assessment')}" + ("?lang=en" if lang == "en" else ""))
        choose(page, words["country"], "Honduras")
        choose(page, words["place"], "Omoa")
        page.get_by_label(words["code"]).fill(code)
        press(page.get_by_role("button", name=words["start"]))
        expect(page.get_by_role("heading", name="Omoa · Honduras")).to_be_visible()
        settle(page)
        expect(page.get_by_text(words["from"])).to_be_visible()  # a new round: the last answers
        section = page.get_by_test_id("stExpander").filter(has_text=words["section"])
        press(section.get_by_text(words["section"]))
        # Omoa's real commitment: overdue, so listed first (example ones follow, each tagged).
        box = page.locator("[class*='st-key-sa_cm_box_']").first
        expect(box.get_by_text(ACTION)).to_be_visible()
        assert_no_sideways_scroll(page)
        box.scroll_into_view_if_needed()
        page.screenshot(path=shots / f"followup_commitments_{size}_{lang}.png")

        press(box.get_by_role("button", name=words["edit"]))
        settle(page)
        choose(page, words["status"], words["in_progress"])
        note = f"Reunión {size}" if lang == "es" else f"Meeting {size}"
        box.get_by_label(words["note"]).fill(note)
        box.scroll_into_view_if_needed()
        page.screenshot(path=shots / f"followup_commitment_form_{size}_{lang}.png")
        press(box.get_by_role("button", name=words["save"]))
        expect(box.get_by_text(words["saved"])).to_be_visible()
        expect(box.get_by_text(note)).to_be_visible()
        settle(page)  # the closed form's elements gone, not fading
        assert_no_sideways_scroll(page)
        box.screenshot(path=shots / f"followup_commitment_saved_{size}_{lang}.png")


@pytest.mark.parametrize("viewport", [LAPTOP, PROJECTOR], ids=["1280x720", "1920x1080"])
@pytest.mark.parametrize("step", ["Compromisos", "Cambio entre rondas"])
def test_presenter_follow_up_steps_fit_the_screen(browser, followup_server, shots, viewport, step):
    url, _ = followup_server
    with sized_page(browser, url, viewport) as page:
        page.goto(f"/{routes.url_path('presenter')}?pantalla=completa")
        controls = page.get_by_text("Controles de la presentación")
        controls.click()
        page.get_by_text("Mostrar resultados", exact=True).click()
        # The app's answer first: the results come in above the charts' names and push them down
        # (a click aimed at a name while they were being drawn could land on the chart).
        expect(page.get_by_text("Los resultados están ocultos")).to_have_count(0)
        settle(page)
        controls.click()
        page.get_by_test_id("stButtonGroup").get_by_text(step, exact=True).click()
        plot = page.locator(".js-plotly-plot")
        expect(plot).to_have_count(1)
        page.wait_for_timeout(700)  # plotly lays out again once it has measured its labels
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
        chart = plot.bounding_box()
        # Readable on the projector: the whole chart (title to legend) on one screen, 20 px text.
        assert chart["height"] <= viewport["height"], chart
        assert chart["x"] >= 0 and chart["x"] + chart["width"] <= viewport["width"] + 1, chart
        sizes = plot.evaluate(
            "p => [...p.querySelectorAll('svg.main-svg text')].filter(t => t.textContent.trim())"
            ".map(t => parseFloat(getComputedStyle(t).fontSize))"
        )
        assert sizes and min(sizes) >= 18, sizes  # the subtitle 18 px, everything else 20 px or more
        plot.scroll_into_view_if_needed()
        box = plot.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"] + 1, box
        name = "commitments" if step == "Compromisos" else "change"
        page.screenshot(
            path=shots / f"followup_presenter_{name}_{viewport['width']}x{viewport['height']}.png"
        )


def test_organisers_overdue_list(browser, followup_server, shots):
    url, _ = followup_server
    with sized_page(browser, url, LAPTOP) as page:
        log_in_organisers(page, PASSWORD)
        page.get_by_role("tab", name="Compromisos").click()
        expect(page.get_by_text("Compromisos vencidos: 1")).to_be_visible()
        expect(page.get_by_role("button", name="Descargar los vencidos (XLSX)")).to_be_visible()
        page.screenshot(path=shots / "followup_organisers_overdue_1280x720.png")
        # The file is built when clicked, outside the page's run: it must still come, in Spanish.
        with page.expect_download() as download:
            page.get_by_role("button", name="Descargar los vencidos (CSV)").click()
        content = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert ACTION in content and "Honduras" in content, content[:300]
