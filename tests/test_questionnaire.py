"""The questionnaire registry: complete, its checks, and its round tables named as the seminar names them."""

import dataclasses

import pytest

from indicators.questionnaire import check_questionnaire, load_questionnaire

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
