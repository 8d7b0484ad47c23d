"""What a user sees in a real browser: home, a place's card opened from the map, the date filter,
English, and a map drawn with no internet. Screenshots land in artifacts/screenshots/.
"""

import csv
import io
import math
import re
import time

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from indicators.config import DATA_DIR
from indicators.mapview import REGION_VIEW
from indicators.questionnaire import load_questionnaire
from ui import routes

pytestmark = pytest.mark.browser

LAND = (248, 246, 240)  # fill of the country outlines (indicators/mapview.py)
PLACE_BLUE = (0, 114, 178)  # a place whose local MGI is completed (indicators/places.py)
SEMINAR = "2022-09-12"
ROUND_TABLES = (
    "Factores y vías de migración regular",
    "Gobernanza migratoria, salvar vidas y reintegración sostenible",
    "Inclusión de las personas migrantes",
    "Datos, información y políticas públicas basadas en evidencia",
)


def expected_counts() -> tuple[int, int]:
    """How many places data/places.csv puts on the map today, and at the seminar.

    A place is hidden at the seminar only if its status started later. Partial ISO dates ("2023",
    "2022-01") compare as text with the seminar's date exactly as their first day would.
    """
    with (DATA_DIR / "places.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    later = [r for r in rows if r["status"] != "unknown" and r["status_from"] > SEMINAR]
    return len(rows), len(rows) - len(later)


def page_title(page: Page, text: str) -> Locator:
    return page.get_by_role("heading", name=text, exact=True, level=1)


def open_map(page: Page) -> None:
    """The map's own address, as a shared link opens it (tests/e2e/test_deep_links.py covers the
    first such link on a fresh server)."""
    page.goto(f"/{routes.url_path('map')}")
    expect(page_title(page, "Mapa de gobiernos locales con IGM local")).to_be_visible()


def colour_counts(picture: Image.Image) -> dict[tuple[int, int, int], int]:
    return {rgb: n for n, rgb in picture.getcolors(maxcolors=picture.width * picture.height)}


def has_colour(picture: Image.Image, colour: tuple[int, int, int], at_least: int = 20) -> bool:
    """At least a small patch of the colour; 2 levels of slack for the browser's rounding."""
    close = (
        n
        for rgb, n in colour_counts(picture).items()
        if all(abs(a - b) <= 2 for a, b in zip(rgb, colour, strict=True))
    )
    return sum(close) >= at_least


def drawn_map(page: Page) -> tuple[Locator, Image.Image]:
    """The map's canvas once deck.gl has painted outlines and places, with a picture of it.

    The canvas exists a moment before its layers are painted, so this polls a screenshot instead of
    sleeping; and it reports the error Streamlit shows when the chart itself fails.
    """
    canvas = page.get_by_test_id("stDeckGlJsonChart").locator("canvas#deckgl-overlay")
    error = page.get_by_test_id("stAlertContentError")
    expect(canvas.or_(error).first).to_be_visible()
    assert error.count() == 0, f"the page shows an error instead of the map: {error.first.inner_text()}"
    deadline = time.monotonic() + 30
    while True:
        picture = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
        if has_colour(picture, LAND) and has_colour(picture, PLACE_BLUE):
            return canvas, picture
        assert time.monotonic() < deadline, "the map stayed without outlines or places for 30 s"
        page.wait_for_timeout(250)


def map_point(canvas: Locator, lat: float, lon: float) -> tuple[float, float]:
    """Page pixel of a point in the map's fixed opening view (Web Mercator, 512·2^zoom px a world)."""
    size = 512 * 2**REGION_VIEW.zoom

    def world(lat: float, lon: float) -> tuple[float, float]:
        y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2
        return (lon + 180) / 360 * size, y * size

    (x, y), (cx, cy) = world(lat, lon), world(REGION_VIEW.latitude, REGION_VIEW.longitude)
    box = canvas.bounding_box()
    return box["x"] + box["width"] / 2 + x - cx, box["y"] + box["height"] / 2 + y - cy


def settle(page: Page) -> None:
    """Wait until the app has finished the rerun a click started (its status widget disappears)."""
    page.wait_for_timeout(100)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)


def choose(page: Page, label: str, option: str | None) -> None:
    """Pick an option of a Streamlit selectbox as a user does: open it, click the option (None: the first).

    On a busy machine the box may still be redrawing after the previous choice (disabled, or with
    its old options), so it is opened again until the option shows, as a user would.
    """
    box = page.get_by_test_id("stSelectbox").filter(has_text=label)
    wanted = (
        page.get_by_role("option", name=option, exact=True) if option else page.get_by_role("option").first
    )
    open_select(page, box, wanted)
    wanted.click()
    settle(page)


def open_select(page: Page, box, wanted) -> None:
    """Open a selectbox until `wanted` (an option) shows, tapping its control as a person does.

    The field itself, not the middle of the whole box, which on a phone can be its label. A rerun in
    flight (a refusal scrolling the page, the previous choice redrawing the box) can swallow a tap,
    so it waits for the app and tries again.
    """
    for _ in range(5):
        settle(page)
        field = box.get_by_role("combobox")
        expect(field).to_be_enabled()
        field.click()
        try:
            expect(wanted).to_be_visible(timeout=5_000)
            return
        except AssertionError:
            page.keyboard.press("Escape")
    expect(wanted).to_be_visible()


