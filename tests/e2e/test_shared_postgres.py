"""Two real app instances (two Streamlit servers) on one PostgreSQL database, driven through Chromium.

The self-assessments are complete drafts saved beforehand, each opened by its resume code in its own
browser tab and submitted with the page's own button, so every submission goes through a server's
full path (session, form, store, transaction). All 100 tabs are opened first, then their buttons are
clicked one after the other without waiting, so the 100 submissions are in flight together and the
two servers write at the same moment.
"""

import os
import signal
import subprocess
import sys
import urllib.request

import pytest
from playwright.sync_api import expect

from indicators.store import Store
from tests.conftest import complete
from tests.e2e.conftest import REPO_ROOT, VIEWPORT, app_env, start_app, stop_app
from ui import routes

pytestmark = pytest.mark.browser

SUBMISSIONS = 100
KILL_BATCH = 10
SUBMITTED = "¡Enviado! Versión 1."
# The presenter refreshes every 5 s by default; its answers are cached until the data changes.
REFRESH_MS = 5_000
# From the click on B to the number on A's screen: B's save, then at most one refresh interval, then
# one rerun of A's fragment and its drawing in the browser.
DRAWN_MS = 3_000


@pytest.fixture
def two_instances(postgres_url, tmp_path):
    init = subprocess.run(
        [sys.executable, "-m", "indicators", "init-db", "--db", postgres_url],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, env=app_env(),
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    store = Store.open(postgres_url)
    place_ids = list(store.places()["place_id"])
    codes = []
    for n in range(SUBMISSIONS + KILL_BATCH + 1):
        place_id = place_ids[n % len(place_ids)]
        assessment_id, code = store.create_assessment(place_id)
        store.save_draft(assessment_id, complete(place_id, capacity=n % 5))
        codes.append(code)
    store.close()
    env = app_env(IGM_DATABASE_URL=postgres_url)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("")
    servers = []
    try:
        for name in ("a", "b"):
            servers.append(start_app(env, tmp_path / f"{name}.log", secrets))
        yield postgres_url, codes, servers
    finally:
        for server, _ in servers:
            stop_app(server)


def open_tabs(context, jobs: list[tuple[str, str]]) -> list:
    tabs = []
    for base, code in jobs:
        tab = context.new_page()
        tab.goto(f"{base}/{routes.url_path('assessment')}?r={code}", wait_until="commit")
        tabs.append(tab)
    for tab in tabs:
        expect(tab.get_by_role("button", name="Enviar", exact=True)).to_be_enabled(timeout=300_000)
    return tabs


def submit(tabs: list) -> None:
    for tab in tabs:
        tab.get_by_role("button", name="Enviar", exact=True).click(no_wait_after=True)


def confirmed(tabs: list) -> None:
    for tab in tabs:
        expect(tab.get_by_text(SUBMITTED)).to_be_visible(timeout=300_000)
        tab.close()


def counts(url: str) -> dict:
    store = Store.open(url)
    try:
        return (
            store.query(
                """
            SELECT
              (SELECT count(*) FROM assessments WHERE state = 'submitted') AS submitted,
              (SELECT count(*) FROM assessment_history) AS history,
              (SELECT count(DISTINCT assessment_id) FROM assessment_history) AS with_history,
              (SELECT count(*) FROM answers) AS answers,
              -- partial: submitted without every answer or its history row, or answers on a draft
              (SELECT count(*) FROM assessments s WHERE
                 (state = 'submitted') <> ((SELECT count(*) FROM answers a
                                            WHERE a.assessment_id = s.assessment_id) = 21)
                 OR version <> (SELECT count(*) FROM assessment_history h
                                WHERE h.assessment_id = s.assessment_id)) AS partial
            """
            )
            .iloc[0]
            .to_dict()
        )
    finally:
        store.close()


def presenter_count(tab) -> str:
    metric = tab.locator('[data-testid="stMetric"]', has_text="Respuestas")
    return metric.locator('[data-testid="stMetricValue"]')


def test_two_instances_share_one_database(browser, two_instances, shots):
    url, codes, ((_, a), (server_b, b)) = two_instances
    context = browser.new_context(viewport=VIEWPORT)

    # 100 submissions at once, half through each server.
    jobs = [((a, b)[n % 2], code) for n, code in enumerate(codes[:SUBMISSIONS])]
    tabs = open_tabs(context, jobs)
    submit(tabs)
    confirmed(tabs)
    stored = counts(url)
    assert stored["submitted"] == SUBMISSIONS  # 0 lost
    assert stored["history"] == stored["with_history"] == SUBMISSIONS  # 0 duplicated
    assert stored["answers"] == SUBMISSIONS * 21
    assert stored["partial"] == 0

    # A's presenter shows a submission made on B within one refresh.
    presenter = context.new_page()
    presenter.goto(f"{a}/{routes.url_path('presenter')}")
    presenter.get_by_text("Mostrar resultados", exact=True).click()
    expect(presenter_count(presenter)).to_have_text(str(SUBMISSIONS))
    tabs = open_tabs(context, [(b, codes[-1])])
    submit(tabs)  # the clock starts at the click, before B has even stored it
    expect(presenter_count(presenter)).to_have_text(str(SUBMISSIONS + 1), timeout=REFRESH_MS + DRAWN_MS)
    confirmed(tabs)
    presenter.screenshot(path=str(shots / "shared-presenter-a-after-b.png"))

    # kill -9 of B while both are submitting: A keeps serving, nothing is half written.
    kill_jobs = [
        ((a, b)[n % 2], code) for n, code in enumerate(codes[SUBMISSIONS : SUBMISSIONS + KILL_BATCH])
    ]
    tabs = open_tabs(context, kill_jobs)
    on_b = [tab for tab, (base, _) in zip(tabs, kill_jobs, strict=True) if base == b]
    on_a = [tab for tab, (base, _) in zip(tabs, kill_jobs, strict=True) if base == a]
    submit(on_b)
    submit(on_a)
    os.kill(server_b.pid, signal.SIGKILL)
    server_b.wait(timeout=30)
    confirmed(on_a)
    with urllib.request.urlopen(f"{a}/_stcore/health", timeout=10) as response:
        assert response.read() == b"ok"
    home = context.new_page()
    home.goto(f"{a}/")
    expect(home.get_by_role("heading", name="Tablero IGM local")).to_be_visible()
    after = counts(url)
    assert after["partial"] == 0
    assert SUBMISSIONS + 1 + len(on_a) <= after["submitted"] <= SUBMISSIONS + 1 + KILL_BATCH
    assert after["history"] == after["with_history"] == after["submitted"]
    context.close()
