"""indicators/store/assessments.py: drafts and their resume codes, submissions, generated example
assessments, the counts the organisers see, and the submitted answers every chart is drawn from."""

import random

import pytest

from indicators.assessment import AreaAnswer, Assessment
from indicators.demo import example_assessment
from indicators.questionnaire import load_questionnaire
from tests.conftest import BACKENDS, complete, store_on_backend

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)

Q = load_questionnaire()


def test_a_new_draft_is_empty_and_its_resume_code_brings_it_back(store):
    assessment_id, resume = store.create_assessment("hnd-danli")
    found = store.assessment_for_resume_code(resume)
    assert (found["assessment_id"], found["place_id"], found["state"], found["version"]) == (
        assessment_id,
        "hnd-danli",
        "draft",
        0,
    )
    assert Assessment.from_json(found["draft"]) == Assessment("hnd-danli")
    assert not found["is_example"]
    assert store.assessment_for_resume_code("ABCD-EFGH") is None
    assert resume not in str(store.assessment(assessment_id))  # kept hashed only


def test_a_saved_draft_is_kept_but_counts_in_no_chart(store):
    assessment_id, resume = store.create_assessment("hnd-danli")
    draft = Assessment("hnd-danli", answers={Q.areas[0].key: AreaAnswer(capacity=2, priority=3)})
    store.save_draft(assessment_id, draft)
    assert Assessment.from_json(store.assessment_for_resume_code(resume)["draft"]) == draft
    assert store.submitted_answers().empty and store.history(assessment_id).empty
    assert store.assessment_counts() == {"submitted": 0, "examples": 0, "drafts": 1}


def test_submitted_answers_are_read_by_place_or_by_country(store):
    for place_id, capacity in (("hnd-danli", 1), ("hnd-omoa", 2), ("mex-oaxaca", 3)):
        assessment_id, _ = store.create_assessment(place_id)
        store.submit_assessment(assessment_id, complete(place_id, capacity=capacity), Q, "test")
    store.create_assessment("hnd-danli")  # a draft: never in the answers
    assert len(store.submitted_answers()) == 3 * len(Q.areas)
    assert set(store.submitted_answers(place_id="hnd-omoa")["capacity"]) == {2}
    honduras = store.submitted_answers(country="HND")
    assert set(honduras["place_id"]) == {"hnd-danli", "hnd-omoa"} and set(honduras["country"]) == {"HND"}
    assert store.submitted_answers(place_id="hnd-omoa", country="MEX").empty
    assert store.assessment_counts() == {"submitted": 3, "examples": 0, "drafts": 1}


def test_a_submission_stores_every_area_and_the_top_3_ranks(store):
    assessment_id, _ = store.create_assessment("hnd-danli")
    assert store.submit_assessment(assessment_id, complete("hnd-danli"), Q, "Ana") == 1
    rows = store.submitted_answers(place_id="hnd-danli")
    assert set(rows["area_key"]) == {a.key for a in Q.areas}
    ranked = rows.dropna(subset=["top_rank"])
    assert len(ranked) == 3 * len(Q.themes) and set(ranked["top_rank"]) == {1, 2, 3}
    assert store.history(assessment_id)[["version", "author"]].values.tolist() == [[1, "Ana"]]


def test_example_assessments_go_in_submitted_flagged_with_no_resume_code(store):
    rng = random.Random(4)
    examples = [example_assessment(p, Q, rng) for p in ("hnd-danli", "hnd-omoa", "hnd-omoa")]
    ids = store.add_example_assessments(examples, Q, "demo-data")
    assert len(set(ids)) == 3
    assert store.assessment_counts() == {"submitted": 3, "examples": 3, "drafts": 0}
    rows = store.submitted_answers()
    assert rows["is_example"].all() and rows.groupby("place_id")["assessment_id"].nunique().to_dict() == {
        "hnd-danli": 1,
        "hnd-omoa": 2,
    }
    for assessment_id in ids:
        row = store.assessment(assessment_id)
        assert (row["version"], row["resume_hash"]) == (1, f"example:{assessment_id}")
        assert store.history(assessment_id)["author"].tolist() == ["demo-data"]


def test_a_draft_changes_the_activity_revision_and_a_submission_the_answers_one(store):
    before = store.revisions()
    assessment_id, _ = store.create_assessment("hnd-danli")
    store.save_draft(assessment_id, Assessment("hnd-danli"))
    drafted = store.revisions()
    assert (drafted["activity"] - before["activity"], drafted["answers"] - before["answers"]) == (2, 0)
    store.submit_assessment(assessment_id, complete("hnd-danli"), Q, "test")
    submitted = store.revisions()
    assert (submitted["answers"] - drafted["answers"], submitted["activity"] - drafted["activity"]) == (1, 0)
