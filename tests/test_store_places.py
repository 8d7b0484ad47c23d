"""indicators/store/places.py: countries and places as stored, places registered by organisers, and the
places that data hangs on."""

import datetime as dt

import duckdb
import pytest

from indicators.demo import generate_results
from indicators.framework import load_framework
from indicators.questionnaire import load_questionnaire
from tests.conftest import BACKENDS, complete, store_on_backend

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)


def test_countries_come_sorted_with_both_names(store):
    countries = store.countries()
    assert list(countries["iso3"]) == sorted(countries["iso3"]) and len(countries) == 11
    assert countries.set_index("iso3").loc["MEX", ["name_es", "name_en"]].tolist() == ["México", "Mexico"]


def test_places_come_by_country_and_name_with_their_as_of_period_as_dates(store):
    places = store.places()
    assert len(places) == 24
    assert list(zip(places["country"], places["name"], strict=True)) == sorted(
        zip(places["country"], places["name"], strict=True)
    )
    danli = places.set_index("place_id").loc["hnd-danli"]
    assert danli["status_start"] == danli["status_end"] == dt.date(2024, 11, 4)
    assert all(d is None or type(d) is dt.date for d in places["status_start"])


def test_a_registered_municipality_may_answer_but_is_no_igm_place(store):
    store.register_place("hnd-nueva", "Nueva Ocotepeque", "municipality", "HND", "Ocotepeque", "1401")
    assert "hnd-nueva" not in set(store.places()["place_id"])  # not on the map
    everyone = store.places(igm_only=False).set_index("place_id")
    assert len(everyone) == 25
    row = everyone.loc["hnd-nueva"]
    assert (row["status"], row["admin_level"], row["official_code"]) == ("none", "adm2", "1401")
    assert store.registered_places().values.tolist() == [["hnd-nueva", "Nueva Ocotepeque", "HND"]]


def test_an_id_already_taken_is_refused_and_the_first_place_kept(store):
    store.register_place("hnd-nueva", "Nueva", "municipality", "HND", "", "")
    with pytest.raises(duckdb.Error, match=r"(?i)duplicate key"):
        store.register_place("hnd-nueva", "Otra", "city", "HND", "", "")
    with pytest.raises(duckdb.Error, match=r"(?i)duplicate key"):
        store.register_place("hnd-danli", "Danlí bis", "municipality", "HND", "", "")  # a catalogue id
    assert store.registered_places()["name"].tolist() == ["Nueva"]
    assert store.places().set_index("place_id").loc["hnd-danli", "name"] == "Danlí"


def test_places_in_use_count_the_assessments_codes_and_results_that_hang_on_them(store):
    assert store.places_in_use().empty
    store.create_access_codes("hnd-danli", 2, "organiser")
    assessment_id, _ = store.create_assessment("hnd-omoa")  # a draft counts: it would be orphaned too
    store.submit_assessment(assessment_id, complete("hnd-omoa"), load_questionnaire(), "test")
    store.create_assessment("hnd-omoa")
    [with_results] = generate_results(store, load_framework(), 1)
    used = store.places_in_use().set_index("place_id")
    assert used.loc["hnd-danli", ["assessments", "codes", "results"]].tolist() == [0, 2, 0]
    assert used.loc["hnd-omoa", ["assessments", "codes", "results"]].tolist() == [2, 0, 0]
    assert used.loc[with_results, "results"] == 2  # findings and indicator answers
    assert set(used["origin"]) == {"bundled"}
