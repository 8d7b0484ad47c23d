"""Organisers: the room's questions of a session, hidden ones too (the only place they still show), with
moderation (pin, answered, hide, show again) and every question as a CSV file."""

import pandas as pd
import streamlit as st

from indicators import questions
from ui import actions, data, room
from ui.lang import language, translator

ACTION = "room.moderate"


def draw() -> None:
    t = translator()
    lang = language()
    seminar = data.seminar()
    keys = questions.session_keys(seminar)
    current = room.question_session()
    st.caption(t("questions.org_intro"))
    session = st.selectbox(
        t("questions.org_session"),
        keys,
        index=keys.index(current) if current in keys else 0,
        format_func=lambda k: (
            questions.session_title(seminar, k, lang)
            + (f" · {t('questions.org_now')}" if k == current else "")
        ),
        key="oq_session",
        filter_mode=None,
        placeholder=t("sa.choose"),  # never Streamlit's English "Choose an option"
    )
    listed = questions.ordered(room.session_questions(session))
    if listed.empty:
        st.info(t("questions.none"))
    else:
        st.dataframe(table(listed, t), hide_index=True)
        draw_moderation(listed, t)
    st.download_button(
        t("questions.org_download"),
        data=room.questions_csv(),
        file_name=f"{t('questions.file_name')}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="oq_download",
        on_click="ignore",
    )


def table(listed: pd.DataFrame, t) -> pd.DataFrame:
    """A dataframe shows text as text: questions and names need no escaping here."""
    return pd.DataFrame(
        {
            t("questions.col_id"): listed["question_id"],
            t("questions.col_text"): listed["text"],
            t("questions.col_name"): listed["author"].fillna(""),
            t("questions.col_votes"): listed["votes"].astype(int),
            t("questions.col_state"): [t(f"questions.state_{s}") for s in listed["state"]],
            t("questions.col_pinned"): [t("questions.yes") if p else "" for p in listed["pinned"]],
            t("questions.col_time"): [room.clock(a) for a in listed["asked_at"]],
        }
    )


def draw_moderation(listed: pd.DataFrame, t) -> None:
    texts = dict(zip(listed["question_id"], listed["text"], strict=True))
    chosen = st.selectbox(
        t("questions.org_pick"),
        list(texts),
        format_func=lambda i: f"{i} · {texts[i][:70]}",
        key="oq_pick",
        filter_mode=None,
        placeholder=t("sa.choose"),  # never Streamlit's English "Choose an option"
    )
    row = listed[listed["question_id"] == chosen].iloc[0]
    if row["state"] == "hidden":
        moderations = ["show"]
    else:
        moderations = [
            "unpin" if row["pinned"] else "pin",
            "reopen" if row["state"] == "answered" else "answered",
            "hide",
        ]
    buttons = st.container(horizontal=True)
    for moderation in moderations:
        buttons.button(
            t(f"questions.do_{moderation}"),
            key=f"oq_{moderation}",
            on_click=actions.guarded(actions.moderate_question),
            args=(chosen, moderation, room.moderator()),
        )
