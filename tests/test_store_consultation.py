"""indicators/store/consultation.py: the seminar consultation's participants (known only by a hashed
personal code), one current response per participant and phase, and every saved version."""

import json

import pytest

from tests.conftest import BACKENDS, store_on_backend

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)

ANSWERS = {"k_igm": 2, "expectations": "Conocer experiencias de «ciudades solidarias» – Peñas Blancas"}


def test_a_personal_code_finds_its_participant_and_is_never_stored_as_typed(store):
    first, first_code = store.create_participant()
    second, second_code = store.create_participant()
    assert first != second and first_code != second_code
    assert store.participant_for_code(first_code) == first
    assert store.participant_for_code(second_code) == second
    assert store.participant_for_code("ABCD-EFGH") is None
    stored = json.dumps(store.query("SELECT * FROM consultation_participants").astype(str).values.tolist())
    assert first_code not in stored and second_code not in stored


def test_answers_come_back_as_saved_with_their_accents_per_phase(store):
    participant, _ = store.create_participant()
    assert store.consultation_answers(participant, "before") is None
    store.save_consultation(participant, "before", ANSWERS)
    assert store.consultation_answers(participant, "before") == ANSWERS
    assert store.consultation_answers(participant, "after") is None  # the phases are apart
    assert store.save_consultation(participant, "after", {"k_igm": 4, "satisfaction": 5}) == 1
    assert store.consultation_answers(participant, "after") == {"k_igm": 4, "satisfaction": 5}


def test_an_edit_replaces_the_current_response_and_every_version_is_kept(store):
    participant, _ = store.create_participant()
    versions = [store.save_consultation(participant, "before", {"k_igm": n}) for n in (1, 2, 3)]
    assert versions == [1, 2, 3]
    current = store.consultation_responses()
    assert current[["participant_id", "phase"]].values.tolist() == [[participant, "before"]]
    assert current["answers"].tolist() == [{"k_igm": 3}]  # a dict, ready to count
    history = store.query(
        "SELECT version, answers FROM consultation_history WHERE participant_id = ? ORDER BY version",
        [participant],
    )
    assert [json.loads(a)["k_igm"] for a in history["answers"]] == [1, 2, 3]


def test_responses_come_in_the_order_they_were_last_saved(store):
    ana, _ = store.create_participant()
    luis, _ = store.create_participant()
    store.save_consultation(ana, "before", {"k_igm": 1})
    store.save_consultation(luis, "before", {"k_igm": 2})
    store.save_consultation(ana, "before", {"k_igm": 3})  # Ana edits last
    assert store.consultation_responses()["participant_id"].tolist() == [luis, ana]


def test_consultation_writes_change_only_the_activity_revision(store):
    before = store.revisions()
    participant, _ = store.create_participant()
    store.save_consultation(participant, "before", ANSWERS)
    after = store.revisions()
    assert after["activity"] == before["activity"] + 2
    assert [after[k] - before[k] for k in ("catalogue", "answers", "results")] == [0, 0, 0]


def test_a_draft_is_kept_per_phase_until_it_is_saved_and_never_counts(store):
    participant, _ = store.create_participant()
    assert store.consultation_draft(participant, "before") is None
    store.save_consultation_draft(participant, "before", {"k_igm": 2, "expectations": "Conocer «IGM»"})
    store.save_consultation_draft(participant, "before", ANSWERS)  # typed on: overwritten, not versioned
    assert store.consultation_draft(participant, "before") == ANSWERS
    assert store.consultation_draft(participant, "after") is None
    assert store.consultation_responses().empty  # a draft is no answer
    store.save_consultation(participant, "before", ANSWERS)
    assert store.consultation_draft(participant, "before") is None
