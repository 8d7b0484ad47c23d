"""The questionnaire registry, the published scoring formula, and the XLSForm export."""

import dataclasses
import io

import openpyxl
import pandas as pd
import pytest

from indicators import scoring
from indicators.questionnaire import check_questionnaire, load_questionnaire
from indicators.xlsform import LABEL_EN, LABEL_ES, xlsform_bytes

Q = load_questionnaire()


def test_registry_is_complete_and_covers_every_round_table_objective():
    assert check_questionnaire(Q) == []
    assert list(Q.themes) == ["rt1", "rt2", "rt3", "rt4"]
    for theme in Q.themes:
        assert 4 <= len(Q.areas_of(theme)) <= 7
        expected = set(Q.objectives.index[Q.objectives["round_table"] == theme])
        assert expected <= {n for a in Q.areas_of(theme) for n in a.gcm}
    assert len({a.key for a in Q.areas}) == len(Q.areas)
    assert all(a.name["es"] and a.name["en"] and a.help["es"] and a.help["en"] for a in Q.areas)


def test_seminar_names_are_the_themes():
    assert Q.themes["rt3"]["es"] == "Mesa Redonda 3: Inclusión de las personas migrantes"


@pytest.mark.parametrize(
    "change, column, reason",
    [
        (lambda a: dataclasses.replace(a, gcm=(24,)), "gcm", "unknown_objective"),
        (lambda a: dataclasses.replace(a, igm_domain="housing"), "igm_domain", "not_in_list"),
        (lambda a: dataclasses.replace(a, name={"es": "Algo", "en": ""}), "name.en", "required"),
        (lambda a: dataclasses.replace(a, theme="rt9"), "theme", "not_in_list"),
    ],
)
def test_broken_area_is_reported(change, column, reason):
    broken = dataclasses.replace(Q, areas=(change(Q.areas[0]), *Q.areas[1:]))
    assert (1, column, reason) in [(p.row, p.column, p.reason) for p in check_questionnaire(broken)]


def test_uncovered_objective_and_theme_size_are_reported():
    without = tuple(a for a in Q.areas if a.key != "rt1_fair_recruitment")
    problems = check_questionnaire(dataclasses.replace(Q, areas=without))
    assert [(p.column, p.value, p.reason) for p in problems] == [("gcm", "6", "objective_not_covered")]
    tiny = tuple(a for a in Q.areas if a.theme != "rt3" or a.key == "rt3_basic_services")
    reasons = {p.reason for p in check_questionnaire(dataclasses.replace(Q, areas=tiny))}
    assert "areas_per_theme" in reasons


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


def test_xlsform_has_bilingual_labels_and_every_area(store):
    form = xlsform_bytes(Q, store.places(igm_only=False), store.countries())
    book = openpyxl.load_workbook(io.BytesIO(form))
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey = list(book["survey"].values)
    header = survey[0]
    assert LABEL_ES in header and LABEL_EN in header
    names = {row[header.index("name")] for row in survey[1:]}
    for area in Q.areas:
        assert {f"{area.key}_capacity", f"{area.key}_priority"} <= names
    choices = list(book["choices"].values)
    assert ("capacity", "0", "No existe", "Does not exist", None) in choices
    top2 = next(row for row in survey if row[1] == "rt1_top2")
    assert top2[header.index("constraint")] == ". != ${rt1_top1}"
