"""Organisers: behind an account, one tab per task its role allows; one module per tab beside this one."""

import streamlit as st

from indicators import accounts
from indicators.i18n import LANGUAGES, Translator
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
# Only the open tab runs (a click elsewhere on the page ran all 14: 45 → 154 ms, docs/benchmarks.md).
# The open tab's label is kept in session state under TAB_KEY (tests open a tab through it); after a
# language switch it is put in the new language, so the same tab stays open.
TAB_KEY = "org_tab"
labels = [t(title) for title, _ in TABS]
kept = st.session_state.get(TAB_KEY)
if kept is not None and kept not in labels:
    titles = {Translator(lang)(title): title for lang in LANGUAGES for title, _ in TABS}
    if kept in titles:
        st.session_state[TAB_KEY] = t(titles[kept])
    else:  # a tab this account's role no longer shows
        del st.session_state[TAB_KEY]
for tab, (_, module) in zip(st.tabs(labels, key=TAB_KEY, on_change="rerun"), TABS, strict=True):
    if not tab.open:
        continue
    with tab:
        try:
            module.draw()
        except accounts.NotAllowed:  # the account changed since this page was drawn
            st.error(t("accounts.not_allowed"))
