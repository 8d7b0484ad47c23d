"""A room of phones tapping "Enviar" together, on real app servers: time to "¡Enviado!", server CPU.

Run from the repository root (Debian's `postgresql` for --backend postgres, Chromium for
--client chromium):

    .venv/bin/python bench/bench_load.py        # 200 phones, 2 instances on PostgreSQL, taps within 60 s
    .venv/bin/python bench/bench_load.py --phones 30 --instances 1 --backend duckdb --size 50000 --within 0

A temporary database (a DuckDB file, or a throwaway PostgreSQL server's database, as
bench_postgres.py starts it) gets the bundled data, `--size` example assessments and one complete
draft per phone; `--instances` servers (`streamlit run app.py`, each its own process; a DuckDB file
takes one) serve it. Each phone opens the self-assessment page with its draft's resume code (?r=…),
as a participant's phone does, spread over the instances. Once every phone shows its form, each taps
"Enviar" at its own moment, drawn at random within `--within` seconds (0: all at once). Then:

- tap to "¡Enviado!", p50 and p95 (and the slowest): from the moment a phone sends its tap to the
  moment the server's confirmation reaches it;
- server CPU per submission: the CPU time the app servers' processes used during the taps (user +
  system, /proc/PID/stat, every thread: DuckDB's too), divided by the submissions; PostgreSQL's own
  processes are printed apart;
- lost and duplicated: counted in the database (every draft submitted once, version 1, one history
  row, all its answers), and every phone must have been told "¡Enviado! Versión 1.".

The phones are clients of Streamlit's own websocket protocol (bench/phone_client.py): what a
browser sends for a tap and receives back, without drawing it, so hundreds fit beside the servers on
2 cores. Before the taps, one submission on each instance warms it up (not counted: a server's
first confirmation imports Streamlit's emoji table, 0.7 s of CPU once). `--client chromium` uses
Chromium pages instead (phone-sized, touch; for a few dozen), timed
in each page from the tap to the text drawn. Every figure carries the CPU yardstick Y (bench/
yardstick.py) timed in this process around the taps (5 times just before, 5 just after: the median of
the 10), and the load average. `--app DIR` serves
another checkout of the app (e.g. an older version, for a before/after on the same machine).
"""

import argparse
import asyncio
import os
import pstats
import random
import signal
import statistics
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
from phone_client import Phone, alert_starting  # noqa: E402
from yardstick import MIN_RUNS, Report, load, ms, p, ratio, yardstick  # noqa: E402

from indicators.config import DATA_DIR  # noqa: E402
from indicators.demo import generate_assessments  # noqa: E402
from indicators.questionnaire import load_questionnaire  # noqa: E402
from indicators.store import Store  # noqa: E402
from tests.postgres_server import ThrowawayPostgres, free_port  # noqa: E402
from ui import routes  # noqa: E402

