"""The way in: a request checked once (command line, page, tests), nothing to export, the command line."""

from pathlib import Path

import pytest
from openpyxl import load_workbook

from indicators.__main__ import main
from indicators.demo import generate_assessments
from indicators.exports import ExportRequest, NothingToExport, check_request, export_file
from indicators.i18n import LANGUAGES, Translator
from indicators.store import Store
from tests.conftest import BACKENDS, complete, store_on_backend
from tests.export_helpers import Q, pdf_text, request

# The same assertions on the embedded DuckDB file and on a PostgreSQL server (issue 15).
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)


@pytest.mark.parametrize(
    "fields, scope_name",
    [
        ({"scope": "municipality", "format": "pdf", "place_id": "hnd-danli"}, "Danlí"),
        ({"scope": "country", "format": "xlsx", "country": "GTM"}, "Guatemala"),
        ({"scope": "region", "format": "csv"}, "la región"),
        ({"scope": "region", "format": "pdf"}, "la región"),
    ],
)
def test_an_empty_scope_raises_nothing_to_export(store, fields, scope_name):
    draft_id, _ = store.create_assessment("hnd-danli")  # a draft is not a submission
    assert draft_id
    with pytest.raises(NothingToExport) as error:
        request(store, **fields)
    assert error.value.message(Translator("es")) == (
        f"No hay autoevaluaciones enviadas para {scope_name}: no se generó ningún archivo."
    )


# --- command line -------------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path) -> Path:
    """A database file with two real assessments (Danlí), 10 example ones, and a place nobody answered."""
    path = tmp_path / "export.duckdb"
    assert main(["init-db", "--db", str(path)]) == 0
    store = Store.open(path)
    try:
        store.register_place("gtm-sin-respuestas", "Sin Respuestas", "municipality", "GTM", "", "")
        for capacity in (1, 2):
            assessment_id, _ = store.create_assessment("hnd-danli")
            store.submit_assessment(assessment_id, complete("hnd-danli", capacity=capacity), Q, "test")
        generate_assessments(store, Q, 10, seed=3)
    finally:
        store.close()
    return path


@pytest.mark.parametrize("language", LANGUAGES)
def test_cli_writes_each_format(db, tmp_path, capsys, language):
    runs = [
        (["--scope", "municipality", "--place", "hnd-danli", "--format", "pdf"], "danli.pdf"),
        (["--scope", "country", "--country", "hnd", "--format", "pdf"], "hnd.pdf"),
        (["--scope", "region", "--format", "pdf"], "region.pdf"),
        (["--scope", "region", "--format", "xlsx", "--hxl"], "region.xlsx"),
        (["--scope", "country", "--format", "csv"], "countries.csv"),
    ]
    for args, name in runs:
        out = tmp_path / language / name
        assert main(["--lang", language, "export", *args, "--out", str(out), "--db", str(db)]) == 0
        assert out.stat().st_size > 1000
        assert str(out) in capsys.readouterr().out
    assert pdf_text((tmp_path / language / "danli.pdf").read_bytes())[1] == 1
    book = load_workbook(tmp_path / language / "region.xlsx")
    assert book.worksheets[0]["A4"].value == "#loc+name"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--scope", "municipality", "--format", "pdf"], "necesita --place ID"),
        (["--scope", "country", "--format", "pdf"], "necesita --country ISO3"),
        (
            ["--scope", "municipality", "--place", "hnd-nowhere", "--format", "csv"],
            "No existe el lugar «hnd-nowhere»",
        ),
        (["--scope", "country", "--country", "XYZ", "--format", "csv"], "No existe el país «XYZ»"),
        (
            ["--scope", "region", "--country", "HND", "--format", "csv"],
            "--country no se usa con --scope region",
        ),
        (
            ["--scope", "country", "--place", "hnd-danli", "--format", "csv"],
            "--place no se usa con --scope country",
        ),
        (
            ["--scope", "municipality", "--place", "hnd-danli", "--country", "GTM", "--format", "csv"],
            "no está en el país GTM",
        ),
        (
            ["--scope", "municipality", "--place", "gtm-sin-respuestas", "--format", "pdf"],
            "No hay autoevaluaciones enviadas para Sin Respuestas",
        ),
    ],
)
def test_cli_refuses_bad_requests_and_writes_nothing(db, tmp_path, capsys, args, message):
    out = tmp_path / "refused.out"
    generated = main(["export", *args, "--out", str(out), "--db", str(db)])
    assert generated == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_cli_unknown_format_is_refused_by_the_parser(db, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        main(
            ["export", "--scope", "region", "--format", "docx", "--out", str(tmp_path / "x"), "--db", str(db)]
        )
    assert exit_.value.code == 2


# --- the request, checked once ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({"scope": "local_government", "format": "pdf", "place_id": "hnd-danli"}, []),
        ({"scope": "region", "format": "csv"}, []),
        ({"scope": "local_government", "format": "pdf"}, [("place", "place_required")]),
        ({"scope": "country", "format": "pdf"}, [("country", "country_required")]),
        ({"scope": "region", "format": "csv", "country": "HND"}, [("country", "not_for_scope")]),
        ({"scope": "country", "format": "csv", "place_id": "hnd-danli"}, [("place", "not_for_scope")]),
        ({"scope": "country", "format": "csv", "country": "xyz"}, [("country", "unknown_country")]),
        (
            {"scope": "local_government", "format": "csv", "place_id": "hnd-nowhere"},
            [("place", "unknown_place")],
        ),
        (
            {"scope": "local_government", "format": "csv", "place_id": "hnd-danli", "country": "GTM"},
            [("place", "place_not_in_country")],
        ),
        ({"scope": "state", "format": "csv"}, [("scope", "not_in_list")]),
        ({"scope": "region", "format": "docx"}, [("format", "not_in_list")]),
    ],
)
def test_check_request_names_the_field_and_the_reason(store, fields, expected):
    known = set(store.countries()["iso3"])
    problems = check_request(ExportRequest(**fields), store.places(igm_only=False), known)
    assert [(p.column, p.reason) for p in problems] == expected
    for problem in problems:  # every reason is worded for the command line and for the page
        for section in ("export_cli", "export_request"):
            message = Translator("en")(f"{section}.{problem.reason}", **problem.params)
            assert message != f"{section}.{problem.reason}" and "{" not in message


def test_municipality_is_read_as_local_government_and_export_file_refuses_what_the_check_refuses(real):
    assert ExportRequest("municipality", "csv").scope == "local_government"
    assert ExportRequest("country", "csv", country="hnd").country == "HND"
    with pytest.raises(ValueError):
        export_file(real, Q, Translator("es"), ExportRequest("local_government", "pdf"))


def test_cli_takes_local_government_and_a_font_folder_from_the_settings(db, tmp_path, monkeypatch, capsys):
    out = tmp_path / "danli.csv"
    args = ["export", "--scope", "local_government", "--place", "hnd-danli", "--db", str(db)]
    args += ["--format", "csv"]
    assert main([*args, "--out", str(out)]) == 0
    assert "hnd-danli" in out.read_text(encoding="utf-8-sig")
    monkeypatch.setenv("IGM_FONT_DIR", str(tmp_path / "no-fonts"))
    pdf = tmp_path / "danli.pdf"
    args[-1] = "pdf"
    assert main([*args, "--out", str(pdf)]) == 1
    assert "fonts-dejavu-core" in capsys.readouterr().err
    assert not pdf.exists()
