"""indicators/words.py and indicators/room_charts.py: the proposed actions as words and phrases, after
Spanish and English stop words, and the presenter's figure of them."""

import json

from indicators import room_charts, words
from indicators.i18n import Translator

ACTIONS = [
    "Crear una oficina de atención a personas migrantes",
    "Capacitar al personal sobre los derechos de las personas migrantes, con la OIM",
    "Crear la oficina municipal de migración",
    "Primero, levantar datos sobre personas migrantes en el municipio",
    "Coordinar con la OIM y el ACNUR",
    "Train municipal staff on the rights of migrants",
]


def by_text(terms):
    return {term.text: term.count for term in terms}


def test_stop_words_of_both_languages_are_left_out_whatever_the_accents():
    found = by_text(words.frequent_terms(ACTIONS, count=40))
    for stop in ("una", "de", "la", "los", "con", "sobre", "en", "el", "y", "on", "the", "of", "primero"):
        assert stop not in found, stop
    assert words.is_content("Migración") and not words.is_content("MÁS") and not words.is_content("Más")


def test_an_answer_counts_once_and_phrases_come_before_the_words_they_hold():
    terms = words.frequent_terms([*ACTIONS, "Migrantes, migrantes y más migrantes"], count=6)
    # "migrantes" is in 4 answers (3 inside the phrase, and the repeated one once): it stays, first.
    assert terms[:2] == [words.Term("migrantes", 4, False), words.Term("personas migrantes", 3, True)]
    texts = by_text(terms)
    assert "personas" not in texts  # only ever inside "personas migrantes"
    assert texts["crear"] == 2 and texts["oficina"] == 2
    assert texts["OIM"] == 2  # an acronym keeps its capitals


def test_a_phrase_needs_two_answers_and_stops_at_punctuation():
    one = by_text(words.frequent_terms(["mesa municipal", "otra cosa"], count=10))
    assert "mesa municipal" not in one and one["mesa"] == 1
    split = words.frequent_terms(["Datos, registros", "datos, registros"], count=10)
    assert all(not term.phrase for term in split)


def test_words_are_shown_as_most_answers_wrote_them_with_accents():
    terms = by_text(words.frequent_terms(["Atención", "atencion", "atención"], count=3))
    assert terms == {"atención": 3}


def test_nothing_to_count():
    assert words.frequent_terms([], count=5) == [] and words.frequent_terms(["de la y"], count=5) == []


def test_the_figure_is_readable_on_a_projector_and_says_when_it_is_example_data():
    t = Translator("es")
    terms = words.frequent_terms(ACTIONS, count=10)
    spec = json.loads(room_charts.words_figure(terms, t, actions=6, examples=2).to_json())
    bars = spec["data"][0]
    assert bars["y"][-1] == "<b>personas migrantes</b>"  # most mentioned on top, a phrase in bold
    assert spec["layout"]["font"]["size"] >= 20 and bars["textfont"]["size"] >= 20
    assert "DATOS DE EJEMPLO: 2 de 6 acciones" in spec["layout"]["title"]["subtitle"]["text"]
    real = json.loads(room_charts.words_figure(terms, t, actions=6, examples=0).to_json())
    assert "subtitle" not in real["layout"]["title"]
    sentence = room_charts.describe_words(terms, t, 6)
    assert "(acciones: 6)" in sentence and "«personas migrantes» (3)" in sentence
    table = room_charts.words_table(terms, Translator("en"))
    assert list(table.columns) == ["Word or phrase", "Kind", "Actions that mention it"]
    assert table.iloc[0].tolist() == ["personas migrantes", "phrase", 3]
