"""Shared fixtures: an in-memory store with the bundled data, a copy of data/ to break, an app runner,
a throwaway PostgreSQL server (marker `postgres`)."""

import contextlib
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from indicators.accounts import Account, hash_password
from indicators.assessment import AreaAnswer, Assessment
from indicators.config import DATA_DIR, PROJECT_DIR
from indicators.demo import generate_assessments
from indicators.i18n import Translator
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests import export_helpers
from tests.postgres_server import ThrowawayPostgres
from ui import gate, routes
from ui.lang import WORD_JOINER


@pytest.fixture(autouse=True)
def no_outside_database(monkeypatch):
    """Tests never reach the developer's own database: no URL from the environment or a secrets file."""
    monkeypatch.delenv("IGM_DATABASE_URL", raising=False)
    monkeypatch.setenv("IGM_SECRETS_FILE", os.devnull)


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL server for the whole run, started on first use and removed at the end.

    Without PostgreSQL installed the tests that need it are skipped on a developer's machine and
    fail in CI (CI=true), where scripts/test.sh installs it.
    """
    try:
        server = ThrowawayPostgres().start()
    except (FileNotFoundError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        message = f"cannot start a throwaway PostgreSQL server: {detail}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres_server) -> str:
    """A database with the schema and the bundled data, copied (CREATE DATABASE … TEMPLATE) per test."""
    name = postgres_server.create_database()
    store = Store.open(postgres_server.url(name), create=True)
    store.load_bundled(DATA_DIR)
    store.close()
    return name


# The store suite runs on both backends with the same assertions: a module opts in with
# `store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)`.
BACKENDS = ("duckdb", pytest.param("postgres", marks=pytest.mark.postgres))


def store_on_backend(request) -> Store:
    """An in-memory DuckDB store, or a fresh PostgreSQL database, each with the bundled data."""
    if request.param == "duckdb":
        store = Store.open(":memory:")
        store.load_bundled(DATA_DIR)
        yield store
        store.close()
        return
    server = request.getfixturevalue("postgres_server")
    name = server.create_database(template=request.getfixturevalue("postgres_template"))
    store = Store.open(server.url(name))
    yield store
    store.close()
    server.drop_database(name)


def database_on_backend(request, tmp_path) -> str:
    """Where a test's own database lives, for tests that reopen it: a DuckDB file, or an empty
    PostgreSQL database (the first `Store.open` needs `create=True` there, as `init-db` does)."""
    if request.param == "duckdb":
        return str(tmp_path / "igm.duckdb")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def postgres_url(request, postgres_server) -> str:
    """The URL of a fresh, empty database on the throwaway server, dropped after the test."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture
def store() -> Store:
    store = Store.open(":memory:")
    store.load_bundled(DATA_DIR)
    yield store
    store.close()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ that a test may change (the database file lives beside it)."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy, ignore=shutil.ignore_patterns("*.duckdb*"))
    return copy


