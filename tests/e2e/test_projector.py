"""The presenter on a projector: every chart readable at 1920×1080 and 1280×720, full screen or not.

Two databases: 5,000 example assessments (the load of a large seminar) and a small set of 14 where
areas and local governments differ, each behind a server of its own. For every chart the test reads
the boxes of all its texts (titles, the example-data label, axis labels, values, callouts, legend)
and fails when one sticks out of the chart or the window, when two overlap, or, at 1080p, when one
is smaller than 20 px or the chart does not fit the screen. Screenshots of each chart are kept.
"""

import pytest
from playwright.sync_api import Page, expect

from indicators.config import DATA_DIR
from indicators.demo import generate_assessments
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.e2e.conftest import LAPTOP, PHONE, PROJECTOR, outside_box, serve, sized_page, viewport_box
from ui import routes

pytestmark = pytest.mark.browser

TITLES = ("Áreas por índice de prioridad", "Capacidad frente a prioridad", "Áreas por país (índice promedio)")
MIN_PX_AT_1080 = 20

# Every visible text of a plotly chart, with its box and font size; hover labels are not drawn yet.
CHART_TEXTS = """plot => Array.from(plot.querySelectorAll('svg.main-svg text'))
    .filter(t => t.textContent.trim() && !t.closest('.hoverlayer'))
    .map(t => { const r = t.getBoundingClientRect(); return {
        text: t.textContent, x: r.x, y: r.y, width: r.width, height: r.height,
        size: parseFloat(getComputedStyle(t).fontSize)}; })
    .filter(t => t.width > 0)"""


def _server(tmp_path_factory, name: str, assessments: int, seed: int):
    folder = tmp_path_factory.mktemp(name)
    store = Store.open(folder / "presenter.duckdb")
    store.load_bundled(DATA_DIR)
    generate_assessments(store, load_questionnaire(), assessments, seed=seed)
    store.close()
    return serve(folder / "presenter.duckdb", folder)


@pytest.fixture(scope="module")
def large_url(tmp_path_factory):
    with _server(tmp_path_factory, "large", 5000, 2022) as url:
        yield url


@pytest.fixture(scope="module")
def small_url(tmp_path_factory):
    with _server(tmp_path_factory, "small", 14, 5) as url:
        yield url


def reveal(page: Page, full: bool) -> None:
    address = f"/{routes.url_path('presenter')}" + ("?pantalla=completa" if full else "")
    page.goto(address)
    controls = page.get_by_text("Controles de la presentación")
    if full:
        controls.click()  # folded away on the projector
    page.get_by_text("Mostrar resultados", exact=True).click()
    if full:
        controls.click()
        expect(page.get_by_test_id("stSidebar")).to_be_hidden()


def overlapping(a: dict, b: dict, slack: float = 2.0) -> bool:
    return (
        a["x"] + slack < b["x"] + b["width"]
        and b["x"] + slack < a["x"] + a["width"]
        and a["y"] + slack < b["y"] + b["height"]
        and b["y"] + slack < a["y"] + a["height"]
    )


# Scrolls the page's scrolling container (Streamlit scrolls an inner one, not the window) so that
# the element's top sits at `top` px from the top of the screen.
SCROLL_TO = """(e, top) => {
  let box = e.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight && getComputedStyle(box).overflowY !== 'visible')) {
    box = box.parentElement;
  }
  (box || document.scrollingElement).scrollBy(0, e.getBoundingClientRect().top - top);
}"""


def check_chart(page: Page, title: str, viewport: dict, full: bool) -> None:
    # A list: exactly one chart on the stage, once the previous one has gone.
    expect(page.locator(".js-plotly-plot .gtitle")).to_have_text([title])
    expect(page.locator(".js-plotly-plot .gtitle-subtitle")).to_have_text(["DATOS DE EJEMPLO"])
    plot = page.locator(".js-plotly-plot")
    expect(plot).to_have_count(1)
    page.wait_for_timeout(700)  # plotly lays out again once it has measured its labels
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)  # not mid-refresh (greyed out)
    # What the audience sees: the screen less Streamlit's fixed top bar (hidden in full-screen mode),
    # which covers whatever is scrolled under it. The chart is brought just below the bar, as a
    # presenter scrolls to it, and must show whole there, title included.
    bar = page.get_by_test_id("stHeader").bounding_box() if not full else None
    below_bar = bar["y"] + bar["height"] if bar else 0
    plot.evaluate(SCROLL_TO, below_bar)
    page.wait_for_timeout(200)
    chart = plot.bounding_box()
    assert chart["height"] <= viewport["height"] - below_bar, (
        f"{title}: {chart['height']} px tall, taller than the screen below the top bar ({below_bar} px)"
    )
    assert chart["y"] >= below_bar - 1 and chart["y"] + chart["height"] <= viewport["height"] + 1, (
        f"{title} is not shown whole below the top bar: {chart}"
    )
    if full and viewport == PROJECTOR:
        assert not outside_box(chart, viewport_box(page)), f"{title} does not fit the 1080p screen: {chart}"
    texts = plot.evaluate(CHART_TEXTS)
    assert len(texts) > 10, texts
    window = viewport_box(page)
    for text in texts:
        assert not outside_box(text, chart), f"{title}: {text['text']!r} is cut at the chart's edge"
        assert text["x"] >= 0 and text["x"] + text["width"] <= window["width"] + 1, (
            f"{text['text']!r} off-screen"
        )
        if viewport == PROJECTOR:
            assert text["size"] >= MIN_PX_AT_1080, f"{title}: {text['text']!r} is {text['size']} px"
    for i, one in enumerate(texts):
        for other in texts[i + 1 :]:
            assert not overlapping(one, other), f"{title}: {one['text']!r} overlaps {other['text']!r}"


