"""Real-browser fixtures: the app in its own Streamlit server, driven through Debian's Chromium.

Nothing is mocked: the server runs app.py as a user starts it, only on a database file of its own.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import geopandas as gpd
import pytest
from playwright.sync_api import expect, sync_playwright
from shapely.geometry import box

from indicators.config import DATA_DIR
from indicators.demo import generate_assessments, generate_results
from indicators.framework import load_framework
from indicators.layers import import_layer
from indicators.questionnaire import load_questionnaire
from indicators.results import read_results
from indicators.store import Store
from tests.conftest import add_account
from ui import routes

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"
# Findings written to hurt (outside images, styles, frames, an overlay, links, a script) for Upala.
HOSTILE_FINDINGS = REPO_ROOT / "tests" / "data" / "hostile_findings.csv"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# 1000 px is not tall enough: the map ends about 1,080 px down and its legend below that. Streamlit
# scrolls an inner container, so a full-page screenshot would not show more; a taller window does.
VIEWPORT = {"width": 1400, "height": 1250}
STARTUP_SECONDS = 60
ORGANISER_USER = "e2e"
ORGANISER_PASSWORD = "contraseña de prueba e2e"  # the journeys' server only

# A cold server needs a few seconds for its first page and the map; 30 s leaves room on a slow machine.
expect.set_options(timeout=30_000)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:  # not listening yet (URLError is an OSError)
            pass
        time.sleep(0.2)
    pytest.fail(
        f"the app did not answer {url}/_stcore/health within {STARTUP_SECONDS} s "
        f"(exit code {server.poll()}); its output:\n{log.read_text()}"
    )


def import_test_layer(store: Store, folder: Path) -> None:
    """A SYNTHETIC Honduran adm2 layer (a grid of squares, one at Danlí's seat) imported through the
    organisers' import, so the map can show an imported layer as context. Test data only."""
    squares = [
        box(-89.4 + 0.35 * i, 13.2 + 0.35 * j, -89.1 + 0.35 * i, 13.5 + 0.35 * j)
        for i in range(10)
        for j in range(7)
    ]
    codes = [f"T{n:03d}" for n in range(len(squares))]
    squares.append(box(-86.7, 13.9, -86.4, 14.2))
    codes.append("0703")
    path = folder / "synthetic_hnd_adm2.gpkg"
    gpd.GeoDataFrame({"code": codes}, geometry=squares, crs="EPSG:4326").to_file(path)
    import_layer(
        store,
        path.read_bytes(),
        path.name,
        "HND",
        "adm2",
        "code",
        None,
        "Capa sintética de prueba",
        "solo para pruebas",
    )


@pytest.fixture(scope="session")
def access_code(tmp_path_factory) -> str:
    """An access code for Omoa, 40 example assessments for the presenter and example IGM results
    for one place, written to the journeys' database before the app holds its lock."""
    db = tmp_path_factory.getbasetemp() / "journeys.duckdb"
    store = Store.open(db)
    store.load_bundled(DATA_DIR)
    code = store.create_access_codes("hnd-omoa", 1, created_by="e2e")[0]
    generate_assessments(store, load_questionnaire(), 40)
    generate_results(store, load_framework(), 1)  # example IGM results for one place (Sonora)
    import_test_layer(store, tmp_path_factory.mktemp("layer"))
    hostile = read_results(
        HOSTILE_FINDINGS.read_bytes(), HOSTILE_FINDINGS.name, load_framework(), {"cri-upala"}
    )
    store.import_results(hostile.findings, hostile.answers, HOSTILE_FINDINGS.name)
    store.close()
    return code


def start_app(env: dict, log: Path, secrets: Path) -> tuple[subprocess.Popen, str]:
    """Streamlit serving app.py on a free port with `env` and its own secrets file (never the
    developer's); the process and its address, once healthy."""
    port = _free_port()
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--browser.gatherUsageStats",
                "false",
                # Files edited while the tests run must not rerun the app under them.
                "--server.fileWatcherType",
                "none",
                "--secrets.files",
                str(secrets),
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, server, log)
    except BaseException:
        stop_app(server)
        raise
    return server, url


