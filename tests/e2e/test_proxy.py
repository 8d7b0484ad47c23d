"""deploy/nginx.conf in front of a real Streamlit server: gzip, long caching of the bundle, the websocket.

nginx (Debian package `nginx`, installed by scripts/test.sh) runs the repository's own file on free
ports, as the current user, with its pid, logs and temporary files in the test's folder.
"""

import base64
import gzip
import os
import re
import shutil
import socket
import subprocess
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import _free_port, _wait_until_healthy, serve, stop_app
from ui import routes

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def get(url: str, gzip_ok: bool = True) -> tuple[int, dict, bytes]:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """(direct URL, proxied URL): the app on one free port, nginx with deploy/nginx.conf on another."""
    if not Path(NGINX).exists():
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail("nginx is missing: scripts/test.sh installs it (apt-get install -y nginx)")
        pytest.skip("nginx is missing: apt-get install -y nginx")
    tmp = tmp_path_factory.mktemp("proxy")
    with serve(tmp / "app.duckdb", tmp) as direct:
        app_port, proxy_port = urlsplit(direct).port, _free_port()
        prefix = tmp / "nginx"
        (prefix / "logs").mkdir(parents=True)
        (prefix / "temp").mkdir()
        text = CONFIG.read_text()
        assert "listen 8080;" in text and "server 127.0.0.1:8501;" in text
        text = text.replace("listen 8080;", f"listen 127.0.0.1:{proxy_port};")
        text = text.replace("server 127.0.0.1:8501;", f"server 127.0.0.1:{app_port};")
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
            yield direct, through
        finally:
            stop_app(proxy)


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
