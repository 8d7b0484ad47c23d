"""The room's side of a browser: which browser this is (for votes and the limit on asking), who may
moderate questions and open or close answering, and the clock time a wait is said in.

A browser is known by a random id kept in a cookie for the browser's session (no expiry: it goes
when the browser is closed), so a reload or a second tab neither gives a second vote nor resets the
limit on asking. Until the cookie is back from the browser, the id lives in the page's session.
"""

import datetime as dt
import re
import uuid

import streamlit as st

from indicators import access, questions
from ui import data, routes
from ui.lang import translator

COOKIE = "igm_room"
BROWSER = "room_browser"  # session_state: this browser's id
BROWSER_ID = re.compile(r"[0-9a-f]{32}")
# Written by the browser itself: Streamlit reads cookies but cannot set one.
SET_COOKIE = "<script>document.cookie = '{name}={value}; path=/; SameSite=Lax';</script>"


def _text(value) -> str | None:
    """Only text counts: outside a browser (a test runner) the context holds stand-ins."""
    return value if isinstance(value, str) else None


def browser_id() -> str:
    """This browser's random id: from its cookie, else new (`keep_cookie` writes it)."""
    if BROWSER not in st.session_state:
        found = _text(st.context.cookies.get(COOKIE))
        st.session_state[BROWSER] = found if found and BROWSER_ID.fullmatch(found) else uuid.uuid4().hex
    return st.session_state[BROWSER]


def keep_cookie() -> None:
    """Write this browser's id to its cookie unless the browser sent it already: once per page run,
    never from a callback (which must not draw)."""
    value = browser_id()
    if _text(st.context.cookies.get(COOKIE)) != value:
        # In the sidebar: a script element takes a line of space, and the sidebar has room for it.
        st.sidebar.html(SET_COOKIE.format(name=COOKIE, value=value), unsafe_allow_javascript=True)


def voter() -> str:
    return questions.voter_key(browser_id())


def ask_clients() -> dict:
    """The counters a question from this browser is charged to (indicators/questions.ask_clients)."""
    headers = st.context.headers
    address = access.client_address(
        _text(st.context.ip_address), _text(headers.get("X-Forwarded-For") if headers else None)
    )
    return questions.ask_clients(browser_id(), address)


# --- who may moderate and open or close answering ---------------------------------------------------
# Until organiser accounts exist (issue 23), both are the organisers' gate: whoever gave the organisers'
# password in this browser session. With accounts, these two functions ask the permission API instead.


def may_moderate() -> bool:
    """Hide, pin, mark answered, see hidden questions: organisers and presenters."""
    return bool(st.session_state.get("organiser_ok"))


def may_control() -> bool:
    """Choose the session questions go to, close and reopen answering: organisers and presenters."""
    return bool(st.session_state.get("organiser_ok"))


def moderator() -> str:
    """Who a moderation is recorded under."""
    return "organiser"


def clock(moment) -> str:
    """The clock time a wait ends, as people in the room read it. The one place to switch to the
    seminar's time zone (ui.lang's shown time) once the app has one."""
    return moment.strftime("%H:%M")


def wait_text(until) -> str:
    """ "You have asked 10 questions in 10 minutes: ask again in 4 min (at 10:42)." """
    t = translator()
    seconds = max(1, round((until - dt.datetime.now()).total_seconds()))
    wait = t("access.seconds", n=seconds) if seconds < 120 else t("access.minutes", n=round(seconds / 60))
    return t(
        "questions.wait",
        most=questions.SESSION_QUOTA.most,
        minutes=round(questions.SESSION_QUOTA.window.total_seconds() / 60),
        wait=wait,
        time=clock(until),
    )


def question_url() -> str:
    """Where the room asks: the questions page beside the form (data.form_url: IGM_PUBLIC_URL, else
    this server's own address)."""
    base = data.form_url().rsplit("/", 1)[0]
    return f"{base}/{routes.url_path('questions')}"
