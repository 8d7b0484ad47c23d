"""indicators/store/commitments.py: a submission's top-3 actions become commitments, a resubmission
updates them keeping their history, updates are checked before anything is written, overdue ones.
Both backends."""

import datetime as dt

import pandas as pd
import pytest

from indicators.assessment import AreaAnswer
from indicators.commitments import CommitmentRefused, add_months
from indicators.demo import generate_assessments
from indicators.questionnaire import load_questionnaire
from tests.conftest import BACKENDS, complete, store_on_backend

store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)
Q = load_questionnaire()
RT1 = [a.key for a in Q.areas_of("rt1")]


def with_actions(place_id: str = "hnd-danli"):
    """Top 3 of rt1 = its first three areas: two with an action (6 months, longer), one without."""
    assessment = complete(place_id)
    assessment.answers[RT1[0]] = AreaAnswer(1, 3, "Mesa municipal de movilidad", "Alcaldía", "6m")
    assessment.answers[RT1[1]] = AreaAnswer(1, 3, "Guía de vías regulares", "", "longer")
    assessment.answers[RT1[3]] = AreaAnswer(1, 3, "Not in the top 3: no commitment", "", "1y")
    return assessment


def submit(store, assessment, assessment_id=None, author="Ana"):
    if assessment_id is None:
        assessment_id, _ = store.create_assessment(assessment.place_id)
    store.submit_assessment(assessment_id, assessment, Q, author)
    return assessment_id


def test_a_submission_makes_a_commitment_of_each_top3_area_with_an_action(store):
    assessment_id = submit(store, with_actions())
    found = store.commitments().set_index("area_key")
    assert set(found.index) == {RT1[0], RT1[1]}
    first = found.loc[RT1[0]]
    assert (first["action"], first["office"], first["status"], first["round_key"]) == (
        "Mesa municipal de movilidad",
        "Alcaldía",
        "planned",
        "seminario-2022",
    )
    assert (first["place_id"], first["country"], first["assessment_id"]) == (
        "hnd-danli",
        "HND",
        assessment_id,
    )
    assert first["due_date"].date() == add_months(dt.date.today(), 6)
    assert pd.isna(found.loc[RT1[1], "due_date"])  # "longer than a year": no date can be given
    assert not found["withdrawn"].any() and not found["is_example"].any()
    changes = store.commitment_changes(first["commitment_id"])
    assert changes[["author", "status"]].values.tolist() == [["Ana", "planned"]]


def test_an_update_is_kept_with_every_earlier_state(store):
    submit(store, with_actions())
    commitment_id = store.commitments().set_index("area_key").loc[RT1[0], "commitment_id"]
    assert store.update_commitment(
        commitment_id, "cli:ana", status="in_progress", note="Primera reunión"
    ) == [
        "status",
        "note",
    ]
    assert store.update_commitment(commitment_id, "Luis", evidence_url="https://danli.gob.hn/acta") == [
        "evidence_url"
    ]
    assert store.update_commitment(commitment_id, "Luis", status="in_progress") == []  # nothing new: no row
    history = store.commitment_changes(commitment_id)
    assert history[["author", "fields", "status"]].values.tolist() == [
        ["Ana", "action,office,due_date,status", "planned"],
        ["cli:ana", "status,note", "in_progress"],
        ["Luis", "evidence_url", "in_progress"],
    ]
    now = store.commitment(commitment_id)
    assert (now["status"], now["note"], now["evidence_url"]) == (
        "in_progress",
        "Primera reunión",
        "https://danli.gob.hn/acta",
    )


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"status": "finished"}, "unknown_status"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_not_http"),
        ({"evidence_url": "ftp://example.org/acta.pdf"}, "evidence_not_http"),
        ({"status": "done", "evidence_url": "www.example.org"}, "evidence_not_http"),
        ({"note": "x" * 1001}, "note_too_long"),
    ],
)
def test_a_refused_update_writes_nothing(store, change, problem):
    submit(store, with_actions())
    commitment_id = store.commitments()["commitment_id"].iloc[0]
    before, revision = store.commitment(commitment_id), store.revision("followup")
    with pytest.raises(CommitmentRefused) as refused:
        store.update_commitment(commitment_id, "cli:ana", **change)
    assert problem in refused.value.problems
    assert store.commitment(commitment_id) == before and store.revision("followup") == revision
    assert len(store.commitment_changes(commitment_id)) == 1


