"""The presenter's closing step, "Evaluación del Seminario": the consultation's knowledge before and
after and its satisfaction, as aggregates only (indicators/evaluation.py), readable at 1280×720."""

import streamlit as st

from indicators.evaluation import describe_evaluation, evaluation_figure, evaluation_table
from indicators.i18n import Translator
from ui import data


def draw(t: Translator, lang: str) -> None:
    ev = data.evaluation()
    if ev.empty:
        st.info(t("evaluation.none"))
        return
    c = data.consultation()
    sentence = describe_evaluation(ev, c, lang, t)
    figure = evaluation_figure(ev, c, lang, t)
    st.plotly_chart(figure, key="pr_evaluation", theme=None, alt=sentence, config={"displayModeBar": False})
    with st.expander(t("presenter.chart_data")):
        st.write(sentence)
        st.dataframe(evaluation_table(ev, c, lang, t), hide_index=True)
    st.caption(t("evaluation.note"))
