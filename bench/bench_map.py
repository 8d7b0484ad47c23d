"""Benchmark of the map page: cold start in a real browser, warm reruns, and the map's JSON payload.

Run from the repository root:  .venv/bin/python bench/bench_map.py

Every Streamlit server and the in-process AppTest get a fresh temporary database (IGM_DB_PATH),
so the repository's data/ is never written. See bench/README.md for what each figure means. Every
time is the median of at least 5 runs, printed with the CPU yardstick Y timed in this process and the
load average (bench/yardstick.py).
"""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from yardstick import Report, p, timed, yardstick  # noqa: E402

from ui import routes  # noqa: E402 (after the path is set)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOME_HEADING = "Tablero IGM local"
MAP_CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'
ERROR = '[data-testid="stMain"] [data-testid="stAlertContentError"]'
COLD_RUNS = 5
WARM_RERUNS = 20
RERUN_TARGET_MS = 300
PAYLOAD_TARGET_BYTES = 1024 * 1024
TIMEOUT_S = 60


def verdict(value: float, target: float) -> str:
    return "OK" if value < target else "OVER"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited early ({server.returncode}):\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"no answer from {url}/_stcore/health after {TIMEOUT_S} s")


def stop(server: subprocess.Popen) -> None:
    """End the server we started (its own process group), politely first."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def cold_start(browser, workdir: Path) -> tuple[float, float | str]:
    """Seconds from process start to the home heading and to the map canvas (fresh db, new server).

    When the map page shows an error instead of the canvas, its first line replaces the second time.
    """
    from playwright.sync_api import expect

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "IGM_DB_PATH": str(workdir / "igm.duckdb")}
    log = workdir / "streamlit.log"
    options = f"--server.headless true --server.port {port} --browser.gatherUsageStats false"
    command = [sys.executable, "-m", "streamlit", "run", "app.py", *options.split()]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # no cache, no cookies
    with log.open("w") as out:
        start = time.perf_counter()
        server = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_for_health(url, server, log)
        page = context.new_page()
        page.goto(f"{url}/")
        expect(page.locator("h1", has_text=HOME_HEADING)).to_be_visible(timeout=TIMEOUT_S * 1000)
        home = time.perf_counter() - start
        page.goto(f"{url}/mapa")
        drawn = page.locator(MAP_CANVAS).or_(page.locator(ERROR)).first
        expect(drawn).to_be_visible(timeout=TIMEOUT_S * 1000)
        map_ = time.perf_counter() - start
        if page.locator(ERROR).count():
            return home, page.locator(ERROR).first.inner_text().splitlines()[0]
        return home, map_
    finally:
        context.close()
        stop(server)


def bench_cold(report: Report, tmp: Path) -> None:
    from playwright.sync_api import sync_playwright

    homes, maps, units = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for run in range(COLD_RUNS):
                workdir = tmp / f"cold{run}"
                workdir.mkdir()
                units.append(yardstick())
                home, map_ = cold_start(browser, workdir)
                homes.append(home)
                maps.append(map_)
        finally:
            browser.close()
    report.figure("cold start to first rendered page", (homes, units))
    failures = [m for m in maps if isinstance(m, str)]
    if failures:
        report.text(
            "cold start to map canvas (/mapa)",
            f"NOT DRAWN in {len(failures)}/{COLD_RUNS} runs (browser shows: {failures[0]})",
        )
    else:
        report.figure("cold start to map canvas (/mapa)", (maps, units))


def bench_apptest(report: Report, tmp: Path) -> None:
    os.environ["IGM_DB_PATH"] = str(tmp / "apptest.duckdb")
    from streamlit.testing.v1 import AppTest

    def run(at) -> None:
        at.run()
        if at.exception:
            raise RuntimeError(f"the app raised: {at.exception[0].message}")

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT_S)
    run(at)
    run(at.switch_page(routes.script("map")))

    payload = len(at.get("deck_gl_json_chart")[0].proto.json.encode("utf-8"))
    json.loads(at.get("deck_gl_json_chart")[0].proto.json)  # it must be real JSON

    presets = ("seminar", "today")
    for preset in presets:  # warm-up: both branches seen once
        at.radio(key="as_of_preset@es").set_value(preset)
        run(at)
    radio = lambda n: at.radio(key="as_of_preset@es").set_value(presets[n % 2])  # noqa: E731
    times, units = timed(lambda n: run(at), WARM_RERUNS, before=radio)
    median = report.figure(
        f"map page rerun (warm), median / p90 of {WARM_RERUNS}", (times, units), percentile=90
    )
    p90 = p(times, 90)
    print(
        f"  target < {RERUN_TARGET_MS} ms: median {verdict(median * 1000, RERUN_TARGET_MS)},"
        f" p90 {verdict(p90 * 1000, RERUN_TARGET_MS)}"
    )
    report.text(
        "map JSON payload",
        f"{payload / 1024:.1f} KB ({payload} bytes) "
        f"(target < {PAYLOAD_TARGET_BYTES // 1024} KB: {verdict(payload, PAYLOAD_TARGET_BYTES)})",
    )


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # figures stay in order with Streamlit's log lines
    started = time.perf_counter()
    report = Report(title="bench_map: the map page, cold start in Chromium and warm reruns")
    with tempfile.TemporaryDirectory(prefix="igm-bench-") as tmp:
        bench_cold(report, Path(tmp))
        bench_apptest(report, Path(tmp))
    report.end(started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
