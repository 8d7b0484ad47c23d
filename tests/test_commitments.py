"""indicators/commitments.py: what a submission commits to, due dates, statuses, evidence links, the
overdue ones and the counts per round table and GCM objective."""

import datetime as dt

import pandas as pd
import pytest

from indicators.assessment import AreaAnswer
from indicators.commitments import (
    STATUSES,
    add_months,
    due_date,
    is_overdue,
    proposed,
    status_counts,
    update_problems,
)
from indicators.questionnaire import load_questionnaire
from tests.conftest import complete

Q = load_questionnaire()


@pytest.mark.parametrize(
    ("day", "timeframe", "due"),
    [
        (dt.date(2022, 9, 13), "6m", dt.date(2023, 3, 13)),
        (dt.date(2022, 9, 13), "1y", dt.date(2023, 9, 13)),
        (dt.date(2022, 8, 31), "6m", dt.date(2023, 2, 28)),
        (dt.date(2023, 8, 31), "6m", dt.date(2024, 2, 29)),
        (dt.date(2022, 9, 13), "longer", None),  # "more than a year": no date can honestly be given
        (dt.date(2022, 9, 13), None, None),
    ],
)
def test_due_date_is_the_timeframe_from_the_submission(day, timeframe, due):
    assert due_date(day, timeframe) == due


def test_add_months_across_years():
    assert add_months(dt.date(2022, 11, 30), 3) == dt.date(2023, 2, 28)
    assert add_months(dt.date(2022, 1, 15), 24) == dt.date(2024, 1, 15)


def test_only_top3_areas_with_an_action_are_commitments():
    assessment = complete("hnd-danli")
    rt1 = [a.key for a in Q.areas_of("rt1")]
    assessment.answers[rt1[0]] = AreaAnswer(1, 3, "  Mesa municipal  ", " Alcaldía ", "6m")
    assessment.answers[rt1[1]] = AreaAnswer(1, 3, "   ", "Alcaldía", "6m")  # blank action
    assessment.answers[rt1[4]] = AreaAnswer(1, 3, "Outside the top 3", "", "1y")
    assert proposed(assessment, Q) == [
        {"area_key": rt1[0], "action": "Mesa municipal", "office": "Alcaldía", "timeframe": "6m"}
    ]


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        (("done", None, None), []),
        (("in_progress", "Reunión", "https://example.org/acta.pdf"), []),
        ((None, "", ""), []),  # clearing a note and a link
        (("Done", None, None), ["unknown_status"]),
        ((None, None, "http://"), ["evidence_not_http"]),
        ((None, None, "javascript:alert(1)"), ["evidence_not_http"]),
        ((None, None, "data:text/html,<b>x</b>"), ["evidence_not_http"]),
        ((None, None, "https://example.org/a b"), ["evidence_not_http"]),
        ((None, None, "https://example.org/" + "a" * 500), ["evidence_too_long"]),
        (("stalled", "x" * 1001, None), ["note_too_long"]),
    ],
)
def test_update_rules(change, problems):
    assert update_problems(*change) == problems


def frame(rows):
    return pd.DataFrame(rows, columns=["round_key", "area_key", "status", "due_date", "withdrawn"]).astype(
        {"due_date": "datetime64[s]"}
    )


def test_overdue_means_past_due_and_still_open():
    today = dt.date(2024, 1, 1)
    rows = frame(
        [
            ("r", Q.areas[0].key, "planned", "2023-06-01", False),  # overdue
            ("r", Q.areas[0].key, "stalled", "2023-06-01", False),  # overdue
            ("r", Q.areas[0].key, "done", "2023-06-01", False),
            ("r", Q.areas[0].key, "dropped", "2023-06-01", False),
            ("r", Q.areas[0].key, "planned", "2023-06-01", True),  # withdrawn
            ("r", Q.areas[0].key, "planned", "2024-01-01", False),  # due today: not yet
            ("r", Q.areas[0].key, "in_progress", None, False),  # no date
        ]
    )
    assert is_overdue(rows, today).tolist() == [True, True, False, False, False, False, False]


def test_status_counts_per_round_table_and_per_objective():
    rt1, rt3 = Q.areas_of("rt1")[0], Q.areas_of("rt3")[0]
    rows = frame(
        [
            ("a", rt1.key, "planned", None, False),
            ("a", rt1.key, "done", None, False),
            ("a", rt3.key, "done", None, False),
            ("b", rt1.key, "stalled", None, False),
            ("b", rt1.key, "planned", None, True),  # withdrawn: not counted
        ]
    )
    by_theme = status_counts(rows, Q, "theme").set_index(["round_key", "theme"])
    assert list(by_theme.columns) == [*STATUSES, "total"]
    assert by_theme.loc[("a", "rt1")].tolist() == [1, 0, 1, 0, 0, 2]
    assert by_theme.loc[("b", "rt1"), "total"] == 1 and by_theme.loc[("a", "rt3"), "done"] == 1
    by_objective = status_counts(rows, Q, "gcm").set_index(["round_key", "gcm"])
    assert by_objective.loc[("a", rt1.gcm[0]), "total"] == 2
    assert status_counts(rows.iloc[:0], Q, "theme").empty
