"""A shared PostgreSQL database from the command line and the pages: init-db, every bad configuration
with its message (exit 1, no traceback), and a server lost while a respondent types."""

import os
import subprocess
import sys
import threading

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from indicators.assessment import Assessment
from indicators.config import DATA_DIR, PROJECT_DIR
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.conftest import complete
from tests.postgres_server import ThrowawayPostgres, free_port
from tests.test_assessment_page import Q, enter, fill
from ui import routes


def cli(*args, env: dict):
    """The command as a user runs it, with only the database settings `env` gives (never the shell's)."""
    full = {k: v for k, v in os.environ.items() if k != "IGM_DATABASE_URL"}
    full = {**full, "IGM_SECRETS_FILE": os.devnull, **env}
    return subprocess.run(
        [sys.executable, "-m", "indicators", "--lang", "en", *args],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=180, env=full,
    )  # fmt: skip


def test_init_db_creates_the_schema_then_every_command_uses_the_server(postgres_url, postgres_server):
    env = {"IGM_DATABASE_URL": postgres_url}
    first = cli("init-db", env=env)
    assert first.returncode == 0, first.stderr
    assert "countries, places, boundaries" in first.stdout
    assert postgres_server.password not in first.stdout and ":***@" in first.stdout
    assert "already up to date" in cli("init-db", env=env).stdout
    codes = cli("codes", "create", "--place", "hnd-danli", "--count", "2", env=env)
    assert codes.returncode == 0, codes.stderr
    store = Store.open(postgres_url)
    assert len(store.query("SELECT * FROM access_codes WHERE place_id = 'hnd-danli'")) == 2
    store.close()


