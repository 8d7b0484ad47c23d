"""The places catalogue: partial dates, the as-of rule, filters, and the contract of places.csv."""

import datetime as dt

import pandas as pd
import pytest

from indicators import bundle, places
from indicators.__main__ import main
from indicators.config import DATA_DIR
from indicators.i18n import Translator
from indicators.validation import DataFileError
from tests.conftest import replace_in_file

CRM = {"BLZ", "CAN", "CRI", "DOM", "SLV", "GTM", "HND", "MEX", "NIC", "PAN", "USA"}
D = dt.date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2020", (D(2020, 1, 1), D(2020, 12, 31))),
        ("2024-02", (D(2024, 2, 1), D(2024, 2, 29))),
        ("2022-01-11", (D(2022, 1, 11), D(2022, 1, 11))),
        ("2022-13", None),
        ("2022-02-30", None),
        ("22", None),
        ("2022/01/11", None),
    ],
)
def test_parse_partial_date(text, expected):
    assert places.parse_partial_date(text) == expected


@pytest.mark.parametrize(
    "status, period, as_of, expected",
    [
        ("completed", "2024-11-04", D(2022, 9, 12), None),  # Danlí at the seminar: not yet
        ("completed", "2024-11-04", D(2024, 11, 4), "completed"),
        ("completed", "2020", D(2022, 9, 12), "completed"),
        ("completed", "2022", D(2022, 9, 12), "undated"),  # sometime in 2022: not certain yet
        ("completed", "2022", D(2023, 1, 1), "completed"),
        ("completed", "", D(2022, 9, 12), "undated"),
        ("in_progress", "2022-01-11", D(2022, 9, 12), "in_progress"),
        ("in_progress", "2023-06-19", D(2022, 9, 12), None),
        ("unknown", "2020", D(2022, 9, 12), "undated"),
    ],
)
def test_status_as_of(status, period, as_of, expected):
    start, end = places.parse_partial_date(period) or (None, None)
    assert places.status_as_of(status, start, end, as_of) == expected


def test_bundled_places_are_valid_and_complete():
    frame = places.read_places(DATA_DIR / "places.csv", CRM)
    assert len(frame) == 24
    assert frame["place_id"].is_unique
    assert set(frame["country"]) == {"MEX", "CRI", "GTM", "HND", "SLV", "DOM", "PAN", "CAN"}
    # Mexico's local IGMs are states with verified INEGI codes; the others' codes are unverified.
    mexico = frame[frame["country"] == "MEX"]
    assert (mexico["level"] == "state").all() and mexico["code_verified"].all()
    assert not frame.loc[frame["place_id"] == "hnd-danli", "code_verified"].item()


def test_seminar_date_shows_the_situation_then(store):
    at_seminar = places.places_as_of(store.places(), places.SEMINAR_DATE)
    ids = set(at_seminar["place_id"])
    assert {"hnd-danli", "hnd-omoa", "hnd-ocotepeque", "pan-renacimiento"}.isdisjoint(ids)
    status = at_seminar.set_index("place_id")["map_status"]
    assert status["mex-chihuahua"] == "completed"
    assert status["pan-la-chorrera"] == "in_progress"
    today = places.places_as_of(store.places(), D(2026, 11, 24)).set_index("place_id")["map_status"]
    assert today["hnd-danli"] == "completed"


def test_filters_and_key_figures(store):
    shown = places.places_as_of(store.places(), D(2026, 11, 24))
    assert places.key_figures(shown) == {
        "places": 24,
        "countries": 8,
        "completed": 9,
        "in_progress": 2,
        "undated": 13,
    }
    honduras = places.filter_places(shown, countries=["HND"])
    assert places.key_figures(honduras)["places"] == 3
    states = places.filter_places(shown, levels=["state"], statuses=["completed"])
    assert set(states["place_id"]) == {
        "mex-chihuahua",
        "mex-oaxaca",
        "mex-guanajuato",
        "mex-tamaulipas",
        "mex-ciudad-de-mexico",
    }


def test_describe_status():
    t = Translator("en")
    assert places.describe_status("completed", "2020", t) == "Completed in 2020"
    assert places.describe_status("in_progress", "2022-01-11", t) == "In progress since 11 January 2022"
    assert places.describe_status("completed", "2022-01", t) == "Completed in January 2022"
    es = Translator("es")
    assert places.describe_status("completed", "2024-11-04", es) == "Completado el 4 de noviembre de 2024"
    assert places.describe_status("completed", "", t) == "Completed (date unknown)"


# Each bad places file is rejected with the row (as a spreadsheet numbers it) and the column.
@pytest.mark.parametrize(
    "old, new, row, column",
    [
        ("mex-oaxaca,Oaxaca", "mex-chihuahua,Oaxaca", 3, "place_id"),  # duplicate id
        ("Oaxaca,20,INEGI,true,MX-OAX,17.06", "Oaxaca,20,INEGI,true,MX-OAX,97.06", 3, "lat"),
        ("17.06,-96.73", "17.06,oeste", 3, "lon"),
        ("cri-upala,Upala,canton,CRI", "cri-upala,Upala,canton,CRX", 14, "country"),
        ("cri-upala,Upala,canton", "cri-upala,Upala,county", 14, "level"),
        ("approximate,in_progress,2022-01-11", "approximate,started,2022-01-11", 23, "status"),
        ("in_progress,2022-01-11", "in_progress,11/01/2022", 23, "status_from"),
        ("https://gtonews.com.mx/?p=9868", "gtonews.com.mx", 4, "source_url"),
        (
            "MX-CHH,28.64,-106.09,seat,completed,2020,OIM Programa Mesoamérica-Caribe (noticia feb. 2021),"
            "https://programamesocaribe.iom.int,true",
            "MX-CHH,28.64,-106.09,seat,completed,2020,OIM Programa Mesoamérica-Caribe (noticia feb. 2021),"
            "https://programamesocaribe.iom.int,sí",
            2,
            "verified",
        ),
        ("mex-sonora,Sonora", "mex-sonora,", 10, "name"),
        ("mex-sonora,Sonora", "Sonora,Sonora", 10, "place_id"),
    ],
)
def test_bad_places_file_names_row_and_column(data_copy, old, new, row, column):
    path = data_copy / "places.csv"
    replace_in_file(path, old, new)
    with pytest.raises(DataFileError) as caught:
        places.read_places(path, CRM)
    assert [(p.row, p.column) for p in caught.value.problems] == [(row, column)]


