"""The owner of the database connection: open and close, read queries, and `transaction()`, the only
place in the code base that begins, commits or rolls back.

The app keeps a single connection per process and runs each statement on its own cursor, because a
DuckDB connection must not be shared across Streamlit's session threads. Every write goes through
`transaction()`, which also serialises writers: each write is a few milliseconds, and one writer at a time
means concurrent submissions can never conflict or interleave.

Two backends, one SQL: an embedded DuckDB file, or a PostgreSQL database shared by several app instances
(`Store.open("postgresql://…")`). For PostgreSQL, DuckDB still runs every statement: the server's
database is attached through DuckDB's postgres extension (indicators/postgres.py) and each cursor works
in it (`USE pg`), so the same queries, the same DDL and the same transactions serve both. A failure
that comes from the server going away is raised as `DatabaseUnavailable` ("gone"), never as a trace.

Every transaction also records a change in the data revision before it commits (see `revision`), so
the app's caches, keyed on it, follow writes made by any instance without waiting for a time to live.
"""

import datetime as dt
import hashlib
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

import duckdb
import pandas as pd

from indicators import postgres
from indicators.store import schema


class TransactionAborted(RuntimeError):
    """An inner `transaction()` failed and the outer block carried on: nothing was committed."""


class Connection:
    """What every concept mixin of `Store` builds on: `self.con`, `query` and `transaction`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, url: str = ""):
        self.con = con
        self.url = url  # the PostgreSQL URL, or "" for an embedded DuckDB database
        self._write_lock = threading.Lock()
        # This process's row in `data_changes` (see `revision`).
        self._writer = str(uuid.uuid4())
        # The transaction this thread has open, if any, so that a nested `transaction()` joins it.
        self._open = threading.local()

    @classmethod
    def open(cls, target: Path | str, create: bool = False) -> Self:
        """A DuckDB file (created with its schema when missing) or a PostgreSQL URL.

        A PostgreSQL database gets its schema only with `create` (the command `init-db`); otherwise one
        that was never initialised raises DatabaseUnavailable("not_initialised"), so a mistyped
        database name is reported instead of silently starting an empty app on it.
        """
        if postgres.is_url(target):
            store = cls(postgres.connect(str(target)), url=str(target))
            try:
                if not create and store.schema_version() is None:
                    raise postgres.DatabaseUnavailable("not_initialised", postgres.masked(str(target)))
                store.ensure_schema()  # idempotent: adds what a newer version needs
            except BaseException:
                store.close()
                raise
            return store
        if str(target) != ":memory:":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        store = cls(duckdb.connect(str(target)))
        store.ensure_schema()
        return store

    def close(self) -> None:
        self.con.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of the shared connection, working in the store's database (PostgreSQL's `pg`)."""
        cur = self.con.cursor()
        if self.url:
            cur.execute(f"USE {postgres.ALIAS}")
        return cur

    def ensure_schema(self) -> None:
        with self._server_errors():
            schema.ensure_schema(self)

    def schema_version(self) -> int | None:
        with self._server_errors():
            return schema.schema_version(self)

    def query(self, sql: str, params: list | tuple = ()) -> pd.DataFrame:
        with self._server_errors(), self.cursor() as cur:
            return cur.execute(sql, list(params)).df()

    def revision(self) -> str:
        """The data revision: it changes with every committed transaction of any process.

        Each writer (a process's store) keeps one row in `data_changes` with the token of its latest
        transaction, so the revision is those few tokens together. A shared counter row would be
        simpler, but through DuckDB's postgres extension two instances updating one row at the same
        moment make PostgreSQL refuse one of them ("could not serialize access"); each writer touching
        only its own row never conflicts.
        """
        tokens = self.query("SELECT string_agg(token, ',' ORDER BY writer) AS t FROM data_changes")["t"][0]
        return hashlib.md5(str(tokens).encode()).hexdigest()[:16]

    @contextmanager
    def _server_errors(self) -> Iterator[None]:
        """PostgreSQL gone (stopped, restarted, network cut) becomes DatabaseUnavailable, not a trace."""
        try:
            yield
        except duckdb.Error as error:
            lost = postgres.lost(error, self.url) if self.url else None
            if lost is None:
                raise
            raise lost from None

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor whose statements are committed together when the block ends, or not at all.

        An exception leaving the block rolls everything back and is re-raised. Writers wait for each
        other. Nested use on the same thread joins the outer transaction (DuckDB has no savepoints): the
        inner block gets the same cursor and commits nothing itself; if an exception leaves the inner
        block, the whole transaction is rolled back at the end of the outer one, which raises
        `TransactionAborted` even if the outer code caught the inner exception.
        """
        outer = getattr(self._open, "state", None)
        if outer is not None:
            try:
                yield outer["cursor"]
            except BaseException:
                outer["failed"] = True
                raise
            return
        with self._server_errors(), self._write_lock, self.cursor() as cur:
            state = {"cursor": cur, "failed": False}
            self._open.state = state
            try:
                cur.begin()  # outside the inner try: a failed begin has nothing to roll back
                try:
                    yield cur
                    if state["failed"]:
                        raise TransactionAborted("an inner transaction failed; nothing was written")
                    cur.execute("DELETE FROM data_changes WHERE writer = ?", [self._writer])
                    cur.execute(
                        "INSERT INTO data_changes VALUES (?, ?, ?)",
                        [self._writer, str(uuid.uuid4()), dt.datetime.now()],
                    )
                    cur.commit()
                except BaseException:
                    cur.rollback()
                    raise
            finally:
                self._open.state = None
