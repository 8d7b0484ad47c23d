"""What only a browser shows of issue 20: where the keyboard's focus goes after Enter, the focus ring of
a radio option, what a reload keeps, a title and its first button on a phone, and top-3 choices made
while the page is still catching up (a slow connection). Screenshots land in artifacts/screenshots/.
"""

import itertools
import re

import pytest
from playwright.sync_api import Page, expect

from indicators.consultation import load_consultation
from indicators.questionnaire import load_questionnaire
from tests.e2e.conftest import LAPTOP, PHONE, PROJECTOR, sized_page
from tests.e2e.test_journeys import choose, open_select, settle
from tests.e2e.test_phone import WORDS, active_table, open_form
from ui import routes

pytestmark = pytest.mark.browser

Q = load_questionnaire()
C = load_consultation()
SIZES = {"390x844": PHONE, "1280x720": LAPTOP, "1920x1080": PROJECTOR}
RANKS = {"es": ("1.ª (la más importante)", "2.ª", "3.ª"), "en": ("1st (the most important)", "2nd", "3rd")}

# Whether the focused element is inside the container of that key (Streamlit's st-key-<key> class).
FOCUS_IN = "key => !!document.activeElement.closest('.st-key-' + key)"
# Every box between a radio option and its area that would cut a ring drawn `reach` px around it.
CLIPPERS = """([reach, stop]) => {
  const label = document.activeElement.closest('[data-testid=stRadioOption]');
  if (!label) return ['the focus is not on a radio option: ' + document.activeElement.outerHTML.slice(0, 80)];
  const r = label.getBoundingClientRect(), cut = [];
  for (let n = label.parentElement; n && !n.matches(stop); n = n.parentElement) {
    const s = getComputedStyle(n), b = n.getBoundingClientRect();
    if (s.overflow === 'visible' && s.clipPath === 'none') continue;
    if (r.left - reach < b.left || r.top - reach < b.top || r.right + reach > b.right
        || r.bottom + reach > b.bottom) cut.push(n.className.slice(0, 40) + ' ' + s.overflow);
  }
  return cut;
}"""
RING = """() => { const l = document.activeElement.closest('[data-testid=stRadioOption]');
  const s = getComputedStyle(l); return [s.outlineStyle, parseFloat(s.outlineWidth),
  parseFloat(s.outlineOffset), s.outlineColor, l.getBoundingClientRect().height]; }"""


# How many lines the page's title takes (the line boxes of its text).
TITLE_LINES = """() => {
  // Lines as the text's height over the line height: counting distinct box bottoms took an accented
  // letter drawn from a fallback font (a bottom a pixel lower) for a line of its own.
  const h1 = document.querySelector("h1");
  const range = document.createRange();
  range.selectNodeContents(h1);
  const lineHeight = parseFloat(getComputedStyle(h1).lineHeight);
  return Math.round(range.getBoundingClientRect().height / lineHeight);
}"""
# Every message from the server reaches the page `window.__igmDelay` ms late, in order.
SLOW_CONNECTION = """const Native = window.WebSocket; window.__igmDelay = 0;
const later = (f, self) => (e) => {
  const d = window.__igmDelay; d ? setTimeout(() => f.call(self, e), d) : f.call(self, e); };
window.WebSocket = class extends Native {
  set onmessage(f) { super.onmessage = later(f, this); }
  get onmessage() { return super.onmessage; }
  addEventListener(type, f, o) {
    return super.addEventListener(type, type === "message" ? later(f, this) : f, o); }
};"""


def luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def heading(page: Page, theme: str):
    return page.get_by_role("heading", name=Q.themes[theme]["es"], level=3)


