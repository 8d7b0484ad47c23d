"""Copying a whole database between the embedded DuckDB file and a PostgreSQL server, either way.

One DuckDB connection attaches both: the source read-only, the target for writing. In a single
transaction the target gets the schema (the same DDL the store uses), every table's rows, and then
the check: row count and a content checksum per table, computed the same way on both sides. Any
difference, error or interruption rolls everything back, so the target is left as it was.
Every table is copied except `data_changes`, the data revision's bookkeeping: the target keeps its
own and gets a new revision on top, so the caches of any instance already using it are refreshed.
A source older than the answers' sums (indicators/store/answer_totals.py) gets them computed in the copy.
"""

import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from indicators import postgres
from indicators.store import answer_totals
from indicators.store.connection import Connection

SOURCE, TARGET = "src", "dst"
BOOKKEEPING = "data_changes"
TOTALS = "answer_totals"  # derived from the answers (indicators/store/answer_totals.py)


class MigrationRefused(Exception):
    """The copy was not made; `reason` names the catalogue text `migrate.<reason>`."""

    def __init__(self, reason: str, **params):
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class TableCheck:
    table: str
    rows: int
    checksum: str


def migrate(source: str, target: str, schema: str, replace: bool = False) -> list[TableCheck]:
    """Copy every table of `source` into `target` (paths or PostgreSQL URLs) and return what was checked."""
    if _same(source, target):
        raise MigrationRefused("same_database")
    if not postgres.is_url(source) and not Path(source).is_file():
        raise MigrationRefused("no_source", source=source)
    new_file = not postgres.is_url(target) and not Path(target).exists()
    con = duckdb.connect(":memory:", config={"extension_directory": str(postgres.EXTENSION_DIR)})
    try:
        _attach(con, source, SOURCE, read_only=True)
        _attach(con, target, TARGET, read_only=False)
        # The revision bookkeeping is not data: the copy gets a revision of its own (the transaction
        # helper records it), so every instance on the target refreshes its caches.
        tables = [t for t in _tables(con, SOURCE) if t != BOOKKEEPING]
        if not tables:
            raise MigrationRefused("empty_source", source=postgres.masked(source))
        occupied = [t for t in _tables(con, TARGET) if _count(con, TARGET, t)]
        if occupied and not replace:
            raise MigrationRefused(
                "target_not_empty", target=postgres.masked(target), tables=", ".join(occupied)
            )
        # The store's own transaction helper, on this two-database connection: one transaction.
        with Connection(con).transaction() as cur:
            cur.execute(f"USE {TARGET}")
            cur.execute(schema)
            target_tables = set(_tables(cur, TARGET))
            missing = [t for t in tables if t not in target_tables]
            if missing:
                raise MigrationRefused("unknown_tables", tables=", ".join(missing))
            checks = []
            # The target's own revision rows stay: an instance already using it keeps counting its
            # commits in them, and the revisions only ever grow, so no cache keyed on an earlier
            # revision can be mistaken for the copy's.
            for table in sorted(target_tables - {BOOKKEEPING}):
                cur.execute(f"DELETE FROM {TARGET}.{table}")
            for table in tables:
                columns = _columns(cur, TARGET, table)
                listed = ", ".join(columns)
                cur.execute(f"INSERT INTO {TARGET}.{table} ({listed}) SELECT {listed} FROM {SOURCE}.{table}")
                before, after = _check(cur, SOURCE, table, columns), _check(cur, TARGET, table, columns)
                if before != after:
                    raise MigrationRefused("check_failed", table=table)
                checks.append(before)
            if TOTALS not in tables:  # an older source: its answers' sums are computed in the copy
                answer_totals.rebuild(cur, f"migrate:{uuid.uuid4()}")
        return checks
    except BaseException:
        con.close()
        if new_file:  # a file this command created for the copy goes away with it
            for leftover in (Path(target), Path(f"{target}.wal")):
                leftover.unlink(missing_ok=True)
        raise
    finally:
        con.close()


def _same(source: str, target: str) -> bool:
    if postgres.is_url(source) or postgres.is_url(target):
        return source == target
    return Path(source).resolve() == Path(target).resolve()


def _attach(con: duckdb.DuckDBPyConnection, target: str, alias: str, read_only: bool) -> None:
    if postgres.is_url(target):
        url = postgres.check_url(target)
        postgres.load_extension(con)
        try:
            con.execute(
                f"ATTACH '{_quoted(url)}' AS {alias} (TYPE postgres{', READ_ONLY' if read_only else ''})"
            )
            con.execute(f"SELECT 1 FROM postgres_query('{alias}', 'SELECT 1')").fetchall()
        except duckdb.Error as error:
            reason = postgres.reason_for(error, "unreachable") or "unreachable"
            raise postgres.DatabaseUnavailable(reason, postgres.masked(target)) from None
        return
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        con.execute(f"ATTACH '{_quoted(str(target))}' AS {alias}{' (READ_ONLY)' if read_only else ''}")
    except duckdb.IOException:
        raise MigrationRefused("locked", path=target) from None


def _tables(con: duckdb.DuckDBPyConnection, alias: str) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name IN ('main', 'public')"
        " ORDER BY table_name",
        [alias],
    ).fetchall()
    return [r[0] for r in rows]


def _columns(con: duckdb.DuckDBPyConnection, alias: str, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND table_name = ?"
        " ORDER BY column_index",
        [alias, table],
    ).fetchall()
    return [r[0] for r in rows]


def _count(con: duckdb.DuckDBPyConnection, alias: str, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {alias}.{table}").fetchone()[0]


def _check(con: duckdb.DuckDBPyConnection, alias: str, table: str, columns: list[str]) -> TableCheck:
    """Rows and an order-independent checksum of the contents: every value as text, rows sorted."""
    fields = ", ".join(f"coalesce(CAST({c} AS VARCHAR), '∅')" for c in columns)
    rows, checksum = con.execute(
        f"SELECT count(*), md5(coalesce(string_agg(r, chr(10) ORDER BY r), ''))"
        f" FROM (SELECT concat_ws(chr(31), {fields}) AS r FROM {alias}.{table})"
    ).fetchone()
    return TableCheck(table, rows, checksum)


def _quoted(text: str) -> str:
    return text.replace("'", "''")
