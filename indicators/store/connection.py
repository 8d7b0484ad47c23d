"""The owner of the database connection: open and close, read queries, and `transaction()`, the only
place in the code base that begins, commits or rolls back.

The app keeps a single connection per process and runs each statement on its own cursor, because a
DuckDB connection must not be shared across Streamlit's session threads. Every write goes through
`transaction()`, which also serialises writers: each write is a few milliseconds, and one writer at a time
means concurrent submissions can never conflict or interleave.

Every transaction also bumps the data revisions it changes, in the same transaction (so a revision
can never be seen without its data, nor data without its revision). The app's caches are keyed on
these revisions instead of a time to live: a rerun with no new data reuses what was computed, and the
first rerun after a write recomputes once for everyone. A writer names what it changes (`changes=`);
one that does not say bumps them all, so forgetting can cost a recomputation but never a stale page.
"""

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

import duckdb
import pandas as pd

from indicators.store import schema

# What a write can change, each with its own revision: the catalogue (places, countries, boundaries),
# submitted answers, imported IGM results, and activity nobody's cached view shows (drafts, codes,
# failed attempts, consultation answers, settings).
REVISIONS = ("catalogue", "answers", "results", "activity")
BUMP = (
    "INSERT INTO meta SELECT 'revision:' || unnest(?::VARCHAR[]), '1' ON CONFLICT (key)"
    " DO UPDATE SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS VARCHAR)"
)


class TransactionAborted(RuntimeError):
    """An inner `transaction()` failed and the outer block carried on: nothing was committed."""


class Connection:
    """What every concept mixin of `Store` builds on: `self.con`, `query` and `transaction`."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self._write_lock = threading.Lock()
        # The transaction this thread has open, if any, so that a nested `transaction()` joins it.
        self._open = threading.local()

    @classmethod
    def open(cls, path: Path | str) -> Self:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        store = cls(duckdb.connect(str(path)))
        store.ensure_schema()
        return store

    def close(self) -> None:
        self.con.close()

    def ensure_schema(self) -> None:
        schema.ensure_schema(self.con)

    def schema_version(self) -> int | None:
        return schema.schema_version(self.con)

    def query(self, sql: str, params: list | tuple = ()) -> pd.DataFrame:
        with self.con.cursor() as cur:
            return cur.execute(sql, list(params)).df()

    def revision(self, kind: str) -> int:
        """How many committed transactions changed `kind` (one of REVISIONS) in this database."""
        if kind not in REVISIONS:
            raise ValueError(f"revision must be one of {REVISIONS}")
        rows = self.query("SELECT value FROM meta WHERE key = ?", [f"revision:{kind}"])
        return int(rows.iloc[0, 0]) if len(rows) else 0

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
        with self._write_lock, self.con.cursor() as cur:
            state = {"cursor": cur, "failed": False, "changes": changes}
            self._open.state = state
            try:
                cur.begin()  # outside the inner try: a failed begin has nothing to roll back
                try:
                    yield cur
                    if state["failed"]:
                        raise TransactionAborted("an inner transaction failed; nothing was written")
                    cur.execute(BUMP, [sorted(state["changes"])])
                    cur.commit()
                except BaseException:
                    cur.rollback()
                    raise
            finally:
                self._open.state = None
