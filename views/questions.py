"""Questions from the room: ask one for the session on now, vote for the others; organisers and
presenters also pin, mark answered or hide them here (hidden ones are listed only on the organisers'
page). Made for a phone: one column, full-width buttons, and a list that refreshes itself every few
seconds without touching what is being typed. Every question and name is shown as typed (ui.lang.literal).
"""

import datetime as dt

import streamlit as st

from indicators import questions
from ui import actions, closed, data, room, routes
from ui.lang import language, literal, translator

t = translator()
lang = language()
REFRESH_S = 8  # the list catches up with the room this often
PAGE = 30  # questions drawn at first; "more" draws as many again
TEXT, NAME, SEND = "q_text", "q_name", "q_send"  # widget keys the tests use (issue 26)

st.title(t("questions.title"))
session = room.question_session()
st.caption(t("questions.session", title=questions.session_title(data.seminar(), session, lang)))
is_closed = closed.notice("questions")
room.keep_cookie()  # the browser's id, for its votes and its limit on asking


def send() -> None:
    text = questions.clean(st.session_state.get(TEXT))
    problem = questions.text_problem(text)
    if problem:
        st.session_state["q_refused"] = t(f"questions.{problem}", most=questions.MAX_TEXT)
        return
    clients = room.ask_clients()
    until = questions.wait_until(clients, dt.datetime.now(), room.questions_asked)
    if until is not None:
        st.session_state["q_refused"] = room.wait_text(until)  # what was typed stays in the box
        return
    name = questions.clean(st.session_state.get(NAME))[: questions.MAX_NAME]
    actions.ask_question(session, text, name, clients)
    st.session_state[TEXT] = ""
    st.session_state["q_sent"] = True


with st.container(border=True):
    st.text_area(
        t("questions.ask"),
        key=TEXT,
        max_chars=questions.MAX_TEXT,
        placeholder=t("questions.ask_placeholder"),
        disabled=is_closed,
        height=110,
    )
    st.text_input(t("questions.name"), key=NAME, max_chars=questions.MAX_NAME, disabled=is_closed)
    st.button(
        t("questions.send"),
        key=SEND,
        type="primary",
        icon=":material/send:",
        on_click=actions.guarded(send),
        disabled=is_closed,
        width="stretch",
    )
    if refusal := st.session_state.pop("q_refused", None):
        st.error(refusal)
    if st.session_state.pop("q_sent", False):
        st.success(t("questions.sent"))
    minutes = round(questions.SESSION_QUOTA.window.total_seconds() / 60)
    st.caption(
        t("questions.rules", chars=questions.MAX_TEXT, most=questions.SESSION_QUOTA.most, minutes=minutes)
    )


def vote(question_id: str) -> None:
    if actions.toggle_vote(question_id, room.voter()) is None:
        st.session_state["q_gone"] = True  # said by the list (a callback must not draw)


def moderate(question_id: str, moderation: str) -> None:
    actions.moderate_question(question_id, moderation, room.moderator())


def show_more() -> None:
    st.session_state["q_limit"] = st.session_state.get("q_limit", PAGE) + PAGE


def draw_question(row, voted: bool, moderating: bool, closed_now: bool) -> None:
    with st.container(border=True):
        st.markdown(literal(row.text))
        tags = [t("questions.pinned")] if row.pinned else []
        if row.state == "answered":
            tags.append(t("questions.answered"))
        who = literal(row.author) if isinstance(row.author, str) and row.author else t("questions.anonymous")
        st.caption(" · ".join([who, room.clock(row.asked_at), *tags]))
        buttons = st.container(horizontal=True)
        buttons.button(
            t("questions.voted" if voted else "questions.vote", n=int(row.votes)),
            key=f"q_vote_{row.question_id}",
            icon=":material/thumb_up:",
            type="primary" if voted else "secondary",
            help=t("questions.vote_help"),
            on_click=actions.guarded(vote),
            args=(row.question_id,),
            disabled=closed_now,
        )
        if not moderating:
            return
        for moderation, key in (
            ("unpin" if row.pinned else "pin", "pin"),
            ("reopen" if row.state == "answered" else "answered", "answered"),
            ("hide", "hide"),
        ):
            buttons.button(
                t(f"questions.do_{moderation}"),
                key=f"q_{key}_{row.question_id}",
                type="tertiary",
                on_click=actions.guarded(moderate),
                args=(row.question_id, moderation),
            )


@st.fragment(run_every=REFRESH_S)
def question_list() -> None:
    """The session's questions as the room sees them, most voted first (questions.ordered)."""
    shown = questions.shown(room.session_questions(session))
    mine = room.my_votes(room.voter(), session)
    moderating = room.may_moderate()
    closed_now = room.answering_closed("questions")
    if st.session_state.pop("q_gone", False):
        st.toast(t("questions.gone"), icon=":material/info:")
    st.header(t("questions.list_title", count=len(shown)))  # h2 under the page's h1
    if moderating:
        st.page_link(
            routes.script("organisers"), label=t("questions.hidden_list"), icon=":material/visibility_off:"
        )
    if shown.empty:
        st.info(t("questions.none"))
        return
    limit = st.session_state.get("q_limit", PAGE)
    for row in shown.head(limit).itertuples(index=False):
        draw_question(row, row.question_id in mine, moderating, closed_now)
    if len(shown) > limit:
        st.button(t("questions.more", count=len(shown) - limit), key="q_more", on_click=show_more)


question_list()