SENT = "¡Enviado! Versión 1."
OPEN_AT_ONCE = 8  # phones opening their form at the same moment before the taps (not timed)
TIMEOUT_S = 600
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU time of each of these processes (every thread), from /proc."""
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / TICK
    return seconds


def postgres_pids(server: ThrowawayPostgres | None) -> list[int]:
    """The throwaway server's postmaster and every process it started (the connections' backends)."""
    if server is None:
        return []
    main = int((server.dir / "data" / "postmaster.pid").read_text().split()[0])
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == main:
                children.append(int(stat.parent.name))
        except (FileNotFoundError, ValueError):
            continue
    return [main, *children]


def used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between the two readings (a process that began in between, from 0)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def prepare(database: str, size: int, phones: int) -> list[str]:
    store = Store.open(database, create=True)
    try:
        store.load_bundled(DATA_DIR)
        q = load_questionnaire()
        if size:
            generate_assessments(store, q, size)
        return complete_drafts(store, q, phones)
    finally:
        store.close()


def serve(app: Path, env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with log.open("w") as output:
        server = subprocess.Popen(
            command, cwd=app, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return server, url
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"the app did not start; see {log}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# --- the phones: Streamlit's websocket protocol -----------------------------------------------------


async def websocket_room(urls: list[str], codes: list[str], moments: list[float], burst) -> list:
    page = routes.url_path("assessment")
    phones = [Phone(urls[n % len(urls)], page, f"r={code}") for n, code in enumerate(codes)]
    gate = asyncio.Semaphore(OPEN_AT_ONCE)

    async def open_form(phone: Phone) -> None:
        async with gate:
            await asyncio.wait_for(phone.open(), TIMEOUT_S)
        if "sa_submit" not in phone.buttons or phone.errors:
            raise RuntimeError(f"no form for {phone.query}: {phone.errors}")

    async def tap(phone: Phone, moment: float, start: float) -> tuple[float | None, bool]:
        await asyncio.sleep(max(0.0, start + moment - time.perf_counter()))
        waited = await asyncio.wait_for(phone.tap("sa_submit", alert_starting("¡Enviado!")), TIMEOUT_S)
        return waited, any(a.startswith(SENT) for a in phone.alerts)

    try:
        await asyncio.gather(*(open_form(phone) for phone in phones))
        with burst():
            start = time.perf_counter()
            return await asyncio.gather(*(tap(ph, m, start) for ph, m in zip(phones, moments, strict=True)))
    finally:
        await asyncio.gather(*(phone.close() for phone in phones), return_exceptions=True)


async def warm_up(urls: list[str], codes: list[str]) -> None:
    """One submission on each instance before the room's (not counted): the first confirmation a
    server process draws imports Streamlit's emoji table (about 0.7 s of CPU, once per process)."""
    for url, code in zip(urls, codes, strict=True):
        phone = Phone(url, routes.url_path("assessment"), f"r={code}")
        await phone.open()
        await phone.tap("sa_submit")
        await phone.close()


# --- the phones: Chromium pages ----------------------------------------------------------------------

