"""Readable pandas references the tests compare the app's figures with.

The app computes the presenter's screen and the summaries from the sums the store keeps
(indicators/aggregates.py, indicators/store/answer_totals.py); these compute the same from answer rows
(Store.submitted_answers), the way one would by hand, so a test can say the two agree.
"""

import pandas as pd

from indicators.presenter import LiveView, with_quadrants
from indicators.questionnaire import Questionnaire
from indicators.scoring import rank_areas, with_index
from indicators.summary import priority_summary


def live_view(answers: pd.DataFrame, q: Questionnaire, theme: str | None = None) -> LiveView:
    """The screen's figures for one round table (`theme`) or all of them (None)."""
    if theme is not None:
        keys = {a.key for a in q.areas_of(theme)}
        answers = answers[answers["area_key"].isin(keys)]
    per_assessment = answers.drop_duplicates("assessment_id")
    ranked = with_quadrants(rank_areas(answers, q))
    if answers.empty:
        heatmap = pd.DataFrame()
    else:
        heatmap = with_index(answers).pivot_table(
            index="country", columns="area_key", values="index", aggfunc="mean"
        )
        order = [a.key for a in q.areas if a.key in heatmap.columns]
        heatmap = heatmap[order]
    return LiveView(
        responses=len(per_assessment),
        local_governments=per_assessment["place_id"].nunique(),
        countries=per_assessment["country"].nunique(),
        examples=int(per_assessment["is_example"].sum()),
        ranked=ranked,
        heatmap=heatmap,
    )


def top_areas(answers: pd.DataFrame, q: Questionnaire, language: str, top_n: int = 3) -> pd.DataFrame:
    """The top areas per theme over all the given answers (one local government's, on its page)."""
    return priority_summary(answers, q, language, "region", top_n)


def example_share(answers: pd.DataFrame) -> tuple[int, int]:
    """(example assessments, all assessments) behind a summary, so example data is always labelled."""
    per_assessment = answers.drop_duplicates("assessment_id")
    return int(per_assessment["is_example"].sum()), len(per_assessment)
