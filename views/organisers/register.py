"""Register a local government that is not an IGM place, so that it can answer the self-assessment."""

import streamlit as st

from indicators import places as catalogue
from ui import actions, data, gate, widgets
from ui.lang import literal, tkey, translator

ACTION = "places.register"


def draw() -> None:
    t = translator()
    names = gate.reach(ACTION).country_names(data.country_names())
    st.caption(t("org.register_intro"))
    # A form keeps what was typed when the entry is refused, so nothing has to be typed twice.
    with st.form("register_place", clear_on_submit=False):
        name = st.text_input(t("org.field_name"), key="org_name", max_chars=120)
        country = st.selectbox(
            t("org.field_country"),
            list(names),
            format_func=names.get,
            key=tkey("org_country"),
            filter_mode=None,
            placeholder=t("sa.choose"),
        )
        level = st.selectbox(
            t("org.field_level"),
            list(catalogue.PLACE_LEVELS),
            index=1,
            format_func=lambda v: t(f"levels.{v}"),
            key=tkey("org_level"),
            filter_mode=None,
            placeholder=t("sa.choose"),
        )
        admin1 = st.text_input(t("org.admin1"), key="org_admin1", max_chars=120)
        code = st.text_input(t("org.official_code"), key="org_code", max_chars=20)
        if not st.form_submit_button(t("org.register"), type="primary"):
            return
        taken = set(data.all_places()["place_id"])
        new_id, problems = catalogue.new_place(name, country, level, set(names), taken)
        if problems:
            lines = [
                f"{t(f'org.field_{p.column}')}: {t(f'problems.{p.reason}', **p.params)}" for p in problems
            ]
            widgets.problem_list(t("org.not_registered"), lines)
            return
        actions.register_place(new_id, name.strip(), level, country, admin1.strip(), code.strip())
        st.success(t("org.registered", name=literal(name.strip()), place_id=new_id))
