"""The presenter on a projector: every chart readable at 1920×1080 and 1280×720, full screen or not,
and on a phone.

Two databases: 5,000 example assessments (the load of a large seminar) and a small set of 14 where
areas and local governments differ, each behind a server of its own. For every chart the test reads
the boxes of all its texts (titles, the example-data label, axis labels, values, callouts, legend)
and fails when one sticks out of the chart or the window, when two overlap, when a tick label is
turned on its side, or, on a projector, when one is smaller than 20 px. In full-screen mode the
chart and the Anterior/Siguiente buttons must show whole without scrolling, and every text around
the chart is 20 px; otherwise the chart starts above the fold. Screenshots of each chart are kept.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from indicators.config import DATA_DIR
from indicators.demo import generate_assessments
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.e2e.conftest import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    SCROLL_HOME,
    outside_box,
    serve,
    sized_page,
    viewport_box,
)
from ui import routes

pytestmark = pytest.mark.browser

TITLES = ("Áreas por índice de prioridad", "Capacidad frente a prioridad", "Áreas por país (índice promedio)")
MIN_PX = 20  # every text of a chart on a projector, and every text around it in full screen

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


# Tick labels plotly turned to fit them (the heatmap's countries were at -90° at 1280 px).
TURNED_TICKS = """plot => Array.from(plot.querySelectorAll('.xtick text, .ytick text'))
    .filter(t => /rotate\\((-)?[1-9]/.test(t.getAttribute('transform') || ''))
    .map(t => t.textContent)"""


# Scrolls the page's scrolling container (Streamlit scrolls an inner one, not the window) so that
# the element's top sits at `top` px from the top of the screen.
SCROLL_TO = """(e, top) => {
  let box = e.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight && getComputedStyle(box).overflowY !== 'visible')) {
    box = box.parentElement;
  }
  (box || document.scrollingElement).scrollBy(0, e.getBoundingClientRect().top - top);
}"""


def check_chart(
    page: Page, title: str, viewport: dict, full: bool, example_tag: str = "DATOS DE EJEMPLO"
) -> None:
    # A list: exactly one chart on the stage, once the previous one has gone. A title wrapped over
    # two lines (a phone) reads without the space at the break.
    words = r"\s?".join(re.escape(word) for word in title.split())
    expect(page.locator(".js-plotly-plot .gtitle")).to_have_text([re.compile(f"^{words}$")])
    expect(page.locator(".js-plotly-plot .gtitle-subtitle")).to_have_text([example_tag])
    plot = page.locator(".js-plotly-plot")
    expect(plot).to_have_count(1)
    page.wait_for_timeout(700)  # plotly lays out again once it has measured its labels
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)  # not mid-refresh (greyed out)
    window = viewport_box(page)
    if full:
        # The projector: the page as it opens (the controls, opened and folded under the chart, may
        # have scrolled it), with nothing to scroll: the chart and its buttons are all on screen.
        page.locator("h1").evaluate(SCROLL_HOME)
        page.wait_for_timeout(200)
        chart = plot.bounding_box()
        assert not outside_box(chart, window), f"{title} does not fit the {viewport} screen: {chart}"
        for button in ("pr_back", "pr_forward"):
            # By role: Streamlit draws a hidden copy of a button with a tooltip to measure it.
            box = page.locator(f".st-key-{button}").get_by_role("button").bounding_box()
            assert not outside_box(box, window), f"{button} is off the {viewport} screen: {box}"
    else:
        # What the audience sees: the screen less Streamlit's fixed top bar, which covers whatever
        # is scrolled under it. The chart is brought just below the bar, as a presenter scrolls to
        # it, and must show whole there, title included.
        bar = page.get_by_test_id("stHeader").bounding_box()
        below_bar = bar["y"] + bar["height"]
        plot.evaluate(SCROLL_TO, below_bar)
        page.wait_for_timeout(200)
        chart = plot.bounding_box()
        assert chart["height"] <= viewport["height"] - below_bar, (
            f"{title}: {chart['height']} px tall, taller than the screen below the top bar ({below_bar} px)"
        )
        assert chart["y"] >= below_bar - 1 and chart["y"] + chart["height"] <= viewport["height"] + 1, (
            f"{title} is not shown whole below the top bar: {chart}"
        )
    texts = plot.evaluate(CHART_TEXTS)
    assert len(texts) > 10, texts
    for text in texts:
        assert not outside_box(text, chart), f"{title}: {text['text']!r} is cut at the chart's edge"
        assert text["x"] >= 0 and text["x"] + text["width"] <= window["width"] + 1, (
            f"{text['text']!r} off-screen"
        )
        if viewport != PHONE:
            assert text["size"] >= MIN_PX, f"{title}: {text['text']!r} is {text['size']} px"
    turned = plot.evaluate(TURNED_TICKS)
    assert turned == [], f"{title}: tick labels turned on their side: {turned}"
    for i, one in enumerate(texts):
        for other in texts[i + 1 :]:
            assert not overlapping(one, other), f"{title}: {one['text']!r} overlaps {other['text']!r}"


@pytest.mark.parametrize("viewport", [PROJECTOR, LAPTOP], ids=["1920x1080", "1280x720"])
@pytest.mark.parametrize("full", [True, False], ids=["full", "normal"])
def test_every_chart_readable_with_5000_assessments(browser, large_url, shots, viewport, full):
    with sized_page(browser, large_url, viewport) as page:
        reveal(page, full)
        expect(page.get_by_text("DATOS DE EJEMPLO: 5000 de 5000")).to_be_visible()
        if not full:  # the chart starts above the fold, its title on screen, under the controls
            expect(page.locator(".js-plotly-plot .gtitle")).to_have_count(1)
            page.wait_for_timeout(700)
            heading = page.locator(".js-plotly-plot .gtitle").bounding_box()
            assert heading["y"] + heading["height"] <= viewport["height"], heading
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
        # Then the room's two steps (tests/e2e/test_room.py): no questions, no proposed actions here; and
        # the follow-up's two (tests/e2e/test_followup.py): no commitments without actions, and the
        # change between rounds waits for a second round.
        questions = page.get_by_role("heading", name="Preguntas más apoyadas")
        no_actions = page.get_by_text("Todavía no hay acciones propuestas", exact=False)
        no_commitments = page.get_by_text("Aún no hay compromisos.")
        one_round = page.get_by_text("Aún hay una sola ronda", exact=False)
        for shown in (questions, no_actions, no_commitments, one_round):
            page.get_by_role("button", name="Siguiente").click()
            expect(shown).to_be_visible()  # the rerun done before the next click
        page.get_by_role("button", name="Siguiente").click()
        check_chart(page, TITLES[0], viewport, full)  # round again to the first
        for shown in (one_round, no_commitments, no_actions, questions, no_answers):
            page.get_by_role("button", name="Anterior").click()
            expect(shown).to_be_visible()


@pytest.mark.parametrize("viewport", [PROJECTOR, LAPTOP], ids=["1920x1080", "1280x720"])
def test_one_round_table_on_the_projector(browser, large_url, shots, viewport):
    """One table: its name over the chart, all its areas in the bars, the three best named beside
    the quadrants; still all on screen."""
    with sized_page(browser, large_url, viewport) as page:
        reveal(page, full=True)
        page.get_by_text("Controles de la presentación").click()
        page.get_by_test_id("stButtonGroup").get_by_text("Mesa 2", exact=True).click()
        page.get_by_text("Controles de la presentación").click()
        expect(page.get_by_role("heading", level=2)).to_contain_text("salvar vidas")
        check_chart(page, TITLES[0], viewport, True)
        page.get_by_role("button", name="Siguiente").click()
        check_chart(page, TITLES[1], viewport, True)
        size = f"{viewport['width']}x{viewport['height']}"
        page.screenshot(path=shots / f"presenter_5000_{size}_full_table2_quadrants.png")


# Every text the page shows around the chart (not the chart's own, not the data table's canvas), with
# its font size: the parent element of each visible text node.
TEXT_AROUND = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    // The chart's own text, the table's canvas, and icons (glyphs named by a word).
    const skipped = '.js-plotly-plot, [data-testid=stDataFrame], [data-testid=stIconMaterial]';
    if (!node.textContent.trim() || element.closest(skipped)) continue;
    if (!element.checkVisibility() || element.getBoundingClientRect().width === 0) continue;
    const size = parseFloat(getComputedStyle(element).fontSize);
    found.push({text: node.textContent.trim().slice(0, 40), size});
  }
  return found;
}"""

