"""The seminar consultation: "before" at the opening, "after" at the close, linked by a personal code.

No name is asked: the personal code alone links a participant's two answers. A refused answer keeps
everything typed (the form is not cleared); a second answer for the same phase edits the first.
"""

import streamlit as st

from indicators import access
from indicators.consultation import AFTER_WITHOUT_BEFORE, PHASES, problems_for_response
from ui import actions, data, gate, widgets
from ui.lang import language, tkey, translator

t = translator()
lang = language()
c = data.consultation()

st.title(t("consult.title"))
st.caption(t("consult.intro"))


def start_new() -> None:
    participant_id, code = actions.create_participant()
    st.session_state["cs"] = {"participant": participant_id, "code": code}


def open_with_code() -> None:
    outcome, found = gate.try_code(st.session_state.get("cs_code", ""), data.participant_for_code)
    st.session_state["cs_gate"] = (outcome, found)
    if outcome == "ok":
        st.session_state["cs"] = {"participant": found, "code": access.normalise(st.session_state["cs_code"])}


phase = st.radio(
    t("consult.phase"),
    PHASES,
    key=tkey("cs_phase"),
    horizontal=True,
    format_func=lambda p: t(f"consult.phase_{p}"),
)
current = st.session_state.get("cs")

if current is None:
    outcome, value = st.session_state.pop("cs_gate", (None, None))
    gate.code_refusal(outcome, value, "consult.code_invalid")
    new, existing = st.columns(2)
    with new, st.container(border=True):
        st.markdown(f"**{t('consult.new_title')}**")
        st.caption(t("consult.new_help"))
        st.button(t("consult.new"), on_click=actions.guarded(start_new), key="cs_new", type="primary")
    with existing, st.container(border=True):
        st.markdown(f"**{t('consult.existing_title')}**")
        st.text_input(t("consult.code"), key="cs_code", placeholder="ABCD-EFGH", max_chars=12)
        st.button(t("consult.continue"), on_click=actions.guarded(open_with_code), key="cs_open")
    st.stop()

st.info(t("consult.your_code", code=current["code"]), icon=":material/key:")
before = data.consultation_answers(current["participant"], "before")
if phase == "after" and before is None and data.setting(AFTER_WITHOUT_BEFORE) != "true":
    st.warning(t("consult.before_first"))
    st.stop()

saved = data.consultation_answers(current["participant"], phase) or {}
if saved:
    st.caption(t("consult.editing"))
problems = st.session_state.get(f"cs_problems_{phase}", [])
with st.form(f"consultation_{phase}", clear_on_submit=False):
    answers = {}
    for item in c.items_of(phase):
        if item.kind == "text":
            answers[item.key] = st.text_area(
                item.text[lang], value=saved.get(item.key, ""), max_chars=1000, key=f"cs_{phase}_{item.key}"
            )
        else:
            values = c.values(item)
            answers[item.key] = st.radio(
                item.text[lang],
                values,
                horizontal=True,
                key=f"cs_{phase}_{item.key}",
                index=values.index(saved[item.key]) if saved.get(item.key) in values else None,
                format_func=lambda v, item=item: f"{v} · {c.label(item, v, lang)}",
            )
        widgets.field_problems(problems, item.key)
    if st.form_submit_button(t("consult.save"), type="primary"):
        found = problems_for_response(phase, answers, c)
        st.session_state[f"cs_problems_{phase}"] = found
        if found:
            st.rerun()  # draw the messages beside the fields; the form keeps what was typed
        version = actions.save_consultation(current["participant"], phase, answers)
        st.session_state["cs_saved"] = (phase, version)
        st.rerun()

if problems:
    st.error(t("consult.not_saved", count=len(problems)))
if st.session_state.get("cs_saved", (None,))[0] == phase:
    st.success(t("consult.saved", version=st.session_state["cs_saved"][1]))
