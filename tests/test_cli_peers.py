"""The commands peers, practices (import, list, approve, reject, examples) and profile, on a database file."""

import io

import pytest
from pypdf import PdfReader

from indicators.cli import main
from indicators.config import DATA_DIR
from indicators.practices import COLUMNS
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.conftest import complete

Q = load_questionnaire()
HEADER = ",".join(COLUMNS)


@pytest.fixture
def db(tmp_path) -> str:
    """A database where Danlí and Omoa submitted the same priorities, Omoa with capacity 4 and a contact."""
    path = tmp_path / "cli.duckdb"
    store = Store.open(path)
    store.load_bundled(DATA_DIR)
    for place_id, capacity in (("hnd-danli", 1), ("hnd-omoa", 4)):
        assessment_id, _ = store.create_assessment(place_id)
        store.submit_assessment(assessment_id, complete(place_id, capacity=capacity), Q, "test")
        if place_id == "hnd-omoa":
            store.share_contact(assessment_id, place_id, "migracion@omoa.gob.hn")
    store.close()
    return str(path)


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_peers_lists_similar_places_what_they_share_and_their_contact(db, capsys):
    code, out, _ = run(capsys, "peers", "--place", "hnd-danli", "--db", db)
    assert code == 0
    assert "Pares de Danlí (HND)" in out and "No es una clasificación" in out
    assert "Omoa (HND) · Contacto: migracion@omoa.gob.hn" in out
    assert "12 de sus 12 áreas prioritarias en común" in out
    assert "Podrían compartir su experiencia" in out
    assert "EJEMPLO" not in out
    code, out, _ = run(capsys, "--lang", "en", "peers", "--place", "hnd-omoa", "--db", db)
    assert "Danlí (HND) · Contact: through the organisers" in out  # Danlí shared no contact
    assert "no one yet" in out  # Danlí's capacity is 1 everywhere


def test_peers_of_a_place_without_submission_or_unknown(db, capsys):
    code, out, _ = run(capsys, "peers", "--place", "mex-oaxaca", "--db", db)
    assert code == 0 and "aún no ha enviado una autoevaluación" in out
    code, _, err = run(capsys, "peers", "--place", "nowhere", "--db", db)
    assert code == 1 and "No existe el lugar «nowhere»" in err


def test_practices_import_list_approve_reject(db, tmp_path, capsys):
    good = tmp_path / "practicas.csv"
    good.write_text(
        f"{HEADER}\nhnd-omoa,rt3_basic_services,Ventanilla única,,https://example.org,2023,Alcaldía\n"
        "hnd-danli,rt1_regular_pathways,Charlas,,,,\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "practices", "import", str(good), "--db", db)
    assert code == 0 and "2 práctica(s) nueva(s)" in out
    ids = [line.strip()[2:] for line in out.splitlines() if line.startswith("  - ")]
    assert len(ids) == 2
    code, out, _ = run(capsys, "practices", "--db", db, "import", str(good))  # --db before the action too
    assert code == 0 and "0 práctica(s) nueva(s)" in out and "2 ya estaban" in out
    code, out, _ = run(capsys, "practices", "list", "--state", "pending", "--db", db)
    assert out.count("pendiente") == 2 and "Ventanilla única (2023)" in out
    code, out, _ = run(capsys, "practices", "approve", ids[0], "--db", db)
    assert code == 0 and f"Práctica {ids[0]} aprobada (estaba pendiente)." in out
    code, out, _ = run(capsys, "--lang", "en", "practices", "reject", ids[1], "--db", db)
    assert code == 0 and f"Practice {ids[1]} rejected (it was pending)." in out
    code, out, _ = run(capsys, "practices", "list", "--state", "approved", "--db", db)
    assert out.count("aprobada") == 1
    code, _, err = run(capsys, "practices", "approve", "zzzzzzzz", "--db", db)
    assert code == 1 and "No existe la práctica «zzzzzzzz»" in err


def test_a_bad_practices_file_is_refused_whole_by_row_and_column(db, tmp_path, capsys):
    bad = tmp_path / "malas.csv"
    bad.write_text(
        f"{HEADER}\nhnd-omoa,rt3_basic_services,Buena,,,,\nhnd-omoa,rt3_basic_services,,,javascript:x,,\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "practices", "import", str(bad), "--db", db)
    assert code == 1
    assert "Archivo rechazado: malas.csv" in err
    assert "Fila 3, columna «title», valor «»: el valor es obligatorio" in err
    assert "Fila 3, columna «url», valor «javascript:x»: el enlace debe ser" in err
    code, out, _ = run(capsys, "practices", "list", "--db", db)
    assert "No hay buenas prácticas" in out  # the good row was not kept either


def test_example_practices_are_approved_and_labelled(db, capsys):
    code, out, _ = run(capsys, "practices", "examples", "--places", "2", "--db", db)
    assert code == 0 and "2" in out
    code, out, _ = run(capsys, "practices", "list", "--state", "approved", "--db", db)
    assert out.count("[EJEMPLO]") == 2 and out.count("EJEMPLO / EXAMPLE") == 2


def test_profile_writes_the_pdf_or_refuses_an_unknown_place(db, tmp_path, capsys):
    out_file = tmp_path / "perfil.pdf"
    code, out, _ = run(
        capsys, "--lang", "en", "profile", "--place", "hnd-omoa", "--out", str(out_file), "--db", db
    )
    assert code == 0 and "File written" in out
    text = PdfReader(io.BytesIO(out_file.read_bytes())).pages[0].extract_text()
    assert "Local MGI profile: Omoa" in text and "not a ranking" in text
    code, _, err = run(capsys, "profile", "--place", "nowhere", "--out", str(tmp_path / "x.pdf"), "--db", db)
    assert code == 1 and "nowhere" in err and not (tmp_path / "x.pdf").exists()
