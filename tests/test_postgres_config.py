"""Choosing the database (file or PostgreSQL URL) and the plain reasons a PostgreSQL one cannot be used."""

import pytest

from indicators import postgres
from indicators.config import DEFAULT_DB_PATH, Settings
from indicators.i18n import LANGUAGES, Translator
from tests.postgres_server import ThrowawayPostgres, free_port

URL = "postgresql://igm:s3cret@db.example.org:5432/igm"


def test_embedded_file_is_the_default():
    settings = Settings.from_env({}, secrets={})
    assert settings.database_url == ""
    assert settings.database == str(DEFAULT_DB_PATH)


def test_url_from_the_environment_or_from_streamlit_secrets():
    assert Settings.from_env({"IGM_DATABASE_URL": URL}, secrets={}).database == URL
    secrets = {"connections": {"igm": {"url": URL}}}
    assert Settings.from_env({}, secrets=secrets).database == URL
    # The environment wins, so one instance can be pointed elsewhere without editing the shared file.
    other = URL.replace("/igm", "/copy")
    assert Settings.from_env({"IGM_DATABASE_URL": other}, secrets=secrets).database == other


def test_secrets_file_is_read_for_the_command_line(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'organiser_password = "x"\n\n[connections.igm]\nurl = "{URL}"\n', encoding="utf-8")
    assert Settings.from_env({"IGM_SECRETS_FILE": str(secrets)}).database == URL


@pytest.mark.parametrize("url", ["mysql://u:p@host/db", "sqlite:///igm.duckdb", "https://db.example.org/"])
def test_a_url_that_is_not_postgresql_is_refused_without_its_password(url):
    with pytest.raises(postgres.DatabaseUnavailable) as caught:
        postgres.check_url(url)
    assert caught.value.reason == "not_postgres"
    assert "p@" not in caught.value.target


def test_password_never_shown():
    assert postgres.masked(URL) == "postgresql://igm:***@db.example.org:5432/igm"
    assert postgres.masked("postgresql://db.example.org/igm") == "postgresql://db.example.org/igm"


@pytest.mark.parametrize(
    "reason", ["unreachable", "auth", "no_database", "not_postgres", "not_initialised", "gone"]
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reason_has_a_message(reason, language):
    text = Translator(language)(f"db.{reason}", target="postgresql://igm:***@host/igm")
    assert "postgresql://igm:***@host/igm" in text and "db." not in text


def reason_connecting(url: str) -> postgres.DatabaseUnavailable:
    with pytest.raises(postgres.DatabaseUnavailable) as caught:
        postgres.connect(url)
    return caught.value


def test_wrong_password_unknown_database_and_no_server(postgres_server):
    wrong = reason_connecting(postgres_server.url(password="not-the-password"))
    assert wrong.reason == "auth"
    assert "not-the-password" not in wrong.target
    assert reason_connecting(postgres_server.url("no_such_database")).reason == "no_database"
    nobody = f"postgresql://postgres:x@127.0.0.1:{free_port()}/igm"
    assert reason_connecting(nobody).reason == "unreachable"
    assert reason_connecting("postgresql://postgres:x@no-such-host.invalid/igm").reason == "unreachable"


def test_connection_attaches_the_server(postgres_url):
    con = postgres.connect(postgres_url)
    try:
        assert con.execute("SELECT count(*) FROM pg.information_schema.tables").fetchone()[0] >= 0
    finally:
        con.close()


def test_server_gone_mid_session_then_back(postgres_server):  # needs PostgreSQL installed
    """A server that stops is reported as gone; when it is back the same connection works again."""
    server = ThrowawayPostgres().start()
    try:
        con = postgres.connect(server.url())
        con.execute("SELECT 1 FROM postgres_query('pg', 'SELECT 1')").fetchall()
        server.pause()
        with pytest.raises(Exception) as caught:
            con.cursor().execute("SELECT 1 FROM postgres_query('pg', 'SELECT 1')").fetchall()
        assert postgres.lost(caught.value, server.url()).reason == "gone"
        server.resume()
        assert con.cursor().execute("SELECT 1 FROM postgres_query('pg', 'SELECT 1')").fetchall() == [(1,)]
        con.close()
    finally:
        server.stop()