def test_the_keyboard_goes_through_the_form_without_skipping_a_table_or_falling_to_the_page(
    browser, app_url, access_code, shots
):
    with sized_page(browser, app_url, LAPTOP) as page:
        page.goto(f"/{routes.url_path('assessment')}")
        country = page.get_by_role("combobox", name="País")
        expect(country).to_be_enabled()
        country.focus()  # a select chosen with the keyboard keeps the focus after the page reruns
        page.keyboard.press("ArrowDown")
        expect(page.get_by_role("option").first).to_be_visible()
        page.keyboard.press("Enter")
        settle(page)
        expect(country).not_to_have_value("")
        expect(country).to_be_focused()
        choose(page, "País", "Honduras")
        choose(page, "Gobierno local", "Omoa")
        code = page.get_by_label("Código de acceso del gobierno local")
        code.fill(access_code)
        code.press("Enter")  # Enter in the code box starts, as "Empezar" does
        form = page.get_by_role("heading", name="Omoa · Honduras", level=2)
        expect(form).to_be_focused()  # not <body>: the button that opened the form is gone

        themes = list(Q.themes)
        page.get_by_role("button", name="Siguiente mesa: Mesa 2").focus()
        page.keyboard.press("Enter")
        expect(heading(page, themes[1])).to_be_focused()  # the new table's start, not the button
        expect(active_table(page)).to_have_text("Mesa 2")
        page.keyboard.press("Enter")  # a second Enter on the heading opens nothing
        settle(page)
        expect(active_table(page)).to_have_text("Mesa 2")
        expect(page).to_have_url(re.compile(r"[?&]mesa=rt2\b"))
        page.keyboard.press("Tab")  # and the next stop is the table's first answer
        assert page.evaluate(FOCUS_IN, f"sa_area_{Q.areas_of(themes[1])[0].key}")
        page.screenshot(path=shots / "keyboard_next_table_1280x720.png")

        for number in range(3, len(themes) + 1):
            page.get_by_role("button", name=f"Siguiente mesa: Mesa {number}").focus()
            page.keyboard.press("Enter")
            expect(heading(page, themes[number - 1])).to_be_focused()
        expect(page.get_by_role("button", name=re.compile("Siguiente mesa"))).to_have_count(0)
        settle(page)
        assert page.evaluate("() => document.activeElement !== document.body")  # the last table too


@pytest.mark.parametrize("size", list(SIZES))
def test_a_radio_option_shows_its_focus_ring_whole(browser, app_url, access_code, shots, size):
    with sized_page(browser, app_url, SIZES[size], has_touch=True) as page:
        open_form(page, access_code, "es")
        area = Q.areas_of(next(iter(Q.themes)))[0].key
        page.locator(f".st-key-sa_area_{area} input[type=radio]").first.focus()
        page.keyboard.press("Shift+Tab")  # reached by the keyboard, so the browser shows the ring
        page.keyboard.press("Tab")
        style, width, offset, colour, height = page.evaluate(RING)
        assert style == "solid" and width >= 2, (style, width)
        assert contrast(colour, "rgb(255, 255, 255)") >= 3, colour  # WCAG 2.2 focus appearance
        assert height >= 24  # the option itself is a target big enough to tap
        assert page.evaluate(CLIPPERS, [width + offset, f".st-key-sa_area_{area}"]) == []
        page.locator(f".st-key-sa_area_{area}").screenshot(path=shots / f"radio_focus_{size}.png")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_radio_options_are_24_px_apart_and_the_title_leaves_start_in_view_on_a_phone(
    browser, app_url, access_code, shots, lang
):
    with sized_page(browser, app_url, PHONE) as page:
        page.goto(f"/{routes.url_path('assessment')}" + ("?lang=en" if lang == "en" else ""))
        title = page.get_by_role("heading", level=1)
        expect(title).to_be_visible()
        settle(page)
        lines = page.evaluate(TITLE_LINES)
        assert lines <= 2, f"the title takes {lines} lines"
        expect(page.get_by_role("button", name=WORDS[lang]["start"], exact=True)).to_be_in_viewport()
        page.screenshot(path=shots / f"phone_gate_{lang}.png")

        open_form(page, access_code, lang)
        area = Q.areas_of(next(iter(Q.themes)))[0].key
        options = page.locator(f".st-key-sa_area_{area} [data-testid=stRadioOption]")
        expect(options).to_have_count(5 + 3)  # capacity 0-4, then priority
        boxes = [options.nth(i).bounding_box() for i in range(5)]
        assert all(box["height"] >= 24 for box in boxes), boxes
        gaps = [below["y"] - (above["y"] + above["height"]) for above, below in itertools.pairwise(boxes)]
        assert min(gaps) >= 4, gaps
        page.locator(f".st-key-sa_area_{area}").screenshot(path=shots / f"phone_capacity_{lang}.png")


