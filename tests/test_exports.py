"""Exports: every file is opened again and its values checked (CSV, XLSX with HXL, PDF text and pages)."""

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from indicators.__main__ import main
from indicators.assessment import AreaAnswer
from indicators.demo import generate_assessments
from indicators.exports import (
    COLUMNS,
    ExportRequest,
    FontMissing,
    Names,
    NothingToExport,
    export_csv,
    export_file,
    export_pdf_municipality,
    export_pdf_region,
    export_xlsx,
)
from indicators.i18n import LANGUAGES, Translator, load_catalogue, missing_translations
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from indicators.summary import LEVELS, priority_summary
from tests.conftest import complete

Q = load_questionnaire()
TODAY = dt.date(2022, 9, 13)
RT1 = [a.key for a in Q.areas_of("rt1")]
ACTION = "Crear la mesa municipal de movilidad humana – «ventanilla única» en Danlí"


@pytest.fixture
def real(store):
    """Danlí: two real assessments (capacity 1 and 2), its first area with an action; Omoa: one."""
    first = complete("hnd-danli", capacity=1)
    first.answers[RT1[0]] = AreaAnswer(
        capacity=1, priority=3, action=ACTION, office="Alcaldía", timeframe="6m"
    )
    for place_id, assessment in (
        ("hnd-danli", first),
        ("hnd-danli", complete("hnd-danli", capacity=2)),
        ("hnd-omoa", complete("hnd-omoa", capacity=4)),
    ):
        assessment_id, _ = store.create_assessment(place_id)
        store.submit_assessment(assessment_id, assessment, Q, "test")
    return store


@pytest.fixture
def examples(store):
    generate_assessments(store, Q, 40, seed=7)
    return store


def names_of(store, language="es") -> Names:
    return Names.from_frames(store.places(igm_only=False), store.countries(), language)


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def request(store, language="es", **fields) -> bytes:
    return export_file(store, Q, Translator(language), ExportRequest(**fields), today=TODAY)


# --- the catalogue ------------------------------------------------------------------------------


def test_every_column_has_a_header_and_a_description_in_both_languages():
    catalogue = load_catalogue()
    keys = [f"export.{kind}_{c.key}" for c in COLUMNS for kind in ("col", "about")]
    assert [k for k in keys if k not in catalogue] == []
    assert missing_translations({k: catalogue[k] for k in catalogue if k.startswith("export")}) == []


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_of_real_answers_has_exact_values_and_no_example_warning(real):
    content = request(real, scope="municipality", format="csv")
    assert content.startswith("\ufeff# ".encode())
    first_line = content.decode("utf-8-sig").splitlines()[0]
    assert "EJEMPLO" not in first_line
    assert "13 de septiembre de 2022" in first_line
    table = pd.read_csv(io.BytesIO(content), skiprows=1, encoding="utf-8-sig", keep_default_na=False)
    assert list(table.columns)[:6] == [
        "Gobierno local",
        "Identificador del lugar",
        "Código oficial",
        "Nivel",
        "País",
        "Código de país (ISO3)",
    ]
    danli = table[table["Identificador del lugar"] == "hnd-danli"]
    assert len(danli) == 12  # 4 round tables × top 3
    top = danli[(danli["Clave del área"] == RT1[0])].iloc[0]
    # capacity 1 → need 3 × 3 = 9, capacity 2 → 6; first choice +3 each: (12 + 9) / 2
    assert top["Índice de prioridad"] == 10.5
    assert top["Capacidad promedio"] == 1.5
    assert top["Prioridad promedio"] == 3.0
    assert top["Veces entre las 3 primeras"] == 2
    assert top["Autoevaluaciones"] == 2
    assert top["Autoevaluaciones de ejemplo"] == 0
    assert top["Gobierno local"] == "Danlí"
    assert top["País"] == "Honduras"
    assert top["Mesa redonda"].startswith("Mesa Redonda 1")
    assert top["Acciones propuestas"] == f"{ACTION} (Alcaldía, 6 meses)"
    assert top["Objetivos del PMM"] == "2. Minimizar factores adversos"
    assert set(table["Identificador del lugar"]) == {"hnd-danli", "hnd-omoa"}


