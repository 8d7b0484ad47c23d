"""The first visit to a page's own address, on a server that has just started, shows that page.

Each case starts a Streamlit server of its own, because the fault this guards against (Streamlit's
"Page not found" pop-up, shown when views sat in a folder named pages/) hit only the first deep link
a fresh server answered: the person who scans the presenter's QR code first.
"""

import pytest
from playwright.sync_api import expect

from indicators.i18n import Translator
from tests.e2e.conftest import PHONE, serve, sized_page
from ui import routes

pytestmark = pytest.mark.browser

T = Translator("es")
TITLES = {"assessment": "sa.title", "home": "home.title"}


@pytest.mark.parametrize("key", [route.key for route in routes.ROUTES])
def test_first_deep_link_after_start_shows_the_page(browser, tmp_path, shots, key):
    """Every page; the form (the QR code's target) and home by their exact titles."""
    with serve(tmp_path / "fresh.duckdb", tmp_path) as url, sized_page(browser, url, PHONE) as page:
        page.goto(f"/{routes.url_path(key)}")
        heading = page.get_by_role("heading", level=1)
        title = heading.filter(has_text=T(TITLES[key])) if key in TITLES else heading.first
        expect(title).to_be_visible()
        # The pop-up came with the page's first run: wait until the run is over, then look for it.
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
        page.wait_for_timeout(1_500)
        expect(page.get_by_role("dialog")).to_have_count(0)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(title).to_be_in_viewport()
        assert page.url.endswith(f"/{routes.url_path(key)}"), page.url  # not sent to the main page
        page.screenshot(path=shots / f"deep_link_{routes.url_path(key)}_390x844.png")
