"""deploy/nginx.conf in front of a real Streamlit server: gzip, long caching of the bundle, the websocket;
deploy/nginx-instances.conf in front of two instances on one PostgreSQL: each browser kept on one.

nginx (Debian package `nginx`, installed by scripts/test.sh) runs the repository's own files on free
ports, as the current user, with its pid, logs and temporary files in the test's folder.
"""

import base64
import contextlib
import gzip
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from indicators.store import Store
from tests.conftest import complete
from tests.e2e.conftest import _free_port, _wait_until_healthy, app_env, serve, start_app, stop_app
from ui import routes

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "deploy" / "nginx.conf"
INSTANCES_CONFIG = REPO / "deploy" / "nginx-instances.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def get(url: str, gzip_ok: bool = True) -> tuple[int, dict, bytes]:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def need_nginx() -> None:
    if not Path(NGINX).exists():
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail("nginx is missing: scripts/test.sh installs it (apt-get install -y nginx)")
        pytest.skip("nginx is missing: apt-get install -y nginx")


@contextlib.contextmanager
def nginx(config: Path, prefix: Path, apps: list[str]):
    """nginx running `config` on a free port in front of the apps (their URLs, in the order of the
    file's `server 127.0.0.1:850N;` lines); yields its URL."""
    (prefix / "logs").mkdir(parents=True)
    (prefix / "temp").mkdir()
    text = config.read_text()
    proxy_port = _free_port()
    assert "listen 8080;" in text
    text = text.replace("listen 8080;", f"listen 127.0.0.1:{proxy_port};")
    for number, app in enumerate(apps, 1):
        line = f"server 127.0.0.1:850{number};"
        assert line in text, line
        text = text.replace(line, f"server 127.0.0.1:{urlsplit(app).port};")
    if os.geteuid() == 0:  # workers would otherwise run as nobody, who cannot enter the test's folder
        text = "user root;\n" + text
    (prefix / "nginx.conf").write_text(text)
    proxy = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", "nginx.conf", "-e", "logs/error.log", "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    through = f"http://127.0.0.1:{proxy_port}"
    try:
        _wait_until_healthy(through, proxy, prefix / "logs" / "error.log")
        yield through
    finally:
        stop_app(proxy)


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """(direct URL, proxied URL): the app on one free port, nginx with deploy/nginx.conf on another."""
    need_nginx()
    tmp = tmp_path_factory.mktemp("proxy")
    with serve(tmp / "app.duckdb", tmp) as direct, nginx(CONFIG, tmp / "nginx", [direct]) as through:
        yield direct, through


def main_bundle(url: str) -> str:
    """The path of Streamlit's main JavaScript file, as the app's page names it."""
    _, _, page = get(url + "/", gzip_ok=False)
    return re.search(rb'src="\.?(/static/js/index\.[^"]+\.js)"', page).group(1).decode()


def test_the_bundle_is_gzipped_and_cached_for_a_year(proxied):
    direct, through = proxied
    bundle = main_bundle(through)
    status, headers, body = get(through + bundle)
    assert status == 200 and headers.get("content-encoding") == "gzip"
    assert "max-age=31536000" in headers["cache-control"] and "immutable" in headers["cache-control"]
    _, plain_headers, plain = get(direct + bundle)
    assert plain_headers.get("content-encoding") != "gzip"  # Streamlit alone sends it as is
    assert gzip.decompress(body) == plain
    assert len(body) < len(plain) / 2


def test_the_page_loads_through_the_proxy_and_is_not_cached(proxied):
    _, through = proxied
    status, headers, body = get(f"{through}/{routes.url_path('map')}", gzip_ok=False)
    assert status == 200 and b'<div id="root">' in body
    assert "max-age=31536000" not in headers.get("cache-control", "")


def test_the_websocket_is_proxied(proxied):
    """The app runs over /_stcore/stream: nginx must answer the upgrade with 101, as Streamlit does."""
    _, through = proxied
    port = int(through.rsplit(":", 1)[1])
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        "GET /_stcore/stream HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode())
        answer = sock.recv(4096).decode(errors="replace")
    assert answer.startswith("HTTP/1.1 101"), answer


@pytest.mark.browser
def test_the_app_draws_through_the_proxy_in_chromium(proxied, browser, shots):
    """A real visit: the home page's heading is drawn over the proxied websocket."""
    _, through = proxied
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(through + "/")
    expect(page.get_by_role("heading", name="Tablero IGM local")).to_be_visible(timeout=60_000)
    page.screenshot(path=shots / "proxy-home-1280.png")
    context.close()


