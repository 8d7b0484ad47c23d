"""Issue 27 in Chromium: a code holder on a phone shares a contact and sees the examples under an area,
then its peers on the profile; the comparison text by text side by side on a screen and one place
after another on a phone; the presenter's column of practices; the organisers' review. Screenshots in
Spanish and English land in artifacts/screenshots/ (peers_*)."""

import random

import pytest
from playwright.sync_api import Page, expect

from indicators.config import DATA_DIR
from indicators.demo import example_results
from indicators.framework import load_framework
from indicators.practices import Practice
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.conftest import complete
from tests.e2e.conftest import LAPTOP, ORGANISER_USER, PHONE, PROJECTOR, serve, sized_page
from tests.e2e.test_journeys import choose, settle
from tests.e2e.test_phone import assert_no_sideways_scroll
from tests.test_profiles import real_results
from ui import routes

pytestmark = pytest.mark.browser

PASSWORD = "contraseña de prueba pares"
WORDS = {
    "es": {
        "country": "País",
        "place": "Gobierno local",
        "code": "Código de acceso del gobierno local",
        "start": "Empezar",
        "consent": "Compartir un correo de la oficina",
        "email": "Correo electrónico de la oficina",
        "shared": "Compartido con sus pares",
        "table": "Mesa 3",
        "examples": "Ejemplos de otros gobiernos locales (1)",
        "profiles": "Perfiles IGM",
        "peers": "Gobiernos locales con las mismas prioridades",
        "pick": "Hasta 4 gobiernos locales",
        "texts": "Los hallazgos, texto por texto",
        "through": "por medio de la organización",
        "similar": "Con prioridades parecidas",
        "experienced": "Podrían compartir su experiencia",
        "share": "Compartir una buena práctica",
        "send": "Enviar para revisión",
    },
    "en": {
        "country": "Country",
        "place": "Local government",
        "code": "Local government access code",
        "start": "Start",
        "consent": "Share an office e-mail",
        "email": "Office e-mail",
        "shared": "Shared with its peers",
        "table": "Table 3",
        "examples": "Examples from other local governments (1)",
        "profiles": "MGI profiles",
        "peers": "Local governments with the same priorities",
        "pick": "Up to 4 local governments",
        "texts": "The findings, text by text",
        "through": "through the organisers",
        "similar": "With similar priorities",
        "experienced": "Could share their experience",
        "share": "Share a good practice",
        "send": "Send for review",
    },
}


@pytest.fixture(scope="module")
def peers_app(tmp_path_factory):
    """Danlí, Omoa and Oaxaca submitted the same priorities (Omoa with capacity 4 and a shared contact);
    Oaxaca and Upala have IGM results (test data), Montréal example ones; Omoa an approved practice
    in basic services, Oaxaca a pending one."""
    folder = tmp_path_factory.mktemp("peers")
    db = folder / "peers.duckdb"
    store = Store.open(db)
    store.load_bundled(DATA_DIR)
    q = load_questionnaire()
    for place_id, capacity in (("hnd-danli", 1), ("hnd-omoa", 4), ("mex-oaxaca", 1)):
        assessment_id, _ = store.create_assessment(place_id)
        store.submit_assessment(assessment_id, complete(place_id, capacity=capacity), q, "e2e")
        if place_id == "hnd-omoa":
            store.share_contact(assessment_id, place_id, "migracion@omoa.gob.hn")
    codes = store.create_access_codes("hnd-danli", 2, created_by="e2e")
    store.import_results(*real_results("mex-oaxaca"), "oaxaca.csv")
    # The comparison's places come first in its list (a long list draws only the options in view).
    store.import_results(*real_results("cri-upala"), "upala.csv")
    findings, answers = example_results(["can-montreal"], load_framework(), random.Random(1))
    store.import_results(findings, answers, "demo-data", is_example=True)
    (practice_id,), _ = store.add_practices(
        [
            Practice(
                "hnd-omoa",
                "rt3_basic_services",
                "Ventanilla única de atención a personas retornadas",
                "Una oficina municipal que orienta y deriva a salud, educación y registro civil.",
                "https://example.org/omoa",
                2023,
                "Alcaldía de Omoa",
            )
        ],
        "e2e",
    )
    store.review_practice(practice_id, "approved", "e2e")
    store.add_practices([Practice("mex-oaxaca", "rt1_regular_pathways", "Guía de vías regulares")], "e2e")
    store.close()
    with serve(db, folder, PASSWORD) as url:
        yield {"url": url, "codes": codes}


