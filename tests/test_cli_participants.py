"""The seminar's commands (indicators/cli/participants.py): participants, attendance, certificates and
report, on a database file of their own; a refused file writes nothing and says every problem."""

import io
import re

import pypdf
import pytest

from indicators.__main__ import main
from indicators.store import Store

ROSTER = """name,email,role,organisation,place_id,country,kind,mode
María José Núñez <b>,MJ@danli.hn,Alcaldesa,Alcaldía de Danlí,hnd-danli,HND,official,in_person
Jean Omoa,jean@omoa.hn,Regidor,Omoa,hnd-omoa,,funcionario,presencial
Ana Observadora,ana@rrocm.org,,RROCM,,,observer,online
"""
ATTENDANCE = """email,activity,attended
mj@danli.hn,E-Campus,yes
mj@danli.hn,s1,yes
mj@danli.hn,s2,yes
jean@omoa.hn,s1,yes
"""


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.delenv("IGM_PUBLIC_URL", raising=False)
    return str(tmp_path / "seminar.duckdb")


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def roster_of(db: str):
    store = Store.open(db)
    try:
        return store.participants()
    finally:
        store.close()


def test_a_bad_roster_is_refused_with_every_problem_and_nothing_is_written(tmp_path, db, capsys):
    bad = write(
        tmp_path,
        "malo.csv",
        "name,email,role,organisation,place_id,country,kind,mode\n"
        ",a@x.org,,,hnd-danli,HND,official,in_person\n"
        "Bob,bob-at-x,,,hnd-nowhere,HND,official,in_person\n"
        "Eva,A@X.org,,,,ZZZ,observer,online\n",
    )
    assert main(["participants", "import", bad, "--db", db]) == 1
    err = capsys.readouterr().err
    assert "Fila 2, columna «name»" in err and "Fila 3, columna «email», valor «bob-at-x»" in err
    assert "Fila 3, columna «place_id», valor «hnd-nowhere»" in err
    assert (
        "Fila 4, columna «country», valor «ZZZ»" in err and "Fila 4, columna «email», valor «A@X.org»" in err
    )
    assert roster_of(db).empty


def test_import_list_and_delete_on_request(tmp_path, db, capsys):
    assert main(["participants", "import", write(tmp_path, "lista.csv", ROSTER), "--db", db]) == 0
    assert "3 persona(s) nueva(s), 0 actualizada(s)" in capsys.readouterr().out
    assert main(["--lang", "en", "participants", "import", write(tmp_path, "l.csv", ROSTER), "--db", db]) == 0
    assert "0 new, 3 updated" in capsys.readouterr().out
    out = tmp_path / "out" / "lista.csv"
    assert main(["participants", "list", "--out", str(out), "--db", db]) == 0
    listed = out.read_text(encoding="utf-8-sig").splitlines()
    assert listed[0] == "name,email,role,organisation,place_id,country,kind,mode,s0,s1,s2"
    assert listed[2].startswith("María José Núñez <b>,mj@danli.hn,Alcaldesa")  # by country, then name
    assert listed[3].startswith("Ana Observadora")  # no country: last
    assert main(["participants", "list", "--db", db]) == 0
    assert "jean@omoa.hn" in capsys.readouterr().out
    assert main(["participants", "delete", "--email", "MJ@danli.hn", "--db", db]) == 0
    assert main(["participants", "delete", "--email", "mj@danli.hn", "--db", db]) == 1
    assert "Nadie de la lista" in capsys.readouterr().err
    assert "mj@danli.hn" not in set(roster_of(db)["email"])


def test_personal_codes_are_written_once_to_a_file(tmp_path, db, capsys):
    main(["participants", "import", write(tmp_path, "lista.csv", ROSTER), "--db", db])
    out = tmp_path / "codigos.csv"
    assert main(["participants", "codes", "--out", str(out), "--db", db]) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "name,email,code" and len(lines) == 4
    assert main(["participants", "codes", "--out", str(tmp_path / "again.csv"), "--db", db]) == 0
    assert len((tmp_path / "again.csv").read_text(encoding="utf-8-sig").splitlines()) == 1  # all have one
    assert roster_of(db)["has_code"].all()


def test_attendance_refuses_an_unknown_person_or_activity_then_imports(tmp_path, db, capsys):
    main(["participants", "import", write(tmp_path, "lista.csv", ROSTER), "--db", db])
    bad = write(tmp_path, "mala.csv", "email,activity,attended\nnadie@x.org,s1,yes\nmj@danli.hn,s7,yes\n")
    assert main(["attendance", "import", bad, "--db", db]) == 1
    err = capsys.readouterr().err
    assert (
        "Fila 2, columna «email», valor «nadie@x.org»" in err
        and "Fila 3, columna «activity», valor «s7»" in err
    )
    assert main(["attendance", "import", write(tmp_path, "a.csv", ATTENDANCE), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "4 marcas de asistencia" in out and "s0: 1 asistieron, 0 no" in out


def test_certificates_then_verify_on_the_command_line(tmp_path, db, capsys, monkeypatch):
    main(["participants", "import", write(tmp_path, "lista.csv", ROSTER), "--db", db])
    main(["attendance", "import", write(tmp_path, "a.csv", ATTENDANCE), "--db", db])
    folder = tmp_path / "certificados"
    capsys.readouterr()
    assert main(["certificates", "--out", str(folder), "--db", db]) == 1
    assert "IGM_PUBLIC_URL" in capsys.readouterr().err  # never a made-up address in the QR code
    assert not folder.exists()
    monkeypatch.setenv("IGM_PUBLIC_URL", "https://tablero.example.org")
    assert main(["certificates", "--out", str(folder), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "1 certificado escrito" in out
    assert "Jean Omoa <jean@omoa.hn>: s0 (Sesión 0." in out and "s2 (Sesión 2." in out
    assert "Ana Observadora <ana@rrocm.org>" in out
    pdfs = sorted(folder.glob("*.pdf"))
    assert [p.name[:30] for p in pdfs] == ["certificado-maria-jose-nunez-b"]
    assert "index.csv" in {p.name for p in folder.iterdir()}
    text = pypdf.PdfReader(io.BytesIO(pdfs[0].read_bytes())).pages[0].extract_text()
    code = re.search(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b", text).group()
    assert main(["certificates", "verify", code.lower(), "--db", db]) == 0
    said = capsys.readouterr().out
    assert said.startswith("VÁLIDO: María José Núñez <b> · Seminario Regional") and "@" not in said
    assert main(["--lang", "en", "certificates", "verify", "ABCD-EFGH-JKMN", "--db", db]) == 1
    assert "NOT VALID" in capsys.readouterr().err


def test_the_closing_report_is_written_without_an_email(tmp_path, db, capsys):
    main(["participants", "import", write(tmp_path, "lista.csv", ROSTER), "--db", db])
    out = tmp_path / "informe.pdf"
    assert main(["report", "--out", str(out), "--db", db]) == 0
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(str(out)).pages)
    assert "Informe de cierre del seminario" in text and "@" not in text and "Núñez" not in text
