"""indicators/summary.py: the readable pandas reference of the priority summaries (the SQL one is
compared with it in tests/test_aggregates.py)."""

import pytest

from indicators.questionnaire import load_questionnaire
from indicators.summary import SCOPES, SUMMARY_COLUMNS, priority_summary
from tests.conftest import complete
from tests.oracles import example_share, top_areas

Q = load_questionnaire()


@pytest.fixture
def answers(store):
    """Two assessments of Danlí and one of Omoa; the Omoa one is an example."""
    for place_id, capacity in (("hnd-danli", 1), ("hnd-danli", 2), ("hnd-omoa", 4)):
        assessment_id, _ = store.create_assessment(place_id, is_example=place_id == "hnd-omoa")
        store.submit_assessment(assessment_id, complete(place_id, capacity=capacity), Q, "test")
    return store.submitted_answers()


@pytest.mark.parametrize("scope", [*SCOPES, "municipality"])
def test_each_scope_has_a_group_per_place_country_or_region(answers, scope):
    summary = priority_summary(answers, Q, "es", scope)
    groups = {
        "local_government": {"hnd-danli", "hnd-omoa"},
        "municipality": {"hnd-danli", "hnd-omoa"},  # the old name of the scope, still accepted
        "country": {"HND"},
        "region": {"region"},
    }[scope]
    assert list(summary.columns) == SUMMARY_COLUMNS and set(summary["group"]) == groups
    # the top three areas of each round table, ranked 1 to 3, for every group
    ranks = summary.groupby(["group", "theme"])["rank"].apply(sorted)
    assert len(ranks) == len(groups) * len(Q.themes) and all(r == [1, 2, 3] for r in ranks)


def test_area_names_follow_the_language_and_the_top_can_be_longer(answers):
    spanish, english = top_areas(answers, Q, "es"), top_areas(answers, Q, "en")
    first = Q.area_by_key[spanish["area_key"].iloc[0]]
    assert spanish["area"].iloc[0] == first.name["es"] and english["area"].iloc[0] == first.name["en"]
    assert len(top_areas(answers, Q, "es", top_n=5)) == 5 * len(Q.themes)


def test_examples_are_counted_per_assessment_not_per_answer(answers):
    assert example_share(answers) == (1, 3)
    assert priority_summary(answers.iloc[0:0], Q, "es", "region").empty
    with pytest.raises(ValueError):
        priority_summary(answers, Q, "es", "planet")
