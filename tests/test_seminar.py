"""indicators/seminar.py: the seminar's facts, checked on load with the line or row of each problem."""

import datetime as dt

import pytest

from indicators.config import DATA_DIR
from indicators.i18n import key_lines
from indicators.questionnaire import load_questionnaire
from indicators.seminar import check_seminar, load_seminar
from indicators.validation import DataFileError
from tests.conftest import replace_in_file


def test_the_bundled_seminar_is_whole_and_its_round_tables_are_the_questionnaires_themes():
    seminar = load_seminar(DATA_DIR)
    assert check_seminar(seminar) == []
    assert seminar["start"] == dt.date(2022, 9, 12) and seminar["end"] == dt.date(2022, 9, 13)
    assert [table["key"] for table in seminar["round_tables"]] == list(load_questionnaire().themes)


def test_every_problem_is_listed_with_its_line_or_row():
    text = (DATA_DIR / "seminar.toml").read_text(encoding="utf-8")
    raw = load_seminar(DATA_DIR) | {"start": "mañana", "title": {"es": "Seminario"}}
    raw["round_tables"] = [*raw["round_tables"], {"key": "rt1", "es": "Otra mesa"}]
    found = {(p.row, p.column, p.reason) for p in check_seminar(raw, key_lines(text))}
    title_line = key_lines(text)["title.en"]
    assert found == {
        (title_line, "title.en", "required"),
        (key_lines(text)["start"], "start", "bad_date"),
        (5, "round_tables.key", "duplicate_key"),
        (5, "round_tables.en", "required"),
    }


def test_a_broken_file_is_refused_whole(data_copy):
    replace_in_file(data_copy / "seminar.toml", "end = 2022-09-13", 'end = "13 de septiembre"')
    with pytest.raises(DataFileError) as error:
        load_seminar(data_copy)
    assert error.value.source == "seminar.toml"
    assert [(p.column, p.reason) for p in error.value.problems] == [("end", "bad_date")]


def test_the_seminar_names_a_real_time_zone(data_copy):
    assert load_seminar(DATA_DIR)["timezone"] == "America/El_Salvador"
    replace_in_file(
        data_copy / "seminar.toml", 'timezone = "America/El_Salvador"', 'timezone = "America/San_Salvador"'
    )
    with pytest.raises(DataFileError) as error:
        load_seminar(data_copy)
    assert [(p.column, p.value, p.reason) for p in error.value.problems] == [
        ("timezone", "America/San_Salvador", "bad_timezone")
    ]
