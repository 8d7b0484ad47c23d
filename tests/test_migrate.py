"""`python -m indicators migrate`: a whole database copied between DuckDB and PostgreSQL, checked,
all or nothing."""

import subprocess
import sys

import duckdb
import pytest

from indicators import postgres
from indicators.__main__ import main
from indicators.config import DATA_DIR, PROJECT_DIR
from indicators.demo import generate_assessments
from indicators.questionnaire import load_questionnaire
from indicators.store import SCHEMA, Store
from tests.conftest import complete


@pytest.fixture
def filled(tmp_path):
    """A DuckDB file with the bundled data, example and real assessments and a consultation answer."""
    path = tmp_path / "source.duckdb"
    store = Store.open(path)
    store.load_bundled(DATA_DIR)
    q = load_questionnaire()
    generate_assessments(store, q, 40)
    assessment_id, _ = store.create_assessment("hnd-danli")
    store.submit_assessment(assessment_id, complete("hnd-danli", name="Ana Pérez"), q, "Ana Pérez")
    participant, _ = store.create_participant()
    store.save_consultation(participant, "before", {"knowledge_gcm": 3, "expectations": "Aprender «más»"})
    store.create_access_codes("hnd-danli", 2, created_by="test")
    store.close()
    return path


def tables_of(path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [
            r[0]
            for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()
            if r[0] != "data_changes"  # the revision's bookkeeping: each database has its own
        ]
        return {
            name: sorted(map(repr, con.execute(f"SELECT * FROM {name}").fetchall()))  # every value, any order
            for name in names
        }
    finally:
        con.close()


def test_round_trip_duckdb_postgres_duckdb_gives_identical_tables(filled, postgres_url, tmp_path, capsys):
    assert main(["--lang", "en", "migrate", "--from", str(filled), "--to", postgres_url]) == 0
    out = capsys.readouterr().out
    assert "answers: 861 rows, checksum " in out
    tables = SCHEMA.count("CREATE TABLE") - 1  # every table but data_changes, the revisions' bookkeeping
    assert f"Copied {tables} tables" in out and "rows and checksums match" in out
    assert postgres_url.split(":")[2].split("@")[0] not in out  # the password is never printed

    back = tmp_path / "back.duckdb"
    assert main(["--lang", "en", "migrate", "--from", postgres_url, "--to", str(back)]) == 0
    again = capsys.readouterr().out
    checksums = [line for line in out.splitlines() if line.startswith("  ")]
    assert checksums == [line for line in again.splitlines() if line.startswith("  ")]
    assert tables_of(back) == tables_of(filled)


def test_a_target_with_data_is_refused_unless_replace(filled, postgres_url, tmp_path, capsys):
    assert main(["migrate", "--from", str(filled), "--to", postgres_url]) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "migrate", "--from", str(filled), "--to", postgres_url]) == 1
    err = capsys.readouterr().err
    assert "already holds data" in err and "--replace" in err and "assessments" in err
    assert main(["--lang", "en", "migrate", "--from", str(filled), "--to", postgres_url, "--replace"]) == 0
    assert "rows and checksums match" in capsys.readouterr().out


def test_a_copy_that_fails_half_way_leaves_the_target_as_it_was(filled, postgres_url, capsys):
    """PostgreSQL refuses a NUL character in text that DuckDB accepted: the tables copied before it
    (access codes, answers, …) must not stay behind."""
    con = duckdb.connect(str(filled))
    con.execute("UPDATE assessments SET respondent_name = 'Ana' || chr(0) WHERE respondent_role = ''")
    con.close()
    assert main(["--lang", "en", "migrate", "--from", str(filled), "--to", postgres_url]) == 1
    err = capsys.readouterr().err
    assert "everything was undone" in err and "Traceback" not in err
    check = postgres.connect(postgres_url)
    tables = check.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'public'").fetchall()
    check.close()
    assert tables == []


def test_refusals_say_why(filled, tmp_path, capsys):
    assert main(["--lang", "en", "migrate", "--from", str(filled), "--to", str(filled)]) == 1
    assert "same database" in capsys.readouterr().err
    assert main(["--lang", "en", "migrate", "--from", str(tmp_path / "none.duckdb"), "--to", "x.duckdb"]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["--lang", "en", "migrate", "--from", str(filled), "--to", "mysql://u:pw@h/db"]) == 1
    err = capsys.readouterr().err
    assert "is not a PostgreSQL address" in err and "pw" not in err


def test_migrate_command_without_a_server_exits_1_without_a_trace(filled):
    result = subprocess.run(
        [sys.executable, "-m", "indicators", "--lang", "en", "migrate", "--from", str(filled), "--to",
         "postgresql://igm:secret@127.0.0.1:1/igm"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Cannot connect to the database" in result.stderr
    assert "Traceback" not in result.stderr and "secret" not in result.stderr


def test_replacing_a_database_in_use_keeps_its_revisions_growing(filled, postgres_url, capsys):
    """An instance already on the target goes on seeing every change: the revision its caches are keyed
    on grows with the copy and with its own later writes (it never counts into rows the copy removed)."""
    assert main(["migrate", "--from", str(filled), "--to", postgres_url]) == 0
    instance = Store.open(postgres_url)
    try:
        instance.create_access_codes("hnd-danli", 1, created_by="instance")
        before = instance.revision()
        assert main(["migrate", "--from", str(filled), "--to", postgres_url, "--replace"]) == 0
        copied = instance.revision()
        instance.create_access_codes("hnd-danli", 1, created_by="instance")
        assert before < copied < instance.revision()
    finally:
        instance.close()
    capsys.readouterr()
