"""Access codes, the rate limit, assessments in the store, and 50 officials submitting at once."""

import datetime as dt
import json
import threading

import pytest

from indicators import access
from indicators.assessment import AreaAnswer, Assessment, problems_for_submit
from indicators.demo import example_assessment, generate_assessments
from indicators.questionnaire import load_questionnaire
from tests.conftest import BACKENDS, complete, store_on_backend

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)

Q = load_questionnaire()
NOW = dt.datetime(2022, 9, 13, 13, 15)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("abcd-efgh", "ABCD-EFGH"),
        (" ABCD EFGH ", "ABCD-EFGH"),
        ("ABCDEFGH", "ABCD-EFGH"),
        ("ABCD-EFG", None),
        ("ABCD-EFG0", None),
        ("", None),
    ],
)
def test_codes_are_normalised(typed, expected):
    assert access.normalise(typed) == expected


def test_new_codes_are_well_formed_and_hashes_are_stable():
    code = access.new_code()
    assert access.normalise(code) == code
    assert access.hash_code(code) == access.hash_code(code) != access.hash_code(access.new_code())


def test_rate_limit_locks_after_five_failures_in_fifteen_minutes():
    failures = [NOW - dt.timedelta(minutes=m) for m in (1, 2, 3, 4)]
    assert access.locked_until(failures, NOW) is None
    five = [*failures, NOW - dt.timedelta(minutes=14)]
    assert access.locked_until(five, NOW) == NOW + dt.timedelta(minutes=1)
    old = [*failures, NOW - dt.timedelta(minutes=16)]
    assert access.locked_until(old, NOW) is None


def test_codes_in_the_store_only_as_hashes(store):
    codes = store.create_access_codes("hnd-danli", 3, created_by="test")
    assert len(set(codes)) == 3
    assert all(store.place_for_code(c) == "hnd-danli" for c in codes)
    stored = store.query("SELECT * FROM access_codes")
    assert not any(c in json.dumps(stored.astype(str).values.tolist()) for c in codes)
    assert store.place_for_code("ABCD-EFGH") is None


def test_try_code_counts_failures_and_locks(store):
    clients = {"session:x": access.CODE_LIMITS["session"]}
    code = store.create_access_codes("slv-la-palma", 1, "test")[0]

    def attempt(typed, at=NOW):
        return access.try_code(
            typed, clients, at, store.place_for_code, store.failed_attempts, store.record_failed_attempt
        )

    assert attempt(code.lower()) == ("ok", "slv-la-palma")
    for _ in range(access.MAX_FAILURES):
        assert attempt("WRONG-CODE") == ("invalid", None)
    outcome, until = attempt(code)  # even the right code waits until the lock ends
    assert outcome == "locked" and until == NOW + access.FAILURE_WINDOW
    assert attempt(code, NOW + access.FAILURE_WINDOW + dt.timedelta(seconds=1)) == ("ok", "slv-la-palma")


def test_failures_older_than_the_window_are_not_kept(store):
    """A seminar's worth of typos must not pile up in the database for ever: only the window counts."""
    store.record_failed_attempt("session:a", NOW)
    store.record_failed_attempt("session:b", NOW + dt.timedelta(minutes=1))
    later = NOW + access.FAILURE_WINDOW + dt.timedelta(minutes=2)
    store.record_failed_attempt("session:c", later)
    assert store.query("SELECT client FROM code_attempts")["client"].tolist() == ["session:c"]
    assert store.failed_attempts("session:c", later - access.FAILURE_WINDOW) == [later]


def test_an_address_is_slowed_by_a_short_growing_wait_never_locked():
    """A seminar room shares one address: after its free failures each one doubles a wait of seconds,
    capped, so one person guessing never shuts the room out for the whole window."""
    limit = access.CODE_LIMITS["address"]
    failures = [NOW - dt.timedelta(seconds=60 + i) for i in range(limit.free - 1)]
    assert limit.blocked_until(failures, NOW) is None
    failures.append(NOW)  # the free failures are used up: a wait of 1 s
    assert limit.blocked_until(failures, NOW) == NOW + dt.timedelta(seconds=1)
    failures += [NOW] * 3  # three more: 8 s
    assert limit.blocked_until(failures, NOW) == NOW + dt.timedelta(seconds=8)
    failures += [NOW] * 100  # a script hammering: never more than the cap, never 15 minutes
    assert limit.blocked_until(failures, NOW) == NOW + limit.max_delay <= NOW + dt.timedelta(seconds=30)
    assert limit.blocked_until(failures, NOW + limit.max_delay) is None


def test_one_guesser_behind_a_shared_address_does_not_lock_the_room(store):
    """A script makes 40 wrong tries from the room's address, a new browser session each time, as fast as
    it is let; a colleague in the same room waits at most the address's cap, then gets in."""
    code = store.create_access_codes("hnd-danli", 1, "test")[0]
    limits = access.CODE_LIMITS

    def attempt(session, typed, at):
        clients = {f"session:{session}": limits["session"], "ip:10.0.0.1": limits["address"]}
        return access.try_code(
            typed, clients, at, store.place_for_code, store.failed_attempts, store.record_failed_attempt
        )

    at = NOW
    for n in range(40):
        outcome, until = attempt(f"script-{n}", "WXYZ-WXYZ", at)
        at = max(at, until or at) + dt.timedelta(milliseconds=1)
    assert attempt("script-40", "WXYZ-WXYZ", at)[0] == "locked"  # the script is slowed down
    outcome, until = attempt("colleague", code, at)
    assert outcome == "locked" and until - at <= limits["address"].max_delay
    assert attempt("colleague", code, until) == ("ok", "hnd-danli")


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
