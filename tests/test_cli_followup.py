"""Command lines of the follow-up, exactly as the issue writes them: rounds list/open/close, demo-data
--round, commitments list/update/show, and export --round --compare-to. Refusals exit 1 and write
nothing; on both backends."""

import pandas as pd
import pytest

from indicators.cli import main
from indicators.store import Store
from tests.conftest import BACKENDS, database_on_backend

database = pytest.fixture(params=BACKENDS, name="database")(database_on_backend)
SEMINAR, LATER = "seminario-2022", "seguimiento-2023"


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([*args])
    out = capsys.readouterr()
    return code, out.out, out.err


def with_two_rounds(database, capsys) -> None:
    db = ["--db", database]
    assert run(capsys, "init-db", *db)[0] == 0
    examples = ["demo-data", "--assessments", "30", "--result-places", "0", "--actions"]  # with commitments
    assert run(capsys, *examples, *db)[0] == 0
    assert run(capsys, "rounds", "close", SEMINAR, *db)[0] == 0
    code, out, _ = run(
        capsys, "rounds", "open", LATER, "--name-es", "Seguimiento 2023", "--name-en", "Follow-up 2023", *db
    )
    assert code == 0 and LATER in out
    code, out, _ = run(capsys, *examples, "--round", LATER, *db)
    assert code == 0 and LATER in out


def test_rounds_list_open_close(database, capsys):
    db = ["--db", database]
    assert run(capsys, "init-db", *db)[0] == 0
    code, out, _ = run(capsys, "rounds", "list", *db)
    assert code == 0 and out.splitlines()[0].startswith(f"{SEMINAR} * Seminario Regional")
    code, _, err = run(capsys, "rounds", "open", LATER, "--name-es", "S", "--name-en", "F", *db)
    assert code == 1 and "ciérrela" in err  # one round open at a time
    code, _, err = run(capsys, "rounds", "open", "Ronda 2", "--name-es", "S", "--name-en", "F", *db)
    assert code == 1 and "clave" in err
    assert run(capsys, "rounds", "close", SEMINAR, *db)[0] == 0
    code, _, err = run(capsys, "rounds", "open", LATER, "--name-es", "Seguimiento", *db)
    assert code == 1 and "--name-en" in err
    assert (
        run(capsys, "rounds", "open", LATER, "--name-es", "Seguimiento", "--name-en", "Follow-up", *db)[0]
        == 0
    )
    code, out, _ = run(capsys, "--lang", "en", "rounds", "list", *db)
    lines = out.splitlines()
    assert lines[0].startswith(f"{SEMINAR}   Regional Seminar") and "closed on" in lines[0]
    assert lines[1].startswith(f"{LATER} * Follow-up") and "open since" in lines[1]
    assert run(capsys, "rounds", "close", LATER, *db)[0] == 0
    code, out, _ = run(capsys, "rounds", "list", *db)
    assert "*" not in out and "Ninguna ronda está abierta" in out
    code, _, err = run(capsys, "demo-data", "--assessments", "3", "--result-places", "0", *db)
    assert code == 1 and "--round" in err


def test_commitments_list_update_show_and_refusals_write_nothing(database, capsys, tmp_path):
    db = ["--db", database]
    with_two_rounds(database, capsys)
    out_file = tmp_path / "c.csv"
    code, out, _ = run(
        capsys, "commitments", "list", "--country", "HND", "--round", LATER, "--out", str(out_file), *db
    )
    assert code == 0
    listed = pd.read_csv(out_file, skiprows=1)
    assert out_file.read_text(encoding="utf-8-sig").startswith("# DATOS DE EJEMPLO")
    for header in (
        "ID",
        "ID del lugar",
        "Área",
        "Acción",
        "Oficina responsable",
        "Fecha prevista",
        "Estado",
        "Ronda",
    ):
        assert header in listed.columns
    assert (
        len(listed) and set(listed["País"]) == {"Honduras"} and set(listed["Ronda"]) == {"Seguimiento 2023"}
    )
    commitment_id = listed["ID"].iloc[0]
    new_status, new_name = (
        ("stalled", "Stalled") if listed["Estado"].iloc[0] != "stalled" else ("done", "Done")
    )

    store = Store.open(database)
    before = store.commitment(commitment_id), len(store.commitment_changes(commitment_id))
    store.close()
    for args, words in (
        (["--status", "finished"], "Estado no admitido"),
        (["--status", "done", "--evidence", "javascript:alert(1)"], "http"),
        (["--evidence", "www.danli.gob.hn/acta"], "http"),
    ):
        code, _, err = run(capsys, "commitments", "update", commitment_id, *args, *db)
        assert code == 1 and words in err and "No se escribió nada" in err
    code, _, err = run(capsys, "commitments", "update", "no-such-id", "--status", "done", *db)
    assert code == 1 and "no-such-id" in err
    store = Store.open(database)
    assert (store.commitment(commitment_id), len(store.commitment_changes(commitment_id))) == before
    store.close()

    code, out, _ = run(
        capsys,
        "commitments",
        "update",
        commitment_id,
        "--status",
        new_status,
        "--note",
        "Primera reunión",
        "--evidence",
        "https://danli.gob.hn/acta.pdf",
        *db,
    )
    assert code == 0 and commitment_id in out
    code, out, _ = run(capsys, "--lang", "en", "commitments", "show", commitment_id, *db)
    assert code == 0 and "EXAMPLE DATA" in out
    history = out.split("History (when · who · what):")[1].strip().splitlines()
    assert len(history) == 2 and "demo-data" in history[0]
    assert "cli:" in history[1] and f"Status: {new_name}" in history[1] and "Primera reunión" in history[1]


def test_export_round_compare_to(database, capsys, tmp_path):
    db = ["--db", database]
    with_two_rounds(database, capsys)
    out_file = tmp_path / "change.csv"
    args = ["export", "--scope", "region", "--format", "csv", "--round", LATER, "--compare-to", SEMINAR]
    code, _, err = run(capsys, *args, "--out", str(out_file), *db)
    assert code == 0, err
    comment = out_file.read_text(encoding="utf-8-sig").splitlines()[0]
    assert comment.startswith("# DATOS DE EJEMPLO") and "respondieron en ambas rondas" in comment
    change = pd.read_csv(out_file, skiprows=1)
    assert "Cambio de capacidad" in change.columns and "Lugares en ambas rondas" in change.columns
    assert (change["Lugares en ambas rondas"] > 0).all()
    for refused, words in (
        (["--compare-to", SEMINAR], "--round"),
        (["--round", "no-such", "--compare-to", SEMINAR], "no-such"),
        (["--round", LATER, "--compare-to", LATER], "misma ronda"),
    ):
        target = tmp_path / "refused.csv"
        code, _, err = run(
            capsys, "export", "--scope", "region", "--format", "csv", *refused, "--out", str(target), *db
        )
        assert code == 1 and words in err and not target.exists()