def test_home_in_spanish(page: Page, shots):
    today, seminar = expected_counts()
    page.goto("/")
    expect(page_title(page, "Tablero IGM local")).to_be_visible()
    # Each figure twice: for today, then at the seminar.
    for label in ("Lugares", "Países", "Completados", "En proceso"):
        expect(page.get_by_test_id("stMetricLabel").filter(has_text=label)).to_have_count(2)
    places = page.get_by_test_id("stMetric").filter(has_text="Lugares").get_by_test_id("stMetricValue")
    expect(places).to_have_text([str(today), str(seminar)])
    for title in ROUND_TABLES:
        expect(page.get_by_role("listitem").filter(has_text=title)).to_be_visible()
    page.screenshot(path=shots / "home_es.png")


def test_click_on_map_opens_place_card(page: Page, shots):
    open_map(page)
    canvas, _ = drawn_map(page)
    # Chihuahua's seat: its dot, and around it the state's polygon, are both clickable.
    card = page.get_by_role("heading", name="Chihuahua", exact=True, level=3)
    for _ in range(3):  # a click while the map is still redrawing on a busy machine is lost: click again
        page.mouse.click(*map_point(canvas, 28.64, -106.09))
        try:
            expect(card).to_be_visible(timeout=10_000)
            break
        except AssertionError:
            settle(page)
    expect(card).to_be_visible()
    expect(page.get_by_text("Estado del IGM local")).to_be_visible()
    page.screenshot(path=shots / "map_detail_es.png")


def test_seminar_date_hides_later_places(page: Page, shots):
    today, seminar = expected_counts()
    assert seminar < today, "data/places.csv no longer has a place that started after the seminar"
    open_map(page)
    places = page.get_by_test_id("stMetric").filter(has_text="Lugares").get_by_test_id("stMetricValue")
    expect(places).to_have_text(str(today))
    page.get_by_test_id("stRadio").get_by_text("Seminario (12 sept 2022)").click()
    expect(places).to_have_text(str(seminar))
    expect(page.get_by_text("Situación al 12 de septiembre de 2022.")).to_be_visible()
    drawn_map(page)
    page.screenshot(path=shots / "map_seminar_es.png")


def test_map_in_english(page: Page, shots):
    open_map(page)
    page.get_by_test_id("stSidebar").get_by_text("English").click()
    expect(page_title(page, "Map of local governments with a local MGI")).to_be_visible()
    expect(page.get_by_test_id("stMetricLabel").filter(has_text="Places")).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name="Local MGI map")).to_be_visible()
    drawn_map(page)
    page.screenshot(path=shots / "map_en.png")


def test_map_draws_without_internet(page: Page, app_url, shots):
    outside = []

    def refuse(route):
        outside.append(route.request.url)
        route.abort()

    # Refuse anything not from the app's own server, so this holds on a machine with internet too.
    page.route(lambda url: url.startswith(("http://", "https://")) and not url.startswith(app_url), refuse)
    open_map(page)
    _, picture = drawn_map(page)
    picture.save(shots / "map_offline_chart.png")
    colours = colour_counts(picture)
    assert len(colours) > 20, f"the map shows only {len(colours)} colours"
    assert has_colour(picture, LAND), "no country outlines on the map"
    assert has_colour(picture, PLACE_BLUE), "no completed place on the map"
    assert outside == [], f"the map page asked for resources outside the app: {outside}"


