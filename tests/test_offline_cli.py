"""`python -m indicators paper-form | import-submissions | xlsform`: clear messages, exit 1 on refusals."""

import pytest
from pypdf import PdfReader

from indicators.__main__ import main
from indicators.config import DATA_DIR
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.form_exports import Row, answers, build_form, kobo_csv, parse_form
from tests.test_cli import run_cli

Q = load_questionnaire()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.duckdb"
    assert main(["init-db", "--db", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def form():
    store = Store.open(":memory:")
    store.load_bundled(DATA_DIR)
    yield build_form(Q, store.places(igm_only=False), store.countries())
    store.close()


def test_paper_form_for_one_local_government(db, tmp_path, capsys):
    out = tmp_path / "danli.pdf"
    assert main(["paper-form", "--place", "hnd-danli", "--out", str(out), "--db", str(db)]) == 0
    assert str(out) in capsys.readouterr().out
    assert "Danlí (Honduras)" in PdfReader(out).pages[-1].extract_text()
    assert (
        main(["--lang", "en", "paper-form", "--place", "hnd-nowhere", "--out", str(out), "--db", str(db)])
        == 1
    )
    assert 'There is no place "hnd-nowhere"' in capsys.readouterr().err


def test_paper_form_takes_its_fonts_from_the_settings(db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IGM_FONT_DIR", str(tmp_path / "no-fonts"))
    out = tmp_path / "danli.pdf"
    assert main(["paper-form", "--place", "hnd-danli", "--out", str(out), "--db", str(db)]) == 1
    assert "fonts-dejavu-core" in capsys.readouterr().err and not out.exists()


def test_xlsform_command_writes_the_catalogue_form(db, tmp_path, capsys):
    out = tmp_path / "form.xlsx"
    assert main(["xlsform", "--out", str(out), "--db", str(db)]) == 0
    written = parse_form(out.read_bytes())
    assert written.warnings == [] and "hnd-danli" in written.choices["places"]


def test_import_then_reimport(db, tmp_path, form, capsys):
    export = tmp_path / "kobo.csv"
    export.write_bytes(
        kobo_csv(form, [Row(answers(form, "hnd-danli", "HND")), Row(answers(form, "mex-sonora", "MEX"))])
    )
    assert main(["import-submissions", str(export), "--db", str(db)]) == 0
    assert "2 envío(s) nuevo(s)" in capsys.readouterr().out
    assert main(["--lang", "en", "import-submissions", str(export), "--db", str(db)]) == 0
    assert "0 new submission(s), 0 edit(s) as a new version, 2 already imported" in capsys.readouterr().out


def test_a_refused_export_exits_1_lists_the_cells_and_writes_nothing(db, tmp_path, form):
    rows = [Row(answers(form, "hnd-danli", "HND")), Row(answers(form, "mex-sonora", "MEX"))]
    rows[1].values["rt1_top2"] = rows[1].values["rt1_top1"]
    export = tmp_path / "kobo.csv"
    export.write_bytes(kobo_csv(form, rows))
    result = run_cli("import-submissions", str(export), "--db", str(db))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Fila 3, columna «rt1/rt1_top2»" in result.stderr
    assert "No se modificó la base de datos" in result.stderr
    store = Store.open(db)
    assert store.assessment_counts()["submitted"] == 0
    store.close()
    valid_only = run_cli("import-submissions", str(export), "--valid-only", "--db", str(db))
    assert valid_only.returncode == 0, valid_only.stderr
    assert "1 envío(s) nuevo(s)" in valid_only.stdout
    assert "1 fila(s) rechazada(s)" in valid_only.stderr and "Fila 3" in valid_only.stderr