# In each page, before the app's scripts: the page's clock at the tap and when the confirmation is drawn.
CLOCKS = """
window.__tapped = null; window.__sent = null;
document.addEventListener("click", () => {
  if (window.__tapped === null) window.__tapped = performance.now();
}, true);
new MutationObserver(() => {
  if (window.__sent === null && window.__tapped !== null && document.body.innerText.includes(%r))
    window.__sent = performance.now();
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


async def chromium_room(urls: list[str], codes: list[str], moments: list[float], burst) -> list:
    from playwright.async_api import async_playwright, expect  # only this client needs a browser

    page_path = routes.url_path("assessment")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        gate = asyncio.Semaphore(OPEN_AT_ONCE)

        async def open_form(n: int, code: str):
            async with gate:
                context = await browser.new_context(
                    viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
                )
                await context.add_init_script(CLOCKS % SENT)
                page = await context.new_page()
                await page.goto(f"{urls[n % len(urls)]}/{page_path}?r={code}", timeout=TIMEOUT_S * 1000)
                button = page.get_by_role("button", name="Enviar", exact=True)
                await expect(button).to_be_enabled(timeout=TIMEOUT_S * 1000)
                await expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT_S * 1000)
                return page, button

        async def tap(page, button, moment: float, start: float) -> tuple[float | None, bool]:
            await asyncio.sleep(max(0.0, start + moment - time.perf_counter()))
            await button.tap(no_wait_after=True)
            await page.wait_for_function("window.__sent !== null", timeout=TIMEOUT_S * 1000, polling=200)
            tapped, sent = await page.evaluate("[window.__tapped, window.__sent]")
            return (sent - tapped) / 1000, True

        try:
            opened = await asyncio.gather(*(open_form(n, code) for n, code in enumerate(codes)))
            with burst():
                start = time.perf_counter()
                taps = (tap(pg, b, m, start) for (pg, b), m in zip(opened, moments, strict=True))
                return await asyncio.gather(*taps)
        finally:
            await browser.close()


# --- what was stored ---------------------------------------------------------------------------------


def stored(database: str) -> dict[str, int]:
    """Counted in the database: the phones' submissions (and the warm-up's), lost and duplicated."""
    store = Store.open(database)
    try:
        row = store.query(
            """
            SELECT count(*) FILTER (WHERE s.state = 'submitted') AS submitted,
                   count(*) FILTER (WHERE s.state <> 'submitted') AS lost,
                   count(*) FILTER (WHERE s.version > 1 OR h.rows > 1) AS duplicated,
                   count(*) FILTER (WHERE s.state = 'submitted' AND coalesce(a.rows, 0) = 0) AS empty
            FROM assessments s
            LEFT JOIN (SELECT assessment_id, count(*) AS rows FROM assessment_history GROUP BY ALL) h
              USING (assessment_id)
            LEFT JOIN (SELECT assessment_id, count(*) AS rows FROM answers GROUP BY ALL) a
              USING (assessment_id)
            WHERE NOT s.is_example
            """
        ).iloc[0]
        return {key: int(value) for key, value in row.items()}
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--backend", choices=("postgres", "duckdb"), default="postgres")
    parser.add_argument("--size", type=int, default=5_000, help="example assessments already submitted")
    parser.add_argument("--within", type=float, default=60.0, help="seconds the taps are spread over")
    parser.add_argument("--client", choices=("websocket", "chromium"), default="websocket")
    parser.add_argument("--app", type=Path, default=REPO, help="the checkout of the app to serve")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="profile the servers' runs; print the top N lines"
    )
    options = parser.parse_args()
    if options.backend == "duckdb" and options.instances != 1:
        raise SystemExit("a DuckDB file takes one app instance (its lock): use --instances 1")
    began = time.perf_counter()
    report = Report(title=f'bench_load: {options.phones} phones tapping "Enviar", {options.client} client')
    print(
        f"-- {options.instances} instance(s) of {options.app}, {options.backend}, {options.size:,} example"
        f" assessments, taps within {options.within:g} s"
    )
    postgres = ThrowawayPostgres().start() if options.backend == "postgres" else None
    servers = []
    try:
        with tempfile.TemporaryDirectory(prefix="igm-load-") as tmp:
            folder = Path(tmp)
            if postgres:
                database = postgres.url(postgres.create_database())
                env = {"IGM_DATABASE_URL": database}
            else:
                database = str(folder / "load.duckdb")
                env = {"IGM_DB_PATH": database}
            start = time.perf_counter()
            codes = prepare(database, options.size, options.phones + options.instances)
            codes, warming = codes[: options.phones], codes[options.phones :]
            print(f"-- database ready in {time.perf_counter() - start:.0f} s", flush=True)
            outside = {"IGM_DATA_DIR", "IGM_TILE_URL", "IGM_DATABASE_URL", "IGM_DB_PATH"}
            env = {k: v for k, v in os.environ.items() if k not in outside} | env
            env |= {"IGM_BASEMAP": "none", "IGM_SECRETS_FILE": os.devnull}
            if options.profile:  # bench/profiling/sitecustomize.py: one cProfile file per script run
                (folder / "profiles").mkdir()
                env |= {
                    "PYTHONPATH": str(REPO / "bench" / "profiling"),
                    "IGM_PROFILE_DIR": str(folder / "profiles"),
                }
            servers = [serve(options.app, env, folder / f"server-{n}.log") for n in range(options.instances)]
            urls = [url for _, url in servers]
            rng = random.Random(options.seed)
            moments = sorted(rng.uniform(0, options.within) for _ in codes)
            rng.shuffle(moments)
            measured = {}

            class Burst:
                """Around the taps only: Y just before, the servers' CPU time before and after."""

                def __enter__(self):
                    measured["units"] = [yardstick() for _ in range(MIN_RUNS)]
                    measured["began"] = time.time()
                    measured["load"] = load()
                    apps = [s.pid for s, _ in servers]
                    measured["before"] = (cpu_seconds(apps), cpu_seconds(postgres_pids(postgres)))
                    measured["client"] = time.process_time()
                    measured["wall"] = time.perf_counter()

                def __exit__(self, *exc):
                    measured["ended"] = time.time()
                    measured["wall"] = time.perf_counter() - measured["wall"]
                    apps = [s.pid for s, _ in servers]
                    after = (cpu_seconds(apps), cpu_seconds(postgres_pids(postgres)))
                    measured["cpu"] = [used(b, a) for b, a in zip(measured["before"], after, strict=True)]
                    measured["client"] = time.process_time() - measured["client"]
                    measured["units"] += [yardstick() for _ in range(MIN_RUNS)]

            room = websocket_room if options.client == "websocket" else chromium_room
            try:
                asyncio.run(warm_up(urls, warming))
                results = asyncio.run(room(urls, codes, moments, Burst))
            finally:
                for server, _ in servers:
                    stop(server)  # a DuckDB file is counted once its server has let it go
            counts = stored(database)
            if options.profile:
                profile(folder / "profiles", measured, options)
    finally:
        for server, _ in servers:
            stop(server)
        if postgres:
            postgres.stop()
    figures(report, options, results, counts, measured)
    report.end(began)


