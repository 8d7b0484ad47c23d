"""What only a browser shows of the layout (issue 20): the organisers' tab bar whole at 1440×900, four
profiles compared within the page's width, the consultation's results uncut with whole counts, and
on a phone the map right after the title and figures, opening on the whole region.

A server of its own: example IGM results for four Mexican states, three participants' consultations.
"""

import math
import re

import pytest
from playwright.sync_api import Page, expect

from indicators.config import DATA_DIR
from indicators.consultation import load_consultation
from indicators.demo import generate_results
from indicators.framework import load_framework
from indicators.mapview import PHONE_VIEW
from indicators.store import Store
from tests.e2e.conftest import PHONE, log_in_organisers, outside_box, serve, sized_page, viewport_box
from tests.e2e.test_journeys import drawn_map, settle
from ui import routes

pytestmark = pytest.mark.browser

WIDE = {"width": 1440, "height": 900}  # an organiser's laptop
PASSWORD = "contraseña de prueba de diseño"
COMPARED = ("Chihuahua (MEX)", "Nuevo León (MEX)", "Sonora (MEX)", "Tabasco (MEX)")


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layout")
    store = Store.open(folder / "layout.duckdb")
    store.load_bundled(DATA_DIR)
    assert generate_results(store, load_framework(), 4) == [
        "mex-chihuahua",
        "mex-nuevo-leon",
        "mex-sonora",
        "mex-tabasco",
    ]
    knowledge = [i.key for i in load_consultation().items if i.kind == "knowledge"]
    for n in range(3):  # a small seminar: the count axis read 0, 0.2 … 1
        participant, _ = store.create_participant()
        store.save_consultation(participant, "before", dict.fromkeys(knowledge, 1 + n % 2))
        store.save_consultation(
            participant, "after", dict.fromkeys(knowledge, 3 + n % 2) | {"satisfaction": 4}
        )
    store.close()
    with serve(folder / "layout.duckdb", folder, PASSWORD) as address:
        yield address


def organisers(page: Page, lang: str) -> None:
    log_in_organisers(page, PASSWORD, lang)
    settle(page)


def assert_text_whole(locator, what: str) -> None:
    """Not cut: the element's text fits its box (no ellipsis, nothing hidden past its edge)."""
    assert locator.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), f"{what} is cut"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_organisers_tab_shows_whole_at_1440(browser, url, shots, lang):
    """The bar pushed "Importar respuestas" out of view and cut "Cuestionario para KoboToolbox"."""
    with sized_page(browser, url, WIDE) as page:
        organisers(page, lang)
        tabs = page.get_by_role("tab")
        importing = "Importar respuestas" if lang == "es" else "Import answers"
        expect(tabs.filter(has_text=importing)).to_have_count(1)
        window, bar = viewport_box(page), page.get_by_role("tablist").bounding_box()
        for tab in tabs.all():
            box = tab.bounding_box()
            assert not outside_box(box, window) and not outside_box(box, bar), f"{tab.inner_text()}: {box}"
            assert_text_whole(tab.locator("p"), tab.inner_text())
        tabs.last.click()  # the last one chosen stays in view
        settle(page)
        expect(tabs.last).to_have_attribute("aria-selected", "true")
        assert not outside_box(tabs.last.bounding_box(), window)
        page.screenshot(path=shots / f"organisers_tabs_1440x900_{lang}.png")


def compare_four(page: Page) -> None:
    page.goto(f"/{routes.url_path('profile')}")
    box = page.get_by_test_id("stMultiSelect")
    for name in COMPARED:
        box.get_by_role("combobox").click()
        option = page.get_by_role("option", name=name, exact=True)
        for _ in range(40):  # the list draws only the options in view: go down until it shows
            if option.count():
                break
            page.keyboard.press("ArrowDown")
        option.click()
        settle(page)
        page.keyboard.press("Escape")
    expect(page.get_by_test_id("stTable").first).to_contain_text("bien desarrolladas")


def test_four_profiles_compared_fit_the_page(browser, url, shots):
    """A 1,454 px table in a 978 px box: the fourth place was off screen."""
    with sized_page(browser, url, WIDE) as page:
        compare_four(page)
        table = page.get_by_test_id("stTable")
        expect(table).to_have_count(1)
        box = page.get_by_test_id("stMainBlockContainer").bounding_box()
        assert table.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "the table scrolls sideways"
        for name in COMPARED:
            header = table.get_by_role("columnheader", name=name)
            header.scroll_into_view_if_needed()
            assert not outside_box(header.bounding_box(), box), f"{name} is outside the page"
        table.scroll_into_view_if_needed()
        page.screenshot(path=shots / "profiles_compare_1440x900.png")


