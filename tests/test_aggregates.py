"""The aggregates computed in DuckDB equal the pandas reference (scoring.py, summary.py, presenter.py).

Same figures, same ranks, ties broken the same way, at 0, 1 and many assessments, for every scope,
round table and level; proposed actions listed in the order they were first submitted.
"""

import random

import pandas as pd
import pytest

from indicators import aggregates
from indicators.assessment import AreaAnswer, Assessment
from indicators.config import DATA_DIR
from indicators.demo import generate_assessments
from indicators.presenter import stored_live_view
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from indicators.summary import (
    SCOPES,
    priority_summary,
    stored_example_share,
    stored_priority_summary,
    stored_top_areas,
)
from tests.conftest import BACKENDS, complete
from tests.oracles import example_share, live_view

Q = load_questionnaire()
PLACES = ["hnd-omoa", "hnd-danli", "gtm-san-marcos", "mex-tijuana"]


def ordered_answers(store, place_id=None, country=None) -> pd.DataFrame:
    """Store.submitted_answers in submission order: the order the pandas reference lists actions in."""
    answers = store.submitted_answers(place_id=place_id, country=country)
    when = store.query("SELECT assessment_id, submitted_at FROM assessments")
    answers = answers.merge(when, on="assessment_id").sort_values(["submitted_at", "assessment_id"])
    texts = ["action", "office", "timeframe"]  # the merge turns None into NaN; the store gives None
    answers[texts] = answers[texts].astype(object).where(answers[texts].notna(), None)
    return answers.drop(columns="submitted_at").reset_index(drop=True)


def submit(store, assessment: Assessment) -> str:
    assessment_id, _ = store.create_assessment(assessment.place_id)
    store.submit_assessment(assessment_id, assessment, Q, "test")
    return assessment_id


def first_table_only(place_id: str) -> Assessment:
    """Only the first round table answered, as an imported submission may be."""
    theme = next(iter(Q.themes))
    areas = Q.areas_of(theme)
    answers = {a.key: AreaAnswer(capacity=0, priority=3) for a in areas}
    return Assessment(place_id, anonymous=True, answers=answers, top3={theme: [a.key for a in areas[:3]]})


def with_actions(place_id: str, rng: random.Random) -> Assessment:
    """A real-looking submission: random ratings, some actions (repeated, with and without details)."""
    answers = {
        a.key: AreaAnswer(
            capacity=rng.choice((0, 1, 2, 3, 4)),
            priority=rng.choice((1, 2, 3)),
            action=rng.choice(["", "", "Mesa municipal de movilidad", "Ventanilla única", "  Censo local "]),
            office=rng.choice(["", "Alcaldía", "DIF municipal"]),
            timeframe=rng.choice([None, *Q.scales["timeframe"]]),
        )
        for a in Q.areas
    }
    top3 = {theme: [a.key for a in rng.sample(Q.areas_of(theme), 3)] for theme in Q.themes}
    return Assessment(place_id, anonymous=True, answers=answers, top3=top3)


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="module", params=["none", "one", "many"])
def filled(request, backend):
    """A store with no, one or many submitted assessments, shared by the module's tests (read only),
    on each backend: the same SQL runs on DuckDB's tables and on PostgreSQL's."""
    database = None
    if backend == "duckdb":
        store = Store.open(":memory:")
        store.load_bundled(DATA_DIR)
    else:
        server = request.getfixturevalue("postgres_server")
        database = server.create_database(template=request.getfixturevalue("postgres_template"))
        store = Store.open(server.url(database))
    if request.param == "one":
        submit(store, complete("hnd-omoa", capacity=1))
    if request.param == "many":
        # Example data (identical answers are frequent: ties at every level), then real submissions.
        generate_assessments(store, Q, 300, seed=7)
        rng = random.Random(14)
        for number in range(12):
            submit(store, with_actions(PLACES[number % len(PLACES)], rng))
        submit(store, complete("hnd-omoa", capacity=4))  # a tie: the same answers twice
        submit(store, complete("gtm-san-marcos", capacity=4))
        # A new version replaces the answers of the last one; a partial one counts only where answered.
        again = submit(store, complete("mex-tijuana", capacity=0))
        store.submit_assessment(again, with_actions("mex-tijuana", rng), Q, "test")
        submit(store, first_table_only("hnd-danli"))
    yield store
    store.close()
    if database:
        server.drop_database(database)


