"""CSV exports: the one writer (BOM, comment line, formulas neutralised) and the summary CSV read back."""

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from indicators.assessment import AreaAnswer
from indicators.consultation import consultation_tables, load_consultation
from indicators.exports import consultation_file
from indicators.exports.csv import access_codes_csv, write_csv
from indicators.i18n import Translator
from tests.conftest import BACKENDS, complete, store_on_backend
from tests.export_helpers import ACTION, RT1, TODAY, Q, request

# The same assertions on the embedded DuckDB file and on a PostgreSQL server (issue 15).
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)


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


# --- the one writer -------------------------------------------------------------------------------


def test_the_writer_puts_a_bom_one_comment_line_tags_and_neutralises_formulas():
    table = pd.DataFrame({"Acción": ["=SUM(A1)", "+1", "texto, con coma"], "N": [1, 2, 3]})
    content = write_csv(table, ["", "Título, con coma", "dos\nlíneas"], ["#activity", "#meta"])
    assert content.startswith("\ufeff# ".encode())
    lines = content.decode("utf-8-sig").split("\n")
    # One cell in a spreadsheet, and the header stays on line 2.
    assert lines[0] == "# Título; con coma · dos líneas"
    assert lines[1:6] == ["Acción,N", "#activity,#meta", "'=SUM(A1),1", "'+1,2", '"texto, con coma",3']


def test_the_consultation_csv_goes_through_the_same_writer(store):
    participant, _ = store.create_participant()
    store.save_consultation(participant, "before", {"k_igm": 2, "expectations": "=1+1"})
    store.save_consultation(participant, "after", {"k_igm": 4, "satisfaction": 5})
    c, t = load_consultation(), Translator("es")
    content = consultation_file(store, c, t, "csv", today=TODAY)
    tables = consultation_tables(store.consultation_responses(), c, t)
    comment = ["Consulta: resultados", "Generado el 13 de septiembre de 2022"]
    assert content == write_csv(tables["change"], comment)
    assert content.decode("utf-8-sig").startswith(f"# {' · '.join(comment)}\n")


@pytest.mark.parametrize(
    "language, headers",
    [
        ("es", ["Identificador del lugar", "Gobierno local", "Código"]),
        ("en", ["Place id", "Local government", "Code"]),
    ],
)
def test_the_access_codes_file_is_headed_in_the_pages_language(language, headers):
    """It said `place_id,place,code`."""
    t = Translator(language)
    content = access_codes_csv("hnd-omoa", "Omoa (HND)", ["ABCD2345", "EFGH6789"], t)
    assert content.startswith("\ufeff# ".encode())
    table = pd.read_csv(io.BytesIO(content), skiprows=1, encoding="utf-8-sig")
    assert list(table.columns) == headers
    assert table.iloc[:, 2].tolist() == ["ABCD2345", "EFGH6789"] and set(table.iloc[:, 1]) == {"Omoa (HND)"}