@pytest.mark.parametrize("viewport", [PROJECTOR, LAPTOP], ids=["1920x1080", "1280x720"])
@pytest.mark.parametrize("full", [True, False], ids=["full", "normal"])
def test_every_chart_readable_with_5000_assessments(browser, large_url, shots, viewport, full):
    with sized_page(browser, large_url, viewport) as page:
        reveal(page, full)
        expect(page.get_by_text("DATOS DE EJEMPLO: 5000 de 5000")).to_be_visible()
        for step, title in enumerate(TITLES):
            check_chart(page, title, viewport, full)
            name = f"presenter_5000_{viewport['width']}x{viewport['height']}_{'full' if full else 'normal'}"
            page.screenshot(path=shots / f"{name}_{step + 1}.png")
            if step == 0:
                page.get_by_role("heading", level=1).click()  # away from the toggle just used
                page.keyboard.press("ArrowRight")  # the keyboard steps as the button does
            else:
                page.get_by_role("button", name="Siguiente").click()


@pytest.mark.parametrize("viewport", [PROJECTOR, LAPTOP], ids=["1920x1080", "1280x720"])
def test_every_chart_readable_with_a_small_set(browser, small_url, shots, viewport):
    full = viewport == PROJECTOR
    with sized_page(browser, small_url, viewport) as page:
        reveal(page, full)
        expect(page.get_by_text("DATOS DE EJEMPLO: 14 de 14")).to_be_visible()
        for step, title in enumerate(TITLES):
            check_chart(page, title, viewport, full)
            page.screenshot(
                path=shots / f"presenter_14_{viewport['width']}x{viewport['height']}_{step + 1}.png"
            )
            page.get_by_role("button", name="Siguiente").click()
        # The fourth step, the evaluation: no consultation answers on this server.
        no_answers = page.get_by_text("Aún no hay respuestas de la consulta del seminario.")
        expect(no_answers).to_be_visible()
        # Then the room's two steps (tests/e2e/test_room.py): no questions, no proposed actions here.
        questions = page.get_by_role("heading", name="Preguntas más apoyadas")
        no_actions = page.get_by_text("Todavía no hay acciones propuestas", exact=False)
        for shown in (questions, no_actions):
            page.get_by_role("button", name="Siguiente").click()
            expect(shown).to_be_visible()  # the rerun done before the next click
        page.get_by_role("button", name="Siguiente").click()
        check_chart(page, TITLES[0], viewport, full)  # round again to the first
        for shown in (no_actions, questions, no_answers):
            page.get_by_role("button", name="Anterior").click()
            expect(shown).to_be_visible()
        page.get_by_role("button", name="Anterior").click()
        check_chart(page, TITLES[2], viewport, full)


def test_one_round_table_on_the_projector(browser, large_url, shots):
    """One table: all its areas in the bars, the three best named beside the quadrants."""
    with sized_page(browser, large_url, PROJECTOR) as page:
        reveal(page, full=True)
        page.get_by_text("Controles de la presentación").click()
        page.get_by_test_id("stButtonGroup").get_by_text("Mesa 2", exact=True).click()
        page.get_by_text("Controles de la presentación").click()
        expect(page.get_by_role("heading", level=2)).to_contain_text("salvar vidas")
        check_chart(page, TITLES[0], PROJECTOR, True)
        page.get_by_role("button", name="Siguiente").click()
        check_chart(page, TITLES[1], PROJECTOR, True)
        page.screenshot(path=shots / "presenter_5000_1920x1080_full_table2_quadrants.png")


def test_presenter_on_a_phone_has_no_sideways_scroll(browser, small_url, shots):
    with sized_page(browser, small_url, PHONE) as page:
        reveal(page, full=False)
        expect(page.locator(".js-plotly-plot")).to_have_count(1)
        page.wait_for_timeout(700)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.locator(".js-plotly-plot").scroll_into_view_if_needed()
        page.screenshot(path=shots / "presenter_14_390x844.png")