def replace_in_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def app(tmp_path, monkeypatch):
    """Run the real app (app.py + navigation) on a fresh database file; returns a started AppTest."""
    monkeypatch.setenv("IGM_DB_PATH", str(tmp_path / "app.duckdb"))
    st.cache_data.clear()

    def start(page: str | None = None, **session) -> AppTest:
        at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=60)
        for key, value in session.items():
            at.session_state[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        return at

    return start


def complete(place_id: str, capacity: int = 1, name: str = "") -> Assessment:
    """A submittable assessment: every area rated, the first three areas of each table chosen."""
    q = load_questionnaire()
    answers = {a.key: AreaAnswer(capacity=capacity, priority=3) for a in q.areas}
    top3 = {theme: [a.key for a in q.areas_of(theme)[:3]] for theme in q.themes}
    return Assessment(place_id, anonymous=not name, respondent_name=name, answers=answers, top3=top3)


ORGANISER_PASSWORD = "clave de organización de prueba"


def add_account(user: str = "organiser", role: str = "admin", country: str | None = None, **where) -> str:
    """An account in the test's own database (IGM_DB_PATH, or `db=`), made as `accounts add` makes it;
    returns its password. An account already there is left as it is."""
    password = where.get("password", ORGANISER_PASSWORD)
    store = Store.open(where.get("db") or os.environ["IGM_DB_PATH"])
    try:
        if store.account(user) is None:
            account = Account(user, where.get("name", user), role, country)
            store.add_account(account, hash_password(password), "test")
    finally:
        store.close()
    return password


def session_of(user: str = "organiser", role: str = "admin", country: str | None = None) -> dict:
    """An organiser's session as the gate keeps it, for a page opened after logging in on the organisers'
    page (the presenter's controls, moderating questions): `app(page, organiser_session=session_of())`."""
    add_account(user, role, country)
    return {"user": user, "since": dt.datetime.now()}


@pytest.fixture
def signed_in():
    """Outside any page (Streamlit's bare mode, one session state): log an account in, as the gate
    would, so ui/actions' organiser writes can be called; logged out after the test."""

    def sign_in(user: str = "organiser", role: str = "admin", country: str | None = None) -> None:
        add_account(user, role, country)
        st.session_state[gate.SESSION] = {"user": user, "since": dt.datetime.now()}

    yield sign_in
    st.session_state.pop(gate.SESSION, None)


def log_in(at, user: str = "organiser", password: str = ORGANISER_PASSWORD):
    """Type a user and password into the organisers' log-in form and press its button."""
    at.text_input(key="org_user").input(user)
    at.text_input(key="org_password").input(password)
    at.button[0].click().run()
    return at


def organiser(
    app, user: str = "organiser", role: str = "admin", country: str | None = None, tab: str = "", **session
):
    """The app's organisers' page, logged in with an account (an admin unless told) in the test's database,
    with the tab titled by catalogue key `tab` open (the first tab unless told)."""
    add_account(user, role, country)
    at = app(**session)
    at.switch_page(routes.script("organisers")).run()
    log_in(at, user)
    return open_tab(at, tab) if tab else at


def open_tab(at, title: str):
    """Open the organisers' tab titled by catalogue key `title`, as a click on it does: only the open tab
    runs (views/organisers/page.py), so a test reaches a tab's widgets after opening it."""
    shown = [tab.label for tab in at.tabs]
    label = next(
        (label for label in (Translator(lang)(title) for lang in ("es", "en")) if label in shown), None
    )
    assert label, f"no tab {title!r} among {shown}"
    at.session_state["org_tab"] = label
    return at.run()


def pytest_collection_modifyitems(items):
    """Every test that uses the PostgreSQL server carries the `postgres` marker (-m "not postgres")."""
    for item in items:
        if "postgres_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


# --- exports: stores with answers (tests/test_exports_*.py) -------------------------------------


@pytest.fixture
def real(store):
    """Danlí: two real assessments (capacity 1 and 2), its first area with an action; Omoa: one."""
    first = complete("hnd-danli", capacity=1)
    first.answers[export_helpers.RT1[0]] = AreaAnswer(
        capacity=1, priority=3, action=export_helpers.ACTION, office="Alcaldía", timeframe="6m"
    )
    for place_id, assessment in (
        ("hnd-danli", first),
        ("hnd-danli", complete("hnd-danli", capacity=2)),
        ("hnd-omoa", complete("hnd-omoa", capacity=4)),
    ):
        assessment_id, _ = store.create_assessment(place_id)
        store.submit_assessment(assessment_id, assessment, export_helpers.Q, "test")
    return store


@pytest.fixture
def examples(store):
    generate_assessments(store, export_helpers.Q, 40, seed=7)
    return store


def shown(markdown: str) -> str:
    """What a reader sees of Markdown that holds user text (ui.literal): escapes and word joiners gone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


@contextlib.contextmanager
def held_by_another_process(db: Path):
    """A DuckDB file opened, and so locked, by a second process until the block ends."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('ready', flush=True); "
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield
    finally:
        holder.kill()
        holder.wait()