def test_every_problem_is_listed_in_the_users_language(data_copy):
    path = data_copy / "places.csv"
    replace_in_file(path, "28.64,-106.09", "128.64,-306.09")
    with pytest.raises(DataFileError) as caught:
        places.read_places(path, CRM)
    spanish = caught.value.describe(Translator("es"))
    english = caught.value.describe(Translator("en"))
    assert spanish == [
        "Fila 2, columna «lat», valor «128.64»: fuera del rango de -90 a 90",
        "Fila 2, columna «lon», valor «-306.09»: fuera del rango de -180 a 180",
    ]
    assert english[0] == 'Row 2, column "lat", value "128.64": outside the range -90 to 90'


def test_missing_column_and_unreadable_file(data_copy):
    path = data_copy / "places.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns=["status"])
    frame.to_csv(path, index=False)
    with pytest.raises(DataFileError) as caught:
        places.read_places(path, CRM)
    assert [(p.row, p.column, p.reason) for p in caught.value.problems] == [
        (None, "status", "missing_column")
    ]

    path.write_bytes("place_id,name\nmex-x,Cañada".encode("latin-1"))
    with pytest.raises(DataFileError) as caught:
        places.read_places(path, CRM)
    assert caught.value.problems[0].reason == "not_utf8"


def test_a_stray_byte_in_a_utf8_catalogue_is_named_by_row_and_column(data_copy):
    path = data_copy / "places.csv"
    data = path.read_bytes().replace("Danlí".encode(), b"Danl\xed", 1)
    path.write_bytes(data)
    with pytest.raises(DataFileError) as caught:
        places.read_places(path, CRM)
    [problem] = caught.value.problems
    assert (problem.column, problem.reason, problem.value) == ("name", "stray_byte", "Danl\ufffd")
    assert data.splitlines()[problem.row - 1].startswith(b"hnd-danli,")
    assert "byte 0xED" in problem.describe(Translator("en")) and "Row" in problem.describe(Translator("en"))


BOXES_TODAY = D(2026, 11, 25)


@pytest.mark.parametrize(
    "old, new, row, column, reason",
    [
        ("false,,14.03,-86.58", "false,,-86.58,14.03", 17, "lat", "coordinates_swapped"),  # Danlí
        ("MX-OAX,17.06,-96.73", "MX-OAX,48.86,2.35", 3, "lat", "outside_country"),  # Paris
        ("El Paraíso,0703,Código de municipio (Honduras),false,,14.03,-86.58", None, 17, "lat", None),
        ("completed,2024-11-04", "completed,2099-01-01", 17, "status_from", "future_date"),
        ("completed,2024-11-04", "completed,2026-12", 17, "status_from", "future_date"),
    ],
)
def test_implausible_places_are_refused(data_copy, old, new, row, column, reason):
    """Seats in the country's box (swapped latitude/longitude said as such), no status from the future."""
    path = data_copy / "places.csv"
    boxes = bundle.bundled_country_boxes(DATA_DIR)
    if new is None:  # the bundled row as it is: inside Honduras
        places.read_places(path, CRM, boxes, BOXES_TODAY)
        return
    replace_in_file(path, old, new)
    with pytest.raises(DataFileError) as caught:
        places.read_places(path, CRM, boxes, BOXES_TODAY)
    assert [(p.row, p.column, p.reason) for p in caught.value.problems] == [(row, column, reason)]
    assert "{" not in caught.value.problems[0].describe(Translator("en"))


def test_cells_are_trimmed(data_copy):
    path = data_copy / "places.csv"
    replace_in_file(path, "hnd-danli,Danlí,", "hnd-danli ,  Danlí ,")
    read = places.read_places(path, CRM, bundle.bundled_country_boxes(DATA_DIR))
    assert "hnd-danli" in set(read["place_id"]) and "Danlí" in set(read["name"])


def test_check_places_command_uses_the_country_boxes(data_copy, capsys, monkeypatch):
    path = data_copy / "places.csv"
    replace_in_file(path, "MX-OAX,17.06,-96.73", "MX-OAX,-96.73,17.06")
    assert main(["--lang", "en", "check-places", str(path)]) == 1
    assert 'Row 3, column "lat"' in capsys.readouterr().err


def test_a_places_file_with_only_its_header_is_refused(data_copy, capsys):
    """The catalogue with no place: `check-places` says so (it said "0 places, no problems")."""
    path = data_copy / "places.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        places.read_places(path, CRM)
    assert [(p.row, p.column, p.reason) for p in caught.value.problems] == [(None, None, "header_only")]
    assert main(["--lang", "es", "check-places", str(path)]) == 1
    error = capsys.readouterr().err
    assert "«places.csv» solo trae la fila de encabezado, sin ninguna fila de datos" in error