def test_a_long_area_name_is_read_whole_in_the_top3_on_a_phone(browser, app_url, access_code, shots):
    longest = max(Q.areas_of("rt1"), key=lambda a: len(a.name["es"])).name["es"]
    with sized_page(browser, app_url, PHONE) as page:
        open_form(page, access_code, "es")
        box = page.get_by_test_id("stSelectbox").filter(has_text=RANKS["es"][0])
        open_select(page, box, page.get_by_role("option", name=longest, exact=True))
        option = page.get_by_role("option", name=longest, exact=True)
        # Wrapped in the open list, not cut: the text fits its option.
        assert option.evaluate("e => e.firstElementChild.scrollWidth <= e.firstElementChild.clientWidth + 1")
        option.click()
        settle(page)
        written = page.locator(".st-key-sa_top3_order").get_by_text(f"1. {longest}")
        expect(written).to_be_visible()
        assert written.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        page.locator(".st-key-sa_top3_rt1").screenshot(path=shots / "phone_top3_long_name.png")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_top3_keeps_choices_made_while_the_page_catches_up(browser, app_url, access_code, lang):
    """A slow connection: every message from the server reaches the page 1.5 s late, so each list is
    opened before the previous choice has come back. Three different areas chosen by name all stay."""
    with sized_page(browser, app_url, LAPTOP, has_touch=True) as page:
        page.add_init_script(SLOW_CONNECTION)
        open_form(page, access_code, lang)
        page.evaluate("window.__igmDelay = 1500")
        areas = [a.name[lang] for a in Q.areas_of("rt1")[:3]]
        for rank, area in zip(RANKS[lang], areas, strict=True):
            box = page.get_by_test_id("stSelectbox").filter(has_text=rank)
            wanted = page.get_by_role("option", name=area, exact=True)
            # The list opens at once, drawn from what the page had: the last choice is still on its way.
            open_select(page, box, wanted)
            wanted.click()
        for rank, area in zip(RANKS[lang], areas, strict=True):
            box = page.get_by_test_id("stSelectbox").filter(has_text=rank)
            expect(box.get_by_role("combobox")).to_have_value(area)
        settle(page)
        for rank, area in zip(RANKS[lang], areas, strict=True):
            expect(
                page.get_by_test_id("stSelectbox").filter(has_text=rank).get_by_role("combobox")
            ).to_have_value(area)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_reload_of_the_form_shows_the_resume_code_on_the_page(browser, app_url, access_code, lang):
    with sized_page(browser, app_url, PHONE) as page:
        open_form(page, access_code, lang)
        intro = "Su código de reanudación es" if lang == "es" else "Your resume code is"
        code = page.get_by_text(intro).inner_text().split(intro)[1].split(".")[0].strip()
        page.reload()
        expect(page.get_by_role("heading", name="Omoa · Honduras")).to_be_visible()
        expect(page.get_by_text(f"{intro} {code}.")).to_be_visible()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_reload_keeps_the_consultation_where_it_was(browser, app_url, shots, lang, size):
    words = {
        "es": ("Empezar", "Su código personal es", "Borrador guardado: {} de {} preguntas respondidas"),
        "en": ("Start", "Your personal code is", "Draft saved: {} of {} questions answered"),
    }[lang]
    first = C.items_of("before")[0]
    text = next(i for i in C.items_of("before") if i.kind == "text")
    with sized_page(browser, app_url, SIZES[size]) as page:
        page.goto(f"/{routes.url_path('consultation')}" + ("?lang=en" if lang == "en" else ""))
        page.get_by_role("button", name=words[0], exact=True).click()
        shown = page.get_by_text(words[1])
        expect(shown).to_be_visible()
        code = shown.inner_text().split(words[1])[1].split(".")[0].strip()
        settle(page)
        rating = page.get_by_role("radiogroup", name=first.text[lang])
        rating.get_by_text(f"4 · {C.label(first, 4, lang)}", exact=True).click()
        total = len(C.items_of("before"))
        expect(page.get_by_text(words[2].format(1, total))).to_be_visible()  # the choice is saved
        box = page.get_by_label(text.text[lang], exact=True)
        box.fill("Conocer experiencias de «ciudades solidarias»")
        box.press("Tab")  # leaving the box commits what was typed
        expect(page.get_by_text(words[2].format(2, total))).to_be_visible()  # and so is the text
        expect(page).to_have_url(re.compile(rf"[?&]c={code}\b"))
        page.reload()
        expect(page.get_by_text(f"{words[1]} {code}.")).to_be_visible()  # on the page, not only the address
        rating = page.get_by_role("radiogroup", name=first.text[lang])
        expect(rating.get_by_role("radio", name=f"4 · {C.label(first, 4, lang)}")).to_be_checked()
        expect(page.get_by_label(text.text[lang], exact=True)).to_have_value(
            "Conocer experiencias de «ciudades solidarias»"
        )
        page.screenshot(path=shots / f"consultation_reloaded_{lang}_{size}.png")
