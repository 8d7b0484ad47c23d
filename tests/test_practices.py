"""indicators/practices.py: a CSV of good practices refused whole, by row and column; one practice from
the profile's form under the same rules; the presenter's titles beside each area."""

import datetime as dt

import pandas as pd
import pytest

from indicators.i18n import Translator
from indicators.practices import (
    COLUMNS,
    Practice,
    by_area,
    check_practice,
    read_practices,
    template_csv,
    titles_beside,
)
from indicators.questionnaire import load_questionnaire
from indicators.validation import DataFileError

Q = load_questionnaire()
AREAS = [a.key for a in Q.areas]
PLACES = {"hnd-omoa", "mex-oaxaca"}
TODAY = dt.date(2026, 12, 5)
HEADER = ",".join(COLUMNS)


def read(text: str, name: str = "practicas.csv"):
    return read_practices(text.encode("utf-8"), name, PLACES, AREAS, TODAY)


def refusal(text: str) -> list[tuple]:
    with pytest.raises(DataFileError) as refused:
        read(text)
    return [(p.row, p.column, p.value, p.reason) for p in refused.value.problems]


def test_a_good_file_gives_its_practices_with_text_kept_as_written():
    practices = read(
        f"{HEADER}\n"
        'hnd-omoa,rt3_basic_services,Ventanilla única,"Orienta <b>y</b> deriva, con **OIM**",'
        "https://example.org/omoa,2023,Alcaldía de Omoa\n"
        "mex-oaxaca,rt1_regular_pathways,Guía de vías regulares,,,,\n"
    )
    assert practices == [
        Practice(
            "hnd-omoa",
            "rt3_basic_services",
            "Ventanilla única",
            "Orienta <b>y</b> deriva, con **OIM**",
            "https://example.org/omoa",
            2023,
            "Alcaldía de Omoa",
        ),
        Practice("mex-oaxaca", "rt1_regular_pathways", "Guía de vías regulares"),
    ]


def test_every_fault_is_named_by_row_and_column_and_nothing_is_returned():
    problems = refusal(
        f"{HEADER}\n"
        "hnd-nowhere,rt3_basic_services,Algo,,https://x.org,2023,\n"
        "hnd-omoa,rt9_nothing,Otra,,javascript:alert(1),20,\n"
        "hnd-omoa,rt3_basic_services,,,ftp://x.org,,\n"
        "hnd-omoa,rt3_basic_services,Algo,,www.example.org,2027,\n"
        "mex-oaxaca,rt1_regular_pathways,Guía,,,,\n"
        "mex-oaxaca,rt1_regular_pathways,GUÍA,,,,\n"
    )
    assert problems == [
        (2, "place_id", "hnd-nowhere", "unknown_place"),
        (3, "area_key", "rt9_nothing", "practice_unknown_area"),
        (3, "url", "javascript:alert(1)", "practice_bad_link"),
        (3, "year", "20", "practice_bad_year"),
        (4, "title", "", "required"),
        (4, "url", "ftp://x.org", "practice_bad_link"),
        (5, "url", "www.example.org", "practice_bad_link"),
        (5, "year", "2027", "practice_bad_year"),  # a year still to come
        (7, "title", "GUÍA", "practice_duplicate"),
    ]


def test_missing_columns_and_a_header_alone_are_refused():
    assert refusal("place_id,area_key,description\nhnd-omoa,rt3_basic_services,x\n") == [
        (None, "title", "", "missing_column"),
        (None, "url", "", "missing_column"),
        (None, "year", "", "missing_column"),
        (None, "source", "", "missing_column"),
    ]
    assert [p[3] for p in refusal(f"{HEADER}\n")] == ["header_only"]


def test_the_envelope_is_checked_first():
    with pytest.raises(DataFileError) as refused:
        read_practices(b"", "practicas.csv", PLACES, AREAS, TODAY)
    assert [p.reason for p in refused.value.problems] == ["empty_file"]
    with pytest.raises(DataFileError) as refused:
        read_practices(b"x", "practicas.pdf", PLACES, AREAS, TODAY)
    assert "unsupported_format" in [p.reason for p in refused.value.problems]


def test_the_messages_read_in_both_languages():
    with pytest.raises(DataFileError) as refused:
        read(f"{HEADER}\nhnd-omoa,rt9,Otra,,javascript:x,,\n")
    es = refused.value.describe(Translator("es"))
    en = refused.value.describe(Translator("en"))
    assert es[0].startswith("Fila 2, columna «area_key», valor «rt9»: área desconocida")
    assert en[1].startswith('Row 2, column "url", value "javascript:x": the link must be an http')


def test_the_template_is_the_header_the_reader_expects():
    text = template_csv().decode("utf-8-sig")
    assert text.strip() == HEADER
    assert refusal(text) == [(None, None, "", "header_only")]


def test_the_form_uses_the_same_rules_and_names_each_field():
    practice, problems = check_practice(
        {"place_id": "hnd-omoa", "area_key": "", "title": " ", "url": "data:text/html,x", "year": "dos mil"},
        {"hnd-omoa"},
        AREAS,
        TODAY,
    )
    assert practice is None
    assert [(p.column, p.reason) for p in problems] == [
        ("area_key", "required"),
        ("title", "required"),
        ("url", "practice_bad_link"),
        ("year", "practice_bad_year"),
    ]
    practice, problems = check_practice(
        {"place_id": "hnd-omoa", "area_key": "rt3_basic_services", "title": " Ventanilla ", "year": "2024"},
        {"hnd-omoa"},
        AREAS,
        TODAY,
    )
    assert problems == [] and practice == Practice("hnd-omoa", "rt3_basic_services", "Ventanilla", year=2024)


def test_titles_beside_each_area_newest_first():
    approved = pd.DataFrame(
        {
            "area_key": ["a1", "a1", "a2"],
            "title": ["Vieja", "Nueva", "Otra"],
            "year": pd.array([2019, 2024, None], dtype="Int64"),
        }
    )
    assert titles_beside(["a2", "a3", "a1"], approved) == ["Otra", "", "Nueva · Vieja"]
    assert list(by_area(approved)) == ["a1", "a2"]
    assert titles_beside(["a1"], approved.iloc[0:0]) == [""]
