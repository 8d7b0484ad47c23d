"""indicators/store/rounds.py: the seminar's round from the bundled data, opening and closing rounds,
new answers in the open round, a new answer starting from the place's last round, answers per round.
Both backends."""

import duckdb
import pytest

from indicators.assessment import AreaAnswer, Assessment
from indicators.config import DATA_DIR
from indicators.questionnaire import load_questionnaire
from indicators.rounds import RoundRefused
from indicators.store import Store
from tests.conftest import BACKENDS, complete, store_on_backend

store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)
Q = load_questionnaire()
SEMINAR = "seminario-2022"


def submitted(store, place_id: str, capacity: int = 1) -> str:
    assessment_id, _ = store.create_assessment(place_id)
    store.submit_assessment(assessment_id, complete(place_id, capacity=capacity), Q, "test")
    return assessment_id


def test_the_seminars_round_exists_and_is_open_from_the_first_load(store):
    rounds = store.rounds()
    assert rounds["round_key"].tolist() == [SEMINAR]
    assert rounds["name_es"].iloc[0] == "Seminario Regional, San Salvador, septiembre de 2022"
    assert store.open_round() == SEMINAR
    store.load_bundled(DATA_DIR)  # loading again changes nothing
    assert len(store.rounds()) == 1


def test_answers_go_to_the_open_round(store):
    first = submitted(store, "hnd-danli")
    store.close_round(SEMINAR, "cli:ana")
    store.start_round("ronda-2023", "Seguimiento 2023", "Follow-up 2023", "cli:ana")
    second = submitted(store, "hnd-danli", capacity=3)
    assert store.assessment(first)["round_key"] == SEMINAR
    assert store.assessment(second)["round_key"] == "ronda-2023"
    rounds = store.rounds().set_index("round_key")
    assert rounds.loc[SEMINAR, "closed_by"] == "cli:ana" and rounds["closed_at"].isna().tolist() == [
        False,
        True,
    ]
    assert set(store.submitted_answers(round_key="ronda-2023")["assessment_id"]) == {second}


def test_one_round_open_at_a_time_and_refusals_change_nothing(store):
    with pytest.raises(RoundRefused) as refused:
        store.start_round("ronda-2023", "Seguimiento", "Follow-up", "cli")
    assert (refused.value.reason, refused.value.params["other"]) == ("another_open", SEMINAR)
    with pytest.raises(RoundRefused, match="already_open"):
        store.start_round(SEMINAR, None, None, "cli")
    with pytest.raises(RoundRefused, match="unknown"):
        store.close_round("no-such", "cli")
    store.close_round(SEMINAR, "cli")
    with pytest.raises(RoundRefused, match="already_closed"):
        store.close_round(SEMINAR, "cli")
    with pytest.raises(RoundRefused, match="names_required"):
        store.start_round("ronda-2023", "Seguimiento", None, "cli")
    assert store.rounds()["round_key"].tolist() == [SEMINAR] and store.open_round() is None
    store.start_round(SEMINAR, None, None, "cli")  # a closed round may be opened again, names kept
    assert store.open_round() == SEMINAR and store.rounds()["name_en"].iloc[0].startswith("Regional")


def test_with_every_round_closed_no_answer_is_started_or_submitted(store):
    draft, _ = store.create_assessment("hnd-danli")
    store.close_round(SEMINAR, "cli")
    with pytest.raises(RoundRefused, match="none_open"):
        store.create_assessment("hnd-danli")
    with pytest.raises(RoundRefused, match="closed"):
        store.submit_assessment(draft, complete("hnd-danli"), Q, "test")
    assert store.assessment(draft)["state"] == "draft" and store.commitments().empty


def test_a_new_round_starts_from_the_places_last_answers_without_who_gave_them(store):
    named = complete("hnd-danli", capacity=2, name="Ana Pérez")
    named.answers[Q.areas[0].key] = AreaAnswer(capacity=4, priority=1, action="Mesa", office="Alcaldía")
    first, _ = store.create_assessment("hnd-danli")
    store.submit_assessment(first, named, Q, "Ana Pérez")
    same_round, _ = store.create_assessment("hnd-danli")  # a colleague in the same round: empty
    assert Assessment.from_json(store.assessment(same_round)["draft"]) == Assessment("hnd-danli")
    store.close_round(SEMINAR, "cli")
    store.start_round("ronda-2023", "Seguimiento", "Follow-up", "cli")
    later, _ = store.create_assessment("hnd-danli")
    row = store.assessment(later)
    draft = Assessment.from_json(row["draft"])
    assert row["started_from"] == first and row["state"] == "draft"
    assert draft.answers == named.answers and draft.top3 == named.top3
    assert (draft.respondent_name, draft.anonymous) == ("", None)
    other, _ = store.create_assessment("hnd-omoa")  # a place with no earlier answer starts empty
    assert store.assessment(other)["started_from"] is None


def test_place_means_per_round(store):
    submitted(store, "hnd-danli", capacity=1)
    submitted(store, "hnd-danli", capacity=3)
    submitted(store, "hnd-omoa", capacity=4)
    means = store.round_place_means([SEMINAR]).set_index(["place_id", "area_key"])
    key = Q.areas[0].key
    assert means.loc[("hnd-danli", key), "capacity"] == 2.0
    assert means.loc[("hnd-danli", key), "assessments"] == 2
    assert means.loc[("hnd-omoa", key), "capacity"] == 4.0
    assert store.round_place_means(["ronda-2023"]).empty
    assert set(store.round_place_means([SEMINAR], country="HND")["place_id"]) == {"hnd-danli", "hnd-omoa"}


def test_an_older_database_gets_rounds_and_its_assessments_the_seminars(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    store = Store(con)
    store.ensure_schema()
    con.execute("ALTER TABLE assessments DROP COLUMN round_key")
    con.execute("DROP TABLE rounds")
    con.execute(
        "INSERT INTO assessments (assessment_id, place_id, resume_hash, state, draft, is_example, version,"
        " created_at, updated_at) VALUES ('old', 'hnd-danli', 'h', 'draft', '{}', false, 0, now(), now())"
    )
    con.close()
    store = Store.open(path)
    store.load_bundled(DATA_DIR)
    assert store.assessment("old")["round_key"] == SEMINAR and store.open_round() == SEMINAR
    store.close()
