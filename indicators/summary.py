"""Priority summaries: the top areas per theme for a municipality, a country or the region."""

import pandas as pd

from indicators.questionnaire import Questionnaire
from indicators.scoring import rank_areas


def top_areas(answers: pd.DataFrame, q: Questionnaire, language: str, top_n: int = 3) -> pd.DataFrame:
    """The `top_n` areas of each theme, with names, index and the GCM objectives they serve."""
    ranked = rank_areas(answers, q)
    ranked = ranked[ranked["rank"] <= top_n].copy()
    areas = q.area_by_key
    ranked["area"] = [areas[k].name[language] for k in ranked["area_key"]]
    ranked["gcm"] = [
        ", ".join(f"{n}. {q.objectives.loc[n, f'short_{language}']}" for n in areas[k].gcm)
        for k in ranked["area_key"]
    ]
    return ranked.reset_index(drop=True)


def example_share(answers: pd.DataFrame) -> tuple[int, int]:
    """(example assessments, all assessments) behind a summary, so example data is always labelled."""
    per_assessment = answers.drop_duplicates("assessment_id")
    return int(per_assessment["is_example"].sum()), len(per_assessment)
