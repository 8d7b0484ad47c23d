"""indicators/store/settings.py: app-wide settings kept in the database (the `meta` table), shared by
every session and every instance on the same database."""

import pytest

from indicators.consultation import AFTER_WITHOUT_BEFORE
from indicators.store import Store
from tests.conftest import BACKENDS, database_on_backend, store_on_backend

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)
database = pytest.fixture(params=BACKENDS, name="database")(database_on_backend)


def test_a_setting_never_set_reads_as_its_default(store):
    assert store.setting(AFTER_WITHOUT_BEFORE) == ""
    assert store.setting(AFTER_WITHOUT_BEFORE, default="false") == "false"


def test_the_last_value_set_is_the_one_read(store):
    store.set_setting(AFTER_WITHOUT_BEFORE, "true")
    store.set_setting(AFTER_WITHOUT_BEFORE, "false")
    assert store.setting(AFTER_WITHOUT_BEFORE, default="true") == "false"
    assert store.query("SELECT count(*) AS n FROM meta WHERE key = ?", [AFTER_WITHOUT_BEFORE])["n"][0] == 1


def test_a_setting_outlives_the_process_that_set_it(database):
    first = Store.open(database, create=True)
    first.set_setting(AFTER_WITHOUT_BEFORE, "true")
    first.close()
    reopened = Store.open(database)
    assert reopened.setting(AFTER_WITHOUT_BEFORE) == "true"
    reopened.close()


def test_setting_a_switch_changes_only_the_activity_revision(store):
    before = store.revisions()
    store.set_setting(AFTER_WITHOUT_BEFORE, "true")
    after = store.revisions()
    assert after["activity"] == before["activity"] + 1
    assert [after[k] - before[k] for k in ("catalogue", "answers", "results")] == [0, 0, 0]
