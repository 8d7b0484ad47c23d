"""The published scoring formula and the ranking of areas, ties broken as stated."""

import pandas as pd
import pytest

from indicators import scoring
from indicators.questionnaire import load_questionnaire

Q = load_questionnaire()


@pytest.mark.parametrize(
    "capacity, priority, rank, need, points, index",
    [
        (0, 3, 1, 12, 3, 15),  # nothing exists, high priority, first choice: the maximum
        (4, 3, None, 0, 0, 0),  # consolidated: no need whatever the priority
        (2, 2, 2, 4, 2, 6),
        (1, 1, 3, 3, 1, 4),
        (3, 3, None, 3, 0, 3),
    ],
)
def test_priority_index_formula(capacity, priority, rank, need, points, index):
    assert scoring.need(capacity, priority) == need
    assert scoring.top_points(rank) == points
    assert scoring.priority_index(capacity, priority, rank) == index
    assert 0 <= index <= scoring.MAX_INDEX == 15


def answers(rows):
    return pd.DataFrame(rows, columns=["assessment_id", "area_key", "capacity", "priority", "top_rank"])


def test_ranking_is_mean_index_with_stated_tie_breaks():
    frame = answers(
        [
            # two respondents; rt1_local_development and rt1_regular_pathways tie on mean index (6)
            ("a", "rt1_local_development", 2, 3, None),
            ("b", "rt1_local_development", 2, 3, None),
            ("a", "rt1_regular_pathways", 2, 2, 2),
            ("b", "rt1_regular_pathways", 2, 2, 2),
            ("a", "rt1_fair_recruitment", 4, 3, 1),
            ("b", "rt1_fair_recruitment", 0, 3, None),
        ]
    )
    ranked = scoring.rank_areas(frame, Q).set_index("area_key")
    assert ranked.loc["rt1_fair_recruitment", "index"] == pytest.approx((3 + 12) / 2)
    assert ranked.loc["rt1_fair_recruitment", "rank"] == 1
    # equal index 6: more top-3 points wins (regular pathways chosen second by both)
    assert ranked.loc["rt1_regular_pathways", "rank"] == 2
    assert ranked.loc["rt1_local_development", "rank"] == 3
    assert ranked.loc["rt1_regular_pathways", "top3"] == 2 and ranked.loc["rt1_fair_recruitment", "top3"] == 1


def test_full_ties_fall_back_to_questionnaire_order():
    frame = answers(
        [("a", "rt2_return_reintegration", 1, 2, None), ("a", "rt2_identity_documents", 1, 2, None)]
    )
    ranked = scoring.rank_areas(frame, Q)
    assert list(ranked["area_key"]) == ["rt2_identity_documents", "rt2_return_reintegration"]
    assert scoring.rank_areas(answers([]), Q).empty
