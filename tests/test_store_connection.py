"""indicators/store/connection.py: opening a database, reads from many threads, the file's lock."""

import subprocess
import sys
import threading
import time

import duckdb
import pytest

from indicators.store import Store
from tests.conftest import BACKENDS, database_on_backend, store_on_backend

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)
database = pytest.fixture(params=BACKENDS, name="database")(database_on_backend)


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
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('ready', flush=True); "
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(duckdb.IOException):
            Store.open(db)
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    Store.open(db).close()  # once the holder is gone the file opens again
