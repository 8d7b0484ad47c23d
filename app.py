"""Tablero IGM local: the frame and router. Page config, the shared sidebar, navigation."""

import streamlit as st

import ui
from indicators.i18n import LANGUAGES

# A local icon file: a ":material/...:" page icon is fetched from Google's font servers.
st.set_page_config(page_title="Tablero IGM local", page_icon="assets/favicon.png", layout="wide")

with st.sidebar:
    st.radio(
        "Idioma / Language",
        LANGUAGES,
        format_func=ui.LANGUAGE_NAMES.get,
        key="lang",
        horizontal=True,
        on_change=ui.carry_choices_across_languages,
    )
t = ui.translator()
ui.check_store()

page = st.navigation(
    [
        st.Page(
            "pages/home.py", title=t("nav.home"), icon=":material/home:", url_path="inicio", default=True
        ),
        st.Page("pages/map.py", title=t("nav.map"), icon=":material/map:", url_path="mapa"),
        st.Page(
            "pages/profile.py", title=t("nav.profile"), icon=":material/description:", url_path="perfiles"
        ),
        st.Page(
            "pages/assessment.py",
            title=t("nav.assessment"),
            icon=":material/checklist:",
            url_path="autoevaluacion",
        ),
        st.Page(
            "pages/consultation.py", title=t("nav.consultation"), icon=":material/quiz:", url_path="consulta"
        ),
        st.Page(
            "pages/presenter.py",
            title=t("nav.presenter"),
            icon=":material/co_present:",
            url_path="presentacion",
        ),
        st.Page(
            "pages/organisers.py",
            title=t("nav.organisers"),
            icon=":material/admin_panel_settings:",
            url_path="organizacion",
        ),
    ]
)
page.run()
