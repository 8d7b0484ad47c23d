"""Benchmark of the shared PostgreSQL database beside the embedded DuckDB file, in one run.

Run from the repository root:  .venv/bin/python bench/bench_postgres.py   (about 2–3 minutes)

Starts a throwaway PostgreSQL server (tests/postgres_server.py; Debian's `postgresql` package must be
installed) and a temporary DuckDB file, then measures on both:

- submit p50/p95: `Store.submit_assessment` (21 answers and the history row, one transaction);
- the same submission written by psycopg 3 straight to PostgreSQL, the alternative write path;
- 50 submissions at the same moment (threads of one process): time, stored, lost;
- the presenter page rerun with 5,000 assessments (AppTest), answers queried afresh on every rerun;
- the map page rerun (AppTest), to check that it is unchanged;
- several instances (separate processes, each with its own connection) submitting for a few seconds
  against one PostgreSQL: submissions per second in all, and errors.

Targets from the issue: submit p50/p95 <= 50 ms on either backend; 0 lost; presenter rerun <= 150 ms.
"""

import logging
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg
import streamlit as st
from streamlit.testing.v1 import AppTest

from indicators.assessment import top_rank
from indicators.config import DATA_DIR
from indicators.demo import example_assessment, generate_assessments
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.postgres_server import ThrowawayPostgres
from ui import routes

REPO = Path(__file__).resolve().parent.parent
ROUNDS = 200
CONCURRENT = 50
ASSESSMENTS = 5000
RERUNS = 20
INSTANCES = (1, 2, 4, 8)
SECONDS_PER_INSTANCE_RUN = 5
SUBMIT_TARGET_MS = 50
PRESENTER_TARGET_MS = 150


