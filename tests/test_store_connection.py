"""indicators/store/connection.py: opening a database file or PostgreSQL server, reads from many threads,
the file's lock, parameters and the kinds of data a revision counts."""

import threading
import time
from urllib.parse import urlsplit

import duckdb
import pytest

from indicators.postgres import DatabaseUnavailable
from indicators.store import SCHEMA_VERSION, Store
from tests.conftest import BACKENDS, held_by_another_process, store_on_backend

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)


def test_queries_from_many_threads_share_one_connection(store):
    results, errors = [], []

    def read():
        try:
            for _ in range(20):
                results.append(len(store.places()))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and results == [24] * 160


def test_a_second_process_cannot_open_a_locked_file(tmp_path):
    db = tmp_path / "locked.duckdb"
    with held_by_another_process(db), pytest.raises(duckdb.IOException):
        Store.open(db)
    time.sleep(0.1)
    Store.open(db).close()  # once the holder is gone the file opens again


def test_a_new_database_file_is_created_with_its_folder_and_schema(tmp_path):
    path = tmp_path / "instancia" / "datos" / "igm.duckdb"
    store = Store.open(path)
    assert path.is_file() and store.schema_version() == SCHEMA_VERSION and store.url == ""
    store.close()


def test_a_postgres_database_never_initialised_is_refused_without_its_password(postgres_url):
    """A mistyped database name must not start an empty app on it; init-db (create=True) makes it."""
    password = urlsplit(postgres_url).password
    with pytest.raises(DatabaseUnavailable) as caught:
        Store.open(postgres_url)
    assert caught.value.reason == "not_initialised"
    assert password not in str(caught.value) and ":***@" in caught.value.target
    store = Store.open(postgres_url, create=True)
    assert store.schema_version() == SCHEMA_VERSION and store.url == postgres_url
    store.close()
    Store.open(postgres_url).close()  # initialised: it opens


def test_query_parameters_are_values_never_sql(store):
    hostile = "x'); DROP TABLE meta; --"
    assert store.query("SELECT ? AS value", [hostile])["value"].tolist() == [hostile]
    assert store.query("SELECT count(*) AS n FROM meta")["n"][0] >= 1


def test_unknown_kinds_of_data_are_refused_by_name(store):
    with pytest.raises(ValueError, match="revision must be one of"):
        store.revision("places")
    with pytest.raises(ValueError, match="changes must be among"), store.transaction(changes=("places",)):
        pass
    assert store.revision() == sum(store.revisions().values())
