"""indicators/store/schema.py: the DDL of every table and the schema version kept in `meta`."""

import pytest

from indicators.store import SCHEMA_VERSION
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
