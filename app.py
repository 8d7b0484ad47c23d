"""Tablero IGM local: the frame and router. Page config, the shared sidebar, navigation."""

import streamlit as st

import ui
from indicators.i18n import DEFAULT_LANGUAGE, LANGUAGES
from ui import routes

# A local icon file: a ":material/...:" page icon is fetched from Google's font servers.
st.set_page_config(page_title="Tablero IGM local", page_icon="assets/favicon.png", layout="wide")

# The language is in the address (?lang=en; Spanish, the default, needs none), so a reload or a
# shared link keeps it. Not Streamlit's bind="query-params": that writes the label ("English").
if "lang" not in st.session_state and st.query_params.get("lang") in LANGUAGES:
    st.session_state["lang"] = st.query_params["lang"]
with st.sidebar:
    st.radio(
        "Idioma / Language",
        LANGUAGES,
        format_func=ui.LANGUAGE_NAMES.get,
        key="lang",
        horizontal=True,
        on_change=ui.carry_choices_across_languages,
    )
ui.keep_in_address("lang", ui.language(), DEFAULT_LANGUAGE)
t = ui.translator()
ui.page_css()
ui.check_store()

home = routes.HOME
pages = [
    st.Page(r.script, title=t(f"nav.{r.key}"), icon=r.icon, url_path=r.url_path)
    for r in routes.ROUTES
    if r is not home
]
# Streamlit serves the default page at "/" and answers its own address with "Page not found", so the
# home page is listed twice: at "/" in the menu, and hidden at /inicio for links and typed addresses.
pages[:0] = [
    st.Page(
        home.script,
        title=t(f"nav.{home.key}"),
        icon=home.icon,
        url_path=f"{home.url_path}-menu",
        default=True,
    ),
    st.Page(
        home.script, title=t(f"nav.{home.key}"), icon=home.icon, url_path=home.url_path, visibility="hidden"
    ),
]
page = st.navigation(pages)
page.run()