def test_csv_with_example_data_says_so_on_the_first_line_and_per_row(examples):
    content = request(examples, scope="country", format="csv")
    first_line = content.decode("utf-8-sig").splitlines()[0]
    assert first_line.startswith("# DATOS DE EJEMPLO (generados; no reales): 40 de 40 autoevaluaciones")
    assert "," not in first_line  # one cell in a spreadsheet
    table = pd.read_csv(io.BytesIO(content), skiprows=1, encoding="utf-8-sig")
    assert (table["Autoevaluaciones de ejemplo"] > 0).all()
    assert table.groupby("Código de país (ISO3)")["Autoevaluaciones"].max().sum() == 40


def test_csv_in_english_with_hxl_row(real):
    content = request(real, "en", scope="region", format="csv", hxl=True)
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("Region,Round table,Rank in the table,Area key,Area,Priority index")
    assert lines[2].startswith("#region+name,#sector+name,#indicator+rank,#subsector+code")
    table = pd.read_csv(io.BytesIO(content), skiprows=[0, 2], encoding="utf-8-sig")
    assert table.loc[0, "Region"] == "CRM region"
    assert table["Assessments"].max() == 3


def test_an_action_that_looks_like_a_formula_stays_text(store):
    assessment = complete("hnd-omoa")
    assessment.answers[RT1[0]] = AreaAnswer(capacity=1, priority=3, action='=HYPERLINK("http://x")')
    assessment_id, _ = store.create_assessment("hnd-omoa")
    store.submit_assessment(assessment_id, assessment, Q, "test")
    csv_table = pd.read_csv(io.BytesIO(request(store, "en", scope="region", format="csv")), skiprows=1)
    assert csv_table.loc[0, "Proposed actions"] == '\'=HYPERLINK("http://x")'
    ws = load_workbook(io.BytesIO(request(store, "en", scope="region", format="xlsx")))["Region"]
    actions = ws.cell(4, [c.value for c in ws[3]].index("Proposed actions") + 1)
    assert (actions.value, actions.data_type) == ('=HYPERLINK("http://x")', "s")


# --- XLSX ---------------------------------------------------------------------------------------


