"""The room on the Streamlit side: its reads (the questions of a session, the session on now, whether
answering is closed, the proposed actions as words), which browser this is (for votes and the limit on
asking), who may moderate questions and open or close answering, and the clock time a wait is said in.

The reads go through ui/data.py's one cache (`data.cached`), keyed on the revisions they read: the
questions follow their own revision, so a vote recomputes them once for every phone and nothing else.
One browser's own rows (its votes, its counters) are read straight, as ui/data.py reads one person's.

A browser is known by a random id kept in a cookie for the browser's session (no expiry: it goes
when the browser is closed), so a reload or a second tab neither gives a second vote nor resets the
limit on asking. Until the cookie is back from the browser, the id lives in the page's session.
"""

import datetime as dt
import re
import uuid

import pandas as pd
import streamlit as st

from indicators import access, closing, questions, words
from indicators.exports.questions import questions_csv as questions_file
from ui import data, gate, routes
from ui.lang import language, shown_time, translator

QUESTION_SESSION = "questions.session"  # the setting: the session questions go to (seminar.toml's key)
COOKIE = "igm_room"
BROWSER = "room_browser"  # session_state: this browser's id
BROWSER_ID = re.compile(r"[0-9a-f]{32}")
# Written by the browser itself: Streamlit reads cookies but cannot set one.
SET_COOKIE = "<script>document.cookie = '{name}={value}; path=/; SameSite=Lax';</script>"


# --- reads ----------------------------------------------------------------------------------------


def question_session() -> str:
    """The session questions go to now (questions.current_session)."""
    return questions.current_session(data.seminar(), data.setting(QUESTION_SESSION), data.today())


@data.cached("questions")
def session_questions(session_key: str | None) -> pd.DataFrame:
    """Every question of a session (None: of all), hidden ones too, with its votes: once per change
    for every phone and the presenter. The views show `questions.shown(...)` to the room."""
    return data.store().questions(session_key)


def my_votes(voter_key: str, session_key: str) -> set[str]:
    """The questions this browser voted for: read straight, it is one person's."""
    return data.store().votes_of(voter_key, session_key)


def questions_asked(client: str, since: dt.datetime) -> list[dt.datetime]:
    """When a counter (questions.ask_clients) asked since then: read straight, as code attempts are."""
    return data.store().failed_attempts(client, since)


def questions_csv() -> bytes:
    """Every question as CSV (exports/questions.py), for the organisers' download."""
    return questions_file(session_questions(None), translator(), data.today())


def answering_closed(what: str) -> bool:
    """Whether the presenter closed `what` (indicators/closing.py) to new answers."""
    return closing.is_closed(data.setting(closing.setting_key(what)))


@data.cached("answers")
def proposed_terms(area_keys: tuple[str, ...] | None, count: int) -> tuple[list[words.Term], int, int]:
    """The most frequent words and phrases of the proposed actions of the top-3 areas among
    `area_keys` (None: all): (terms, actions, of which from example assessments)."""
    actions = data.store().proposed_actions(list(area_keys) if area_keys is not None else None)
    terms = words.frequent_terms(list(actions["action"]), count)
    return terms, len(actions), int(actions["is_example"].astype(bool).sum())


# --- this browser ----------------------------------------------------------------------------------


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
# An account logged in on the organisers' page, whose role allows it (indicators/accounts.py).


def may_moderate() -> bool:
    """Hide, pin, mark answered, see hidden questions: organisers and presenters."""
    return gate.may("room.moderate")


def may_control() -> bool:
    """Choose the session questions go to, close and reopen answering: organisers and presenters."""
    return gate.may("room.control")


def moderator() -> str:
    """Who a moderation is recorded under: the logged-in account."""
    current = gate.account()
    return current.user if current else ""


def clock(moment) -> str:
    """A time of the server's clock (a wait's end, when a question was asked) as the room reads it:
    in the seminar's time zone, in the page's language (ui.lang.shown_time)."""
    return shown_time(moment)


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
    this server's own address), in the page's language (an English screen's link and QR open the
    English page, as the form's do)."""
    base = data.form_url().rsplit("/", 1)[0]
    return routes.with_language(f"{base}/{routes.url_path('questions')}", language())