def percentiles(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(s * 1000 for s in seconds)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def fresh_store(database: str) -> Store:
    store = Store.open(database, create=True)
    store.load_bundled(DATA_DIR)
    return store


def submit_rounds(store: Store, q, rng: random.Random) -> list[float]:
    place_ids = list(store.places()["place_id"])
    times = []
    for _ in range(ROUNDS):
        place_id = rng.choice(place_ids)
        assessment = example_assessment(place_id, q, rng)
        assessment_id, _ = store.create_assessment(place_id)
        start = time.perf_counter()
        store.submit_assessment(assessment_id, assessment, q, "bench")
        times.append(time.perf_counter() - start)
    return times


def psycopg_rounds(store: Store, url: str, q, rng: random.Random) -> list[float]:
    """The same transaction as Store.submit_assessment, written with psycopg 3 (the alternative)."""
    place_ids = list(store.places()["place_id"])
    times = []
    with psycopg.connect(url, autocommit=True) as con:
        for _ in range(ROUNDS):
            place_id = rng.choice(place_ids)
            assessment = example_assessment(place_id, q, rng)
            assessment_id, _ = store.create_assessment(place_id)
            rows = [
                (assessment_id, a.key, ans.capacity, ans.priority, top_rank(assessment, a.key, a.theme),
                 ans.action, ans.office, ans.timeframe)
                for a in q.areas
                if (ans := assessment.answers.get(a.key))
            ]  # fmt: skip
            payload = assessment.to_json()
            start = time.perf_counter()
            with con.transaction(), con.cursor() as cur:
                cur.execute(
                    "UPDATE assessments SET state = 'submitted', draft = %s, anonymous = true,"
                    " version = version + 1, updated_at = now(), submitted_at = now()"
                    " WHERE assessment_id = %s RETURNING version",
                    [payload, assessment_id],
                )
                version = cur.fetchone()[0]
                cur.execute("DELETE FROM answers WHERE assessment_id = %s", [assessment_id])
                cur.executemany("INSERT INTO answers VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows)
                cur.execute(
                    "INSERT INTO assessment_history VALUES (%s, %s, now(), 'bench', %s)",
                    [assessment_id, version, payload],
                )
            times.append(time.perf_counter() - start)
    return times


def burst(store: Store, q) -> tuple[float, int, int]:
    place_id = store.places()["place_id"].iloc[0]
    ids = [store.create_assessment(place_id)[0] for _ in range(CONCURRENT)]
    before = store.assessment_counts()["submitted"]
    barrier = threading.Barrier(CONCURRENT + 1)
    failures = []

    def one(assessment_id: str) -> None:
        barrier.wait()
        try:
            store.submit_assessment(
                assessment_id, example_assessment(place_id, q, random.Random()), q, "bench"
            )
        except Exception as error:  # counted, not hidden: a lost submission is the figure we want
            failures.append(error)

    threads = [threading.Thread(target=one, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    stored = store.assessment_counts()["submitted"] - before
    return elapsed, stored, CONCURRENT - stored


def page_reruns(database_env: dict, page: str) -> list[float]:
    """AppTest reruns of one page; the presenter's answers are queried afresh each time."""
    os.environ.update(database_env)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(routes.script(page)).run()
    if page == "presenter":
        at.toggle(key="pr_reveal").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    times = []
    for i in range(RERUNS):
        if page == "presenter":
            at.segmented_control(key="pr_theme@es").set_value(["all", "rt1", "rt2", "rt3", "rt4"][i % 5])
        else:
            at.radio(key="as_of_preset@es").set_value(["today", "seminar"][i % 2])
        st.cache_data.clear()
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    for name in database_env:
        os.environ.pop(name)
    return times


def instance(url: str, seconds: float, results) -> None:
    """One app instance: its own process and connection, submitting one assessment after another."""
    store = Store.open(url)
    q = load_questionnaire()
    rng = random.Random(os.getpid())
    place_ids = list(store.places()["place_id"])
    done = errors = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        place_id = rng.choice(place_ids)
        try:
            assessment_id, _ = store.create_assessment(place_id)
            store.submit_assessment(assessment_id, example_assessment(place_id, q, rng), q, "bench")
            done += 1
        except Exception:
            errors += 1
    store.close()
    results.put((done, errors))


def instances_run(url: str, count: int) -> tuple[float, int]:
    results = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=instance, args=(url, SECONDS_PER_INSTANCE_RUN, results))
        for _ in range(count)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join()
    done = sum(d for d, _ in outcomes)
    return done / SECONDS_PER_INSTANCE_RUN, sum(e for _, e in outcomes)


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    q = load_questionnaire()
    server = ThrowawayPostgres().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            file = str(Path(tmp) / "bench.duckdb")
            url = server.url(server.create_database())
            backends = {"DuckDB file": file, "PostgreSQL": url}
            print(f"{'figure':58} {'DuckDB file':>18} {'PostgreSQL':>18}")
            stores = {name: fresh_store(database) for name, database in backends.items()}
            submits = {name: percentiles(submit_rounds(s, q, random.Random(1))) for name, s in stores.items()}
            row("submit p50 (target <= 50 ms)", *(f"{v[0]:.1f} ms" for v in submits.values()))
            row("submit p95 (target <= 50 ms)", *(f"{v[1]:.1f} ms" for v in submits.values()))
            p50, p95 = percentiles(psycopg_rounds(stores["PostgreSQL"], url, q, random.Random(2)))
            row("same submit written by psycopg 3, p50 / p95", "—", f"{p50:.1f} / {p95:.1f} ms")
            bursts = {name: burst(s, q) for name, s in stores.items()}
            row(
                f"{CONCURRENT} submits at once: time, stored, lost",
                *(f"{t:.2f} s, {n}, {lost}" for t, n, lost in bursts.values()),
            )
            for s in stores.values():
                generate_assessments(s, q, ASSESSMENTS)
                s.close()
            envs = {"DuckDB file": {"IGM_DB_PATH": file}, "PostgreSQL": {"IGM_DATABASE_URL": url}}
            for page, target in (("presenter", PRESENTER_TARGET_MS), ("map", None)):
                figures = {name: percentiles(page_reruns(env, page)) for name, env in envs.items()}
                label = f"{page} page rerun p50 / p95" + (f" (target <= {target} ms)" if target else "")
                row(label, *(f"{m:.0f} / {p:.0f} ms" for m, p in figures.values()))
            for count in INSTANCES:
                rate, errors = instances_run(url, count)
                row(f"{count} instance(s) submitting for {SECONDS_PER_INSTANCE_RUN} s", "—",
                    f"{rate:.0f}/s, {errors} errors")  # fmt: skip
    finally:
        server.stop()


def row(label: str, *values: str) -> None:
    print(f"{label:58} " + " ".join(f"{v:>18}" for v in values), flush=True)


if __name__ == "__main__":
    main()