def test_xlsx_has_a_sheet_per_level_headers_hxl_values_and_a_dictionary(real):
    content = request(real, scope="region", format="xlsx", hxl=True)
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Gobiernos locales", "Países", "Región", "Diccionario de datos"]
    ws = book["Gobiernos locales"]
    assert "Resumen de prioridades por gobierno local" in ws["A1"].value
    assert ws["A2"].value is None  # no example banner for real data
    headers = [c.value for c in ws[3]]
    tags = [c.value for c in ws[4]]
    assert headers[:3] == ["Gobierno local", "Identificador del lugar", "Código oficial"]
    assert tags[headers.index("País")] == "#country+name"
    assert tags[headers.index("Índice de prioridad")] == "#indicator+index"
    assert tags[headers.index("Acciones propuestas")] == "#activity+planned"
    rows = [dict(zip(headers, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=5)]
    danli = next(
        r for r in rows if r["Identificador del lugar"] == "hnd-danli" and r["Clave del área"] == RT1[0]
    )
    assert danli["Índice de prioridad"] == 10.5
    assert danli["Gobierno local"] == "Danlí"
    assert danli["Acciones propuestas"].startswith(ACTION)
    country = book["Países"]
    assert [c.value for c in country[3]][:2] == ["País", "Código de país (ISO3)"]
    assert country["A5"].value == "Honduras"
    region = book["Región"]
    region_headers = [c.value for c in region[3]]
    first = dict(zip(region_headers, (c.value for c in region[5]), strict=True))
    assert first["Autoevaluaciones"] == 3
    # Omoa (capacity 4: need 0) pulls the first area down: (12 + 9 + 3) / 3
    assert first["Índice de prioridad"] == 8.0
    dictionary = book["Diccionario de datos"]
    described = {row[0].value: row for row in dictionary.iter_rows(min_row=4) if row[0].value}
    assert described["Índice de prioridad"][1].value == "#indicator+index"
    assert "0 a 15" in described["Índice de prioridad"][2].value
    text = " ".join(str(c.value) for row in dictionary.iter_rows() for c in row if c.value)
    assert "prioridad (1 a 3) × (4 − capacidad" in text
    assert "no es una clasificación de gobiernos locales" in text


def test_xlsx_with_example_data_has_a_banner_on_every_sheet(examples):
    content = request(examples, "en", scope="country", format="xlsx", country="MEX")
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Local governments", "Countries", "Data dictionary"]
    for ws in book.worksheets:
        assert ws["A2"].value.startswith("EXAMPLE DATA (generated; not real)")
    ws = book["Local governments"]
    headers = [c.value for c in ws[3]]
    assert "Example assessments" in headers
    assert ws["A4"].value != "#loc+name"  # no HXL row unless asked
    assert {r[headers.index("Country code (ISO3)")].value for r in ws.iter_rows(min_row=4)} == {"MEX"}


def test_xlsx_of_one_local_government_keeps_only_its_rows(real):
    content = request(real, "en", scope="municipality", format="xlsx", place_id="hnd-omoa")
    ws = load_workbook(io.BytesIO(content))["Local governments"]
    assert {r[1].value for r in ws.iter_rows(min_row=4)} == {"hnd-omoa"}


# --- PDF ----------------------------------------------------------------------------------------


def test_municipality_pdf_is_one_page_with_title_areas_actions_and_accents(real):
    text, pages = pdf_text(request(real, scope="municipality", format="pdf", place_id="hnd-danli"))
    assert pages == 1
    assert "Resumen de prioridades · Danlí" in text
    assert "Municipio · Honduras" in text
    assert "13 de septiembre de 2022" in text
    assert "2 autoevaluación(es) enviada(s)" in text
    assert "Mesa Redonda 1: Factores y vías de migración regular" in text
    assert Q.area_by_key[RT1[0]].name["es"] in text.replace("\n", " ")
    assert "Migración" in text
    assert "«ventanilla única»" in text.replace("\n", " ")
    assert "10.5" in text
    assert "EJEMPLO" not in text


def test_municipality_pdf_stays_on_one_page_with_long_actions(store):
    long_action = "Diseñar, financiar y evaluar un programa municipal de atención integral – " * 6
    for n in range(8):
        assessment = complete("hnd-danli", capacity=n % 4)
        for area in Q.areas:
            assessment.answers[area.key] = AreaAnswer(
                capacity=n % 4, priority=3, action=f"{long_action} ({n})", office="Oficina de la niñez"
            )
        assessment_id, _ = store.create_assessment("hnd-danli")
        store.submit_assessment(assessment_id, assessment, Q, "test")
    text, pages = pdf_text(request(store, scope="municipality", format="pdf", place_id="hnd-danli"))
    assert pages == 1
    assert "…" in text
    assert Q.areas_of("rt4")[2].name["es"] in text.replace("\n", " ")  # the last row of the last table


def test_municipality_pdf_of_example_data_in_english(examples):
    place_id = examples.submitted_answers()["place_id"].iloc[0]
    content = request(examples, "en", scope="municipality", format="pdf", place_id=place_id)
    text, pages = pdf_text(content)
    assert pages == 1
    assert "EXAMPLE DATA (generated; not real)" in text
    assert "Round table 4: Data, information and evidence-based public policy" in text


def test_region_pdf_has_charts_scope_and_the_banner_on_every_page(examples):
    content = request(examples, scope="region", format="pdf")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert "DATOS DE EJEMPLO (generados; no reales): 40 de 40 autoevaluaciones" in page.extract_text()
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Resumen regional de prioridades · Región CRM" in text
    assert "autoevaluaciones enviadas" in text
    assert "Todas las áreas de la mesa por índice de prioridad" in text
    assert "en top 3" in text
    for theme in Q.themes.values():
        assert theme["es"] in text
    assert "Participación" in text


def test_country_pdf_names_the_country_and_its_local_governments(real):
    text, _ = pdf_text(request(real, "en", scope="country", format="pdf", country="HND"))
    assert "Priority summary · Honduras" in text
    assert "Danlí" in text and "Omoa" in text
    assert "EXAMPLE" not in text


def test_a_missing_font_is_a_clear_error(real, tmp_path):
    names = names_of(real)
    with pytest.raises(FontMissing) as error:
        export_pdf_region(real, Q, Translator("es"), names, font_dir=tmp_path)
    assert "fonts-dejavu-core" in error.value.message(Translator("es"))
    with pytest.raises(FontMissing):
        export_pdf_municipality(real, Q, Translator("en"), names, "hnd-danli", font_dir=tmp_path)


# --- nothing to export --------------------------------------------------------------------------


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


def test_the_format_functions_refuse_empty_summaries(store):
    t, names = Translator("en"), names_of(store, "en")
    empty = priority_summary(store.submitted_answers(), Q, "en", "region")
    with pytest.raises(NothingToExport):
        export_csv(empty, Q, t, names)
    with pytest.raises(NothingToExport):
        export_xlsx(dict.fromkeys(LEVELS, empty), Q, t, names)


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
