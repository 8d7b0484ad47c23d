"""The A4 paper booklet: one per local government, in either language, with every question of the form."""

import io

import pytest
from pypdf import PdfReader

from indicators.exports import FontMissing
from indicators.i18n import Translator
from indicators.paper_form import area_numbers, paper_form_pdf
from indicators.questionnaire import load_questionnaire
from indicators.xlsform import form_version

Q = load_questionnaire()


def pages(language: str) -> list[str]:
    data = paper_form_pdf(Q, Translator(language), "Danlí", "Honduras")
    reader = PdfReader(io.BytesIO(data))
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4 portrait
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.parametrize("language", ["es", "en"])
def test_every_page_names_the_local_government_and_the_form_version(language):
    for text in pages(language):
        assert "Danlí (Honduras)" in text
        assert form_version(Q) in text


@pytest.mark.parametrize("language", ["es", "en"])
def test_every_area_scale_and_top3_is_on_paper(language):
    text = " ".join(pages(language))
    numbers = area_numbers(Q)
    for area in Q.areas:
        assert f"{numbers[area.key]} {area.name[language]}" in text
    for scale in ("capacity", "priority", "timeframe"):
        for labels in Q.scales[scale].values():
            assert labels[language] in text
    top3 = Translator(language)("paper.top3_title", count=3)
    assert text.count(top3) == len(Q.themes)


def test_the_booklet_speaks_the_chosen_language():
    assert "¿Responde de forma anónima?" in pages("es")[0]
    assert "Do you answer anonymously?" in pages("en")[0]


def test_a_missing_font_is_a_clear_error(tmp_path):
    with pytest.raises(FontMissing):
        paper_form_pdf(Q, Translator("es"), "Danlí", "Honduras", font_dir=tmp_path)
