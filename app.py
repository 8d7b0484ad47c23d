"""Tablero IGM local: the frame and router. Page config, the shared sidebar, navigation."""

import streamlit as st

from indicators.closing import AnsweringClosed
from indicators.i18n import DEFAULT_LANGUAGE, LANGUAGES
from indicators.postgres import DatabaseUnavailable
from ui import closed, frame, lang, routes

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
        format_func=lang.LANGUAGE_NAMES.get,
        key="lang",
        horizontal=True,
        on_change=lang.carry_choices_across_languages,
    )
lang.keep_in_address("lang", lang.language(), DEFAULT_LANGUAGE)
t = lang.translator()
frame.page_css()
frame.check_store()
frame.show_pending_database_error()

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
try:
    page.run()
except DatabaseUnavailable as error:
    # The database went away during this page (a server restart, a network cut): say so instead of
    # a trace; the widgets keep what was typed, and forms save it once the database is back.
    frame.database_unavailable(error)
except AnsweringClosed as refusal:
    closed.refused(refusal.what)  # a save the page made itself while answering was closed