def test_self_assessment_journey(page: Page, access_code, shots):
    """An official enters the code, is stopped with the missing answers pointed out, fills the form,
    submits, and sees the priority summary; the resume code brings the answer back on another visit."""
    page.goto("/")
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Autoevaluación").click()
    choose(page, "País", "Honduras")
    choose(page, "Gobierno local", "Omoa")
    page.get_by_label("Código de acceso del gobierno local").fill(access_code.lower())
    page.get_by_role("button", name="Empezar").click()
    expect(page.get_by_role("heading", name="Omoa · Honduras")).to_be_visible()
    resume = page.get_by_text("Su código de reanudación es").inner_text().split("es ")[1].split(".")[0]

    page.get_by_role("button", name="Enviar", exact=True).click()
    expect(page.get_by_text("No se envió")).to_be_visible()
    # The missing answers are listed beside the button, each saying its table.
    refused = page.locator(".st-key-sa_refused")
    for table in range(1, 5):
        expect(refused.get_by_role("button", name=f"Mesa {table} ·").first).to_be_visible()
    page.screenshot(path=shots / "assessment_errors_es.png")

    page.get_by_text("De forma anónima", exact=True).click()
    q = load_questionnaire()
    for table, theme in enumerate(q.themes, 1):
        page.locator(".st-key-mesa").get_by_text(f"Mesa {table}", exact=True).click()
        settle(page)
        radios = page.locator(f"[class*='st-key-sa_area_{theme}_']").get_by_test_id("stRadio")
        expect(radios).to_have_count(2 * len(q.areas_of(theme)))  # the table's own areas, drawn
        # As many as the table has, not radios.count(): read during a rerun it once counted an element
        # twice (11 for rt4's 10) and waited for an eleventh scale that never came.
        for index in range(2 * len(q.areas_of(theme))):
            # Each area draws its capacity scale, then its priority: answer "1 · ..." and "Alta".
            radios.nth(index).get_by_text("1 ·" if index % 2 == 0 else "Alta").click()
            settle(page)
        ranks = ("1.ª (la más importante)", "2.ª", "3.ª")
        chosen = [area.name["es"] for area in q.areas_of(theme)[:3]]
        for rank, area in zip(ranks, chosen, strict=True):
            # By name, as a person reads the list. "The first one offered" was read from a list drawn
            # before the last choice came back on a busy machine (settle() can return before a rerun
            # has even started), so it took the same area twice and the app kept only one of them.
            choose(page, rank, area)
        for rank, area in zip(ranks, chosen, strict=True):
            select = page.get_by_test_id("stSelectbox").filter(has_text=rank).get_by_role("combobox")
            expect(select).to_have_value(area)
    expect(page.get_by_text("21 de 21 áreas respondidas")).to_be_visible()
    page.get_by_role("button", name="Enviar", exact=True).click()
    expect(page.get_by_text("¡Enviado! Versión 1")).to_be_visible()
    expect(page.get_by_role("heading", name="Resumen de prioridades de su gobierno local")).to_be_visible()
    page.get_by_role(
        "heading", name="Resumen de prioridades de su gobierno local"
    ).scroll_into_view_if_needed()
    page.screenshot(path=shots / "assessment_summary_es.png")

    # another visit (a new browser context would be another device; a new page is enough here)
    page.goto("/")
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Autoevaluación").click()
    page.get_by_label("Código de reanudación").fill(resume)
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_text("21 de 21 áreas respondidas")).to_be_visible()
    expect(page.get_by_role("button", name="Enviar cambios")).to_be_visible()


def test_presenter_full_screen_at_1920x1080(browser, app_url, shots):
    """The projector view: results revealed, no sidebar, one chart at a time, example data labelled
    (every chart at every size: tests/e2e/test_projector.py)."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, base_url=app_url)
    page = context.new_page()
    try:
        page.goto("/")
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Presentación en vivo").click()
        expect(page.get_by_text("Los resultados están ocultos.")).to_be_visible()
        # 40 example assessments, plus the one the self-assessment journey may have submitted
        expect(page.get_by_test_id("stMetricValue").first).to_have_text(re.compile(r"^4[01]$"))
        page.get_by_text("Mostrar resultados", exact=True).click()
        page.get_by_text("Pantalla completa", exact=True).click()
        expect(page.locator(".js-plotly-plot")).to_have_count(1)
        expect(page.get_by_test_id("stSidebar")).to_be_hidden()
        expect(page.get_by_text(re.compile(r"DATOS DE EJEMPLO: 40 de 4[01]"))).to_be_visible()
        expect(page.locator(".js-plotly-plot .gtitle")).to_have_text("Áreas por índice de prioridad")
        expect(page.locator(".js-plotly-plot .gtitle-subtitle")).to_have_text("DATOS DE EJEMPLO")
        page.wait_for_timeout(500)  # let plotly finish its first paint before the picture
        page.screenshot(path=shots / "presenter_1920x1080.png")
    finally:
        context.close()


def test_profile_from_the_map_card(page: Page, shots):
    """From a place's card on the map to its IGM profile: findings by domain, the answers chart."""
    open_map(page)
    choose(page, "Elija un lugar", "Sonora (MEX)")
    page.get_by_role("link", name="Ver su perfil IGM").click()
    expect(page_title(page, "Perfiles IGM local")).to_be_visible()
    expect(page.get_by_role("heading", name="Sonora", exact=True)).to_be_visible()
    # The profile's own address: a reload (or the address shared) opens the same profile.
    expect(page).to_have_url(re.compile(r"/perfiles\?lugar=mex-sonora$"))
    page.reload()
    expect(page.get_by_role("heading", name="Sonora", exact=True)).to_be_visible()
    expect(page.get_by_text("Estos resultados son DATOS DE EJEMPLO (generados, no reales).")).to_be_visible()
    expect(page.get_by_text("1. Derechos de las personas migrantes")).to_be_visible()
    expect(page.get_by_text("Áreas bien desarrolladas").first).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    page.screenshot(path=shots / "profile_es.png")


def test_map_with_an_imported_layer(page: Page, shots):
    """An imported municipal layer drawn as light context; Danlí takes its polygon from it."""
    open_map(page)
    page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").click()
    page.get_by_role("option").first.click()
    page.keyboard.press("Escape")
    settle(page)
    drawn_map(page)
    expect(page.get_by_text("Capa sintética de prueba")).to_be_visible()
    choose(page, "Elija un lugar", "Danlí (HND)")
    expect(page.get_by_text("polígono de Capa sintética de prueba")).to_be_visible()
    page.screenshot(path=shots / "map_imported_layer.png")
