"""What a cold first visit transfers, with and without deploy/nginx.conf in front (gzip and caching).

Run from the repository root (about 4 minutes; needs Debian's nginx and Chromium):

    .venv/bin/python bench/bench_proxy.py

Starts the app on a temporary database (40 example assessments, so the presenter has charts) and
nginx with the repository's config (both on free ports), then opens two pages in Chromium with an
empty cache, directly and through nginx: /mapa until the map's canvas is drawn, and /presentacion
until its first chart is drawn once "Mostrar resultados" is switched on (what a presenter opens).
It sums the bytes Chromium received for every request (Network.loadingFinished's encodedDataLength:
compressed size plus headers; the websocket's messages are not included). A second visit in the same
browser context shows what the long cache lifetime saves. Median of 5 runs each; the time to the
canvas or chart is printed with the CPU yardstick Y and the load average (bench/yardstick.py).
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from yardstick import Report, yardstick  # noqa: E402

from indicators.config import DATA_DIR  # noqa: E402 (after the path is set)
from indicators.demo import generate_assessments  # noqa: E402
from indicators.questionnaire import load_questionnaire  # noqa: E402
from indicators.store import Store  # noqa: E402
from ui import routes  # noqa: E402

MAP = routes.url_path("map")
PRESENTER = routes.url_path("presenter")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'
CHART = ".js-plotly-plot"
RUNS = 5
SETTLE_MS = 3000  # after the canvas: late requests (fonts, icons) still count


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def map_drawn(page) -> None:
    page.locator(CANVAS).first.wait_for(timeout=120_000)


def chart_drawn(page) -> None:
    page.get_by_text("Mostrar resultados", exact=True).click(timeout=120_000)
    page.locator(CHART).first.wait_for(timeout=120_000)


PAGES = ((MAP, map_drawn, "the map's canvas"), (PRESENTER, chart_drawn, "its first chart"))


def visit(browser, url: str, path: str, drawn) -> tuple[int, int, float]:
    """(bytes of the cold visit, bytes of a second visit, seconds until `drawn` when cold)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    received = [0]
    cdp.on(
        "Network.loadingFinished",
        lambda event: received.__setitem__(0, received[0] + event["encodedDataLength"]),
    )
    start = time.perf_counter()
    page.goto(f"{url}/{path}")
    drawn(page)
    seconds = time.perf_counter() - start
    page.wait_for_timeout(SETTLE_MS)
    cold = received[0]
    received[0] = 0
    page.goto(f"{url}/{path}")
    drawn(page)
    page.wait_for_timeout(SETTLE_MS)
    warm = received[0]
    context.close()
    return cold, warm, seconds


def main() -> None:
    began = time.perf_counter()
    report = Report(
        title="bench_proxy: a cold first visit of the map and the presenter, straight and through nginx"
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    with tempfile.TemporaryDirectory(prefix="igm-proxy-") as tmp:
        folder = Path(tmp)
        app_port, proxy_port = free_port(), free_port()
        store = Store.open(folder / "app.duckdb")
        store.load_bundled(DATA_DIR)
        generate_assessments(store, load_questionnaire(), 40)
        store.close()
        env = {**os.environ, "IGM_DB_PATH": str(folder / "app.duckdb"), "IGM_BASEMAP": "none"}
        app = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless",
                "true",
                "--server.port",
                str(app_port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        prefix = folder / "nginx"
        (prefix / "logs").mkdir(parents=True)
        (prefix / "temp").mkdir()
        text = (REPO / "deploy" / "nginx.conf").read_text()
        text = text.replace("listen 8080;", f"listen 127.0.0.1:{proxy_port};")
        text = text.replace("server 127.0.0.1:8501;", f"server 127.0.0.1:{app_port};")
        if os.geteuid() == 0:
            text = "user root;\n" + text
        (prefix / "nginx.conf").write_text(text)
        proxy = subprocess.Popen(
            [nginx, "-p", str(prefix), "-c", "nginx.conf", "-e", "logs/error.log", "-g", "daemon off;"]
        )
        try:
            direct, through = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{proxy_port}"
            wait_for(direct + "/_stcore/health")
            wait_for(through + "/_stcore/health")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for path, drawn, _ in PAGES:  # the server's first render of each page is not measured
                    visit(browser, direct, path, drawn)
                for path, drawn, what in PAGES:
                    for name, url in (("direct to Streamlit", direct), ("through nginx", through)):
                        runs, units = [], []
                        for _ in range(RUNS):
                            units.append(yardstick())
                            runs.append(visit(browser, url, path, drawn))
                        cold = statistics.median(r[0] for r in runs)
                        warm = statistics.median(r[1] for r in runs)
                        report.text(
                            f"/{path} {name}: bytes received, median of {RUNS}",
                            f"cold visit {cold / 1024 / 1024:.2f} MB, second visit {warm / 1024:.0f} KB",
                        )
                        seconds = [r[2] for r in runs]
                        report.figure(f"/{path} {name}: cold visit to {what}", (seconds, units))
                browser.close()
        finally:
            for process in (proxy, app):
                process.terminate()
                process.wait(timeout=10)
    report.end(began)


if __name__ == "__main__":
    main()
