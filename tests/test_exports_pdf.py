"""indicators/exports/pdf.py: the page every PDF report is drawn on (example banner on every page, footer,
embedded font, language), texts cut with "…" where they would overflow, bar charts and the top-3 table."""

import io

import pandas as pd
import pytest
from pypdf import PdfReader

from indicators.config import DEFAULT_FONT_DIR
from indicators.exports import FontMissing
from indicators.exports.pdf import (
    Bar,
    Report,
    bar_chart_height,
    bars_note,
    draw_bar_chart,
    draw_row,
    draw_table_header,
    draw_title,
    new_report,
    rgb,
    table_rows,
    tint,
)
from indicators.i18n import Translator
from indicators.scoring import MAX_INDEX
from tests.export_helpers import TODAY

BANNER = {
    "es": "DATOS DE EJEMPLO (generados; no reales): 3 de 4 autoevaluaciones",
    "en": "EXAMPLE DATA (generated; not real): 3 of 4 assessments",
}
ACCENTS = "Migración «ventanilla única» – Danlí, Peñas Blancas"


def read_back(pdf: Report) -> list[str]:
    """The text of each page, as a PDF reader extracts it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf.output_bytes())).pages]


def report(language: str, banner: str = "") -> Report:
    return new_report(Translator(language), banner, TODAY, DEFAULT_FONT_DIR)


@pytest.mark.parametrize(
    "language, page, generated",
    [
        ("es", "Página {n} de 3", "Tablero IGM local · Generado el 13 de septiembre de 2022"),
        ("en", "Page {n} of 3", "Local MGI dashboard · Generated on 13 September 2022"),
    ],
)
def test_example_data_is_bannered_on_every_page_with_a_footer_in_the_reports_language(
    language, page, generated
):
    pdf = report(language, BANNER[language])
    pdf.add_page()
    pdf.add_page()
    pages = read_back(pdf)
    assert len(pages) == 3
    for n, text in enumerate(pages, start=1):
        assert BANNER[language] in text
        assert page.format(n=n) in text and generated in text


def test_a_report_of_real_data_has_no_banner_and_the_title_comes_first():
    pdf = report("es")
    draw_title(pdf, "Resumen de prioridades · Danlí", ["Municipio · Honduras"])
    [text] = read_back(pdf)
    assert text.startswith("Resumen de prioridades · Danlí\nMunicipio · Honduras")
    assert "EJEMPLO" not in text


def test_the_file_says_its_language_and_embeds_a_font_with_every_accent():
    for language in ("es", "en"):
        pdf = report(language)
        draw_title(pdf, ACCENTS, [])
        reader = PdfReader(io.BytesIO(pdf.output_bytes()))
        assert reader.trailer["/Root"]["/Lang"] == language  # screen readers pick the voice
        assert reader.metadata.creator == Translator(language)("app.name")
        assert ACCENTS in reader.pages[0].extract_text()
        fonts = reader.pages[0]["/Resources"]["/Font"]
        assert any("DejaVu" in font.get_object()["/BaseFont"] for font in fonts.values())


def test_a_long_text_is_cut_with_an_ellipsis_where_it_would_overflow():
    pdf = report("es")
    pdf.style(9)
    long = "Diseñar, financiar y evaluar un programa municipal de atención integral " * 5
    lines = pdf.lines(long, 60, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(pdf.get_string_width(line) <= 60 for line in lines)
    assert pdf.lines("Acción breve", 60, 2) == ["Acción breve"]  # what fits is left whole
    assert pdf.lines(long, 60, 0) == [] and pdf.lines("", 60, 2) == []
    one = pdf.fitted(long, 40)
    assert one.endswith("…") and pdf.get_string_width(one) <= 40


def test_a_bar_chart_labels_every_bar_and_takes_the_height_planned_for_it():
    t = Translator("es")
    pdf = report("es")
    bars = [
        Bar("Coordinación interinstitucional", 12.5, "#0072B2", bars_note(t, 12.5, 3)),
        Bar("Acceso a la salud", MAX_INDEX + 4, "#D55E00", bars_note(t, MAX_INDEX + 4, 0)),  # beyond the axis
        Bar("Sin datos", 0, "#777777", bars_note(t, 0, 0)),
    ]
    bottom = draw_bar_chart(pdf, bars, 50, 5, 9)
    assert bottom == pytest.approx(50 + bar_chart_height(3, 5, 9))  # the layout plans with this height
    [text] = read_back(pdf)
    assert "Coordinación interinstitucional" in text and "12.5 · 3 en top 3" in text
    assert "Acceso a la salud" in text and "Sin datos" in text and "0.0 · 0 en top 3" in text
    assert all(str(tick) in text for tick in range(0, MAX_INDEX + 1, 5))  # the axis


@pytest.mark.parametrize(
    "language, header, no_actions, gcm",
    [
        ("es", ["N.º", "Índice", "PMM · ODS"], "Sin acciones propuestas.", "PMM: 5, 16"),
        ("en", ["No.", "Index", "GCM · SDG"], "No actions proposed.", "GCM: 5, 16"),
    ],
)
def test_the_top_3_table_reads_in_the_reports_language(language, header, no_actions, gcm):
    pdf = report(language)
    rows = pd.DataFrame(
        [
            (1, "Ventanilla única", "Crear la mesa municipal", 10.5, 1.0, 3.0, 2, "5, 16", "10.7"),
            (2, "Salud", "", 8.25, 2.0, 2.5, 1, "5, 16", ""),
        ],
        columns=["rank", "area", "actions", "index", "capacity", "priority", "top3", "gcm", "sdg"],
    )
    y = draw_table_header(pdf, 40, 8)  # the largest size the reports use
    for row in table_rows(pdf, rows, 8, 4):
        y = draw_row(pdf, row, y, 8)
    [text] = read_back(pdf)
    assert all(word in text for word in header)
    assert no_actions in text and gcm in text and "10.5" in text and "8.2" in text
    assert ("Acciones: Crear la mesa municipal" if language == "es" else "Actions: Crear la mesa") in text


def test_without_the_font_files_a_report_is_refused_naming_the_package(tmp_path):
    with pytest.raises(FontMissing) as caught:
        Report(Translator("en"), "", "", tmp_path)
    assert caught.value.params == {"path": str(tmp_path / "DejaVuSans.ttf")}
    assert "fonts-dejavu-core" in caught.value.message(Translator("en"))


def test_colours_are_parsed_and_tinted_towards_white():
    assert rgb("#0072B2") == (0, 114, 178)
    assert tint("#0072B2", 0) == (255, 255, 255) and tint("#0072B2", 1) == (0, 114, 178)
    assert tint("#000000", 0.2) == (204, 204, 204)
