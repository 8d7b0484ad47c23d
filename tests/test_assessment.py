"""Assessments: what a submission needs, drafts and versions in the store, 50 officials submitting at
once, and generated example assessments."""

import datetime as dt
import threading

import pytest

from indicators.assessment import AreaAnswer, Assessment, changed_fields, problems_for_submit
from indicators.demo import example_assessment, generate_assessments
from indicators.questionnaire import load_questionnaire
from tests.conftest import BACKENDS, complete, store_on_backend

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)

Q = load_questionnaire()
NOW = dt.datetime(2022, 9, 13, 13, 15)


def test_submission_rules():
    empty = Assessment("hnd-omoa")
    problems = {(p.column, p.reason) for p in problems_for_submit(empty, Q)}
    assert ("anonymous", "choose_anonymity") in problems
    assert ("rt1_local_development:capacity", "rating_required") in problems
    assert ("rt4:top3", "choose_top3") in problems
    assert problems_for_submit(complete("hnd-omoa"), Q) == []
    named_without_name = complete("hnd-omoa")
    named_without_name.anonymous = False
    assert [p.reason for p in problems_for_submit(named_without_name, Q)] == ["name_or_anonymous"]
    twice = complete("hnd-omoa")
    twice.top3["rt2"] = ["rt2_identity_documents"] * 3
    assert [p.column for p in problems_for_submit(twice, Q)] == ["rt2:top3"]
    wrong_theme = complete("hnd-omoa")
    wrong_theme.top3["rt2"] = ["rt1_local_development", "rt2_identity_documents", "rt2_emergency_plans"]
    assert [p.column for p in problems_for_submit(wrong_theme, Q)] == ["rt2:top3"]


def test_draft_submit_edit_keeps_every_version(store):
    assessment_id, resume = store.create_assessment("hnd-omoa")
    draft = Assessment("hnd-omoa", answers={"rt1_local_development": AreaAnswer(capacity=2)})
    store.save_draft(assessment_id, draft)
    found = store.assessment_for_resume_code(resume)
    assert found["state"] == "draft" and Assessment.from_json(found["draft"]) == draft

    assert store.submit_assessment(assessment_id, complete("hnd-omoa", name="Ana"), Q, "Ana") == 1
    assert store.submit_assessment(assessment_id, complete("hnd-omoa", capacity=3), Q, "anónimo") == 2
    history = store.history(assessment_id)
    assert list(history["version"]) == [1, 2] and list(history["author"]) == ["Ana", "anónimo"]
    row = store.assessment(assessment_id)
    assert row["respondent_name"] == "" and row["anonymous"]  # the latest answer is anonymous
    current = store.submitted_answers(place_id="hnd-omoa")
    assert len(current) == len(Q.areas) and set(current["capacity"]) == {3}
    first = store.query("SELECT payload FROM assessment_history WHERE version = 1").iloc[0, 0]
    assert Assessment.from_json(first).respondent_name == "Ana"


def test_the_last_submission_is_what_a_later_draft_is_compared_with(store):
    assessment_id, _ = store.create_assessment("hnd-omoa")
    assert store.last_submission(assessment_id) is None
    store.submit_assessment(assessment_id, complete("hnd-omoa", capacity=1), Q, "Ana")
    store.submit_assessment(assessment_id, complete("hnd-omoa", capacity=2), Q, "Ana")
    last = store.last_submission(assessment_id)
    assert last["version"] == 2 and Assessment.from_json(last["payload"]) == complete("hnd-omoa", capacity=2)
    assert isinstance(last["saved_at"], dt.datetime)


def test_changed_fields_name_what_differs_as_problems_do():
    submitted = complete("hnd-omoa")
    assert changed_fields(submitted, complete("hnd-omoa"), Q) == []
    draft = complete("hnd-omoa")
    draft.answers["rt2_identity_documents"] = AreaAnswer(capacity=3, priority=3, office=" Alcaldía ")
    draft.top3["rt4"] = list(reversed(draft.top3["rt4"]))
    draft.anonymous = False
    draft.respondent_name = "Ana"
    assert changed_fields(submitted, draft, Q) == [
        "anonymous",
        "respondent_name",
        "rt2_identity_documents:capacity",
        "rt2_identity_documents:office",
        "rt4:top3",
    ]
    draft.answers["rt2_identity_documents"].office = "  "  # spaces are not stored: no change
    assert "rt2_identity_documents:office" not in changed_fields(submitted, draft, Q)


def test_fifty_officials_submitting_at_once_are_all_stored(store):
    ids = [store.create_assessment("gtm-san-marcos")[0] for _ in range(50)]
    errors = []
    barrier = threading.Barrier(50)

    def submit(index: int, assessment_id: str):
        try:
            barrier.wait()
            store.submit_assessment(
                assessment_id,
                complete("gtm-san-marcos", capacity=index % 5, name=f"Persona {index}"),
                Q,
                f"Persona {index}",
            )
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(i, a)) for i, a in enumerate(ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = store.query("SELECT assessment_id, respondent_name, state, version FROM assessments")
    assert len(rows) == 50 and set(rows["state"]) == {"submitted"} and set(rows["version"]) == {1}
    answers = store.submitted_answers()
    assert len(answers) == 50 * len(Q.areas)
    # no mixed answers: each assessment holds only the capacity its own official gave
    by_name = dict(zip(rows["assessment_id"], rows["respondent_name"], strict=True))
    for assessment_id, capacities in answers.groupby("assessment_id")["capacity"]:
        index = int(by_name[assessment_id].split()[-1])
        assert set(capacities) == {index % 5}


def test_example_data_is_flagged_and_valid(store):
    import random

    assert problems_for_submit(example_assessment("hnd-omoa", Q, random.Random(1)), Q) == []
    generate_assessments(store, Q, 5)
    flags = store.query("SELECT is_example, state FROM assessments")
    assert len(flags) == 5 and flags["is_example"].all() and set(flags["state"]) == {"submitted"}
    assert store.submitted_answers()["is_example"].all()
    assert store.assessment_counts() == {"submitted": 5, "examples": 5, "drafts": 0}
