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

Every transaction also bumps the data revisions it changes, in the same transaction (so a revision
can never be seen without its data, nor data without its revision). The app's caches are keyed on
these revisions instead of a time to live: a rerun with no new data reuses what was computed, and the
first rerun after a write recomputes once for everyone, on every instance sharing the database. A
writer names what it changes (`changes=`); one that does not say bumps them all, so forgetting can
cost a recomputation but never a stale page.
"""

import datetime as dt
import functools
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self, TypeVar

import duckdb
import pandas as pd

from indicators import postgres
from indicators.store import answer_totals, schema

# What a write can change, each with its own revision: the catalogue (places, countries, boundaries),
# submitted answers, imported IGM results, good practices (submitted, imported, reviewed), activity
# nobody's cached view shows (drafts, codes, failed attempts, consultation answers, settings, contacts
# shared with peers), the room's questions and votes (which every phone and the presenter poll, so
# that a vote does not recompute the other reads), and the follow-up (rounds and commitments).
REVISIONS = ("catalogue", "answers", "results", "practices", "activity", "questions", "followup")
T = TypeVar("T")


# How many times a write is run when PostgreSQL refuses it for a concurrent change of the same row.
CONFLICT_ATTEMPTS = 5


def retried_on_conflict(write: Callable[..., T]) -> Callable[..., T]:
    """A store write that updates a row several instances may update at the same moment (the same
    assessment submitted from two instances): PostgreSQL refuses one of them ("could not serialize
    access") where a DuckDB file makes the second writer wait, so the refused write is run again,
    whole, and both are stored one after the other, as on the file. Not inside an outer transaction:
    that one is lost with it, and its caller must decide."""

    @functools.wraps(write)
    def run(self, *args, **kwargs):
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            try:
                return write(self, *args, **kwargs)
            except duckdb.Error as error:
                nested = getattr(self._open, "state", None) is not None
                if nested or attempt == CONFLICT_ATTEMPTS or not postgres.is_conflict(error):
                    raise
                time.sleep(random.uniform(0, 0.01 * attempt))  # the two writers must not meet again
        raise AssertionError("unreachable")

    return run


class TransactionAborted(RuntimeError):
    """An inner `transaction()` failed and the outer block carried on: nothing was committed."""


class Connection:
    """What every concept mixin of `Store` builds on: `self.con`, `query` and `transaction`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, url: str = ""):
        self.con = con
        self.url = url  # the PostgreSQL URL, or "" for an embedded DuckDB database
        self._write_lock = threading.Lock()
        # This process's rows in `data_changes` (see `revision`), written by its first commit.
        self._writer = str(uuid.uuid4())
        self._writer_rows = False
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
            before = schema.schema_version(self)
            schema.ensure_schema(self)
        if answer_totals.stale(self, before):
            self.rebuild_answer_totals()

    @retried_on_conflict
    def rebuild_answer_totals(self) -> None:
        """The answers' sums (answer_totals.py) computed again from the answers, as this writer's rows."""
        with self.transaction(changes=("answers",)) as cur:
            answer_totals.rebuild(cur, self._writer)

    def schema_version(self) -> int | None:
        with self._server_errors():
            return schema.schema_version(self)

    def query(self, sql: str, params: list | tuple = ()) -> pd.DataFrame:
        with self._server_errors(), self.cursor() as cur:
            return cur.execute(sql, list(params)).df()

    def revision(self, kind: str | None = None) -> int:
        """How many committed transactions changed `kind` (one of REVISIONS; None: any kind) here."""
        if kind is not None and kind not in REVISIONS:
            raise ValueError(f"revision must be one of {REVISIONS}")
        counts = self.revisions()
        return sum(counts.values()) if kind is None else counts[kind]

    def revisions(self) -> dict[str, int]:
        """Every kind's revision, in one query.

        Each writer (a process's store) counts its own commits per kind in its own rows of
        `data_changes`, and the revision is their sum. A shared counter row would be simpler, but
        through DuckDB's postgres extension two instances updating one row at the same moment make
        PostgreSQL refuse one of them ("could not serialize access"); each writer touching only its
        own rows never conflicts. The sum is taken here, not in SQL: every cached read of a page
        asks, and DuckDB spends ~3 ms scheduling threads for a GROUP BY against 0.3 ms for a scan.
        """
        with self._server_errors(), self.cursor() as cur:
            rows = cur.execute("SELECT kind, commits FROM data_changes").fetchall()
        counts = dict.fromkeys(REVISIONS, 0)
        for kind, commits in rows:
            # A kind this version does not know was written by a newer instance sharing the server.
            if kind in counts:
                counts[kind] += commits
        return counts

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
    def transaction(self, changes: Iterable[str] = REVISIONS) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor whose statements are committed together when the block ends, or not at all.

        An exception leaving the block rolls everything back and is re-raised. Writers wait for each
        other. Nested use on the same thread joins the outer transaction (DuckDB has no savepoints): the
        inner block gets the same cursor and commits nothing itself; if an exception leaves the inner
        block, the whole transaction is rolled back at the end of the outer one, which raises
        `TransactionAborted` even if the outer code caught the inner exception.

        `changes` names the revisions the block changes (see REVISIONS); they are bumped just before
        the commit, and a nested block adds its own to the outer one's.
        """
        changes = set(changes)
        if not changes <= set(REVISIONS):
            raise ValueError(f"changes must be among {REVISIONS}")
        outer = getattr(self._open, "state", None)
        if outer is not None:
            outer["changes"] |= changes
            try:
                yield outer["cursor"]
            except BaseException:
                outer["failed"] = True
                raise
            return
        with self._server_errors(), self._write_lock, self.cursor() as cur:
            state = {"cursor": cur, "failed": False, "changes": changes}
            self._open.state = state
            try:
                cur.begin()  # outside the inner try: a failed begin has nothing to roll back
                try:
                    yield cur
                    if state["failed"]:
                        raise TransactionAborted("an inner transaction failed; nothing was written")
                    self._count_changes(cur, sorted(set(state["changes"])))
                    cur.commit()
                    self._writer_rows = True  # only a commit that holds leaves this writer's rows
                except BaseException:
                    cur.rollback()
                    raise
            finally:
                self._open.state = None

    def _count_changes(self, cur, kinds: list[str]) -> None:
        """Count this commit in this writer's own rows of `data_changes` (see `revision`)."""
        now = dt.datetime.now()
        if not self._writer_rows:
            cur.execute("DELETE FROM data_changes WHERE writer = ?", [self._writer])
            cur.execute(
                "INSERT INTO data_changes SELECT ?, unnest(?::VARCHAR[]), 0, ?",
                [self._writer, list(REVISIONS), now],
            )
        if not kinds:
            return
        # One statement for every kind: through PostgreSQL an UPDATE is four round trips.
        cur.execute(
            "UPDATE data_changes SET commits = commits + 1, changed_at = ?"
            f" WHERE writer = ? AND kind IN ({', '.join('?' * len(kinds))})",
            [now, self._writer, *kinds],
        )
