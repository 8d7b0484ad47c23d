"""PDF reports: a local government on one page, a country, the region; the font they need."""

import io

import pytest
from pypdf import PdfReader

from indicators import aggregates
from indicators.assessment import AreaAnswer
from indicators.exports import FontMissing, export_pdf_municipality, export_pdf_region
from indicators.i18n import Translator
from indicators.questionnaire import MAX_AREAS
from indicators.summary import stored_example_share, stored_priority_summary
from tests.conftest import BACKENDS, complete, store_on_backend
from tests.export_helpers import RT1, Q, names_of, pdf_text, request

# The same assertions on the embedded DuckDB file and on a PostgreSQL server (issue 15).
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)


def test_municipality_pdf_is_one_page_with_title_areas_actions_and_accents(real):
    text, pages = pdf_text(request(real, scope="municipality", format="pdf", place_id="hnd-danli"))
    assert pages == 1
    assert "Resumen de prioridades · Danlí" in text
    assert "Municipio · Honduras" in text
    assert "13 de septiembre de 2022" in text
    assert "2 autoevaluaciones enviadas" in text
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
    every_area = stored_priority_summary(real, Q, "es", "region", top_n=MAX_AREAS)
    counts = aggregates.scope_counts(real, Q)
    participation = aggregates.participation(real, Q, "country")
    with pytest.raises(FontMissing) as error:
        export_pdf_region(every_area, counts, participation, Q, Translator("es"), names, font_dir=tmp_path)
    assert "fonts-dejavu-core" in error.value.message(Translator("es"))
    summary = stored_priority_summary(real, Q, "en", "local_government", place_id="hnd-danli")
    share = stored_example_share(real, Q, place_id="hnd-danli")
    with pytest.raises(FontMissing):
        export_pdf_municipality(summary, share, Q, Translator("en"), names, "hnd-danli", font_dir=tmp_path)
