"""indicators/store/answer_totals.py: the answers' sums kept by every write equal the sums computed
again from the answers, whatever wrote them (a submission, a new version, examples, an import), on
both backends; an older database and a copy of one get them on opening; the writers' rows are folded."""

import datetime as dt
import random
import uuid

import pandas as pd
import pytest

from indicators.assessment import AreaAnswer, Assessment
from indicators.config import DATA_DIR
from indicators.demo import example_assessment, generate_assessments
from indicators.migrate import migrate
from indicators.questionnaire import load_questionnaire
from indicators.store import SCHEMA, Store, answer_totals
from indicators.submissions import Submission
from tests.conftest import BACKENDS, complete, database_on_backend, store_on_backend

store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)
database = pytest.fixture(params=BACKENDS, name="database")(database_on_backend)

Q = load_questionnaire()
FIRST = next(iter(Q.themes))
FIRST_TABLE = [a.key for a in Q.areas_of(FIRST)]


def kept(store) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both tables summed over the writers, sorted, without the keys that sum to nothing."""
    sums = ", ".join(f"CAST(sum({p}) AS BIGINT) AS {p}" for p in answer_totals.PARTS)
    areas = store.query(
        f"SELECT place_id, area_key, {sums} FROM answer_totals GROUP BY ALL HAVING sum(n) <> 0 ORDER BY ALL"
    )
    shapes = store.query(
        "SELECT place_id, is_example, areas, CAST(sum(responses) AS BIGINT) AS responses"
        " FROM response_totals GROUP BY ALL HAVING sum(responses) <> 0 ORDER BY ALL"
    )
    return areas, shapes


def recomputed(store) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same sums computed afresh from the answer rows, in a transaction rolled back afterwards."""
    with pytest.raises(RuntimeError), store.transaction() as cur:
        answer_totals.rebuild(cur, "check")
        areas = cur.execute(
            f"SELECT place_id, area_key, {', '.join(answer_totals.PARTS)} FROM answer_totals ORDER BY ALL"
        ).df()
        shapes = cur.execute(
            "SELECT place_id, is_example, areas, responses FROM response_totals ORDER BY ALL"
        ).df()
        raise RuntimeError("roll back")
    return areas, shapes


def assert_kept(store) -> None:
    for have, want in zip(kept(store), recomputed(store), strict=True):
        pd.testing.assert_frame_equal(have, want, check_dtype=False)


def partial(place_id: str, capacity: int) -> Assessment:
    """Only the first round table answered (an import may leave the others blank)."""
    answers = {key: AreaAnswer(capacity=capacity, priority=2) for key in FIRST_TABLE}
    return Assessment(place_id, anonymous=True, answers=answers, top3={FIRST: FIRST_TABLE[:2]})


def submit(store, assessment: Assessment) -> str:
    assessment_id, _ = store.create_assessment(assessment.place_id)
    store.submit_assessment(assessment_id, assessment, Q, "test")
    return assessment_id


def test_every_kind_of_write_keeps_the_sums_of_the_answers(store):
    assert_kept(store)  # nothing yet
    first = submit(store, complete("hnd-omoa", capacity=1))
    submit(store, complete("hnd-danli", capacity=3))
    assert_kept(store)
    # A new version replaces the last one's answers, here with fewer areas and other ranks.
    store.submit_assessment(first, partial("hnd-omoa", capacity=4), Q, "test")
    store.submit_assessment(first, complete("hnd-omoa", capacity=0), Q, "test")
    store.submit_assessment(first, partial("hnd-omoa", capacity=2), Q, "test")
    assert_kept(store)
    generate_assessments(store, Q, 30, seed=3)  # examples, flagged apart
    assert_kept(store)
    rng = random.Random(5)
    imported = [
        (
            str(uuid.uuid4()),
            "kobo",
            Submission(n, f"sub-{n}", dt.datetime(2026, 1, 1), 0, assessment, f"d{n}"),
        )
        for n, assessment in enumerate(example_assessment("gtm-san-marcos", Q, rng) for _ in range(3))
    ]
    store.import_submissions(imported, [], Q, "kobo", "export.csv")
    # The first import edited in the tool: its next version, now with the first table only.
    assessment_id, _, old = imported[0]
    edited = Submission(old.row, old.submission_id, old.submitted_at, 1, partial("gtm-san-marcos", 0), "e")
    store.import_submissions([], [(assessment_id, "kobo", edited)], Q, "kobo", "export.csv")
    assert_kept(store)
    shapes = kept(store)[1]
    assert set(shapes["is_example"]) == {True, False}
    assert answer_totals.SEPARATOR.join(sorted(FIRST_TABLE)) in set(shapes["areas"])


def test_a_failed_write_counts_nothing(store):
    submit(store, complete("hnd-omoa"))
    before = kept(store)
    assessment_id, _ = store.create_assessment("hnd-omoa")
    with pytest.raises(RuntimeError), store.transaction() as cur:
        answer_totals.add(cur, store._writer, (), [(assessment_id, "hnd-omoa", False, "x", 1, 1, None)])
        raise RuntimeError("boom")
    for have, want in zip(kept(store), before, strict=True):
        pd.testing.assert_frame_equal(have, want)


def test_two_writers_keep_rows_of_their_own_and_their_sum_is_the_answers(database):
    one = Store.open(database, create=True)
    two = Store.open(database)
    try:
        first = submit(one, complete("hnd-omoa", capacity=1))
        submit(two, complete("hnd-omoa", capacity=2))
        two.submit_assessment(first, complete("hnd-omoa", capacity=4), Q, "test")  # one's, replaced by two
        writers = one.query("SELECT DISTINCT writer FROM answer_totals")["writer"]
        assert len(writers) == 2
        assert_kept(one)
        assert_kept(two)
    finally:
        two.close()
        one.close()


def test_an_older_database_gets_its_sums_on_opening(database):
    store = Store.open(database, create=True)
    store.load_bundled(DATA_DIR)
    submit(store, complete("hnd-omoa"))
    generate_assessments(store, Q, 5, seed=1)
    want = kept(store)
    # As a version without these tables left it: no sums, schema version 4.
    store.query("DROP TABLE answer_totals")
    store.query("DROP TABLE response_totals")
    store.query("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    store.close()
    reopened = Store.open(database)
    try:
        for have, expected in zip(kept(reopened), want, strict=True):
            pd.testing.assert_frame_equal(have, expected)
        assert_kept(reopened)
    finally:
        reopened.close()


def test_the_rows_of_many_writers_are_folded_on_opening(database, monkeypatch):
    monkeypatch.setattr(answer_totals, "MAX_WRITERS", 2)
    for capacity in range(4):  # four processes, one after the other, each writing once
        store = Store.open(database, create=capacity == 0)
        submit(store, complete("hnd-omoa", capacity=capacity))
        store.close()
    store = Store.open(database)
    try:
        assert len(store.query("SELECT DISTINCT writer FROM answer_totals")) == 1
        assert_kept(store)
    finally:
        store.close()


def test_a_copy_of_an_older_database_gets_its_sums(tmp_path, postgres_url):
    source = tmp_path / "old.duckdb"
    store = Store.open(source)
    store.load_bundled(DATA_DIR)
    generate_assessments(store, Q, 5, seed=1)
    store.query("DROP TABLE answer_totals")
    store.query("DROP TABLE response_totals")
    store.close()
    migrate(str(source), postgres_url, SCHEMA)
    copy = Store.open(postgres_url)
    try:
        assert kept(copy)[0]["n"].sum() == 5 * len(Q.areas)
        assert_kept(copy)
    finally:
        copy.close()
