"""The presenter's refresh as the audience sees it: a real Streamlit server, Chromium, real submissions.

Run from the repository root (about 3–6 minutes; Debian's Chromium at /usr/bin/chromium, never
`playwright install`):

    .venv/bin/python bench/bench_browser.py                 # 500, 5,000 and 50,000 assessments
    .venv/bin/python bench/bench_browser.py --sizes 5000 --runs 7

For each size a temporary DuckDB file gets the bundled data, that many example assessments and a few
complete drafts (each with its resume code), then `streamlit run app.py` serves it (IGM_DB_PATH; the
server holds the file, so nothing else writes in it). Chromium opens the presenter page at 1280×720,
reveals the results ("Mostrar resultados") and, for each run, a second browser context (another
device) opens the self-assessment page with a draft's resume code and presses "Enviar": a real
submission through the server's own path. Then:

- presenter refresh after a submission: the presenter's own automatic refresh (its fragment, every
  REFRESH_S seconds) that first shows the new count. Timed in the presenter's page, from the moment
  it sends that refresh's request to the server (the last WebSocket message sent before the count
  changes) to the last change of the page's DOM that this refresh makes (the counts, the chart redrawn
  by plotly, the "updated at" caption; the page is then quiet for QUIET_MS). The wait for the
  refresh's turn (up to REFRESH_S) is not counted: it is a setting, not a cost. Each submission is made
  right after a refresh has finished, so the next one starts with the server idle.
- round table changed after a submission: the automatic refresh paused ("Pausar"), a submission, then
  a click on another round table (Mesa 1 … 4, Todas, in turn): from the click's request to the last
  DOM change of that rerun (the whole page's script runs, with new data).
- round table changed, no new data: the same click with no submission before it (cached reads).

Each figure is the median of `--runs` (≥ 5) runs with the CPU yardstick Y timed in this process right
before each run and the load average (bench/yardstick.py). Every database and file is temporary.
BENCH_DEBUG=1 prints each run's request and drawn times (ms on the page's clock) and messages sent.
"""

import argparse
import logging
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

from examples import complete_drafts  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from yardstick import Report, yardstick  # noqa: E402

from indicators.config import DATA_DIR  # noqa: E402
from indicators.demo import generate_assessments  # noqa: E402
from indicators.questionnaire import load_questionnaire  # noqa: E402
from indicators.store import Store  # noqa: E402
from ui import routes  # noqa: E402

SIZES = (500, 5_000, 50_000)
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
VIEWPORT = {"width": 1280, "height": 720}
REFRESH_S = 5  # the presenter's "refresh every" (its default; 2 to 120) for the automatic refresh
QUIET_MS = 700  # no DOM change for this long: the rerun has been drawn
TIMEOUT_MS = 180_000
SUBMITTED = "¡Enviado! Versión 1."
TABLES = ("Mesa 1", "Mesa 2", "Mesa 3", "Mesa 4", "Todas")

# In the presenter's page, before Streamlit's own scripts: the time of every WebSocket message sent
# (each rerun request is one) and of every DOM change, with the "Respuestas" count after it.
PROBE = """
window.__bench = {sends: [], changes: []};
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  window.__bench.sends.push(performance.now());
  return send.call(this, data);
};
function responses() {
  for (const metric of document.querySelectorAll('[data-testid="stMetric"]')) {
    if (metric.innerText.includes('Respuestas')) {
      const value = metric.querySelector('[data-testid="stMetricValue"]');
      return value ? parseInt(value.innerText.replace(/\\D/g, ''), 10) : null;
    }
  }
  return null;
}
window.__benchResponses = responses;
new MutationObserver(() => {
  window.__bench.changes.push([performance.now(), responses()]);
}).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
"""

# A rerun's span, once the page has been quiet for `quiet` ms after `after`: its request is the first
# WebSocket message sent after `after` (a click), or the last one sent before the count first shows
# `count` (an automatic refresh); it is drawn at the last DOM change before the next request.
SPAN = """
([after, count, quiet]) => {
  const b = window.__bench;
  const later = b.changes.filter(([t]) => t > after);
  if (!later.length || performance.now() - later[later.length - 1][0] < quiet) return null;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return null;  // still running
  let request;
  if (count === null) {
    request = b.sends.find((t) => t > after);
  } else {
    const first = later.find(([, n]) => n === count);
    if (!first) return null;
    const sent = b.sends.filter((t) => t > after && t <= first[0]);
    request = sent[sent.length - 1];
  }
  if (request === undefined) return null;
  const next = b.sends.find((t) => t > request);
  const own = later.filter(([t]) => t >= request && (next === undefined || t < next));
  if (!own.length) return null;
  return {request, drawn: own[own.length - 1][0], responses: window.__benchResponses(),
          sends: b.sends.filter((t) => t > after).length};
}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database(folder: Path, size: int, drafts: int) -> tuple[Path, list[str]]:
    path = folder / f"browser-{size}.duckdb"
    store = Store.open(path)
    store.load_bundled(DATA_DIR)
    q = load_questionnaire()
    generate_assessments(store, q, size)
    codes = complete_drafts(store, q, drafts)
    store.close()
    return path, codes


def serve(db: Path, folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "IGM_DB_PATH": str(db), "IGM_BASEMAP": "none", "IGM_SECRETS_FILE": os.devnull}
    for name in ("IGM_DATA_DIR", "IGM_TILE_URL", "IGM_DATABASE_URL"):
        env.pop(name, None)
    secrets = folder / "secrets.toml"
    secrets.write_text("")
    options = (
        f"--server.headless true --server.port {port} --server.address 127.0.0.1"
        f" --browser.gatherUsageStats false --server.fileWatcherType none --secrets.files {secrets}"
    )
    with (folder / f"server-{port}.log").open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", *options.split()],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited ({server.returncode}); see {folder}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return server, url
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise TimeoutError(f"no answer from {url}")


def stop(server: subprocess.Popen) -> None:
    """End the server we started (its own process group), politely first."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def now(page) -> float:
    return page.evaluate("performance.now()")


