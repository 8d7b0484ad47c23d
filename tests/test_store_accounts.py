"""indicators/store/accounts.py and audit.py: accounts kept with a password hash only, the audit trail
appended and never changed; and no password or code in plain text anywhere in the database."""

import datetime as dt
import re

import pytest

from indicators import accounts
from indicators.accounts import Account
from indicators.config import PROJECT_DIR
from indicators.store import AccountTaken
from indicators.store.connection import REVISIONS
from tests.conftest import BACKENDS, complete, store_on_backend
from tests.export_helpers import Q

store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)

PASSWORD = "una frase de paso larga"


def test_an_account_is_stored_with_its_hash_and_listed_without_it(store):
    assert store.account_count() == 0
    store.add_account(Account("hugo", "Hugo Díaz", "focal", "HND"), accounts.hash_password(PASSWORD), "cli:x")
    with pytest.raises(AccountTaken):
        store.add_account(Account("hugo", "Otro", "viewer"), accounts.hash_password(PASSWORD), "cli:x")
    hugo = store.account("hugo")
    assert (hugo.name, hugo.role, hugo.country, hugo.disabled, hugo.last_login) == (
        "Hugo Díaz",
        "focal",
        "HND",
        False,
        None,
    )
    assert accounts.password_matches(PASSWORD, store.password_hash("hugo"))
    assert "password_hash" not in store.accounts().columns
    assert store.account("nadie") is None and store.password_hash("nadie") is None


def test_disabling_a_new_password_and_a_log_in_change_the_account(store):
    store.add_account(Account("ana", "Ana", "admin"), accounts.hash_password(PASSWORD), "cli:x")
    before = store.account("ana").password_set_at
    store.set_account_disabled("ana", True)
    assert store.account("ana").disabled
    store.set_account_disabled("ana", False)
    store.set_password("ana", accounts.hash_password("otra frase más larga"))
    assert store.account("ana").password_set_at > before
    assert accounts.password_matches("otra frase más larga", store.password_hash("ana"))
    at = dt.datetime(2026, 3, 1, 9, 0)
    store.record_login("ana", at)
    assert store.account("ana").last_login == at


def test_the_audit_trail_is_read_in_order_and_narrowed(store):
    for account, action in (("ana", "login"), ("hugo", "login_failed"), ("ana", "codes_create")):
        store.record_audit(account, action, "hnd-danli (2)", "10.0.0.7")
    rows = store.audit_rows()
    assert rows[["account", "action"]].values.tolist() == [
        ["ana", "login"],
        ["hugo", "login_failed"],
        ["ana", "codes_create"],
    ]
    assert rows["logged_at"].is_monotonic_increasing and set(rows["address"]) == {"10.0.0.7"}
    assert store.audit_rows(accounts=["ana"], actions=["codes_create"])["target"].tolist() == [
        "hnd-danli (2)"
    ]
    assert store.audit_rows(accounts=[]).empty
    assert store.audit_rows(since=dt.date.today() + dt.timedelta(days=1)).empty
    assert store.audit_rows(limit=1)["action"].tolist() == ["codes_create"], "the newest"
    assert store.audit_accounts() == ["ana", "hugo"]


def test_accounts_and_the_trail_change_no_data_revision(store):
    before = {kind: store.revision(kind) for kind in REVISIONS}
    store.add_account(Account("ana", "Ana", "admin"), accounts.hash_password(PASSWORD), "cli:x")
    store.record_login("ana", dt.datetime.now())
    store.record_audit("ana", "login")
    assert {kind: store.revision(kind) for kind in REVISIONS} == before


def test_no_module_can_change_or_remove_an_audit_row():
    """The trail is only appended: no statement anywhere updates or deletes audit_log."""
    sources = [p for d in ("indicators", "ui", "views") for p in (PROJECT_DIR / d).rglob("*.py")]
    sources.append(PROJECT_DIR / "app.py")
    changing = re.compile(r"(UPDATE|DELETE FROM|TRUNCATE|DROP TABLE)\s+(IF EXISTS\s+)?audit_log", re.I)
    assert [p.name for p in sources if changing.search(p.read_text(encoding="utf-8"))] == []


def test_no_password_and_no_code_is_kept_in_plain_text_in_any_table(store):
    store.add_account(Account("ana", "Ana", "admin"), accounts.hash_password(PASSWORD), "cli:x")
    codes = store.create_access_codes("hnd-danli", 3, created_by="ana")
    assessment_id, resume_code = store.create_assessment("hnd-danli")
    store.submit_assessment(assessment_id, complete("hnd-danli"), Q, "Ana")
    _, personal_code = store.create_participant()
    store.record_audit("ana", "codes_create", "hnd-danli (3)", "10.0.0.7")
    secrets = [PASSWORD, *codes, resume_code, personal_code]
    secrets += [s.replace("-", "") for s in secrets if "-" in s]  # as typed without the dash
    found = everything_stored(store)
    scanned = {where.split(".")[0] for where, _ in found}
    assert {"accounts", "audit_log", "access_codes", "assessments", "consultation_participants"} <= scanned
    assert [(where, s) for where, text in found for s in secrets if s.lower() in text.lower()] == []


def everything_stored(store) -> list[tuple[str, str]]:
    """(table.column, text) of every value of every table of the database, as text."""
    tables = store.query(
        "SELECT table_name FROM duckdb_tables()"
        " WHERE database_name = current_database() AND schema_name = current_schema()"
    )["table_name"]
    found = []
    for table in tables:
        rows = store.query(f'SELECT * FROM "{table}"')
        for column in rows.columns:
            found += [(f"{table}.{column}", str(v)) for v in rows[column].dropna()]
    return found
