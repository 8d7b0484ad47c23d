"""Answers collected offline reach the live screen: a Kobo export imported on the organisers' page in
Chromium, and the presenter's count of responses going up in another tab.

The app runs in its own server here, on its own database and with an organisers' password from a
secrets file of the test's own (`--secrets.files`), so the shared journeys' server stays as it is.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from indicators.config import DATA_DIR
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.e2e.conftest import ORGANISER_USER, serve
from tests.form_exports import Row, answers, build_form, kobo_csv
from ui import routes

pytestmark = pytest.mark.browser

PASSWORD = "clave-e2e de las respuestas"
PLACES = [("hnd-danli", "HND"), ("mex-sonora", "MEX"), ("gtm-san-marcos", "GTM")]


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """A good Kobo export of three answers and a bad one (a top 3 that repeats an area)."""
    folder = tmp_path_factory.mktemp("exports")
    store = Store.open(":memory:")
    store.load_bundled(DATA_DIR)
    form = build_form(load_questionnaire(), store.places(igm_only=False), store.countries())
    store.close()
    rows = [Row(answers(form, place, country, seed=i)) for i, (place, country) in enumerate(PLACES)]
    (folder / "kobo.csv").write_bytes(kobo_csv(form, rows))
    rows[1].values["rt2_top2"] = rows[1].values["rt2_top1"]
    (folder / "kobo-malo.csv").write_bytes(kobo_csv(form, rows))
    return folder


@pytest.fixture(scope="module")
def offline_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("offline_app")
    with serve(tmp / "offline.duckdb", tmp, PASSWORD) as url:
        yield url


TEXTS = {
    "es": {
        "tab": "Importar respuestas",
        "file": "Exportación de KoboToolbox u ODK Central",
        "import": "Revisar e importar",
        "done": ("3 ya importado(s)", "3 envío(s) nuevo(s)"),
    },
    "en": {
        "tab": "Import answers",
        "file": "KoboToolbox or ODK Central export",
        "import": "Check and import",
        "done": ("3 already imported", "3 new submission(s)"),
    },
}


def open_import_tab(page: Page, language: str = "es") -> None:
    page.goto(f"/{routes.url_path('organisers')}")
    page.get_by_label("Usuario", exact=True).fill(ORGANISER_USER)
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("tab", name=TEXTS["es"]["tab"])).to_be_visible()
    if language == "en":
        sidebar = page.get_by_test_id("stSidebar")
        if not sidebar.is_visible():  # on a phone the sidebar starts folded away
            page.get_by_test_id("stExpandSidebarButton").click()
        sidebar.get_by_text("English").click()
        if page.viewport_size["width"] < 500:
            page.get_by_test_id("stSidebarCollapseButton").click()
    page.get_by_role("tab", name=TEXTS[language]["tab"]).click()


def settle(page: Page) -> None:
    """Wait until the app has finished the rerun an action started (its status widget disappears)."""
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)


def upload(page: Page, path, label: str = "Exportación de KoboToolbox u ODK Central") -> None:
    """Choose the file, and wait for the rerun it causes: a click during that rerun can be lost."""
    uploader = page.get_by_test_id("stFileUploader").filter(has_text=label)
    uploader.locator("input[type=file]").set_input_files(str(path))
    expect(uploader.get_by_text(path.name)).to_be_visible()
    settle(page)


def responses(page: Page):
    return page.get_by_test_id("stMetric").filter(has_text="Respuestas").get_by_test_id("stMetricValue")


def test_an_export_imported_by_organisers_shows_on_the_presenter(browser, offline_url, exports, shots):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, base_url=offline_url)
    try:
        presenter = context.new_page()
        presenter.goto(f"/{routes.url_path('presenter')}")
        expect(responses(presenter)).to_have_text("0")

        organiser = context.new_page()
        open_import_tab(organiser)
        upload(organiser, exports / "kobo-malo.csv")
        organiser.get_by_role("button", name="Revisar e importar").click()
        expect(
            organiser.get_by_text("Archivo rechazado: kobo-malo.csv tiene 1 problema(s) en 1 fila(s)")
        ).to_be_visible()
        listed = organiser.get_by_text("Fila 3, columna «rt2/rt2_top2»")
        expect(listed).to_be_visible()
        listed.scroll_into_view_if_needed()
        organiser.screenshot(path=shots / "offline_import_refused_1280x720.png")

        upload(organiser, exports / "kobo.csv")
        organiser.get_by_role("button", name="Revisar e importar").click()
        expect(organiser.get_by_text("kobo.csv (KoboToolbox): 3 envío(s) nuevo(s)")).to_be_visible()
        expect(organiser.get_by_text("3 enviadas (0 de ejemplo)")).to_be_visible()
        organiser.screenshot(path=shots / "offline_import_done_1280x720.png")

        # The paper booklet of a local government, downloaded from the questionnaire tab.
        organiser.get_by_role("tab", name="Cuestionario para KoboToolbox u ODK").click()
        with organiser.expect_download() as download:
            organiser.get_by_role("button", name="Descargar el formulario en papel (PDF)").click()
        booklet = download.value
        assert booklet.suggested_filename.startswith("formulario-") and booklet.suggested_filename.endswith(
            ".pdf"
        )
        assert Path(booklet.path()).read_bytes().startswith(b"%PDF")
        organiser.screenshot(path=shots / "offline_paper_form_tab_1280x720.png")

        # The presenter refreshes itself every few seconds: no reload.
        presenter.bring_to_front()
        expect(responses(presenter)).to_have_text("3")
        presenter.get_by_text("Mostrar resultados", exact=True).click()
        expect(presenter.locator(".js-plotly-plot")).to_have_count(1)  # one chart at a time
        presenter.wait_for_timeout(500)  # plotly's first paint
        presenter.screenshot(path=shots / "offline_presenter_after_import_1280x720.png")
    finally:
        context.close()


@pytest.mark.parametrize("width, height, language", [(390, 844, "es"), (390, 844, "en"), (1920, 1080, "en")])
def test_the_import_tab_at_phone_and_projector_sizes(
    browser, offline_url, exports, shots, width, height, language
):
    context = browser.new_context(
        viewport={"width": width, "height": height}, base_url=offline_url, has_touch=width < 500
    )
    try:
        page = context.new_page()
        open_import_tab(page, language)
        texts = TEXTS[language]
        upload(page, exports / "kobo.csv", texts["file"])
        page.get_by_role("button", name=texts["import"]).click()
        # Imported by the journey above or by an earlier size: either way nothing is counted twice.
        done = page.get_by_text(texts["done"][0]).or_(page.get_by_text(texts["done"][1]))
        expect(done).to_be_visible()
        page.screenshot(path=shots / f"offline_import_{width}x{height}_{language}.png")
    finally:
        context.close()
