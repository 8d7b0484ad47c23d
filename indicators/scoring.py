"""The priority index: how strongly a municipality's answers point at an area. Published formula.

For one assessment and one area:

    need            = priority × (4 − capacity)           0 … 12
    top-3 points    = 3 for the first choice of its theme, 2 for the second, 1 for the third, else 0
    priority index  = need + top-3 points                  0 … 15

For a municipality (or a country, or the region) the index of an area is the mean over the
submitted assessments, and "top 3" counts how many assessments put it among their three choices.
Ties are broken, in order, by more top-3 points, higher mean priority, lower mean capacity, and
finally the area's position in the questionnaire, so a ranking never depends on chance.
"""

import pandas as pd

from indicators.questionnaire import TOP_CHOICES, Questionnaire

MAX_CAPACITY = 4
MAX_INDEX = 3 * MAX_CAPACITY + TOP_CHOICES


def need(capacity: int, priority: int) -> int:
    return priority * (MAX_CAPACITY - capacity)


def top_points(rank: int | None) -> int:
    """Ranking-poll points: first of n choices gets n points, the last gets 1, unranked 0."""
    return TOP_CHOICES + 1 - rank if rank else 0


def priority_index(capacity: int, priority: int, rank: int | None) -> int:
    return need(capacity, priority) + top_points(rank)


def with_index(answers: pd.DataFrame) -> pd.DataFrame:
    """Answers with `points` and `index` columns: the formula above, row by row, vectorised."""
    points = (TOP_CHOICES + 1 - answers["top_rank"].astype("Float64")).fillna(0).astype(int)
    need_ = answers["priority"].astype(int) * (MAX_CAPACITY - answers["capacity"].astype(int))
    return answers.assign(points=points, index=need_ + points)


def rank_areas(answers: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Areas ranked within each theme from answers (assessment_id, area_key, capacity, priority, top_rank).

    Returns one row per answered area: theme, area_key, index (mean), capacity and priority (means),
    points (mean top-3 points), top3 (number of assessments that chose it), respondents, rank.
    """
    columns = ["theme", "area_key", "index", "capacity", "priority", "points", "top3", "respondents", "rank"]
    if answers.empty:
        return pd.DataFrame(columns=columns)
    frame = with_index(answers)
    frame["chosen"] = frame["top_rank"].notna()
    grouped = frame.groupby("area_key").agg(
        index=("index", "mean"),
        capacity=("capacity", "mean"),
        priority=("priority", "mean"),
        points=("points", "mean"),
        top3=("chosen", "sum"),
        respondents=("assessment_id", "nunique"),
    )
    order = {a.key: i for i, a in enumerate(questionnaire.areas)}
    grouped["theme"] = [questionnaire.area_by_key[k].theme for k in grouped.index]
    grouped["position"] = [order[k] for k in grouped.index]
    grouped = grouped.reset_index().sort_values(
        ["theme", "index", "points", "priority", "capacity", "position"],
        ascending=[True, False, False, False, True, True],
    )
    grouped["rank"] = grouped.groupby("theme").cumcount() + 1
    grouped["top3"] = grouped["top3"].astype(int)
    return grouped[columns].reset_index(drop=True)
