"""The presenter's follow-up steps: commitments by status per round table, and the change since a
chosen round (indicators/followup_charts.py), each with its choice of round, its sentence for screen
readers and its data one click away. Aggregates only; example data said so."""

import streamlit as st

from indicators.commitments import status_counts
from indicators.followup_charts import (
    change_data,
    change_figure,
    commitments_data,
    commitments_figure,
    describe_change,
    describe_commitments,
    moved,
    status_by_theme,
)
from indicators.i18n import Translator
from ui import data, followup

STEPS = ("commitments", "change")
EVERY_ROUND = "all"


def draw(step: str, t: Translator, lang: str) -> None:
    (draw_commitments if step == "commitments" else draw_change)(t, lang)


def _chart(figure, key: str, sentence: str, table, t: Translator) -> None:
    # theme=None keeps the figure's own large type instead of Streamlit's smaller chart theme.
    st.plotly_chart(figure, key=key, theme=None, alt=sentence, config={"displayModeBar": False})
    with st.expander(t("presenter.chart_data")):
        st.write(sentence)
        st.dataframe(table, hide_index=True)


def draw_commitments(t: Translator, lang: str) -> None:
    q = data.questionnaire()
    rounds = followup.rounds()
    choices = [EVERY_ROUND, *rounds["round_key"]]
    column, _ = st.columns([2, 3])
    chosen = column.selectbox(
        t("followup_chart.round"),
        choices,
        format_func=lambda k: (
            t("followup_chart.every_round") if k == EVERY_ROUND else followup.name_of_round(k)
        ),
        key="pr_cm_round",
        filter_mode=None,
    )
    found = followup.commitments()
    found = found[~found["withdrawn"].astype(bool)]
    if chosen != EVERY_ROUND:
        found = found[found["round_key"] == chosen]
    if found.empty:
        st.info(t("commitments.none"))
        return
    table = status_by_theme(status_counts(found, q, "theme"), q)
    examples = int(found["is_example"].sum())
    subtitle = (
        t("commitments.banner", count=examples, total=len(found))
        if examples
        else t("followup_chart.commitments_basis", count=len(found))
    )
    figure = commitments_figure(table, q, t, t("followup_chart.commitments_title"), subtitle)
    sentence = describe_commitments(table, q, t)
    _chart(figure, "pr_commitments", sentence, commitments_data(table, q, lang, t), t)


def draw_change(t: Translator, lang: str) -> None:
    q = data.questionnaire()
    rounds = followup.rounds()["round_key"].tolist()
    if len(rounds) < 2:
        st.info(t("followup_chart.one_round"))
        return
    after = followup.open_round() or rounds[-1]
    earlier = [k for k in rounds if k != after]
    column, _ = st.columns([2, 3])
    before = column.selectbox(
        t("followup_chart.since"),
        earlier,
        index=len(earlier) - 1,
        format_func=followup.name_of_round,
        key="pr_change_since",
        filter_mode=None,
    )
    change, places, examples = followup.change(before, after)
    names = {"before": followup.name_of_round(before), "after": followup.name_of_round(after)}
    if not places:
        st.info(t("followup_chart.no_places", **names))
        return
    shown = moved(change)
    if shown.empty:
        st.info(t("followup_chart.no_change"))
    else:
        subtitle = t("followup_chart.change_subtitle", places=places, **names)
        if examples[0]:
            subtitle = f"{t('presenter.examples', count=examples[0], total=examples[1])} {subtitle}"
        figure = change_figure(shown, q, lang, t, t("followup_chart.change_title"), subtitle)
        sentence = describe_change(shown, q, lang, t, places)
        _chart(figure, "pr_change", sentence, change_data(change, q, lang, t), t)
    st.caption(t("followup_chart.change_note"))
