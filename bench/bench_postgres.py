"""The shared PostgreSQL database beside the embedded DuckDB file: every figure of issue 15, in one run.

Run from the repository root (about 2 minutes at 2 cores; Debian's `postgresql` package installed):

    .venv/bin/python bench/bench_postgres.py
    .venv/bin/python bench/bench_postgres.py --instances 1 2 4 --seconds 10

Starts a throwaway PostgreSQL server (tests/postgres_server.py) and a temporary DuckDB file, then
measures on both, side by side:

- submit p50/p95: `Store.submit_assessment` (the answers, the history row and the data revision, one
  transaction); on PostgreSQL also the same transaction written by psycopg 3 straight to the server,
  the alternative write path the issue asks to measure;
- 50 submissions at the same moment (threads of one process): time, stored, lost;
- what a presenter refresh with new data reads and aggregates, in process (no page), at 5,000;
- the presenter page with results revealed at 5,000 assessments, server-side reruns with AppTest like
  bench/bench_speed.py: "new data" clears every cache first (the first refresh after a submission),
  "no new data" is a plain rerun (the caches are keyed on the data revision, read from the database);
- the map page, a plain rerun and with the caches cleared (the as-of date changed each time);
- several app instances (separate processes, each with its own connection, started together) submitting
  one assessment after another for a few seconds against one PostgreSQL: submissions per second in all,
  the submit p50/p95 under that load, and stored = sent (counted in the database). A DuckDB file takes
  one writing process only (its lock), so this row is PostgreSQL's alone.

Like every bench script it prints the load average and the CPU yardstick Y (bench/yardstick.py: the same
pure-Python loop, timed in this process) at the start and the end, and with each figure its Y (timed
during that figure's runs), its ratio to Y and the load: on a shared machine a time means little without
them. Every database is temporary; data/ is never written.
"""

import argparse
import multiprocessing
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import examples  # noqa: E402
import psycopg  # noqa: E402
import streamlit as st  # noqa: E402
import streamlit.logger  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from yardstick import Report, ratio, yardstick  # noqa: E402

from indicators.assessment import answer_rows  # noqa: E402
from indicators.config import DATA_DIR  # noqa: E402
from indicators.demo import example_assessment, generate_assessments  # noqa: E402
from indicators.presenter import stored_live_view  # noqa: E402
from indicators.questionnaire import load_questionnaire  # noqa: E402
from indicators.store import Store  # noqa: E402
from tests.postgres_server import ThrowawayPostgres  # noqa: E402

ROUNDS = 200
CONCURRENT = 50
BURSTS = 5
ASSESSMENTS = 5000
RERUNS = 10
INSTANCES = (1, 2, 4)
SECONDS = 8
BACKENDS = ("DuckDB file", "PostgreSQL")


