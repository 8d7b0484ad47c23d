"""The command line's `questions export --out FILE.csv` and `questions hide ID` (a contract of issue 26)."""

import datetime as dt

import pandas as pd
import pytest

from indicators.cli import main
from indicators.config import DATA_DIR
from indicators.store import Store


@pytest.fixture
def db(tmp_path):
    """A database with three questions of Session 1 (one hidden, one with a vote) and one of Session 2."""
    path = tmp_path / "igm.duckdb"
    store = Store.open(path)
    store.load_bundled(DATA_DIR)
    at = dt.datetime(2022, 9, 12, 10, 0)
    ids = [
        store.add_question("s1", '=HIPERVINCULO("x"), ¿y esto?', "Ana", at),
        store.add_question("s1", "¿Segunda?", "", at + dt.timedelta(minutes=1)),
        store.add_question("s1", "¿Oculta?", "", at + dt.timedelta(minutes=2)),
        store.add_question("s2", "¿De la sesión 2?", "", at),
    ]
    store.toggle_vote(ids[1], "browser-a")
    store.set_question_state(ids[2], "hidden", "organiser")
    store.close()
    return path, ids


def read(path):
    return pd.read_csv(path, skiprows=1, keep_default_na=False)


def test_export_writes_every_question_with_the_contracts_columns(db, tmp_path, capsys):
    path, ids = db
    out = tmp_path / "out" / "preguntas.csv"
    assert main(["questions", "export", "--out", str(out), "--db", str(path)]) == 0
    assert "Archivo escrito" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8-sig").startswith("# Tablero IGM local · Preguntas de la sala")
    table = read(out)
    assert list(table.columns) == ["id", "session", "text", "votes", "state", "time"]
    assert table["id"].tolist() == [ids[1], ids[0], ids[2], ids[3]]  # per session, in the room's order
    assert table["state"].tolist() == ["open", "open", "hidden", "open"]
    assert table["votes"].tolist() == [1, 0, 0, 0]
    assert table["text"].tolist()[1] == '\'=HIPERVINCULO("x"), ¿y esto?'  # no formula in a spreadsheet
    assert table["time"].tolist()[0] == "2022-09-12 10:01:00"
    assert main(["questions", "export", "--out", str(out), "--session", "s2", "--db", str(path)]) == 0
    assert read(out)["id"].tolist() == [ids[3]]


def test_hide_takes_a_question_out_of_the_room_and_says_so(db, capsys):
    path, ids = db
    assert main(["--lang", "en", "questions", "hide", ids[0].lower(), "--db", str(path)]) == 0
    assert f"Question {ids[0]} hidden" in capsys.readouterr().out
    store = Store.open(path)
    row = store.question(ids[0])
    assert row["state"] == "hidden" and row["changed_by"].startswith("cli")
    store.close()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["questions", "hide", "ZZZZZZ"], "No hay ninguna pregunta con el identificador «ZZZZZZ»."),
        (["questions", "hide", "no es un id"], "No hay ninguna pregunta con el identificador «no es un id»."),
        (["questions", "hide"], "Indique el identificador de la pregunta"),
        (["questions", "export"], "Indique el archivo: questions export --out"),
        (["questions", "export", "--out", "{out}", "--session", "s9"], "No hay ninguna sesión «s9»"),
    ],
)
def test_refusals_say_why_and_change_nothing(db, tmp_path, capsys, argv, message):
    path, _ = db
    out = tmp_path / "x.csv"
    assert main([arg.format(out=out) for arg in argv] + ["--db", str(path)]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()
