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

page = st.navigation(
    [
        st.Page(r.script, title=t(f"nav.{r.key}"), icon=r.icon, url_path=r.url_path, default=r is routes.HOME)
        for r in routes.ROUTES
    ]
)
page.run()