def percentiles(seconds: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds (nearest rank)."""
    ordered = sorted(s * 1000 for s in seconds)
    return statistics.median(ordered), ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


def row(label: str, *values: str, unit: float | None = None) -> None:
    """One figure on both backends; `unit`, the yardstick timed during its runs, is printed beside it."""
    load = os.getloadavg()[0]
    y = f"Y {unit * 1000:.0f} ms, " if unit else ""
    print(f"{label:52} " + " ".join(f"{v:>30}" for v in values) + f"   ({y}load {load:.1f})", flush=True)


def every_twentieth(number: int, units: list[float]) -> None:
    """The yardstick every 20 rounds: 10 of them over 200, so Y follows the load during the figure."""
    if number % 20 == 0:
        units.append(yardstick())


def p50_p95(seconds: list[float], unit: float) -> str:
    p50, p95 = percentiles(seconds)
    return f"{p50:.1f} / {p95:.1f} ms = {ratio(p50 / 1000, unit)} Y"


def fresh_store(database: str) -> Store:
    store = Store.open(database, create=True)
    store.load_bundled(DATA_DIR)
    return store


def submit_rounds(store: Store, q, rng: random.Random, units: list[float]) -> list[float]:
    place_ids = list(store.places()["place_id"])
    times = []
    for number in range(ROUNDS):
        every_twentieth(number, units)
        place_id = rng.choice(place_ids)
        assessment = example_assessment(place_id, q, rng)
        assessment_id, _ = store.create_assessment(place_id)
        start = time.perf_counter()
        store.submit_assessment(assessment_id, assessment, q, "bench")
        times.append(time.perf_counter() - start)
    return times


def psycopg_rounds(store: Store, url: str, q, rng: random.Random, units: list[float]) -> list[float]:
    """The same transaction as Store.submit_assessment (and its revision bump), written with psycopg 3."""
    place_ids = list(store.places()["place_id"])
    writer = "bench-psycopg"
    times = []
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("INSERT INTO data_changes VALUES (%s, 'answers', 0, now())", [writer])
        for number in range(ROUNDS):
            every_twentieth(number, units)
            place_id = rng.choice(place_ids)
            assessment = example_assessment(place_id, q, rng)
            assessment_id, _ = store.create_assessment(place_id)
            name, role = assessment.stored_identity()
            rows = answer_rows(assessment_id, assessment, q)
            payload = assessment.to_json()
            start = time.perf_counter()
            with con.transaction(), con.cursor() as cur:
                cur.execute(
                    "UPDATE assessments SET state = 'submitted', draft = %s, respondent_name = %s,"
                    " respondent_role = %s, anonymous = %s, version = version + 1, updated_at = now(),"
                    " submitted_at = now() WHERE assessment_id = %s RETURNING version",
                    [payload, name, role, assessment.anonymous, assessment_id],
                )
                version = cur.fetchone()[0]
                cur.execute("DELETE FROM answers WHERE assessment_id = %s", [assessment_id])
                cur.executemany("INSERT INTO answers VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows)
                cur.execute(
                    "INSERT INTO assessment_history VALUES (%s, %s, now(), 'bench', %s)",
                    [assessment_id, version, payload],
                )
                cur.execute(
                    "UPDATE data_changes SET commits = commits + 1, changed_at = now()"
                    " WHERE writer = %s AND kind = 'answers'",
                    [writer],
                )
            times.append(time.perf_counter() - start)
    return times


def burst(store: Store, q) -> tuple[float, int, int]:
    """(seconds, stored, lost) of CONCURRENT submissions at the same moment."""
    before = store.assessment_counts()["submitted"]
    elapsed = examples.burst(store, q, store.places()["place_id"].iloc[0], CONCURRENT)
    stored = store.assessment_counts()["submitted"] - before
    return elapsed, stored, CONCURRENT - stored


def use(env: dict) -> None:
    """Point the pages at one backend. The app reads its settings from the environment on every rerun,
    so each app's reruns must run with its own: the last app opened would otherwise serve them all."""
    for name in ("IGM_DB_PATH", "IGM_DATABASE_URL"):
        os.environ.pop(name, None)
    os.environ.update(env)


def app(env: dict, page: str) -> AppTest:
    from ui import routes  # here, not above: the instances' processes import this file and need no app

    use(env)
    st.cache_data.clear()
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    streamlit.logger.set_log_level("error")  # AppTest outside a server warns on every run
    at.switch_page(routes.script(page)).run()
    if page == "presenter":
        at.toggle(key="pr_reveal").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]  # e.g. "the database cannot be used"
    return at


def shown_responses(at: AppTest) -> int:
    """The presenter's count of responses: proof that the page read the benchmark's database."""
    metric = next(m for m in at.metric if m.label == "Respuestas")
    return int(re.sub(r"\D", "", metric.value))


