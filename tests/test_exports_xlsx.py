"""XLSX exports: a sheet per scope with HXL tags, the example banner, the data dictionary."""

import io

import pytest
from openpyxl import load_workbook

from indicators.assessment import AreaAnswer
from indicators.exports import NothingToExport, export_csv, export_xlsx
from indicators.i18n import Translator
from indicators.summary import SCOPES, priority_summary
from tests.conftest import BACKENDS, complete, store_on_backend
from tests.export_helpers import ACTION, RT1, Q, names_of, request

# The same assertions on the embedded DuckDB file and on a PostgreSQL server (issue 15).
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)


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


def test_the_format_functions_refuse_empty_summaries(store):
    t, names = Translator("en"), names_of(store, "en")
    empty = priority_summary(store.submitted_answers(), Q, "en", "region")
    with pytest.raises(NothingToExport):
        export_csv(empty, Q, t, names)
    with pytest.raises(NothingToExport):
        export_xlsx(dict.fromkeys(SCOPES, empty), Q, t, names)


def test_xlsx_keeps_text_as_text_and_its_layout(real):
    """A respondent's action starting with "=" stays text; decimals, widths, frozen headers, banner."""
    assessment_id, _ = real.create_assessment("hnd-omoa")
    assessment = complete("hnd-omoa")
    assessment.answers[RT1[0]] = AreaAnswer(capacity=1, priority=3, action='=HYPERLINK("http://x.test","y")')
    real.submit_assessment(assessment_id, assessment, Q, "test")
    book = load_workbook(io.BytesIO(request(real, "en", scope="region", format="xlsx", hxl=True)))
    ws = book["Local governments"]
    headers = [c.value for c in ws[3]]
    actions = [r[headers.index("Proposed actions")] for r in ws.iter_rows(min_row=5)]
    formula = next(c for c in actions if c.value and c.value.startswith("=HYPERLINK"))
    assert formula.data_type == "s"
    index = ws.cell(5, headers.index("Priority index") + 1)
    assert isinstance(index.value, float) and index.number_format == "0.00"
    assert ws.freeze_panes == "A5"  # title, banner, headers and HXL tags stay in view
    assert ws.column_dimensions["A"].width >= 24  # the place's name is readable
    assert ws["A3"].font.b and ws["A4"].font.i
    plain = load_workbook(io.BytesIO(request(real, scope="region", format="xlsx")))
    assert plain["Región"].freeze_panes == "A4"  # no HXL row


def test_xlsx_banner_spans_the_table(examples):
    ws = load_workbook(io.BytesIO(request(examples, "en", scope="region", format="xlsx")))["Region"]
    width = len([c for c in ws[3] if c.value])
    filled = [c for c in ws[2] if c.fill.fill_type == "solid"]
    assert len(filled) == width and filled[0].fill.fgColor.rgb.endswith("D55E00")
    assert ws["A2"].font.b and ws["A2"].font.color.rgb.endswith("FFFFFF")
