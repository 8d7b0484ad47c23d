"""`python -m indicators accounts …`, `codes list|revoke`, `audit`: on a DuckDB file and on PostgreSQL."""

import datetime as dt
import io

import pandas as pd
import pytest

from indicators import accounts
from indicators.cli import main
from indicators.i18n import Translator
from indicators.store import Store
from tests.conftest import BACKENDS, database_on_backend

TODAY = dt.date.today()


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    target = database_on_backend(request, tmp_path)
    assert main(["init-db", "--db", target]) == 0
    return target


def run(capsys, *args, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def opened(db: str) -> Store:
    return Store.open(db)


def test_accounts_are_added_listed_disabled_enabled_and_reset(db, capsys, monkeypatch):
    code, out, _ = run(capsys, "accounts", "list", "--db", db)
    assert code == 0 and "python -m indicators accounts add --user USER --role admin" in out
    code, out, _ = run(
        capsys, "accounts", "add", "--user", "ana", "--role", "admin", "--name", "Ana", "--db", db
    )
    assert code == 0 and "Cuenta «ana» creada (administración)" in out
    generated = out.strip().splitlines()[-1]
    assert accounts.password_problem(generated) is None
    code, out, _ = run(
        capsys,
        *("accounts", "add", "--user", "hugo", "--role", "focal", "--country", "hnd", "--password-stdin"),
        *("--db", db),
        stdin="frase de paso del punto focal\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0 and "frase de paso" not in out, "a typed password is never printed"
    store = opened(db)
    try:
        assert accounts.password_matches(generated, store.password_hash("ana"))
        assert accounts.password_matches("frase de paso del punto focal", store.password_hash("hugo"))
        assert store.account("hugo").country == "HND"
    finally:
        store.close()
    code, out, _ = run(capsys, "--lang", "en", "accounts", "list", "--db", db)
    lines = out.splitlines()
    assert lines[0].split() == ["User", "Name", "Role", "Country", "State", "Last", "log-in"]
    assert lines[2].split()[:5] == ["hugo", "hugo", "focal", "point", "HND"]
    assert "scrypt" not in out and generated not in out
    assert run(capsys, "accounts", "disable", "--user", "hugo", "--db", db)[0] == 0
    assert "desactivada" in run(capsys, "accounts", "list", "--db", db)[1].splitlines()[2]
    assert run(capsys, "accounts", "enable", "--user", "hugo", "--db", db)[0] == 0
    code, out, _ = run(capsys, "accounts", "reset", "--user", "hugo", "--db", db)
    store = opened(db)
    try:
        assert code == 0 and accounts.password_matches(
            out.strip().splitlines()[-1], store.password_hash("hugo")
        )
        actions = store.audit_rows()[["account", "action", "target", "address"]]
    finally:
        store.close()
    assert actions["action"].tolist() == [
        "account_add",
        "account_add",
        "account_disable",
        "account_enable",
        "account_reset",
    ]
    assert actions["account"].str.startswith("cli:").all() and set(actions["address"]) == {"local"}
    assert actions["target"].tolist()[:2] == ["ana (admin)", "hugo (focal HND)"]


@pytest.mark.parametrize(
    ("args", "stdin", "says"),
    [
        (["add", "--user", "ana", "--role", "admin"], None, "Ya existe una cuenta «ana»"),
        (["add", "--user", "nuevo", "--role", "focal"], None, "Un punto focal necesita su país"),
        (
            ["add", "--user", "nuevo", "--role", "focal", "--country", "XYZ"],
            None,
            "«XYZ» no es un código ISO3",
        ),
        (["add", "--user", "nuevo"], None, "Falta --role"),
        (["add", "--user", "con espacio", "--role", "viewer"], None, "no puede tener espacios"),
        (["add", "--user", "nuevo", "--role", "viewer", "--password-stdin"], "corta\n", "al menos 12"),
        (["disable"], None, "Falta --user"),
        (["disable", "--user", "nadie"], None, "No existe la cuenta «nadie»"),
        (["disable", "--user", "ana"], None, "la última cuenta de administración activa"),
    ],
)
def test_every_refusal_says_why_and_exits_1(db, capsys, monkeypatch, args, stdin, says):
    assert main(["accounts", "add", "--user", "ana", "--role", "admin", "--db", db]) == 0
    capsys.readouterr()
    code, _, err = run(capsys, "accounts", *args, "--db", db, stdin=stdin, monkeypatch=monkeypatch)
    assert code == 1 and says in err, err
    store = opened(db)
    try:
        assert store.accounts()["user_name"].tolist() == ["ana"] and not store.account("ana").disabled
    finally:
        store.close()


def test_codes_expire_are_listed_without_the_code_and_are_revoked(db, capsys):
    code, out, _ = run(capsys, "codes", "create", "--place", "hnd-danli", "--count", "2", "--db", db)
    created = [line for line in out.splitlines() if len(line) == 9 and line[4] == "-"]
    default = TODAY + dt.timedelta(days=120)
    assert (
        code == 0 and len(created) == 2 and f"Válidos hasta el {Translator('es').long_date(default)}" in out
    )
    expires = (TODAY + dt.timedelta(days=3)).isoformat()
    assert run(capsys, "codes", "create", "--place", "hnd-omoa", "--expires", expires, "--db", db)[0] == 0
    code, _, err = run(
        capsys, "codes", "create", "--place", "hnd-omoa", "--expires", "2020-01-01", "--db", db
    )
    assert code == 1 and "1 de enero de 2020 ya pasó" in err
    code, out, _ = run(capsys, "--lang", "en", "codes", "list", "--db", db)
    assert " ".join(out.splitlines()[0].split()) == "Id Local government Created By Expires Last used State"
    assert not any(c in out for c in created) and out.count("in use") == 3 and expires in out
    omoa_id = run(capsys, "codes", "list", "--place", "hnd-omoa", "--db", db)[1].splitlines()[1].split()[0]
    code, out, _ = run(capsys, "codes", "revoke", "--code", created[0].lower(), "--db", db)
    assert code == 0 and "1 código revocado" in out
    assert run(capsys, "codes", "revoke", "--code", created[0], "--db", db)[0] == 1, "already revoked"
    assert run(capsys, "codes", "revoke", "--id", omoa_id, "--db", db)[0] == 0
    code, out, _ = run(capsys, "codes", "revoke", "--place", "hnd-danli", "--db", db)
    assert code == 0 and "1 código revocado" in out, "the one left"
    code, _, err = run(capsys, "codes", "revoke", "--place", "hnd-danli", "--code", created[0], "--db", db)
    assert code == 1 and "de una sola forma" in err
    assert run(capsys, "codes", "create", "--count", "2", "--db", db)[0] == 1, "which place?"
    listed = run(capsys, "codes", "list", "--db", db)[1]
    assert listed.count("revocado") == 3
    store = opened(db)
    try:
        trail = store.audit_rows()
    finally:
        store.close()
    assert trail["action"].tolist() == [
        "codes_create",
        "codes_create",
        "codes_revoke",
        "codes_revoke",
        "codes_revoke",
    ]
    assert trail["target"].iloc[2].startswith("hnd-danli/") and omoa_id in trail["target"].iloc[3]


def test_the_audit_trail_is_written_as_csv_from_a_day_on(db, capsys, tmp_path):
    main(["accounts", "add", "--user", "=HYPERLINK(1)", "--role", "viewer", "--db", db])
    out = tmp_path / "audit.csv"
    code, _, _ = run(capsys, "audit", "--out", str(out), "--since", TODAY.isoformat(), "--db", db)
    assert code == 0
    trail = pd.read_csv(out, skiprows=1)
    assert list(trail.columns) == ["time", "account", "action", "target", "address"]
    assert trail["action"].tolist() == ["account_add"]
    when = dt.datetime.fromisoformat(trail["time"].iloc[0])
    assert when.utcoffset() is not None, "a time says its zone"
    assert abs(when - dt.datetime.now().astimezone()) < dt.timedelta(minutes=10)
    assert trail["target"].iloc[0] == "'=HYPERLINK(1) (viewer)", "a formula stays text in a spreadsheet"
    code, _, _ = run(capsys, "audit", "--out", str(out), "--since", "2999-01-01", "--db", db)
    assert code == 0 and pd.read_csv(out, skiprows=1).empty
    code, _, err = run(capsys, "audit", "--out", str(out), "--since", "ayer", "--db", db)
    assert code == 1 and "«ayer» no es una fecha" in err
    store = opened(db)
    try:
        assert store.audit_rows()["action"].tolist() == ["account_add", "audit_export", "audit_export"]
    finally:
        store.close()


def test_exports_and_imports_from_the_command_line_are_in_the_trail(db, capsys, tmp_path):
    assert main(["xlsform", "--out", str(tmp_path / "form.xlsx"), "--db", db]) == 0
    assert main(["export-consultation", "--format", "csv", "--out", str(tmp_path / "c.csv"), "--db", db]) == 1
    store = opened(db)
    try:
        trail = store.audit_rows()
    finally:
        store.close()
    assert trail[["action", "target"]].values.tolist() == [["export", "xlsform form.xlsx"]], "not a refusal"