def go_to(page: Page, label: str, phone: bool) -> None:
    """Another page of the app in the same session, through the menu (a phone opens it first)."""
    if phone:
        page.get_by_test_id("stExpandSidebarButton").tap()
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=label)
    if phone:
        link.tap()
        settle(page)
        # The menu stays open over the page on a phone: closed as a person closes it.
        if page.get_by_test_id("stSidebar").get_attribute("data-collapsed") == "false":
            page.get_by_test_id("stSidebarCollapseButton").get_by_role("button").tap()
    else:
        link.click()
    settle(page)


def pick_many(page: Page, label: str, options: list[str]) -> None:
    box = page.get_by_test_id("stMultiSelect").filter(has_text=label)
    for option in options:
        box.click()
        wanted = page.get_by_role("option").filter(has_text=option)
        wanted.first.click()
        page.keyboard.press("Escape")
        settle(page)


@pytest.mark.parametrize(("lang", "code"), [("es", 0), ("en", 1)])
def test_a_code_holder_on_a_phone_shares_a_contact_then_sees_its_peers(browser, peers_app, shots, lang, code):
    words = WORDS[lang]
    with sized_page(browser, peers_app["url"], PHONE) as page:
        page.goto(f"/{routes.url_path('assessment')}" + ("?lang=en" if lang == "en" else ""))
        choose(page, words["country"], "Honduras")
        choose(page, words["place"], "Danlí")
        page.get_by_label(words["code"]).fill(peers_app["codes"][code])
        page.get_by_role("button", name=words["start"]).tap()
        expect(page.get_by_role("heading", name="Danlí · Honduras")).to_be_visible()
        settle(page)

        box = page.locator(".st-key-sa_peer_box")
        box.get_by_text(words["consent"]).tap()
        settle(page)
        field = box.get_by_role("textbox", name=words["email"])
        field.fill("oficina@danli")
        field.press("Enter")
        expect(box.get_by_test_id("stAlertContentError")).to_be_visible()
        box.screenshot(path=shots / f"peers_phone_consent_refused_{lang}.png")
        field.fill(f"migracion.{lang}@danli.gob.hn")
        field.press("Enter")
        expect(box.get_by_text(words["shared"])).to_be_visible()
        assert_no_sideways_scroll(page)
        box.screenshot(path=shots / f"peers_phone_consent_{lang}.png")

        page.locator(".st-key-mesa").get_by_text(words["table"], exact=True).tap()
        settle(page)
        area = page.locator(".st-key-sa_area_rt3_basic_services")
        area.get_by_text(words["examples"]).tap()
        expect(area.get_by_text("Ventanilla única de atención a personas retornadas")).to_be_visible()
        area.scroll_into_view_if_needed()
        area.screenshot(path=shots / f"peers_phone_examples_{lang}.png")

        go_to(page, words["profiles"], phone=True)
        choose(page, words["place"], "Danlí (HND)")
        heading = page.get_by_role("heading", name=words["peers"])
        expect(heading).to_be_visible()
        expect(page.get_by_role("link", name="migracion@omoa.gob.hn").first).to_be_visible()
        expect(page.get_by_text(words["through"]).first).to_be_visible()
        assert_no_sideways_scroll(page)
        settle(page)
        # Streamlit scrolls an inner container: the viewport is photographed at each part in turn.
        page.locator(".st-key-peers_list").get_by_text(words["similar"]).scroll_into_view_if_needed()
        page.screenshot(path=shots / f"peers_phone_profile_{lang}.png")
        page.locator(".st-key-peers_list").get_by_text(words["experienced"]).scroll_into_view_if_needed()
        page.screenshot(path=shots / f"peers_phone_profile_experienced_{lang}.png")

        page.get_by_text(words["share"]).tap()
        form = page.get_by_test_id("stForm")
        expect(form.get_by_role("button", name=words["send"])).to_be_visible()
        form.get_by_role("button", name=words["send"]).tap()
        expect(form.get_by_test_id("stAlertContentError").first).to_be_visible()  # area and title missing
        assert_no_sideways_scroll(page)
        form.scroll_into_view_if_needed()
        page.screenshot(path=shots / f"peers_phone_practice_form_{lang}.png")