def assert_same(stored: pd.DataFrame, reference: pd.DataFrame) -> None:
    assert list(stored.columns) == list(reference.columns)
    if reference.empty:
        assert stored.empty
        return
    pd.testing.assert_frame_equal(
        stored.reset_index(drop=True), reference.reset_index(drop=True), check_dtype=False, check_exact=True
    )


@pytest.mark.parametrize("theme", [None, *Q.themes])
def test_live_view_from_sql_equals_pandas(filled, theme):
    stored = stored_live_view(filled, Q, theme)
    reference = live_view(ordered_answers(filled), Q, theme)
    counts = ("responses", "local_governments", "countries", "examples")
    assert [getattr(stored, c) for c in counts] == [getattr(reference, c) for c in counts]
    assert_same(stored.ranked, reference.ranked)
    if reference.heatmap.empty:
        assert stored.heatmap.empty
    else:
        pd.testing.assert_frame_equal(stored.heatmap, reference.heatmap, check_names=False, check_exact=True)


SCOPES_TRIED = [(None, None), ("hnd-omoa", None), (None, "HND"), (None, "PAN")]


@pytest.mark.parametrize("place_id, country", SCOPES_TRIED)
def test_one_scan_gives_the_counts_and_the_sums_of_two(filled, place_id, country):
    counts, sums = aggregates.counts_and_sums(filled, Q, place_id, country)
    assert counts == aggregates.scope_counts(filled, Q, place_id, country)
    by = ["place_id", "area_key"]
    apart = aggregates.place_area_sums(filled, Q, place_id, country)
    assert_same(sums.sort_values(by), apart.sort_values(by))


def test_hidden_results_compute_only_the_counts(filled):
    view = stored_live_view(filled, Q, charts=False)
    assert view.ranked.empty and view.heatmap.empty
    assert view.responses == live_view(ordered_answers(filled), Q).responses


@pytest.mark.parametrize("level", SCOPES)
@pytest.mark.parametrize("language, top_n", [("es", 3), ("en", 7)])
def test_priority_summary_from_sql_equals_pandas(filled, level, top_n, language):
    stored = stored_priority_summary(filled, Q, language, level, top_n=top_n)
    reference = priority_summary(ordered_answers(filled), Q, language, level, top_n)
    assert_same(stored, reference)


@pytest.mark.parametrize("scope", [{"place_id": "hnd-omoa"}, {"country": "HND"}, {"country": "CRI"}])
def test_narrowed_summaries_and_shares_equal_pandas(filled, scope):
    answers = ordered_answers(filled, **scope)
    for level in SCOPES:
        stored = stored_priority_summary(filled, Q, "es", level, **scope)
        assert_same(stored, priority_summary(answers, Q, "es", level))
    assert stored_example_share(filled, Q, **scope) == example_share(answers)


@pytest.mark.parametrize("place_id", ["hnd-omoa", "hnd-danli", "cri-upala"])
def test_a_phones_summary_is_its_places_region_summary(filled, place_id):
    """What a phone shows after submitting: its local government's top areas and counts."""
    examples, responses, top = stored_top_areas(filled, Q, "es", place_id)
    answers = ordered_answers(filled, place_id=place_id)
    assert (examples, responses) == example_share(answers)
    assert_same(top, priority_summary(answers, Q, "es", "region")[list(top.columns)])


def test_many_assessments_have_ties_and_actions(store):
    """The comparison above is not vacuous: ties in the index and composed actions both occur."""
    generate_assessments(store, Q, 300, seed=7)
    rng = random.Random(14)
    for number in range(12):
        submit(store, with_actions(PLACES[number % len(PLACES)], rng))
    summary = stored_priority_summary(store, Q, "es", "municipality", top_n=7)
    assert summary.duplicated(["group", "theme", "index"]).any()
    assert summary["actions"].str.contains(r"\(.*\) \| ", regex=True).any()
