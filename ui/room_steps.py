"""The room on the presenter screen: two steps (the top questions; the proposed actions of a round table
as words) and the room's controls (the session questions go to; the self-assessment, the consultation
and the questions open or closed to new answers). views/presenter.py lists the steps and calls these.

The questions are public already (every phone shows them), so their step shows before "Mostrar
resultados"; the proposed actions come from the self-assessment and wait for it like its charts.
"""

import html
import re

import pandas as pd
import streamlit as st

from indicators import closing, questions, room_charts
from ui import actions, data, room
from ui.lang import language, translator

STEPS = ("questions", "words")
# What fits a 1280×720 projector in full screen under the title and the stepper: four questions in
# 24 px type (a long one takes five lines), eight bars of words; every one is in the table under it.
TOP_QUESTIONS = 4
TOP_TERMS = 8

# Large type for the projector; the question text is escaped HTML, shown as typed.
QUESTIONS_CSS = """
.igm-q { display: flex; gap: 1rem; align-items: flex-start; padding: 0.5rem 0.75rem; margin-bottom: 0.5rem;
  border-left: 6px solid #0072B2; background: #F4F8FB; border-radius: 4px; }
.igm-q.pinned { border-left-color: #A63D00; }
.igm-q-votes { min-width: 4.5rem; text-align: center; font-size: 34px; font-weight: 700; line-height: 1.1;
  color: #1a1a1a; }
.igm-q-votes small { display: block; font-size: 20px; font-weight: 400; color: #4D4D4D; }
.igm-q-text { font-size: 24px; line-height: 1.3; color: #1a1a1a; overflow-wrap: anywhere; }
.igm-q-text small { display: block; font-size: 20px; color: #4D4D4D; }
"""


def draw_step(step: str, theme: str | None, revealed: bool) -> None:
    """One of STEPS across the stage; `theme` is the presenter's round table (None: all)."""
    if step == "questions":
        draw_questions()
    elif not revealed:
        st.info(translator()("presenter.hidden"))
    else:
        draw_words(theme)


def draw_questions() -> None:
    t = translator()
    lang = language()
    session = room.question_session()
    everything = room.session_questions(session)
    top = questions.top(everything, TOP_QUESTIONS)
    url = room.question_url()
    main, side = st.columns([4, 1], gap="medium")
    with side:
        st.markdown(
            f'<img src="data:image/png;base64,{data.join_qr(url)}" width="140" height="140"'
            f' alt="{html.escape(t("room.questions_qr_alt", url=url))}">',
            unsafe_allow_html=True,
        )
        st.markdown(f"**{t('room.ask_here')}**  \n[{url}](<{url}>)")
    with main:
        st.header(t("room.questions_title"))  # h2: the page's headings stay in order
        st.caption(t("questions.session", title=questions.session_title(data.seminar(), session, lang)))
        if top.empty:
            st.info(t("room.no_questions"))
            return
        st.html(
            f"<style>{QUESTIONS_CSS}</style>" + "".join(_question_html(row, t) for row in top.itertuples())
        )
        open_count = int((everything["state"] == "open").sum())
        st.caption(t("room.questions_shown", shown=len(top), count=open_count))
        with st.expander(t("presenter.chart_data")):
            st.dataframe(_questions_table(top, t), hide_index=True)


def _question_html(row, t) -> str:
    pinned = " pinned" if row.pinned else ""
    tag = f"<small>{html.escape(t('questions.pinned'))}</small>" if row.pinned else ""
    return (
        f'<div class="igm-q{pinned}"><div class="igm-q-votes">{int(row.votes)}'
        f"<small>{html.escape(t('room.votes'))}</small></div>"
        f'<div class="igm-q-text">{html.escape(row.text)}{tag}</div></div>'
    )


def _questions_table(top: pd.DataFrame, t) -> pd.DataFrame:
    return pd.DataFrame(
        {t("room.col_question"): list(top["text"]), t("room.votes"): [int(v) for v in top["votes"]]}
    )


def draw_words(theme: str | None) -> None:
    t = translator()
    q = data.questionnaire()
    keys = tuple(a.key for a in q.areas_of(theme)) if theme is not None else None
    terms, count, examples = room.proposed_terms(keys, TOP_TERMS)
    if not terms:
        st.info(t("room.no_actions"))
        return
    sentence = room_charts.describe_words(terms, t, count)
    figure = room_charts.words_figure(terms, t, count, examples)
    st.plotly_chart(figure, key="pr_words", theme=None, alt=sentence, config={"displayModeBar": False})
    st.caption(t("room.words_note"))
    with st.expander(t("presenter.chart_data")):
        st.write(sentence)
        st.dataframe(room_charts.words_table(terms, t), hide_index=True)


def breakable(address: str) -> str:
    """The address as HTML that may wrap before a "/", ".", "?", "&" or "=", never inside a word
    (the scheme's "//" stays whole)."""
    scheme, separator, rest = address.partition("://")
    head, body = (scheme + separator, rest) if separator else ("", address)
    # Each part unbreakable (a.igm-join > span, views/presenter.py): a browser also breaks after a "?".
    parts = re.split(r"(?=[/.?&=])", body)
    return html.escape(head) + "<wbr>".join(f"<span>{html.escape(part)}</span>" for part in parts)


def address_link(title: str, url: str) -> str:
    """A titled address for the room to type, as HTML: it wraps only between the address's parts on a
    projector (class igm-join, views/presenter.py); Markdown would wrap "?lang=en" inside a word."""
    return (
        f"<p><b>{html.escape(title)}</b><br>"
        f'<a class="igm-join" href="{html.escape(url)}">{breakable(url)}</a></p>'
    )


def draw_ask_link(cell) -> None:
    """In the presenter's QR area, under the form's address: where the room asks its questions."""
    cell.html(address_link(translator()("room.ask_here"), room.question_url()))


# --- the room's controls (under the presenter's) ---------------------------------------------------


def draw_controls() -> None:
    """The session questions go to and the three switches; only for organisers and presenters."""
    t = translator()
    lang = language()
    st.markdown(f"**{t('room.controls')}**")
    if not room.may_control():
        st.caption(t("room.controls_locked"))
        return
    seminar = data.seminar()
    keys = questions.session_keys(seminar)
    st.session_state["room_session"] = room.question_session()  # another presenter may have changed it
    st.selectbox(
        t("room.session"),
        keys,
        key="room_session",
        format_func=lambda k: questions.session_title(seminar, k, lang),
        on_change=actions.guarded(lambda: actions.set_question_session(st.session_state["room_session"])),
        filter_mode=None,
        placeholder=t("sa.choose"),  # never Streamlit's English "Choose an option"
    )
    for what, column in zip(closing.CLOSABLE, st.columns(len(closing.CLOSABLE)), strict=True):
        key = f"room_open_{what}"
        st.session_state[key] = not room.answering_closed(what)
        column.toggle(
            t(f"room.open_{what}"),
            key=key,
            on_change=actions.guarded(
                lambda what=what, key=key: actions.set_answering(what, st.session_state[key])
            ),
        )
