"""Organisers: behind the password, one tab per task; each tab is its own module beside this one."""

import streamlit as st

from ui import data, gate
from ui.lang import translator
from views.organisers import (
    answers,
    attendance,
    codes,
    consultation,
    layers,
    participants,
    practices,
    questionnaire,
    questions,
    register,
    results,
    summaries,
)

t = translator()
st.title(t("org.title"))
if not gate.organiser_gate():
    st.stop()
st.caption(t("org.responses", **data.assessment_counts()))

# (catalogue key of the tab's title, its module), in the order the tabs show.
TABS = (
    ("org.codes_title", codes),
    ("org.summaries_title", summaries),
    ("consult.results_title", consultation),
    ("org.results_title", results),
    ("practices.tab", practices),
    ("layers.title", layers),
    ("org.register_title", register),
    ("org.questionnaire_title", questionnaire),
    ("offline.tab", answers),
    ("roster.tab", participants),
    ("attendance.tab", attendance),
    ("questions.org_tab", questions),
)
for tab, (_, module) in zip(st.tabs([t(title) for title, _ in TABS]), TABS, strict=True):
    with tab:
        module.draw()
