"""Organisers: behind an account, one tab per task its role allows; one module per tab beside this one."""

import streamlit as st

from indicators import accounts
from ui import data, gate
from ui.lang import translator
from views.organisers import (
    answers,
    attendance,
    audit,
    codes,
    commitments,
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
account = gate.organiser_gate()
if not account:
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
    ("commitments.section", commitments),
    ("audit.tab", audit),
)
# Each module names the action (indicators/accounts.py) its tab needs: a role sees only its tabs.
TABS = tuple((title, module) for title, module in TABS if accounts.can(account, module.ACTION))
# The tab bar wraps onto a second line instead of scrolling: at 1440×900 it pushed "Importar
# respuestas" out of view (even when chosen) and cut "Cuestionario para KoboToolbox".
st.html("<style>[data-testid='stTabs'] [role='tablist'] { flex-wrap: wrap; row-gap: 0.25rem; }</style>")
for tab, (_, module) in zip(st.tabs([t(title) for title, _ in TABS]), TABS, strict=True):
    with tab:
        try:
            module.draw()
        except accounts.NotAllowed:  # the account changed since this page was drawn
            st.error(t("accounts.not_allowed"))