def profile(folder: Path, measured: dict, options) -> None:
    """The script runs that began during the taps, summed: their top lines by cumulative time."""
    runs = [
        f
        for f in folder.glob("*.prof")
        if measured["began"] <= float(f.name.split("-")[0]) <= measured["ended"]
    ]
    if not runs:
        print("-- no script run profiled during the taps")
        return
    stats = pstats.Stats(*map(str, runs))
    print(
        f"-- cProfile of the {len(runs)} script runs during the taps ({options.phones} submissions), CPU time"
        f" of the runs' threads: sums, divide by {options.phones} for one submission; the profiler slows them"
    )
    stats.sort_stats("cumulative").print_stats(options.profile)
    stats.sort_stats("tottime").print_stats(max(10, options.profile // 2))


def figures(report: Report, options, results: list, counts: dict, measured: dict) -> None:
    unit = statistics.median(measured["units"])
    waits = [w for w, _ in results if w is not None]
    told = sum(1 for _, ok in results if ok)
    before, after = (statistics.median(measured["units"][i : i + MIN_RUNS]) for i in (0, MIN_RUNS))
    report.text(
        "Y around the taps (the median of 5 before, 5 after)",
        f"{unit * 1000:.0f} ms (before {before * 1000:.0f}, after {after * 1000:.0f};"
        f" load {measured['load']:.1f} before)",
    )
    line = f'tap to "¡Enviado!", {options.phones} phones'
    if waits:
        median, high, slowest = statistics.median(waits), p(waits, 95), max(waits)
        report.text(
            line,
            f"p50 {ms(median)} ms = {ratio(median, unit)} Y, p95 {ms(high)} ms = {ratio(high, unit)} Y,"
            f" slowest {ms(slowest)} ms (load {load():.1f})",
        )
    (app, pg), client = measured["cpu"], measured["client"]
    per = app / options.phones
    report.text(
        "server CPU per submission",
        f"{ms(per)} ms = {ratio(per, unit)} Y (app servers {app:.2f} s over {measured['wall']:.1f} s)",
    )
    if options.backend == "postgres":
        report.text("PostgreSQL CPU per submission", f"{ms(pg / options.phones)} ms (in all {pg:.2f} s)")
    report.text("this benchmark's own CPU (the phones)", f"{client:.2f} s")
    report.text(
        "stored, lost, duplicated",
        f"{counts['submitted'] - options.instances} of {options.phones}, {counts['lost']} lost,"
        f" {counts['duplicated']}"
        f' duplicated, {counts["empty"]} without answers; told "{SENT}": {told} of {options.phones}',
    )


if __name__ == "__main__":
    main()
