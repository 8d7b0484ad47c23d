"""Check-in: a participant confirms their attendance at a session from their phone, with their e-mail
address or personal code; with ?pantalla=qr, the screen the presenter projects (the session's QR code
and how many have checked in, never a name).

Only the session the organisers opened takes check-ins; wrong tries are limited as for the access
codes (ui/gate.py). Nothing about the person is shown back: not even their name.
"""

import html

import streamlit as st

from indicators.participants import CHECKIN_OPEN, activities
from ui import actions, data, gate, routes
from ui.lang import language, literal, translator

t = translator()
lang = language()
sessions = {a.key: a for a in activities(data.seminar()) if a.checkin}
open_key = data.setting(CHECKIN_OPEN)
asked = st.query_params.get("sesion")
session = sessions.get(asked) or sessions.get(open_key)


PROJECTOR_CSS = """<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], header
{display: none !important;} [data-testid='stMetricLabel'] p {font-size: 1.6rem !important;}
[data-testid='stMetricValue'] {font-size: 4rem !important;}</style>"""


def session_url(key: str) -> str:
    """The address the session's QR code opens (in the page's language)."""
    suffix = "&lang=en" if lang == "en" else ""
    return f"{data.public_base()}/{routes.url_path('checkin')}?sesion={key}{suffix}"


st.title(t("checkin.title"))
if session is None:
    st.info(t("checkin.none_open"))
    st.stop()

if st.query_params.get("pantalla") == "qr":
    # The projector: no sidebar, the QR code large, the address and the count readable from the back.
    st.markdown(PROJECTOR_CSS, unsafe_allow_html=True)
    st.header(session.title[lang])
    url = session_url(session.key)
    picture, words = st.columns([2, 3], vertical_alignment="center")
    # Inline and sized by CSS: Streamlit draws a Markdown image at its own small size otherwise.
    alt = html.escape(t("checkin.qr_alt", url=url))
    picture.markdown(
        f'<img src="data:image/png;base64,{data.join_qr(url)}" alt="{alt}" style="width: 100%;'
        ' max-width: 420px; height: auto; object-fit: contain; image-rendering: pixelated">',
        unsafe_allow_html=True,
    )
    with words:
        st.markdown(f"## {t('checkin.scan')}")
        st.markdown(f"### {literal(url)}")

        @st.fragment(run_every=5)
        def count() -> None:
            st.metric(t("checkin.count"), data.attendance_count(session.key))

        count()
    if open_key != session.key:
        st.warning(t("checkin.closed"))
    st.stop()

st.subheader(session.title[lang])
if open_key != session.key:
    st.warning(t("checkin.closed"))
    st.stop()
if session.key in st.session_state.get("ci_done", ()):
    st.success(t("checkin.done"), icon=":material/check_circle:")
    st.stop()

outcome, value = st.session_state.pop("ci_gate", (None, None))
gate.code_refusal(outcome, value, "checkin.unknown")


def confirm() -> None:
    typed = st.session_state.get("ci_who", "")
    outcome, found = gate.try_secret(
        "checkin", lambda: data.store().participant_for_checkin(typed) if typed else None
    )
    if outcome == "ok":
        actions.check_in(found, session.key)
        st.session_state["ci_done"] = {*st.session_state.get("ci_done", ()), session.key}
        st.session_state.pop("ci_who", None)
    else:
        st.session_state["ci_gate"] = (outcome, found)


st.caption(t("checkin.intro"))
st.text_input(
    t("checkin.who"), key="ci_who", max_chars=254, autocomplete="email", placeholder=t("checkin.placeholder")
)
st.button(t("checkin.confirm"), type="primary", key="ci_confirm", on_click=actions.guarded(confirm))
