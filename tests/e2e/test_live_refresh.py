"""The presenter's automatic refresh in Chromium, on the answers' kept sums: with no new data the chart
is not redrawn (no change at all in its part of the page over three refreshes), and a submission
from a phone reaches the counts within one refresh interval and 3 s.
"""

import pytest
from playwright.sync_api import expect

from indicators.config import DATA_DIR
from indicators.demo import generate_assessments
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.conftest import complete
from tests.e2e.conftest import LAPTOP, PHONE, serve, sized_page
from ui import routes

pytestmark = pytest.mark.browser

EXAMPLES = 300
REFRESH_S = 2  # the shortest "refresh every" the page offers: three refreshes in a few seconds
DRAWN_MS = 3_000
# Before the app's scripts: every message the page sends (each refresh is one), every change inside
# the chart once it is drawn.
WATCH = """
window.__sent = 0; window.__chartChanges = null;
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) { window.__sent += 1; return send.call(this, data); };
window.__watchChart = () => {
  window.__chartChanges = 0;
  new MutationObserver((m) => { window.__chartChanges += m.length; }).observe(
    document.querySelector('[data-testid="stPlotlyChart"]'),
    {subtree: true, childList: true, attributes: true, characterData: true});
};
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    store = Store.open(folder / "app.duckdb")
    store.load_bundled(DATA_DIR)
    generate_assessments(store, load_questionnaire(), EXAMPLES, seed=4)
    assessment_id, code = store.create_assessment("hnd-omoa")
    store.save_draft(assessment_id, complete("hnd-omoa"))
    store.close()
    with serve(folder / "app.duckdb", folder) as url:
        yield url, code


def responses(page):
    return page.locator('[data-testid="stMetric"]', has_text="Respuestas").get_by_test_id("stMetricValue")


def test_no_redraw_without_new_data_and_a_submission_within_the_interval(browser, server, shots):
    url, code = server
    with sized_page(browser, url, LAPTOP) as page:
        page.add_init_script(WATCH)
        page.goto(f"/{routes.url_path('presenter')}")
        every = page.get_by_label("Actualizar cada (segundos)")
        every.fill(str(REFRESH_S))
        every.press("Enter")
        page.get_by_text("Mostrar resultados", exact=True).click()
        expect(page.get_by_test_id("stPlotlyChart")).to_be_visible()
        expect(responses(page)).to_have_text(str(EXAMPLES))
        page.wait_for_timeout(1_000)  # plotly's first drawing done
        page.evaluate("window.__watchChart()")
        sent = page.evaluate("window.__sent")
        page.wait_for_function(f"window.__sent >= {sent + 3}", timeout=10 * REFRESH_S * 1000)
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
        assert page.evaluate("window.__chartChanges") == 0  # three refreshes, the chart untouched

        with sized_page(browser, url, PHONE) as phone:
            phone.goto(f"/{routes.url_path('assessment')}?r={code}")
            submit = phone.get_by_role("button", name="Enviar", exact=True)
            expect(submit).to_be_enabled()
            submit.tap()  # the clock starts at the tap, before the server has stored it
            expect(responses(page)).to_have_text(str(EXAMPLES + 1), timeout=REFRESH_S * 1000 + DRAWN_MS)
            expect(phone.get_by_text("¡Enviado! Versión 1.")).to_be_visible()
        page.screenshot(path=shots / "presenter-after-a-submission-1280.png")
