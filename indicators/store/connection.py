"""The owner of the database connection: open and close, read queries, and `transaction()`, the only
place in the code base that begins, commits or rolls back.

The app keeps a single connection per process and runs each statement on its own cursor, because a
DuckDB connection must not be shared across Streamlit's session threads. Every write goes through
`transaction()`, which also serialises writers: each write is a few milliseconds, and one writer at a time
means concurrent submissions can never conflict or interleave.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

import duckdb
import pandas as pd

from indicators.store import schema


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
        with self._write_lock, self.con.cursor() as cur:
            state = {"cursor": cur, "failed": False}
            self._open.state = state
            try:
                cur.begin()  # outside the inner try: a failed begin has nothing to roll back
                try:
                    yield cur
                    if state["failed"]:
                        raise TransactionAborted("an inner transaction failed; nothing was written")
                    cur.commit()
                except BaseException:
                    cur.rollback()
                    raise
            finally:
                self._open.state = None
