"""indicators/participants.py (read through indicators/reader): the roster's and the
attendance file's contracts, refused whole with every fault by row and column, and who is missing what."""

import pandas as pd
import pytest

from indicators.config import DATA_DIR
from indicators.i18n import Translator
from indicators.participants import (
    ROSTER_COLUMNS,
    activities,
    check_participant,
    missing_activities,
    read_attendance,
    read_roster,
    roster_csv,
)
from indicators.seminar import load_seminar
from indicators.validation import DataFileError

PLACES = {"hnd-danli": "HND", "hnd-omoa": "HND", "gtm-san-marcos": "GTM"}
COUNTRIES = {"HND", "GTM", "SLV", "CRI"}
HEADER = ",".join(ROSTER_COLUMNS)
FOUND = activities(load_seminar(DATA_DIR))


def roster(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


def refused(data: bytes, name: str = "lista.csv") -> list[tuple]:
    with pytest.raises(DataFileError) as error:
        read_roster(data, name, PLACES, COUNTRIES)
    return [(p.row, p.column, p.reason) for p in error.value.problems]


def test_a_good_roster_is_read_with_emails_in_lower_case_and_spanish_words_understood():
    rows, notes = read_roster(
        roster(
            "María José Núñez,MJ.Nunez@Danli.gob.hn,Alcaldesa,Alcaldía,hnd-danli,HND,official,in_person",
            "Ana Pérez,ana@rrocm.org,Coordinadora,RROCM,,,Observadora,Virtual",
            "Luis,luis@iom.int,,OIM,,cri,facilitador,presencial",
        ),
        "lista.csv",
        PLACES,
        COUNTRIES,
    )
    assert notes == []
    assert rows[0]["email"] == "mj.nunez@danli.gob.hn" and rows[0]["name"] == "María José Núñez"
    assert (rows[1]["kind"], rows[1]["mode"], rows[1]["place_id"]) == ("observer", "online", "")
    assert (rows[2]["kind"], rows[2]["mode"], rows[2]["country"]) == ("facilitator", "in_person", "CRI")


def test_an_officials_country_comes_from_their_place_when_left_blank():
    rows, _ = read_roster(
        roster("Jean,jean@omoa.hn,Regidor,Omoa,hnd-omoa,,official,online"), "l.csv", PLACES, COUNTRIES
    )
    assert rows[0]["country"] == "HND"


def test_a_bad_roster_is_refused_whole_with_each_problem_by_row_and_column():
    problems = refused(
        roster(
            ",nadie@x.org,,,hnd-danli,HND,official,in_person",  # row 2: no name
            "Bob,not-an-email,,,hnd-danli,HND,official,in_person",  # row 3: bad e-mail
            "Carla,carla@x.org,,,hnd-nowhere,HND,official,in_person",  # row 4: unknown place
            "Dan,dan@x.org,,,,XXX,observer,online",  # row 5: unknown country
            "Eva,CARLA@x.org,,,hnd-danli,HND,official,in_person",  # row 6: duplicate e-mail
            "Fer,fer@x.org,,,hnd-danli,HND,observer,online",  # row 7: an observer with a place
            "Gil,gil@x.org,,,,,official,online",  # row 8: an official without a place
            "Hal,hal@x.org,,,hnd-danli,GTM,official,zoom",  # row 9: place elsewhere, unknown mode
        )
    )
    assert problems == [
        (2, "name", "required"),
        (3, "email", "roster_bad_email"),
        (4, "place_id", "unknown_place"),
        (5, "country", "unknown_country"),
        (6, "email", "duplicate_in_file"),
        (7, "place_id", "roster_place_for_observer"),
        (8, "place_id", "roster_place_required"),
        (8, "country", "required"),
        (9, "mode", "not_in_list"),
        (9, "country", "roster_place_country"),
    ]


def test_the_messages_say_row_column_and_value_in_either_language():
    with pytest.raises(DataFileError) as error:
        read_roster(roster("Bob,bob-at-x.org,,,hnd-danli,HND,official,in_person"), "l.csv", PLACES, COUNTRIES)
    es = error.value.describe(Translator("es"))[0]
    en = error.value.describe(Translator("en"))[0]
    assert es.startswith(
        "Fila 2, columna «email», valor «bob-at-x.org»: no es una dirección de correo válida"
    )
    assert en.startswith('Row 2, column "email", value "bob-at-x.org": not a valid e-mail address')


@pytest.mark.parametrize(
    "data, name, reason",
    [
        (b"", "lista.csv", "empty_file"),
        (roster(), "lista.csv", "header_only"),  # a header and no row
        (roster("x"), "lista.ods", "unsupported_format"),
        (roster("x"), "lista.xlsx", "unreadable_xlsx"),  # a CSV named .xlsx
        (b"PK\x03\x04 a workbook", "lista.csv", "xlsx_named_csv"),
        (
            roster("A,a@x.org,,,hnd-danli,HND,official,in_person", header="name,email"),
            "lista.csv",
            "missing_column",
        ),
    ],
)
def test_what_is_not_a_roster_is_refused_saying_why(data, name, reason):
    assert reason in {r for _, _, r in refused(data, name)}


def test_a_row_with_more_values_than_columns_is_named_not_guessed():
    problems = refused(roster("A,a@x.org,Jefa, de unidad,Alcaldía,hnd-danli,HND,official,in_person"))
    assert problems == [(2, "I", "extra_values")]  # the ninth column, as a spreadsheet names it


def test_a_workbook_is_read_like_a_csv(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(list(ROSTER_COLUMNS))
    book.active.append(["Núñez", "N@x.org", None, "Alcaldía", "hnd-danli", "hnd", "official", "in_person"])
    book.save(tmp_path / "lista.xlsx")
    rows, _ = read_roster((tmp_path / "lista.xlsx").read_bytes(), "lista.xlsx", PLACES, COUNTRIES)
    assert (rows[0]["name"], rows[0]["email"], rows[0]["country"]) == ("Núñez", "n@x.org", "HND")


def test_excel_files_read_as_they_are_written():
    """Semicolons (Excel in Spanish) and Windows-1252 (Excel's "CSV") with a note to check accents."""
    text = "\n".join([HEADER.replace(",", ";"), "Núñez;n@x.org;;;hnd-danli;HND;official;in_person"])
    rows, notes = read_roster(text.encode("cp1252"), "lista.csv", PLACES, COUNTRIES)
    assert rows[0]["name"] == "Núñez"
    assert [n.reason for n in notes] == ["read_as_windows_1252"]


def test_the_form_checks_one_person_and_a_taken_email():
    values = dict.fromkeys(ROSTER_COLUMNS, "") | {"name": "Ana", "email": "Ana@x.org", "kind": "observer"}
    values["mode"] = "online"
    kept, problems = check_participant(values, PLACES, COUNTRIES, taken=set())
    assert problems == [] and kept["email"] == "ana@x.org"
    _, problems = check_participant(values, PLACES, COUNTRIES, taken={"ana@x.org"})
    assert [(p.row, p.column, p.reason) for p in problems] == [(None, "email", "roster_email_taken")]
    _, problems = check_participant(values | {"name": " ", "place_id": "hnd-danli"}, PLACES, COUNTRIES, set())
    assert {(p.column, p.reason) for p in problems} == {
        ("name", "required"),
        ("place_id", "roster_place_for_observer"),
    }


def test_the_activities_are_the_seminars_sessions_and_only_dated_ones_take_a_check_in():
    assert [(a.key, a.checkin) for a in FOUND] == [("s0", False), ("s1", True), ("s2", True)]
    assert "E-Campus" in FOUND[0].aliases


ATTENDANCE = "email,activity,attended"
EMAILS = {"ana@x.org", "bob@x.org"}


def test_attendance_is_read_with_e_campus_as_s0_and_yes_no_in_either_language():
    data = "\n".join([ATTENDANCE, "ANA@x.org,E-Campus,yes", "ana@x.org,s1,sí", "bob@x.org,S2,no"]).encode()
    rows, _ = read_attendance(data, "asistencia.csv", EMAILS, FOUND)
    assert rows == [
        {"email": "ana@x.org", "activity": "s0", "attended": True},
        {"email": "ana@x.org", "activity": "s1", "attended": True},
        {"email": "bob@x.org", "activity": "s2", "attended": False},
    ]


def test_attendance_of_an_unknown_person_or_activity_is_refused_whole():
    data = "\n".join(
        [
            ATTENDANCE,
            "nadie@x.org,s1,yes",
            "ana@x.org,s9,yes",
            "ana@x.org,s1,quizás",
            "ana@x.org,s2,yes",
            "ANA@x.org,s2,no",
        ]
    ).encode()
    with pytest.raises(DataFileError) as error:
        read_attendance(data, "asistencia.csv", EMAILS, FOUND)
    assert [(p.row, p.column, p.reason) for p in error.value.problems] == [
        (2, "email", "roster_unknown_email"),
        (3, "activity", "roster_unknown_activity"),
        (4, "attended", "roster_yes_no"),
        (6, "activity", "duplicate_in_file"),
    ]


def test_missing_activities_count_only_attended_marks_and_only_officials_and_observers():
    people = pd.DataFrame(
        {"participant_id": ["a", "b", "c"], "kind": ["official", "observer", "facilitator"]}
    )
    marks = pd.DataFrame(
        {
            "participant_id": ["a", "a", "a", "b", "b"],
            "activity": ["s0", "s1", "s2", "s0", "s1"],
            "attended": [True, True, True, True, False],
        }
    )
    assert missing_activities(people, marks, ["s0", "s1", "s2"]) == {"a": [], "b": ["s1", "s2"]}


def test_the_roster_export_reads_back_and_has_a_column_per_activity():
    people = pd.DataFrame(
        [
            {
                "participant_id": "a",
                "name": "=Ana",
                "email": "ana@x.org",
                "role": "",
                "organisation": "RROCM",
                "place_id": None,
                "country": None,
                "kind": "observer",
                "mode": "online",
            }
        ]
    )
    marks = pd.DataFrame({"participant_id": ["a"], "activity": ["s1"], "attended": [True]})
    content = roster_csv(people, marks, ["s0", "s1", "s2"])
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0] == HEADER + ",s0,s1,s2"
    assert lines[1] == "'=Ana,ana@x.org,,RROCM,,,observer,online,,yes,"  # a formula is never run
    rows, _ = read_roster(content, "export.csv", PLACES, COUNTRIES)
    assert rows[0]["email"] == "ana@x.org" and rows[0]["kind"] == "observer"
