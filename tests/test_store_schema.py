"""indicators/store/schema.py: the DDL of every table and the schema version kept in `meta`; an older
database brought up to date on opening, a newer one never marked older."""

import re

import pytest

from indicators.store import SCHEMA, SCHEMA_VERSION, Store, schema
from tests.conftest import BACKENDS, database_on_backend, store_on_backend

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)
database = pytest.fixture(params=BACKENDS, name="database")(database_on_backend)


def test_schema_is_idempotent(store):
    store.ensure_schema()
    store.ensure_schema()
    assert store.query("SELECT value FROM meta WHERE key = 'schema_version'").iloc[0, 0] == str(
        SCHEMA_VERSION
    )


TABLES = re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", SCHEMA)


def test_a_new_database_has_every_table_of_the_schema_empty_but_meta(database):
    store = Store.open(database, create=True)
    assert store.schema_version() == SCHEMA_VERSION
    counts = {table: int(store.query(f"SELECT count(*) AS n FROM {table}")["n"][0]) for table in TABLES}
    assert counts.pop("meta") == 1  # the schema version
    assert set(counts.values()) == {0}
    store.close()


def test_an_older_database_gets_the_tables_it_lacks_on_opening_and_keeps_its_data(database):
    store = Store.open(database, create=True)
    store.set_setting("test.kept", "1")
    store.query("DROP TABLE boundary_shapes")  # what schema 4 added
    store.query("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    assert store.schema_version() == 3
    store.close()
    reopened = Store.open(database)
    assert reopened.schema_version() == SCHEMA_VERSION
    assert reopened.query("SELECT count(*) AS n FROM boundary_shapes")["n"][0] == 0
    assert reopened.setting("test.kept") == "1"
    reopened.close()


def test_an_older_database_gains_the_columns_added_since_and_keeps_its_rows(database, monkeypatch):
    store = Store.open(database, create=True)
    store.create_access_codes("hnd-danli", 1, created_by="test")
    store.close()
    # A later version adds a column to a table that already holds rows.
    monkeypatch.setattr(
        schema, "ADDED_COLUMNS", (*schema.ADDED_COLUMNS, (99, "access_codes", "note", "VARCHAR"))
    )
    reopened = Store.open(database)
    reopened.ensure_schema()  # twice: the second changes nothing
    codes = reopened.query("SELECT place_id, note FROM access_codes")
    assert codes.to_dict("records") == [{"place_id": "hnd-danli", "note": None}]
    reopened.close()


def test_a_database_of_a_newer_version_is_never_marked_older(database):
    store = Store.open(database, create=True)
    store.query("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    store.ensure_schema()
    assert store.schema_version() == SCHEMA_VERSION + 1
    store.close()