# --- several instances: deploy/nginx-instances.conf ------------------------------------------------

BROWSERS = 12  # browsers opened until both instances have served one (all on one: 1 chance in 2,048)
LOGGED = re.compile(r'"GET (\S+) HTTP/1\.1" (\d+) key=(\S+) upstream=(\S+)')


@pytest.fixture
def instances(postgres_url, tmp_path):
    """Two app instances on one PostgreSQL database, a complete draft to submit, nginx in front of them
    with deploy/nginx-instances.conf: (proxied URL, the instances' URLs, nginx's access log, the
    draft's resume code, the database)."""
    need_nginx()
    init = subprocess.run(
        [sys.executable, "-m", "indicators", "init-db", "--db", postgres_url],
        cwd=REPO, capture_output=True, text=True, timeout=300, env=app_env(),
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    store = Store.open(postgres_url)
    assessment_id, code = store.create_assessment("hnd-omoa")
    store.save_draft(assessment_id, complete("hnd-omoa"))
    store.close()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("")
    env = app_env(IGM_DATABASE_URL=postgres_url)
    servers = []
    try:
        for name in ("a", "b"):
            servers.append(start_app(env, tmp_path / f"{name}.log", secrets))
        apps = [url for _, url in servers]
        with nginx(INSTANCES_CONFIG, tmp_path / "nginx", apps) as through:
            yield through, apps, tmp_path / "nginx" / "logs" / "access.log", code, postgres_url
    finally:
        for server, _ in servers:
            stop_app(server)


def served(log: Path, websockets: int) -> list[tuple[str, str, str]]:
    """(path, browser's key, instance) of every request logged, once `websockets` have ended (nginx
    logs a request when it ends; a websocket ends when its page is closed)."""
    deadline = time.monotonic() + 30
    while True:
        lines = LOGGED.findall(log.read_text()) if log.exists() else []
        ended = [line for line in lines if line[0] == "/_stcore/stream"]
        if len(ended) >= websockets or time.monotonic() > deadline:
            return [(path, key, upstream) for path, _, key, upstream in lines]
        time.sleep(0.2)


@pytest.mark.browser
def test_each_browser_stays_on_one_instance_and_a_submission_goes_through(browser, instances, shots):
    through, apps, log, code, database = instances
    ports = {f"127.0.0.1:{urlsplit(app).port}" for app in apps}
    opened = 0
    while opened < BROWSERS:
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        page = context.new_page()
        page.goto(through + "/")
        expect(page.get_by_role("heading", name="Tablero IGM local")).to_be_visible(timeout=60_000)
        cookie = next(c for c in context.cookies() if c["name"] == "igm_instance")
        page.reload()  # a reload keeps its instance (a Streamlit session reconnects to its own process)
        expect(page.get_by_role("heading", name="Tablero IGM local")).to_be_visible(timeout=60_000)
        assert next(c for c in context.cookies() if c["name"] == "igm_instance") == cookie
        context.close()
        opened += 1
        on = {upstream for _, key, upstream in served(log, 2 * opened) if key == cookie["value"]}
        assert len(on) == 1, on  # every request of this browser, both visits: one instance
        if {upstream for _, _, upstream in served(log, 2 * opened)} >= ports:
            break
    assert {upstream for _, _, upstream in served(log, 2 * opened)} >= ports, "one instance served all"

    # A phone's submission through the proxy: the form, "Enviar", the confirmation, the database; and
    # the summary's PDF, built by the instance that drew its button when the phone asks for it.
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{through}/{routes.url_path('assessment')}?r={code}")
    page.get_by_role("button", name="Enviar", exact=True).tap()
    expect(page.get_by_text("¡Enviado! Versión 1.")).to_be_visible(timeout=60_000)
    page.screenshot(path=shots / "proxy-instances-submitted-390.png")
    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar el resumen en PDF").tap()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    key = next(c for c in context.cookies() if c["name"] == "igm_instance")["value"]
    context.close()
    assert len({upstream for _, k, upstream in served(log, 2 * opened + 1) if k == key}) == 1
    store = Store.open(database)
    try:
        stored = store.query("SELECT state, version FROM assessments WHERE NOT is_example")
        history = store.query("SELECT count(*) AS n FROM assessment_history")["n"][0]
    finally:
        store.close()
    assert stored.values.tolist() == [["submitted", 1]] and history == 1  # stored once
