"""indicators/evaluation.py: the consultation's knowledge before and after and its satisfaction, as
aggregates for the presenter's closing step, readable on a projector."""

import json

import pandas as pd
import pytest

from indicators.charts import PROJECTOR_FONT, PROJECTOR_MAX_HEIGHT
from indicators.consultation import load_consultation
from indicators.evaluation import describe_evaluation, evaluation, evaluation_figure, evaluation_table
from indicators.i18n import Translator

C = load_consultation()
KNOWLEDGE = [i.key for i in C.items if i.kind == "knowledge"]


def responses(*people: tuple[dict | None, dict | None]) -> pd.DataFrame:
    rows = []
    for number, (before, after) in enumerate(people):
        for phase, answers in (("before", before), ("after", after)):
            if answers is not None:
                rows.append({"participant_id": f"p{number}", "phase": phase, "answers": answers})
    return pd.DataFrame(rows, columns=["participant_id", "phase", "answers"])


@pytest.fixture
def room() -> pd.DataFrame:
    """Two people answered both (knowledge 1→4 and 2→4), one only before, one only after."""
    return responses(
        (dict.fromkeys(KNOWLEDGE, 1), dict.fromkeys(KNOWLEDGE, 4) | {"satisfaction": 5, "use_at_work": 4}),
        (dict.fromkeys(KNOWLEDGE, 2), dict.fromkeys(KNOWLEDGE, 4) | {"satisfaction": 3, "use_at_work": 5}),
        (dict.fromkeys(KNOWLEDGE, 5), None),
        (None, dict.fromkeys(KNOWLEDGE, 1) | {"satisfaction": 4, "use_at_work": 2, "comments": "Gracias"}),
    )


def test_knowledge_compares_only_those_who_answered_both_and_agreement_counts_4_and_5(room):
    ev = evaluation(room, C)
    assert (ev.before, ev.after, ev.both) == (3, 3, 2)
    knowledge = ev.knowledge.set_index("item")
    assert knowledge.loc["k_igm", "mean_before"] == 1.5 and knowledge.loc["k_igm", "mean_after"] == 4.0
    assert knowledge.loc["k_igm", "mean_change"] == 2.5
    agreement = ev.agreement.set_index("item")
    assert agreement.loc["satisfaction", ["answered", "agree"]].tolist() == [3, 2]
    assert agreement.loc["use_at_work", "mean"] == pytest.approx(11 / 3)


def test_no_answers_is_empty_not_an_error():
    ev = evaluation(responses(), C)
    assert ev.empty and ev.both == 0


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_figure_fits_a_projector_in_large_type_and_says_it_in_words(room, language):
    t = Translator(language)
    ev = evaluation(room, C)
    spec = json.loads(evaluation_figure(ev, C, language, t).to_json())
    layout = spec["layout"]
    assert layout["height"] <= PROJECTOR_MAX_HEIGHT
    assert layout["font"]["size"] >= PROJECTOR_FONT and layout["yaxis"]["tickfont"]["size"] >= PROJECTOR_FONT
    assert t("evaluation.title") in layout["title"]["text"]
    # Six knowledge questions (two dots each) and two agreement questions (one dot each).
    after = next(trace for trace in spec["data"] if trace.get("name") == t("evaluation.after"))
    assert len(after["text"]) == len(KNOWLEDGE) + 2
    sentence = describe_evaluation(ev, C, language, t)
    assert "3" in sentence and ("1.5" in sentence and "4.0" in sentence)
    table = evaluation_table(ev, C, language, t)
    assert len(table) == len(KNOWLEDGE) + 2 and "2 / 3" in table[t("evaluation.col_agree")].tolist()


def test_no_name_or_code_or_comment_leaves_the_aggregates(room):
    ev = evaluation(room, C)
    shown = ev.knowledge.to_json() + ev.agreement.to_json()
    assert "p0" not in shown and "Gracias" not in shown
