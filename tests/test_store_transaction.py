"""The store's one transaction helper and its schema version: a failed write leaves nothing behind."""

import re

import duckdb
import pytest

from indicators.config import PROJECT_DIR
from indicators.questionnaire import load_questionnaire
from indicators.store import SCHEMA_VERSION, Store, TransactionAborted
from tests.conftest import BACKENDS, complete, database_on_backend, store_on_backend

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)
database = pytest.fixture(params=BACKENDS, name="database")(database_on_backend)


def setting_rows(store: Store) -> set[str]:
    return set(store.query("SELECT key FROM meta WHERE key LIKE 'test.%'")["key"])


def test_a_failing_write_inside_a_transaction_leaves_nothing_written(database):
    store = Store.open(database, create=True)
    # DuckDB raises a ConstraintException; PostgreSQL's refusal comes through the extension as an Error.
    with pytest.raises(duckdb.Error, match=r"(?i)duplicate key"), store.transaction() as cur:
        cur.execute("INSERT INTO meta VALUES ('test.first', 'x')")
        cur.execute("INSERT INTO meta VALUES ('test.first', 'again')")  # duplicate key
    assert setting_rows(store) == set()
    store.close()
    reopened = Store.open(database)
    assert setting_rows(reopened) == set()
    reopened.set_setting("test.after", "y")  # the store still writes after a rollback
    assert setting_rows(reopened) == {"test.after"}
    reopened.close()


def test_an_error_raised_by_the_caller_rolls_back_too(store):
    with pytest.raises(ValueError, match="stop"), store.transaction() as cur:
        cur.execute("INSERT INTO meta VALUES ('test.one', 'x')")
        raise ValueError("stop")
    assert setting_rows(store) == set()


def test_a_failed_submission_keeps_the_draft_and_writes_no_answer(store):
    assessment_id, _ = store.create_assessment("hnd-danli")
    store.query("DROP TABLE assessment_history")  # the last statement of the submission now fails
    with pytest.raises(duckdb.CatalogException):
        store.submit_assessment(assessment_id, complete("hnd-danli"), load_questionnaire(), "test")
    row = store.assessment(assessment_id)
    assert (row["state"], row["version"]) == ("draft", 0)
    assert store.query("SELECT count(*) AS n FROM answers")["n"][0] == 0


def test_nested_transactions_join_the_outer_one_and_commit_together(store):
    with store.transaction() as outer:
        outer.execute("INSERT INTO meta VALUES ('test.outer', 'x')")
        with store.transaction() as inner:
            assert inner is outer
            inner.execute("INSERT INTO meta VALUES ('test.inner', 'y')")
        assert setting_rows(store) == set()  # nothing is visible before the outer block commits
    assert setting_rows(store) == {"test.outer", "test.inner"}


def test_a_failed_inner_transaction_rolls_back_the_outer_one(store):
    with pytest.raises(KeyError), store.transaction() as outer:
        outer.execute("INSERT INTO meta VALUES ('test.outer', 'x')")
        with store.transaction() as inner:
            inner.execute("INSERT INTO meta VALUES ('test.inner', 'y')")
            raise KeyError("inner")
    assert setting_rows(store) == set()


def test_a_swallowed_inner_failure_still_writes_nothing(store):
    with pytest.raises(TransactionAborted), store.transaction() as outer:
        outer.execute("INSERT INTO meta VALUES ('test.outer', 'x')")
        try:
            with store.transaction() as inner:
                inner.execute("INSERT INTO meta VALUES ('test.inner', 'y')")
                raise KeyError("inner")
        except KeyError:
            pass
    assert setting_rows(store) == set()
    store.set_setting("test.next", "z")  # the next transaction starts clean
    assert setting_rows(store) == {"test.next"}


def test_transaction_is_the_only_begin_commit_and_rollback_in_the_code():
    pattern = re.compile(r"\.(begin|commit|rollback)\(\)|\b(BEGIN|COMMIT|ROLLBACK)\b")
    owners = {
        path.relative_to(PROJECT_DIR).as_posix()
        for folder in ("indicators", "ui", "views", "bench")
        for path in (PROJECT_DIR / folder).rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    }
    owners |= {"app.py"} if pattern.search((PROJECT_DIR / "app.py").read_text(encoding="utf-8")) else set()
    assert owners == {"indicators/store/connection.py"}


def test_a_new_database_records_the_schema_version(tmp_path):
    db = tmp_path / "igm.duckdb"
    raw = duckdb.connect(str(db))
    assert Store(raw).schema_version() is None  # nothing created yet
    raw.close()
    store = Store.open(db)
    assert store.schema_version() == SCHEMA_VERSION
    assert store.setting("schema_version") == str(SCHEMA_VERSION)
    store.close()


def test_ensure_schema_is_idempotent_and_keeps_the_data(database, data_copy):
    store = Store.open(database, create=True)
    store.load_bundled(data_copy)
    store.set_setting("test.kept", "1")
    places_before = len(store.places())
    store.ensure_schema()
    store.close()
    reopened = Store.open(database)  # opening runs ensure_schema again
    assert reopened.schema_version() == SCHEMA_VERSION
    assert len(reopened.query("SELECT * FROM meta WHERE key = 'schema_version'")) == 1
    assert len(reopened.places()) == places_before
    assert reopened.setting("test.kept") == "1"
    assert reopened.load_bundled(data_copy).reloaded == []
    reopened.close()


def test_the_data_revision_changes_with_each_commit_only(store):
    before = store.revision()
    assert store.revision() == before  # reading changes nothing
    store.set_setting("test.one", "x")
    after = store.revision()
    assert after != before
    with pytest.raises(ValueError), store.transaction() as cur:
        cur.execute("INSERT INTO meta VALUES ('test.two', 'y')")
        raise ValueError("stop")
    assert store.revision() == after  # a rolled-back transaction is no change