def reruns(at: AppTest, page: str, clear: bool) -> tuple[list[float], list[float]]:
    """(seconds of each rerun, the yardstick timed right before it). With the caches kept, the page is
    rerun as it is (what a viewer's refresh costs when nothing was submitted); with them cleared, the
    presenter's round table or the map's as-of date changes each time, as bench_speed.py does."""
    times, units = [], []
    if not clear:
        at.run()  # what the timed reruns read is cached
    for number in range(RERUNS):
        if clear and page == "presenter":
            at.segmented_control(key="pr_theme@es").set_value(["all", "rt1", "rt2", "rt3", "rt4"][number % 5])
        elif clear:
            at.radio(key="as_of_preset@es").set_value(["today", "seminar"][number % 2])
        units.append(yardstick())
        if clear:
            st.cache_data.clear()
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    assert not at.exception, [e.value for e in at.exception]
    return times, units


def page_figures(envs: dict) -> None:
    for page, cases in (
        ("presenter", (("new data (caches cleared)", True), ("no new data", False))),
        ("map", (("no new data", False), ("caches cleared", True))),
    ):
        apps = {name: app(env, page) for name, env in envs.items()}
        for case, clear in cases:
            cells, all_units = [], []
            for name in BACKENDS:
                use(envs[name])
                times, units = reruns(apps[name], page, clear)
                if page == "presenter":
                    assert shown_responses(apps[name]) >= ASSESSMENTS, (name, shown_responses(apps[name]))
                median, unit = statistics.median(times), statistics.median(units)
                all_units += units
                cells.append(f"{median * 1000:.0f} ms = {ratio(median, unit)} Y ({max(times) * 1000:.0f})")
            target = " (<= 150 ms)" if page == "presenter" else ""
            row(f"{page} rerun, {case}{target}", *cells, unit=statistics.median(all_units))


def instance(url: str, seconds: float, ready, results) -> None:
    """One app instance: its own process and connection, submitting one assessment after another."""
    store = Store.open(url)
    q = load_questionnaire()
    rng = random.Random(os.getpid())
    place_ids = list(store.places()["place_id"])
    sent, times = 0, []
    ready.wait()  # every instance has started and connected: they submit during the same seconds
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        place_id = rng.choice(place_ids)
        assessment_id, _ = store.create_assessment(place_id)
        assessment = example_assessment(place_id, q, rng)
        start = time.perf_counter()
        store.submit_assessment(assessment_id, assessment, q, "bench")
        times.append(time.perf_counter() - start)
        sent += 1
    store.close()
    results.put((sent, times))


def instances_run(url: str, count: int, seconds: float) -> tuple[int, int, list[float], int]:
    """(sent, stored, submit times, instances that failed) for `count` processes submitting together."""
    spawn = multiprocessing.get_context("spawn")  # a fresh interpreter: no DuckDB or Streamlit threads forked
    ready, results = spawn.Barrier(count + 1), spawn.Queue()
    processes = [spawn.Process(target=instance, args=(url, seconds, ready, results)) for _ in range(count)]
    counter = Store.open(url)
    before = counter.assessment_counts()["submitted"]
    for process in processes:
        process.start()
    ready.wait(timeout=120)
    outcomes = []
    for _ in processes:
        try:
            outcomes.append(results.get(timeout=seconds + 60))
        except Exception:  # an instance that died: its trace is on stderr, the row says how many
            break
    for process in processes:
        process.join(timeout=30)
    stored = counter.assessment_counts()["submitted"] - before
    counter.close()
    return sum(s for s, _ in outcomes), stored, [t for _, ts in outcomes for t in ts], count - len(outcomes)