def test_four_profiles_on_a_phone_one_after_another(browser, url, shots):
    with sized_page(browser, url, PHONE) as page:
        compare_four(page)
        tables = page.get_by_test_id("stTable")
        expect(tables).to_have_count(4)
        for table in tables.all():
            assert table.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "a table scrolls sideways"
            assert table.bounding_box()["width"] <= PHONE["width"]
        tables.last.scroll_into_view_if_needed()
        page.screenshot(path=shots / "profiles_compare_390x844.png")


def test_consultation_results_main_column_whole_and_counts_whole(browser, url, shots):
    """ "Cambio promedio" was cut at the box's edge, and the count axis read 0, 0.2 … 1."""
    with sized_page(browser, url, WIDE) as page:
        organisers(page, "es")
        page.get_by_role("tab", name="Consulta: resultados").click()
        table = page.get_by_test_id("stTable")
        expect(table).to_have_count(1)
        header = table.get_by_role("columnheader", name="Cambio promedio")
        box = page.get_by_test_id("stMainBlockContainer").bounding_box()
        assert not outside_box(header.bounding_box(), box) and not outside_box(table.bounding_box(), box)
        assert_text_whole(header, "Cambio promedio")
        ticks = page.locator(".js-plotly-plot .xtick text")
        expect(ticks.first).to_be_visible()
        labels = ticks.evaluate_all("texts => texts.map(t => t.textContent)")  # SVG: no innerText
        assert len(labels) >= 3 and all(re.fullmatch(r"\d+", label) for label in labels), labels
        table.scroll_into_view_if_needed()
        page.screenshot(path=shots / "consultation_results_1440x900.png")


def phone_point(canvas_box: dict, lat: float, lon: float) -> tuple[float, float]:
    """Page pixel of a point in the phone's opening view (Web Mercator, 512·2^zoom px a world)."""
    size = 512 * 2**PHONE_VIEW.zoom

    def world(lat: float, lon: float) -> tuple[float, float]:
        y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2
        return (lon + 180) / 360 * size, y * size

    (x, y), (cx, cy) = world(lat, lon), world(PHONE_VIEW.latitude, PHONE_VIEW.longitude)
    return canvas_box["x"] + canvas_box["width"] / 2 + x - cx, canvas_box["y"] + canvas_box[
        "height"
    ] / 2 + y - cy


@pytest.mark.parametrize("lang", ["es", "en"])
def test_on_a_phone_the_map_comes_early_and_shows_the_whole_region(browser, url, shots, lang):
    """The map was ~1,000 px down, after the filters and five figures one under another, and its
    opening view cut off Baja California, Sonora and Montréal."""
    with sized_page(browser, url, PHONE) as page:
        page.goto(f"/{routes.url_path('map')}" + ("?lang=en" if lang == "en" else ""))
        canvas, _ = drawn_map(page)
        top = page.get_by_test_id("stDeckGlJsonChart").bounding_box()["y"]
        assert top < PHONE["height"] - 150, f"the map starts {top:.0f} px down a {PHONE['height']} px screen"
        page.screenshot(path=shots / f"map_390x844_{lang}.png")
        canvas.scroll_into_view_if_needed()
        settle(page)
        box = canvas.bounding_box()
        for place, (lat, lon) in {"Baja California": (32.5, -117.1), "Sonora": (30.0, -108.4)}.items():
            x, y = phone_point(box, lat, lon)
            assert not outside_box({"x": x, "y": y, "width": 0, "height": 0}, box), f"{place} is off the map"
        # Montréal's dot is where the view puts it: tapping it opens its card.
        card = page.get_by_role("heading", name="Montréal", level=3)
        for _ in range(3):  # a tap while the map still redraws on a busy machine is lost: tap again
            page.touchscreen.tap(*phone_point(box, 45.5, -73.57))
            try:
                expect(card).to_be_visible(timeout=10_000)
                break
            except AssertionError:
                settle(page)
        expect(card).to_be_visible()
        page.screenshot(path=shots / f"map_390x844_{lang}_montreal.png")
