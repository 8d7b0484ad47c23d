"""Tablero IGM local: the frame and router. Page config, the shared sidebar, navigation."""

import streamlit as st

import ui
from indicators.i18n import LANGUAGES
from ui import routes

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
        # The language is in the address (?lang=en; Spanish needs none), so a reload keeps it.
        bind="query-params",
    )
t = ui.translator()
ui.page_css()
ui.check_store()

page = st.navigation(
    [
        st.Page(r.script, title=t(f"nav.{r.key}"), icon=r.icon, url_path=r.url_path, default=r is routes.HOME)
        for r in routes.ROUTES
    ]
)
page.run()