def writes(q, stores: dict[str, Store], url: str) -> None:
    cells, units = [], []
    for s in stores.values():
        mine: list[float] = []
        times = submit_rounds(s, q, random.Random(1), mine)
        cells.append(p50_p95(times, statistics.median(mine)))
        units += mine
    row(f"submit p50 / p95 of {ROUNDS} (<= 50 ms)", *cells, unit=statistics.median(units))
    units = []
    times = psycopg_rounds(stores["PostgreSQL"], url, q, random.Random(2), units)
    unit = statistics.median(units)
    row("the same submit written by psycopg 3", "—", p50_p95(times, unit), unit=unit)
    cells, units = [], []
    for s in stores.values():
        seconds, stored, lost = [], 0, 0
        for _ in range(BURSTS):
            units.append(yardstick())
            elapsed, n, missing = burst(s, q)
            seconds.append(elapsed)
            stored, lost = stored + n, lost + missing
        median = statistics.median(seconds)
        cells.append(f"{median:.2f} s = {ratio(median, statistics.median(units))} Y, {stored}, {lost} lost")
    row(
        f"{CONCURRENT} submits at once x{BURSTS}: median, stored, lost",
        *cells,
        unit=statistics.median(units),
    )


def reads(q, stores: dict[str, Store]) -> None:
    """What a presenter refresh with new data reads: its figures for all round tables, in process."""
    cells, all_units = [], []
    for store in stores.values():
        times, units = [], []
        for _ in range(RERUNS):
            units.append(yardstick())
            start = time.perf_counter()
            stored_live_view(store, q, None, True)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        all_units += units
        cells.append(
            f"{median * 1000:.0f} ms = {ratio(median, statistics.median(units))} Y ({max(times) * 1000:.0f})"
        )
    row(
        f"presenter's figures, all tables, {ASSESSMENTS:,} (no page)",
        *cells,
        unit=statistics.median(all_units),
    )


def instances(url: str, counts: list[int], seconds: float) -> None:
    print(f"-- app instances (processes) submitting together for {seconds:g} s, one PostgreSQL")
    for count in counts:
        unit = statistics.median(yardstick() for _ in range(3))  # before: the instances take the cores
        sent, stored, times, failed = instances_run(url, count, seconds)
        p50, p95 = percentiles(times) if times else (0, 0)
        row(
            f"{count} instance(s): per second; submit p50 / p95",
            "— (one writer per file)",
            f"{sent / seconds:.0f}/s; {p50:.0f} / {p95:.0f} ms = {ratio(p50 / 1000, unit)} Y",
            unit=unit,
        )
        mismatch = "" if sent == stored and not failed else " MISMATCH"
        row("  sent, stored, instances failed", "", f"{sent}, {stored}, {failed}{mismatch}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, nargs="+", default=INSTANCES)
    parser.add_argument("--seconds", type=float, default=SECONDS, help="each instance run's duration")
    options = parser.parse_args()
    streamlit.logger.set_log_level("error")
    began = time.perf_counter()
    report = Report(title="bench_postgres: the shared PostgreSQL database beside the DuckDB file")
    q = load_questionnaire()
    server = ThrowawayPostgres().start()
    try:
        with tempfile.TemporaryDirectory(prefix="igm-bench-") as tmp:
            file = str(Path(tmp) / "bench.duckdb")
            url = server.url(server.create_database())
            print(f"PostgreSQL {server.bin.parent.name} (throwaway, fsync off), DuckDB's postgres extension")
            print(f"{'figure':52} " + " ".join(f"{name:>30}" for name in BACKENDS))
            stores = {"DuckDB file": fresh_store(file), "PostgreSQL": fresh_store(url)}
            writes(q, stores, url)
            # Before any AppTest: Streamlit's script runner replaces __main__, which the instances'
            # processes are started from. They write in a database of their own.
            shared = server.url(server.create_database())
            fresh_store(shared).close()
            instances(shared, options.instances, options.seconds)
            for s in stores.values():
                generate_assessments(s, q, ASSESSMENTS)
            reads(q, stores)
            for s in stores.values():
                s.close()
            print(f"-- pages at {ASSESSMENTS:,} example assessments: median of {RERUNS} reruns, Y, (slowest)")
            page_figures({"DuckDB file": {"IGM_DB_PATH": file}, "PostgreSQL": {"IGM_DATABASE_URL": url}})
    finally:
        server.stop()
    report.end(began)


if __name__ == "__main__":
    main()