def test_an_unknown_commitment_is_refused(store):
    with pytest.raises(CommitmentRefused, match="unknown"):
        store.update_commitment("nope", "cli", status="done")


def test_a_resubmission_updates_its_commitments_and_keeps_their_history(store):
    assessment = with_actions()
    assessment_id = submit(store, assessment)
    ids = store.commitments().set_index("area_key")["commitment_id"]
    store.update_commitment(ids[RT1[0]], "Luis", status="in_progress", note="Avanza")
    due = store.commitment(ids[RT1[0]])["due_date"]
    # The same action reworded, the second area out of the top 3, a third area in it with an action.
    assessment.answers[RT1[0]] = AreaAnswer(1, 3, "Mesa municipal de movilidad humana", "Alcaldía", "6m")
    assessment.top3["rt1"] = [RT1[0], RT1[2], RT1[3]]
    submit(store, assessment, assessment_id, author="Ana")
    now = store.commitments().set_index("area_key")
    assert now.loc[RT1[0], "commitment_id"] == ids[RT1[0]]  # matched by assessment and area
    assert (now.loc[RT1[0], "action"], now.loc[RT1[0], "status"], now.loc[RT1[0], "note"]) == (
        "Mesa municipal de movilidad humana",
        "in_progress",
        "Avanza",
    )
    assert now.loc[RT1[0], "due_date"] == due  # the same timeframe: the date does not move
    assert bool(now.loc[RT1[1], "withdrawn"]) and not now.loc[RT1[3], "withdrawn"]
    assert RT1[2] not in now.index  # in the top 3 without an action
    history = store.commitment_changes(ids[RT1[0]])
    assert history["fields"].tolist() == ["action,office,due_date,status", "status,note", "action"]
    assert store.commitments(withdrawn=False)["area_key"].tolist().count(RT1[1]) == 0
    # Back in the top 3: the same commitment again, its history growing.
    assessment.top3["rt1"] = [RT1[0], RT1[1], RT1[3]]
    submit(store, assessment, assessment_id)
    assert not store.commitment(ids[RT1[1]])["withdrawn"]
    assert store.commitment_changes(ids[RT1[1]])["withdrawn"].tolist() == [False, True, False]


def test_a_new_timeframe_moves_the_due_date(store):
    assessment = with_actions()
    assessment_id = submit(store, assessment)
    assessment.answers[RT1[1]] = AreaAnswer(1, 3, "Guía de vías regulares", "", "1y")
    submit(store, assessment, assessment_id)
    found = store.commitments().set_index("area_key").loc[RT1[1]]
    assert found["due_date"].date() == add_months(dt.date.today(), 12)


def test_overdue_commitments_are_open_ones_past_their_date(store):
    submit(store, with_actions("hnd-danli"))
    submit(store, with_actions("cri-upala"))
    later = add_months(dt.date.today(), 7)
    overdue = store.overdue_commitments(later)
    assert sorted(overdue["place_id"]) == ["cri-upala", "hnd-danli"]  # 6 months; "longer" has no date
    done = overdue.set_index("place_id").loc["hnd-danli", "commitment_id"]
    store.update_commitment(done, "Ana", status="done")
    assert store.overdue_commitments(later)["place_id"].tolist() == ["cri-upala"]
    assert store.overdue_commitments(later, country="HND").empty
    assert store.overdue_commitments(dt.date.today()).empty


def test_example_assessments_make_example_commitments(store):
    generate_assessments(store, Q, 20, seed=3, actions=True)
    found = store.commitments()
    assert len(found) and found["is_example"].all()
    assert set(found["status"]) > {"planned"}  # example statuses vary, for the charts
    assert (store.commitment_changes(found["commitment_id"].iloc[0])["author"] == "demo-data").all()