def test_the_url_can_come_from_the_secrets_file(postgres_url, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[connections.igm]\nurl = "{postgres_url}"\n', encoding="utf-8")
    result = cli("init-db", env={"IGM_SECRETS_FILE": str(secrets)})
    assert result.returncode == 0, result.stderr
    assert "Bundled data loaded into postgresql://" in result.stdout


def bad_urls(server) -> dict[str, tuple[str, str]]:
    return {
        "unreachable": (f"postgresql://igm:pw@127.0.0.1:{free_port()}/igm", "the server does not answer"),
        "auth": (server.url(password="wrong-password"), "refused the user name or password"),
        "not_postgres": ("mysql://igm:pw@127.0.0.1/igm", "is not a PostgreSQL address"),
        "no_database": (server.url("never_created"), "does not exist on the server"),
    }


@pytest.mark.parametrize("reason", ["unreachable", "auth", "not_postgres", "no_database", "not_initialised"])
def test_bad_configuration_is_a_message_and_exit_1(reason, postgres_server, postgres_url):
    url, message = bad_urls(postgres_server).get(reason, (postgres_url, "it was never initialised"))
    result = cli("codes", "create", "--place", "hnd-danli", env={"IGM_DATABASE_URL": url})
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr and "wrong-password" not in result.stderr


def test_a_broken_secrets_file_is_named(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[connections.igm\nurl = ", encoding="utf-8")
    result = cli("codes", "create", "--place", "hnd-danli", env={"IGM_SECRETS_FILE": str(secrets)})
    assert result.returncode == 1 and "not a valid TOML file" in result.stderr
    assert "Traceback" not in result.stderr


def app_on(url: str, page: str | None = None, secrets: dict | None = None, **session) -> AppTest:
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=60)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at


@pytest.mark.parametrize("reason", ["unreachable", "auth", "not_postgres", "not_initialised"])
@pytest.mark.parametrize("language", ["es", "en"])
def test_pages_say_why_the_database_cannot_be_used(
    reason, language, postgres_server, postgres_url, monkeypatch
):
    url, message = bad_urls(postgres_server).get(reason, (postgres_url, "it was never initialised"))
    if language == "es":
        message = {
            "unreachable": "el servidor no responde",
            "auth": "rechazó el usuario o la contraseña",
            "not_postgres": "no es una dirección de PostgreSQL",
            "not_initialised": "nunca se inicializó",
        }[reason]
    # The URL comes from Streamlit's secrets, as `st.connection` would read it.
    at = app_on("", secrets={"connections": {"igm": {"url": url}}}, lang=language)
    assert not at.exception
    errors = "\n".join(e.value for e in at.error)
    assert message in errors
    assert "wrong-password" not in errors


def test_a_draft_typed_while_the_server_is_away_is_kept_and_saved_when_it_is_back(
    monkeypatch, postgres_server
):
    server = ThrowawayPostgres().start()
    try:
        url = server.url()
        store = Store.open(url, create=True)
        store.load_bundled(DATA_DIR)
        code = store.create_access_codes("hnd-omoa", 1, created_by="test")[0]
        store.close()
        monkeypatch.setenv("IGM_DATABASE_URL", url)
        st.cache_data.clear()
        at = enter(app_on(url, routes.script("assessment")), code)
        assert not at.exception
        fill(at, capacity=1)  # every answer given and saved while the server is up
        assessment_id = at.session_state["sa"]["id"]

        server.pause()
        area = Q.areas_of(list(Q.themes)[-1])[0].key  # on the table `fill` left on screen
        at.radio(key=f"cap_{area}@es").set_value(3).run()
        assert not at.exception
        assert "se guardarán automáticamente en cuanto vuelva la conexión" in "\n".join(
            w.value for w in at.warning
        )
        assert at.radio(key=f"cap_{area}@es").value == 3  # still in the form
        at.button(key="sa_submit").click().run()  # a submit now is refused with a message, not a trace
        assert not at.exception
        assert "Se perdió la conexión con la base de datos" in "\n".join(e.value for e in at.error)
        assert at.radio(key=f"cap_{area}@es").value == 3

        server.resume()
        at.run()  # the next rerun (or the page's own retry every few seconds) saves it
        assert not at.exception
        check = Store.open(url)
        saved = Assessment.from_json(check.assessment(assessment_id)["draft"])
        check.close()
        assert saved.answers[area].capacity == 3
        at.button(key="sa_submit").click().run()  # and the submit goes through now
        assert "¡Enviado! Versión 1" in "\n".join(s.value for s in at.success)
    finally:
        server.stop()


def test_two_instances_write_at_once_and_see_each_others_revision(postgres_server, postgres_template):
    """Two stores on one database (two app instances): 40 submissions at the same moment, half through
    each, all stored; a write through one changes the revision the other reads."""
    name = postgres_server.create_database(template=postgres_template)
    url = postgres_server.url(name)
    a, b = Store.open(url), Store.open(url)
    try:
        q = load_questionnaire()
        seen = a.revision()
        b.set_setting("test.from_b", "1")
        assert a.revision() != seen
        jobs = [((a, b)[n % 2], (a, b)[n % 2].create_assessment("hnd-danli")[0]) for n in range(40)]
        barrier = threading.Barrier(len(jobs))
        failures = []

        def submit(store, assessment_id):
            barrier.wait()
            try:
                store.submit_assessment(assessment_id, complete("hnd-danli"), q, "test")
            except Exception as error:
                failures.append(error)

        threads = [threading.Thread(target=submit, args=job) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        assert a.assessment_counts()["submitted"] == 40
        assert len(b.query("SELECT * FROM assessment_history")) == 40
    finally:
        a.close()
        b.close()
        postgres_server.drop_database(name)


def test_one_assessment_submitted_on_two_instances_at_once_is_kept_twice(postgres_server, postgres_template):
    """The same resume code open on two instances, submitted at the same moment: PostgreSQL refuses one
    of the two updates of that row, the store runs it again, and both are kept as versions 1 and 2, as
    with the embedded file, where the second writer waits."""
    name = postgres_server.create_database(template=postgres_template)
    url = postgres_server.url(name)
    a, b = Store.open(url), Store.open(url)
    try:
        q = load_questionnaire()
        ids = [a.create_assessment("hnd-danli")[0] for _ in range(8)]
        jobs = [(store, assessment_id) for assessment_id in ids for store in (a, b)]
        barrier = threading.Barrier(2)
        failures = []

        def submit(store, assessment_id):
            barrier.wait()
            try:
                store.submit_assessment(assessment_id, complete("hnd-danli"), q, "test")
            except Exception as error:
                failures.append(error)

        for pair in range(0, len(jobs), 2):
            threads = [threading.Thread(target=submit, args=job) for job in jobs[pair : pair + 2]]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        assert failures == []
        stored = a.query("SELECT version FROM assessments WHERE state = 'submitted'")
        assert list(stored["version"]) == [2] * len(ids)
        history = a.query("SELECT assessment_id, version FROM assessment_history ORDER BY ALL")
        assert len(history) == 2 * len(ids) and set(history["version"]) == {1, 2}
    finally:
        a.close()
        b.close()
        postgres_server.drop_database(name)
