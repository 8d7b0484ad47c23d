"""indicators/charts.py: the consultation's results as one bar per question and phase, area codes and
labels, and the profile's answers chart (the presenter's charts: tests/test_presenter_charts.py)."""

import pandas as pd
import pytest

from indicators import charts
from indicators.i18n import Translator
from indicators.questionnaire import load_questionnaire

T = Translator("es")


def distributions() -> pd.DataFrame:
    questions = [
        "El IGM local",
        "El Pacto Mundial para la Migración (PMM)",
        "Usaré lo aprendido en mi trabajo",
    ]
    rows = []
    for number, question in enumerate(questions):
        phases = ["Antes del seminario", "Después del seminario"] if number < 2 else ["Después del seminario"]
        for phase in phases:
            for value in range(1, 6):
                rows.append((question, phase, value, value + number, f"etiqueta {value}"))
    columns = [T(f"consult.col_{k}") for k in ("item", "phase", "value", "count", "label")]
    return pd.DataFrame(rows, columns=columns)


def test_consultation_chart_has_a_bar_per_question_and_phase_not_a_block_of_labels():
    """The labels used to be question × answer pairs under 30 grouped bars, overlapping into a block;
    now each question and phase is one horizontal bar, a segment per value with its count in it."""
    fig = charts.consultation_chart(distributions(), T)
    assert fig.layout.barmode == "stack"
    assert [trace.name for trace in fig.data] == ["1", "2", "3", "4", "5"]
    assert all(trace.orientation == "h" for trace in fig.data)
    questions, phases = fig.data[0].y
    assert list(zip(questions, phases, strict=True)) == [
        ("El IGM local", "Antes del seminario"),
        ("El IGM local", "Después del seminario"),
        ("El Pacto Mundial para la Migración<br>(PMM)", "Antes del seminario"),
        ("El Pacto Mundial para la Migración<br>(PMM)", "Después del seminario"),
        ("Usaré lo aprendido en mi trabajo", "Después del seminario"),
    ]
    assert list(fig.data[4].text) == ["5", "5", "6", "6", "7"]  # the count written in each segment
    assert fig.layout.height >= 44 * 5 + 200  # room for every bar's two-line label
    assert "3 preguntas" in charts.describe_consultation(distributions(), T)


# --- area labels and the profile's answers chart ----------------------------------------------------

Q = load_questionnaire()


def test_area_codes_and_labels_say_table_and_place_in_it_within_two_lines():
    first, third = Q.areas_of("rt2")[0].key, Q.areas_of("rt2")[2].key
    assert charts.area_code(first, Q) == "2.1" and charts.area_code(third, Q) == "2.3"
    for area in Q.areas:
        label = charts.area_label(area.key, Q, "es")
        assert label.startswith(f"{charts.area_code(area.key, Q)} ") and label.count("<br>") <= 1


def test_answers_chart_stacks_answers_per_group_in_the_catalogues_words():
    counts = pd.DataFrame(
        {
            "group": ["1. Gobernanza", "1. Gobernanza", "2. Bienestar"],
            "answer": ["met", "not_met", "met"],
            "count": [3, 1, 2],
        }
    )
    fig = charts.answers_chart(counts, T, examples=False)
    assert fig.layout.barmode == "stack"
    assert [trace.name for trace in fig.data] == [T("answers.met"), T("answers.not_met")]
    assert list(fig.layout.yaxis.categoryarray) == ["2. Bienestar", "1. Gobernanza"]


@pytest.mark.parametrize("people, step", [(1, 1), (3, 1), (10, 1), (40, None)])
def test_the_consultation_counts_people_in_whole_numbers(people, step):
    """With one participant the axis read 0, 0.2 … 1: people are counted in whole numbers."""
    columns = [T(f"consult.col_{k}") for k in ("item", "phase", "value", "count", "label")]
    rows = [("El IGM local", "Antes del seminario", 3, people, "Intermedio")]
    fig = charts.consultation_chart(pd.DataFrame(rows, columns=columns), T)
    assert fig.layout.xaxis.tickformat == "d" and fig.layout.xaxis.dtick == step
