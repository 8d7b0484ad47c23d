"""`python -m indicators`: the same loading and checks as the app, with readable messages."""

import subprocess
import sys

from indicators.__main__ import main
from indicators.config import PROJECT_DIR
from tests.conftest import replace_in_file


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "indicators", *args],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_init_db_creates_then_reports_up_to_date(tmp_path, monkeypatch, capsys):
    db = tmp_path / "cli.duckdb"
    assert main(["init-db", "--db", str(db)]) == 0
    assert "countries, places, boundaries" in capsys.readouterr().out
    assert main(["--lang", "en", "init-db", "--db", str(db)]) == 0
    assert "already up to date" in capsys.readouterr().out
    assert main(["init-db", "--db", str(db), "--force"]) == 0
    assert "places" in capsys.readouterr().out


def test_init_db_rejects_bad_bundle_and_names_the_cell(tmp_path, data_copy, monkeypatch, capsys):
    monkeypatch.setenv("IGM_DATA_DIR", str(data_copy))
    replace_in_file(
        data_copy / "places.csv", "hnd-omoa,Omoa,municipality,HND", "hnd-omoa,Omoa,municipality,HN"
    )
    assert main(["init-db", "--db", str(tmp_path / "x.duckdb")]) == 1
    err = capsys.readouterr().err
    assert "No se modificó la base de datos" in err
    assert "Fila 19, columna «country», valor «HN»" in err


def test_check_places_in_english(tmp_path, data_copy, capsys):
    assert main(["--lang", "en", "check-places", str(data_copy / "places.csv")]) == 0
    assert "24 places, no problems" in capsys.readouterr().out
    assert main(["--lang", "en", "check-places", str(tmp_path / "missing.csv")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_module_entry_point_runs_as_a_command(tmp_path):
    result = run_cli("init-db", "--db", str(tmp_path / "sub.duckdb"))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "sub.duckdb" in result.stdout  # the module really ran main(), not just imported it


def cli_path_cases(tmp_path):
    """(arguments, what the message must say) for paths that cannot be used; each exits 1, no traceback."""
    a_file = tmp_path / "a_file.txt"
    a_file.write_text("not a folder")
    not_duckdb = tmp_path / "notes.duckdb"
    not_duckdb.write_text("these are notes, not a database\n" * 10)
    folder = tmp_path / "folder"
    folder.mkdir()
    db = tmp_path / "ok.duckdb"
    export = ["export", "--scope", "region", "--format", "csv", "--db", str(db)]
    return [
        ([*export, "--out", str(folder)], f"{folder} is a folder"),
        ([*export, "--out", str(a_file / "region.csv")], f"{a_file} is a file, not a folder"),
        (["xlsform", "--out", str(a_file / "form.xlsx")], f"{a_file} is a file, not a folder"),
        (["xlsform", "--out", str(folder)], f"{folder} is a folder"),
        (["init-db", "--db", str(folder)], f"The database {folder} is a folder"),
        (["init-db", "--db", str(not_duckdb)], f"The file {not_duckdb} is not a DuckDB database"),
        (["init-db", "--db", str(a_file / "x.duckdb")], "part of that path is a file"),
        (["codes", "create", "--place", "hnd-danli", "--db", str(not_duckdb)], "is not a DuckDB database"),
        (["import-results", str(folder), "--db", str(db)], "does not exist"),
        (
            ["migrate", "--from", str(not_duckdb), "--to", str(tmp_path / "new.duckdb")],
            "is not a DuckDB database",
        ),
        (["migrate", "--from", str(folder), "--to", str(tmp_path / "new.duckdb")], f"{folder} is a folder"),
        (["migrate", "--from", str(db), "--to", str(folder)], f"The database {folder} is a folder"),
        (["migrate", "--from", str(db), "--to", str(not_duckdb)], "is not a DuckDB database"),
    ]


def test_every_cli_path_error_is_a_message_and_exit_1(tmp_path, capsys):
    for arguments, expected in cli_path_cases(tmp_path):
        before = {p: p.stat().st_size for p in tmp_path.rglob("*") if p.is_file()}
        assert main(["--lang", "en", *arguments]) == 1, arguments
        error = capsys.readouterr().err
        assert expected in error, (arguments, error)
        assert "Traceback" not in error
        after = {
            p: p.stat().st_size for p in tmp_path.rglob("*") if p.is_file() and "ok.duckdb" not in p.name
        }
        assert after == {p: n for p, n in before.items() if "ok.duckdb" not in p.name}, arguments


def test_xlsform_creates_a_missing_folder(tmp_path, capsys):
    out = tmp_path / "new" / "folder" / "form.xlsx"
    assert main(["xlsform", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"PK")
