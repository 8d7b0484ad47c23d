"""PostgreSQL as the shared database: checking the URL, reaching the server through DuckDB's postgres
extension, and saying in plain words why the database cannot be used.

DuckDB stays the engine that runs every query (the map, presenter and export aggregates are DuckDB
SQL); with a PostgreSQL URL its tables live in the server, attached as the catalog `pg`. The
extension ships as the wheel `duckdb-extension-postgres` and is installed from it into a directory
inside the project, so nothing is fetched from DuckDB's extension server. The reasons a database
cannot be used are catalogue keys (`db.<reason>` in data/i18n.toml), so pages and the command line
say the same thing in the user's language, and the password never reaches a message.
"""

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import duckdb

from indicators.config import PROJECT_DIR

SCHEMES = ("postgresql", "postgres")
ALIAS = "pg"
EXTENSION_DIR = PROJECT_DIR / ".duckdb" / "extensions"
# Seconds before an unreachable host is reported; libpq would otherwise wait for the OS (minutes).
CONNECT_TIMEOUT_S = 5

# libpq's messages (English whatever the locale of the app) mapped to our reasons.
_REASONS = (
    ("password authentication failed", "auth"),
    ("no password supplied", "auth"),
    ('role "', "auth"),
    ('database "', "no_database"),
    ("could not translate host name", "unreachable"),
    ("connection refused", "unreachable"),
    ("timeout expired", "unreachable"),
    ("no route to host", "unreachable"),
    ("network is unreachable", "unreachable"),
    ("server closed the connection", "gone"),
    ("terminating connection", "gone"),
    ("connection to server", "gone"),
    ("unable to connect to postgres", "unreachable"),
)


class DatabaseUnavailable(Exception):
    """The configured database cannot be used now. `reason` names the catalogue text `db.<reason>`:
    unreachable, auth, no_database, not_postgres, not_initialised or gone."""

    def __init__(self, reason: str, target: str):
        super().__init__(f"{reason}: {target}")
        self.reason = reason
        self.target = target

    def params(self) -> dict[str, str]:
        return {"target": self.target}


def is_url(target: str | Path) -> bool:
    return "://" in str(target)


def is_postgres(target: str | Path) -> bool:
    return urlsplit(str(target)).scheme.lower() in SCHEMES if is_url(target) else False


def masked(url: str) -> str:
    """The URL as it may be shown: without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def check_url(url: str) -> str:
    """The URL to connect with (a connect timeout added); refuses anything that is not PostgreSQL."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise DatabaseUnavailable("not_postgres", masked(url))
    query = dict(parse_qsl(parts.query))
    query.setdefault("connect_timeout", str(CONNECT_TIMEOUT_S))
    return urlunsplit(parts._replace(query=urlencode(query)))


def reason_for(error: Exception, default: str = "gone") -> str | None:
    """Our reason for a DuckDB error raised while talking to PostgreSQL, or None if it is not one."""
    if not isinstance(error, duckdb.Error) or is_conflict(error):
        return None  # a conflict is not the server's fault: the write is run again (store/connection.py)
    text = str(error).lower()
    for fragment, reason in _REASONS:
        if fragment in text:
            return reason
    return default if isinstance(error, duckdb.IOException) and "postgres" in text else None


def is_conflict(error: Exception) -> bool:
    """PostgreSQL refused a write because another connection changed the same row at the same moment
    (the extension's transactions are REPEATABLE READ): the write may simply be run again."""
    return isinstance(error, duckdb.Error) and "could not serialize access" in str(error)


def lost(error: Exception, target: str) -> DatabaseUnavailable | None:
    """What to raise when a query on an open connection fails because of the server: the connection
    is gone (the server stopped, restarted or the network cut), or the credentials changed."""
    reason = reason_for(error)
    if reason is None:
        return None
    return DatabaseUnavailable("gone" if reason in ("unreachable", "gone") else reason, masked(target))


def load_extension(con: duckdb.DuckDBPyConnection) -> None:
    """Load the postgres extension from the wheel, installing it into the project's directory once."""
    try:
        con.execute("LOAD postgres")
    except duckdb.Error:
        import duckdb_extensions  # only needed the first time, and only for PostgreSQL

        duckdb_extensions.import_extension("postgres", con=con)
        con.execute("LOAD postgres")


def connect(url: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the PostgreSQL database attached as `pg` (queries run `USE pg`).

    Raises DatabaseUnavailable with the reason when the server cannot be reached or refuses us.
    """
    target = check_url(url)
    EXTENSION_DIR.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:", config={"extension_directory": str(EXTENSION_DIR)})
    try:
        load_extension(con)
        con.execute(f"ATTACH '{_quoted(target)}' AS {ALIAS} (TYPE postgres)")
        # ATTACH is lazy about some failures (a missing database): touch the server once.
        con.execute(f"SELECT 1 FROM postgres_query('{ALIAS}', 'SELECT 1')").fetchall()
    except duckdb.Error as error:
        con.close()
        raise DatabaseUnavailable(reason_for(error, "unreachable") or "unreachable", masked(url)) from None
    return con


def _quoted(text: str) -> str:
    return re.sub("'", "''", text)