def stop_app(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def app_env(**overrides: str) -> dict:
    """The environment of a test server: bundled data, the offline basemap and no outside database,
    whatever the shell says."""
    env = {**os.environ, "IGM_BASEMAP": "none", "IGM_SECRETS_FILE": os.devnull}
    for name in ("IGM_DATA_DIR", "IGM_TILE_URL", "IGM_DATABASE_URL"):
        env.pop(name, None)
    return {**env, **overrides}


# Scrolls the page's scrolling container (Streamlit scrolls an inner one, not the window) to the top.
SCROLL_HOME = """e => {
  let box = e.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight && getComputedStyle(box).overflowY !== 'visible')) {
    box = box.parentElement;
  }
  (box || document.scrollingElement).scrollTo(0, 0);
}"""


def log_in_organisers(page, password: str = ORGANISER_PASSWORD, lang: str = "es") -> None:
    """Open the organisers' page and log in as ORGANISER_USER (the admin `serve` made), as a person
    does: user, password, Enter; returns once the page's tabs show."""
    page.goto(f"/{routes.url_path('organisers')}" + ("?lang=en" if lang == "en" else ""))
    user, secret = ("Usuario", "Contraseña") if lang == "es" else ("User", "Password")
    page.get_by_label(user, exact=True).fill(ORGANISER_USER)
    page.get_by_label(secret, exact=True).fill(password)
    page.keyboard.press("Enter")
    expect(page.get_by_role("tab").first).to_be_visible()


@contextlib.contextmanager
def serve(db: Path, folder: Path, organiser_password: str | None = None):
    """A Streamlit server of its own running app.py on `db`, as a user starts it; yields its address.

    The app gets the bundled data and the offline basemap, whatever the developer's shell says, and a
    secrets file of its own (never the developer's). With `organiser_password`, the database has an
    admin account ORGANISER_USER with that password.
    """
    secrets = folder / "secrets.toml"
    secrets.write_text("")
    if organiser_password:
        add_account(ORGANISER_USER, db=str(db), password=organiser_password)
    server, url = start_app(app_env(IGM_DB_PATH=str(db)), folder / "server.log", secrets)
    try:
        yield url
    finally:
        stop_app(server)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory, access_code) -> str:
    """Start the app on a throwaway database (data/ stays untouched) and stop it after the session."""
    db = tmp_path_factory.getbasetemp() / "journeys.duckdb"
    with serve(db, tmp_path_factory.mktemp("app"), ORGANISER_PASSWORD) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install -y chromium (never `playwright install`)"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(reason)  # in CI a missing browser is a broken setup, not a reason to pass
        pytest.skip(reason)
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser, app_url):
    """A fresh browser context per test, so no session state (language, filters) leaks between tests."""
    context = browser.new_context(viewport=VIEWPORT, base_url=app_url)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# Viewports the issue names: a phone (touch), a small projector or laptop, a 1080p projector.
PHONE = {"width": 390, "height": 844}
# What Chrome on an Android phone says it is: the app picks phone-sized charts and map views by the
# "Mobi" in it (ui/screen.py).
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/131.0.0.0 Mobile Safari/537.36"
)
LAPTOP = {"width": 1280, "height": 720}
PROJECTOR = {"width": 1920, "height": 1080}


@contextlib.contextmanager
def sized_page(browser, app_url: str, viewport: dict, **options):
    """A page in a fresh context of the given size (phones get touch and a mobile user agent)."""
    if viewport == PHONE:
        options = {
            "is_mobile": True,
            "has_touch": True,
            "device_scale_factor": 2,
            "user_agent": PHONE_USER_AGENT,
            **options,
        }
    context = browser.new_context(viewport=viewport, base_url=app_url, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


def outside_box(inner: dict, outer: dict, slack: float = 1.0) -> bool:
    """Whether the bounding box `inner` sticks out of `outer` (both as Playwright gives them)."""
    return (
        inner["x"] < outer["x"] - slack
        or inner["y"] < outer["y"] - slack
        or inner["x"] + inner["width"] > outer["x"] + outer["width"] + slack
        or inner["y"] + inner["height"] > outer["y"] + outer["height"] + slack
    )


def viewport_box(page) -> dict:
    size = page.viewport_size
    return {"x": 0, "y": 0, "width": size["width"], "height": size["height"]}
