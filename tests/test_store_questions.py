"""indicators/store/questions.py: the room's questions, one vote per browser, moderation, the proposed
actions the presenter counts; on both backends."""

import datetime as dt

import pytest

from indicators import questions
from indicators.assessment import AreaAnswer
from indicators.questionnaire import load_questionnaire
from indicators.store.connection import REVISIONS
from tests.conftest import BACKENDS, complete, store_on_backend

store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)
Q = load_questionnaire()
NOW = dt.datetime(2022, 9, 12, 10, 15)


def revisions(store) -> dict[str, int]:
    return {kind: store.revision(kind) for kind in REVISIONS}


def test_a_question_is_stored_as_given_and_listed_with_its_session(store):
    first = store.add_question("s1", "¿Qué es el MiGOF?", "Ana", NOW)
    second = store.add_question("s1", "<b>¿Y el PMM?</b>", "", NOW + dt.timedelta(minutes=1))
    store.add_question("s2", "Otra sesión", "", NOW)
    assert questions.normalise_id(first) == first and first != second
    listed = store.questions("s1")
    assert list(listed["question_id"]) == [first, second]  # in the order asked
    assert list(listed["text"]) == ["¿Qué es el MiGOF?", "<b>¿Y el PMM?</b>"]
    assert listed["author"].tolist()[0] == "Ana" and listed["author"].isna().tolist()[1]  # no name: NULL
    assert set(listed["state"]) == {"open"} and not listed["pinned"].any()
    assert list(listed["votes"]) == [0, 0]
    assert len(store.questions()) == 3  # every session


def test_one_vote_per_browser_and_a_second_tap_takes_it_back(store):
    asked = store.add_question("s1", "¿Pregunta?", "", NOW)
    assert store.toggle_vote(asked, "browser-a") is True
    assert store.toggle_vote(asked, "browser-b") is True
    assert store.questions("s1")["votes"].tolist() == [2]
    assert store.votes_of("browser-a", "s1") == {asked} and store.votes_of("browser-a", "s2") == set()
    assert store.toggle_vote(asked, "browser-a") is False  # taken back
    assert store.questions("s1")["votes"].tolist() == [1]
    assert store.votes_of("browser-a", "s1") == set()
    assert store.toggle_vote("ZZZZZZ", "browser-a") is None  # no such question


def test_moderation_pins_answers_hides_and_shows_again(store):
    asked = store.add_question("s1", "¿Pregunta?", "", NOW)
    assert store.set_question_pinned(asked, True, "organiser")
    assert store.set_question_state(asked, "answered", "organiser")
    row = store.question(asked)
    assert (row["state"], bool(row["pinned"]), row["changed_by"]) == ("answered", True, "organiser")
    assert store.set_question_state(asked, "hidden", "cli:ana")
    row = store.question(asked)
    assert (row["state"], bool(row["pinned"]), row["changed_by"]) == ("hidden", False, "cli:ana")
    assert not store.set_question_pinned(asked, True, "organiser")  # a hidden question stays unpinned
    assert store.toggle_vote(asked, "browser-a") is None  # nor can it be voted for
    assert store.set_question_state(asked, "open", "organiser")  # shown again
    assert not store.set_question_state("ZZZZZZ", "hidden", "organiser")
    with pytest.raises(ValueError):
        store.set_question_state(asked, "deleted", "organiser")


def test_questions_and_votes_change_only_the_questions_revision(store):
    before = revisions(store)
    asked = store.add_question("s1", "¿Pregunta?", "", NOW)
    store.toggle_vote(asked, "browser-a")
    store.set_question_pinned(asked, True, "organiser")
    after = revisions(store)
    assert after["questions"] == before["questions"] + 3
    assert {k: v for k, v in after.items() if k != "questions"} == {
        k: v for k, v in before.items() if k != "questions"
    }


def test_proposed_actions_are_those_of_the_top_three_areas_of_submitted_answers(store):
    theme = next(iter(Q.themes))
    areas = Q.areas_of(theme)
    answered = complete("hnd-danli")  # its top 3 of each table: the table's first three areas
    answered.answers[areas[0].key] = AreaAnswer(capacity=1, priority=3, action="Crear una oficina municipal")
    answered.answers[areas[-1].key] = AreaAnswer(capacity=1, priority=3, action="No está en su top 3")
    answered.answers[areas[1].key] = AreaAnswer(capacity=1, priority=3, action="   ")
    assessment_id, _ = store.create_assessment("hnd-danli")
    store.submit_assessment(assessment_id, answered, Q, "test")
    draft = complete("hnd-omoa")
    draft.answers[areas[0].key] = AreaAnswer(capacity=1, priority=3, action="Solo un borrador")
    store.save_draft(store.create_assessment("hnd-omoa")[0], draft)
    found = store.proposed_actions()
    assert found[["action", "area_key"]].values.tolist() == [["Crear una oficina municipal", areas[0].key]]
    assert not found["is_example"].any()
    assert store.proposed_actions([a.key for a in areas]).shape[0] == 1
    assert store.proposed_actions([areas[2].key]).empty and store.proposed_actions([]).empty