@pytest.mark.parametrize(
    ("size", "viewport", "lang"),
    [("phone", PHONE, "es"), ("phone", PHONE, "en"), ("1280", LAPTOP, "es"), ("1920", PROJECTOR, "en")],
)
def test_findings_compared_text_by_text(browser, peers_app, shots, size, viewport, lang):
    words = WORDS[lang]
    with sized_page(browser, peers_app["url"], viewport) as page:
        page.goto(f"/{routes.url_path('profile')}" + ("?lang=en" if lang == "en" else ""))
        pick_many(page, words["pick"], ["Montréal (CAN)", "Upala (CRI)"])
        expect(page.get_by_text(words["texts"])).to_be_visible()
        montreal = page.locator(".st-key-cmp_rights_can-montreal")
        upala = page.locator(".st-key-cmp_rights_cri-upala")
        expect(montreal.get_by_text("Hallazgo de EJEMPLO 1.1", exact=False).first).to_be_visible()
        expect(upala).to_be_visible()
        first, second = montreal.bounding_box(), upala.bounding_box()
        if size == "phone":  # one place after another
            assert second["y"] >= first["y"] + first["height"] - 1, (first, second)
            assert_no_sideways_scroll(page)
        else:  # side by side
            assert abs(second["y"] - first["y"]) < 5 and second["x"] > first["x"] + first["width"] - 1
        montreal.scroll_into_view_if_needed()
        page.screenshot(path=shots / f"peers_compare_{size}_{lang}.png")


def test_the_presenter_names_the_practices_beside_the_areas(browser, peers_app, shots):
    with sized_page(browser, peers_app["url"], LAPTOP) as page:
        page.goto(f"/{routes.url_path('presenter')}")
        page.get_by_text("Mostrar resultados", exact=True).click()
        settle(page)
        page.get_by_text("Ver los datos del gráfico").click()
        grid = page.get_by_test_id("stDataFrame")
        expect(grid).to_be_visible()
        # The grid draws on a canvas: its columns are read by the AppTest (test_peers_pages); here it is
        # the screenshot that shows the column beside the areas.
        grid.scroll_into_view_if_needed()
        page.screenshot(path=shots / "peers_presenter_table_1280_es.png")


@pytest.mark.parametrize(("size", "viewport"), [("phone", PHONE), ("1280", LAPTOP)])
def test_the_organisers_review_a_practice(browser, peers_app, shots, size, viewport):
    with sized_page(browser, peers_app["url"], viewport) as page:
        page.goto(f"/{routes.url_path('organisers')}")
        page.get_by_label("Usuario", exact=True).fill(ORGANISER_USER)
        page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Entrar").click()
        page.get_by_role("tab", name="Buenas prácticas").click()
        settle(page)
        pending = page.locator("[class*='st-key-org_practice_']").filter(has_text="Guía de vías regulares")
        expect(pending.first).to_be_visible()
        if size == "phone":
            assert_no_sideways_scroll(page)
        pending.first.scroll_into_view_if_needed()
        page.screenshot(path=shots / f"peers_organisers_{size}_es.png")
