"""indicators/rounds.py: round keys and names, the seminar's round in seminar.toml, and the change
between two rounds computed right with 0, 1 and many places answering both (on both backends)."""

import math

import pytest

from indicators.assessment import AreaAnswer
from indicators.questionnaire import load_questionnaire
from indicators.rounds import area_change, key_problem, name_problem, places_in_both
from indicators.seminar import load_seminar
from indicators.validation import DataFileError
from tests.conftest import BACKENDS, complete, replace_in_file, store_on_backend

store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)
Q = load_questionnaire()
FIRST, SECOND = Q.areas[0].key, Q.areas[1].key
SEMINAR, LATER = "seminario-2022", "seguimiento-2023"


@pytest.mark.parametrize(
    ("key", "ok"),
    [
        ("seminario-2022", True),
        ("r2", True),
        ("Ronda 2", False),
        ("-x", False),
        ("", False),
        ("a" * 41, False),
    ],
)
def test_round_keys(key, ok):
    assert (key_problem(key) is None) == ok


def test_round_names():
    assert name_problem("Seguimiento 2023") is None
    assert name_problem("  ") == "name_required" and name_problem("x" * 121) == "name_too_long"


def test_the_seminar_file_names_its_round_in_both_languages(data_copy):
    assert load_seminar()["round"]["key"] == SEMINAR
    replace_in_file(
        data_copy / "seminar.toml", 'round.en = "Regional Seminar', 'round.fr = "Regional Seminar'
    )
    replace_in_file(
        data_copy / "seminar.toml", 'round.key = "seminario-2022"', 'round.key = "Seminario 2022"'
    )
    with pytest.raises(DataFileError) as refused:
        load_seminar(data_copy)
    found = {(p.column, p.reason) for p in refused.value.problems}
    assert {("round.key", "bad_round_key"), ("round.en", "required")} <= found


def answer(store, place_id: str, capacity: int, priority: int = 3, second_capacity: int | None = None):
    assessment = complete(place_id, capacity=capacity)
    for area in Q.areas:
        assessment.answers[area.key] = AreaAnswer(capacity=capacity, priority=priority)
    if second_capacity is not None:
        assessment.answers[SECOND] = AreaAnswer(capacity=second_capacity, priority=priority)
    assessment_id, _ = store.create_assessment(place_id)
    store.submit_assessment(assessment_id, assessment, Q, "test")


def next_round(store) -> None:
    store.close_round(SEMINAR, "test")
    store.start_round(LATER, "Seguimiento 2023", "Follow-up 2023", "test")


def change_of(store, **scope):
    means = store.round_place_means([SEMINAR, LATER], **scope)
    return area_change(means, Q, SEMINAR, LATER).set_index("area_key"), places_in_both(means, SEMINAR, LATER)


def test_no_place_in_both_rounds_gives_every_area_with_no_mean(store):
    answer(store, "hnd-danli", capacity=1)
    next_round(store)
    answer(store, "hnd-omoa", capacity=4)  # another place: no comparison is possible
    change, places = change_of(store)
    assert places == 0 and len(change) == len(Q.areas)
    assert (change["places"] == 0).all()
    assert change[["capacity_before", "capacity_after", "capacity_change"]].isna().all().all()


def test_one_place_in_both_rounds(store):
    answer(store, "hnd-danli", capacity=1, priority=3)
    answer(store, "hnd-danli", capacity=3, priority=3)  # two officials: the place's mean is 2
    answer(store, "hnd-omoa", capacity=0)  # answered only the first round: left out
    next_round(store)
    answer(store, "hnd-danli", capacity=4, priority=1)
    change, places = change_of(store)
    assert places == 1
    row = change.loc[FIRST]
    assert (row["capacity_before"], row["capacity_after"], row["capacity_change"]) == (2.0, 4.0, 2.0)
    assert (row["priority_before"], row["priority_after"], row["priority_change"]) == (3.0, 1.0, -2.0)
    assert row["places"] == 1 and row["theme"] == Q.areas[0].theme


def test_many_places_each_counted_once(store):
    # Danlí: 1 → 2 (three officials in the second round, all saying 2); Omoa: 3 → 3; Upala: 0 → 4,
    # its second area 4 → 0. Ocotepeque answers only the second round.
    answer(store, "hnd-danli", capacity=1)
    answer(store, "hnd-omoa", capacity=3)
    answer(store, "cri-upala", capacity=0, second_capacity=4)
    next_round(store)
    for _ in range(3):
        answer(store, "hnd-danli", capacity=2)
    answer(store, "hnd-omoa", capacity=3)
    answer(store, "cri-upala", capacity=4, second_capacity=0)
    answer(store, "hnd-ocotepeque", capacity=4)
    change, places = change_of(store)
    assert places == 3
    first = change.loc[FIRST]
    assert math.isclose(first["capacity_before"], (1 + 3 + 0) / 3)
    assert math.isclose(first["capacity_after"], (2 + 3 + 4) / 3)
    assert math.isclose(first["capacity_change"], 5 / 3)
    second = change.loc[SECOND]
    assert math.isclose(second["capacity_change"], ((2 + 3 + 0) - (1 + 3 + 4)) / 3)
    assert (change["places"] == 3).all()
    honduras, hnd_places = change_of(store, country="HND")
    assert hnd_places == 2 and math.isclose(honduras.loc[FIRST, "capacity_change"], 0.5)
