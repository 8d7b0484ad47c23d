"""Importing local IGM results end to end: the command line and the organisers' upload."""

from indicators.__main__ import main
from indicators.store import Store
from tests.conftest import organiser, shown

FINDINGS = (
    "place_id,domain,finding_type,finding,source,page\n"
    "mex-oaxaca,2,Bien desarrollada,Existe una oficina de atención a personas migrantes.,Perfil 2020,12\n"
    "mex-oaxaca,alianzas,potencial,No hay acuerdos con consulados.,Perfil 2020,\n"
)
BAD = (
    "place_id;domain;finding_type;finding;source;page\n"
    "mex-oaxaca;9;potencial;Texto;Perfil 2020;12,5\n"
    "xxx-nowhere;1;potencial;Texto;Perfil 2020;3\n"
)


def test_cli_imports_reports_and_is_idempotent(tmp_path, capsys):
    db = tmp_path / "cli.duckdb"
    good = tmp_path / "oaxaca.csv"
    good.write_text(FINDINGS, encoding="utf-8")
    assert main(["import-results", str(good), "--db", str(db)]) == 0
    assert "mex-oaxaca · hallazgos: nuevos" in capsys.readouterr().out
    assert main(["--lang", "en", "import-results", str(good), "--db", str(db)]) == 0
    assert "mex-oaxaca · findings: unchanged" in capsys.readouterr().out
    store = Store.open(db)
    assert len(store.current_findings(["mex-oaxaca"])) == 2
    store.close()


def test_cli_refuses_a_bad_file_and_writes_nothing(tmp_path, capsys):
    db = tmp_path / "cli.duckdb"
    bad = tmp_path / "malo.csv"
    bad.write_text(BAD, encoding="utf-8")
    assert main(["import-results", str(bad), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "No se modificó la base de datos" in err
    assert "Fila 2, columna «domain», valor «9»" in err
    assert "Fila 2, columna «page», valor «12,5»: no es un número entero positivo" in err
    assert "Fila 3, columna «place_id», valor «xxx-nowhere»" in err
    store = Store.open(db)
    assert store.results_imports().empty
    store.close()


def test_cli_refuses_a_utf8_file_with_a_stray_windows_byte_and_keeps_the_old_results(tmp_path, capsys):
    """The issue's case: exit 1, the row and column of the byte, and the results imported before stay."""
    db = tmp_path / "cli.duckdb"
    good = tmp_path / "oaxaca.csv"
    good.write_text(FINDINGS, encoding="utf-8")
    assert main(["import-results", str(good), "--db", str(db)]) == 0
    mixed = tmp_path / "mezcla.csv"
    mixed.write_bytes(
        FINDINGS.replace("Existe una oficina", "Coordinación: existe una oficina").encode("utf-8")
        + "mex-oaxaca,3,potencial,Mesa técnica,Perfil 2020,\n".encode("cp1252")
    )
    assert main(["import-results", str(mixed), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "Fila 4, columna «finding», valor «Mesa t\ufffdcnica»: el byte 0xE9 no es UTF-8" in err
    store = Store.open(db)
    assert len(store.results_imports()) == 1 and len(store.current_findings(["mex-oaxaca"])) == 2
    store.close()


def test_organiser_upload_refuses_then_imports(app, tmp_path):
    at = organiser(app, tab="org.results_title")
    at.get("file_uploader")[0].set_value(("malo.csv", BAD.encode("cp1252"), "text/csv")).run()
    at.button(key="org_import").click().run()
    errors = "\n".join(e.value for e in at.error)
    assert "Archivo rechazado: malo.csv tiene 3 problemas. No se escribió nada" in errors
    problems = shown("\n".join(m.value for m in at.markdown))
    assert "Fila 3, columna «place_id», valor «xxx-nowhere»" in problems

    at.get("file_uploader")[0].set_value(("oaxaca.csv", FINDINGS.encode("utf-8-sig"), "text/csv")).run()
    at.button(key="org_import").click().run()
    assert not at.exception
    assert any("Resultados importados de oaxaca.csv" in s.value for s in at.success)
    assert "Oaxaca (MEX) · hallazgos: nuevos" in shown("\n".join(m.value for m in at.markdown))
    # The import history is the table with a "Vigente" column (headers are in the page's language).
    history = next(d.value for d in at.dataframe if "Vigente" in d.value.columns)
    assert history["Gobierno local"].tolist() == ["Oaxaca (MEX)"] and history["Vigente"].all()
