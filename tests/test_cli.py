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