# For the join link: every word (letters and digits between "/", ".", ":", "?", "&", "=") on one line.
SPLIT_WORDS = """a => {
  const node = a.firstChild ? document.createTreeWalker(a, NodeFilter.SHOW_TEXT) : null;
  const tops = [];
  for (let text = node.nextNode(); text; text = node.nextNode()) {
    for (let i = 0; i < text.length; i++) {
      const range = document.createRange();
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      tops.push([text.textContent[i], Math.round(range.getBoundingClientRect().top)]);
    }
  }
  const split = [];
  let word = [];
  for (const [char, top] of [...tops, ['/', null]]) {
    if (/[/.:?&=]/.test(char)) {
      if (new Set(word.map(([, t]) => t)).size > 1) split.push(word.map(([c]) => c).join(''));
      word = [];
    } else word.push([char, top]);
  }
  return split;
}"""


@pytest.mark.parametrize("viewport", [PROJECTOR, LAPTOP], ids=["1920x1080", "1280x720"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_text_around_the_charts_is_large_and_the_link_opens_the_pages_language(
    browser, small_url, shots, viewport, lang
):
    """In full screen every label, button, caption, count and the join link is at least 20 px; the
    link wraps only between the parts of the address; in English it and the QR code open the
    English form."""
    words = {
        "es": ("Controles de la presentación", "Mostrar resultados"),
        "en": ("Presenter controls", "Show results"),
    }
    controls, show = words[lang]
    with sized_page(browser, small_url, viewport) as page:
        page.goto(f"/{routes.url_path('presenter')}?pantalla=completa" + ("&lang=en" if lang == "en" else ""))
        page.get_by_text(controls).click()
        page.get_by_text(show, exact=True).click()
        page.get_by_text(controls).click()
        expect(page.locator(".js-plotly-plot")).to_have_count(1)
        page.wait_for_timeout(700)
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
        page.locator("h1").evaluate(SCROLL_HOME)
        texts = page.evaluate(TEXT_AROUND)
        assert len(texts) > 15, texts
        small = [t for t in texts if t["size"] < MIN_PX]
        assert small == [], f"text around the charts under {MIN_PX} px: {small}"
        suffix = "?lang=en" if lang == "en" else ""
        join, ask = page.locator("a.igm-join").all()  # the form's address, then the questions page's
        for link, route in ((join, "assessment"), (ask, "questions")):
            address = f"/{routes.url_path(route)}{suffix}"
            assert link.get_attribute("href").endswith(address)
            assert link.inner_text().replace("\n", "").endswith(address)
            assert link.evaluate(SPLIT_WORDS) == [], f"the {route} link wraps inside a word"
        # The form's address on screen; at 1280×720 the questions page's comes under it, below the fold.
        assert not outside_box(join.bounding_box(), viewport_box(page))
        expected = f"/{routes.url_path('assessment')}{suffix}"
        qr = page.get_by_role("img", name=expected, exact=False)
        expect(qr).to_have_count(1)  # the QR code's text alternative names the same address
        page.screenshot(path=shots / f"presenter_text_{viewport['width']}x{viewport['height']}_{lang}.png")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_presenter_on_a_phone_cuts_no_title_or_value(browser, small_url, shots, lang):
    """A phone (its user agent says so) gets the charts in phone sizes: every title, label and value
    inside the chart and the screen, the page's title whole, no sideways scrolling."""
    tag, next_chart = ("DATOS DE EJEMPLO", "Siguiente") if lang == "es" else ("EXAMPLE DATA", "Next")
    titles = (
        TITLES
        if lang == "es"
        else ("Areas by priority index", "Capacity against priority", "Areas by country (mean index)")
    )
    with sized_page(browser, small_url, PHONE) as page:
        page.goto(f"/{routes.url_path('presenter')}" + ("?lang=en" if lang == "en" else ""))
        page.get_by_text("Mostrar resultados" if lang == "es" else "Show results", exact=True).click()
        for step, title in enumerate(titles):
            check_chart(page, title, PHONE, full=False, example_tag=tag)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            h1 = page.locator("h1")
            assert h1.evaluate("e => e.scrollWidth <= e.clientWidth"), "the page's title is cut"
            page.screenshot(path=shots / f"presenter_14_390x844_{lang}_{step + 1}.png")
            page.get_by_role("button", name=next_chart).click()
