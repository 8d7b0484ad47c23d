"""The way in: a local government and its access code (a new answer), or a resume code (an old one)."""

import streamlit as st

from ui import actions, data, gate, widgets
from ui import form_keys as keys
from ui.lang import translator
from views.assessment.state import resume_with_code, start_with_access_code


def draw_gate() -> None:
    t = translator()
    st.markdown(t("sa.gate_intro"))
    outcome, value = st.session_state.pop(keys.GATE, (None, None))
    gate.code_refusal(outcome, value, "sa.code_invalid")
    if outcome == "no_place":
        st.error(t("sa.choose_place"))
    everyone = data.all_places()
    names = data.country_names()
    start, resume = st.columns(2)
    with start, st.container(border=True):
        st.markdown(f"**{t('sa.start_title')}**")
        country = st.selectbox(
            t("sa.country"),
            sorted(everyone["country"].unique(), key=names.get),
            format_func=names.get,
            index=None,
            placeholder=t("sa.choose"),
            key=keys.widget(keys.COUNTRY),
            filter_mode=None,
        )
        in_country = everyone[everyone["country"] == country].sort_values("name")
        widgets.place_picker(
            t("sa.local_government"),
            dict(zip(in_country["place_id"], in_country["name"], strict=True)),
            key=keys.PLACE,
            placeholder=t("sa.choose"),
            disabled=country is None,
        )
        # A form of its own, so Enter in the code box starts, as the button does.
        with st.form("sa_start_form", border=False):
            st.text_input(t("sa.access_code"), key=keys.ACCESS_CODE, placeholder="ABCD-EFGH", max_chars=12)
            st.form_submit_button(
                t("sa.start"),
                on_click=actions.guarded(start_with_access_code),
                type="primary",
                key=keys.START,
            )
    with resume, st.container(border=True):
        st.markdown(f"**{t('sa.resume_title')}**")
        with st.form("sa_resume_form", border=False):
            st.text_input(t("sa.resume_code"), key=keys.RESUME_CODE, placeholder="ABCD-EFGH", max_chars=12)
            st.form_submit_button(
                t("sa.resume"),
                key=keys.RESUME,
                on_click=actions.guarded(
                    lambda: resume_with_code(st.session_state.get(keys.RESUME_CODE, ""))
                ),
            )
