"""indicators/validation.py: how a problem reads in Spanish and English, and a file's refusal.
(Reading files, and the problems it finds, is tests/test_reader.py's.)"""

from indicators.i18n import Translator
from indicators.validation import DataFileError, Problem, listed

ES, EN = Translator("es"), Translator("en")


def test_a_problem_says_where_it_is_cell_column_or_whole_file():
    cell = Problem(4, "iso3", "HN", "bad_code", {"pattern": "^[A-Z]{3}$"})
    column = Problem(None, "name_en", "", "missing_column")
    whole = Problem(None, None, "", "not_utf8")
    assert (
        cell.describe(ES)
        == "Fila 4, columna «iso3», valor «HN»: código no válido; se espera la forma ^[A-Z]{3}$"
    )
    assert column.describe(ES) == "Columna «name_en»: falta esta columna"
    assert column.describe(EN) == 'Column "name_en": this column is missing'
    assert whole.describe(EN) == 'the file is not in UTF-8; save it as "CSV UTF-8"'
    error = DataFileError("countries.csv", [cell, column])
    assert str(error) == "countries.csv: 2 problem(s)" and error.source == "countries.csv"
    assert error.describe(EN)[1] == 'Column "name_en": this column is missing'


def test_many_items_are_listed_as_the_first_ones_and_how_many_more():
    assert listed(["0801", "0802"]) == "0801, 0802"
    assert listed([str(n) for n in range(25)]) == ", ".join(str(n) for n in range(20)) + " … (+5)"
    assert listed(["a", "b", "c"], most=2) == "a, b … (+1)"