def span(page, after: float, count: int | None) -> dict:
    """Wait for the rerun after `after` (showing `count` responses, if given) to be drawn."""
    handle = page.wait_for_function(SPAN, arg=[after, count, QUIET_MS], timeout=TIMEOUT_MS, polling=100)
    result = handle.json_value()
    if os.environ.get("BENCH_DEBUG"):
        print("  ", {k: round(v) for k, v in result.items()}, flush=True)
    return result


def responses(page) -> int:
    page.wait_for_function("window.__benchResponses() !== null", timeout=TIMEOUT_MS)
    return page.evaluate("window.__benchResponses()")


def submit(browser, url: str, code: str) -> None:
    """A participant's submission from another device: the resume code's draft, "Enviar"."""
    context = browser.new_context(viewport={"width": 800, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(f"{url}/{routes.url_path('assessment')}?r={code}")
        button = tab.get_by_role("button", name="Enviar", exact=True)
        expect(button).to_be_enabled(timeout=TIMEOUT_MS)
        button.click()
        expect(tab.get_by_text(SUBMITTED)).to_be_visible(timeout=TIMEOUT_MS)
        expect(tab.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=TIMEOUT_MS)
    finally:
        context.close()


def quiet(page) -> None:
    """Until the presenter's page has not changed for QUIET_MS (a rerun in flight has been drawn)."""
    page.wait_for_function(
        "([q]) => { const c = window.__bench.changes;"
        " return !c.length || performance.now() - c[c.length - 1][0] >= q; }",
        arg=[QUIET_MS],
        timeout=TIMEOUT_MS,
        polling=100,
    )


def presenter(report: Report, browser, url: str, codes: list[str], size: int, runs: int) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(PROBE)
    page = context.new_page()
    page.goto(f"{url}/{routes.url_path('presenter')}")
    every = page.get_by_label("Actualizar cada (segundos)")
    expect(every).to_be_visible(timeout=TIMEOUT_MS)
    if every.input_value() != str(REFRESH_S):
        every.fill(str(REFRESH_S))
        every.press("Enter")
    page.get_by_text("Mostrar resultados", exact=True).click()
    expect(page.locator('[data-testid="stPlotlyChart"]').first).to_be_visible(timeout=TIMEOUT_MS)
    quiet(page)
    shown = responses(page)
    assert shown == size, (shown, size)
    codes = iter(codes)

    # The automatic refresh: submit right after one has been drawn, time the one that shows it.
    times, units, overlapped = [], [], 0
    while len(times) < runs:
        units.append(yardstick())
        mark = now(page)
        page.wait_for_function("([m]) => window.__bench.sends.some((t) => t > m)", arg=[mark], timeout=60_000)
        quiet(page)
        before = now(page)
        submit(browser, url, next(codes))
        submitted = now(page)
        shown += 1
        result = span(page, before, shown)
        if result["request"] < submitted:  # the refresh began while the submission was still drawing
            overlapped += 1
            units.pop()
            continue
        times.append((result["drawn"] - result["request"]) / 1000)
    note = f" ({overlapped} overlapping a submission left out)" if overlapped else ""
    report.figure(f"presenter refresh after a submission, in Chromium, {size:,}", (times, units), note)

    page.get_by_text("Controles de la presentación", exact=True).click()  # folded once results show
    page.get_by_text("Pausar", exact=True).click()
    quiet(page)
    for what, new in (("after a submission", True), ("no new data", False)):
        times, units = [], []
        for number in range(runs):
            units.append(yardstick())
            if new:
                submit(browser, url, next(codes))
                shown += 1
            quiet(page)
            before = now(page)
            tables = page.get_by_test_id("stButtonGroup").first
            tables.get_by_text(TABLES[number % len(TABLES)], exact=True).click()
            result = span(page, before, shown if new else None)
            times.append((result["drawn"] - result["request"]) / 1000)
        report.figure(f"round table changed {what}, in Chromium, {size:,}", (times, units))
    assert responses(page) == shown, (responses(page), shown)
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    began = time.perf_counter()
    report = Report(options.runs, title="bench_browser: the presenter in Chromium, real submissions")
    with tempfile.TemporaryDirectory(prefix="igm-bench-") as tmp, sync_playwright() as playwright:
        folder = Path(tmp)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for size in options.sizes:
                start = time.perf_counter()
                db, codes = database(folder, size, drafts=4 * options.runs)
                ready = time.perf_counter() - start
                print(f"-- {size:,} example assessments (database ready in {ready:.1f} s)", flush=True)
                server, url = serve(db, folder)
                try:
                    presenter(report, browser, url, codes, size, options.runs)
                finally:
                    stop(server)
                db.unlink()
        finally:
            browser.close()
    report.end(began)


if __name__ == "__main__":
    main()
