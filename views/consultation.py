"""The seminar consultation: "before" at the opening, "after" at the close, linked by a personal code.

No name is asked: the personal code alone links a participant's two answers. The code and the phase
are in the page address (?c=ABCD-EFGH&fase=after), and every choice is saved as a draft as it is made
(a text when its box is left), so a reload comes back to the same answer with nothing lost. A refused
answer marks the missing items and each mark goes as soon as its item is answered; a second answer
for the same phase edits the first.
"""

import streamlit as st

from indicators import access
from indicators.consultation import AFTER_WITHOUT_BEFORE, PHASES, problems_for_response
from indicators.postgres import DatabaseUnavailable
from ui import actions, closed, data, gate, widgets
from ui.lang import keep_in_address, language, tkey, translator, tset, tvalue

CODE_PARAM, PHASE_PARAM = "c", "fase"  # the address keeps the personal code and the phase
OPENED = "cs"  # the participant open in this session: id, code, and the last draft written per phase
PHASE = "cs_phase"
# Kept while the page shows the other phase or another page: the draft built from them stays whole.
KEEP = "session"

t = translator()
lang = language()
c = data.consultation()


def answer_key(phase: str, item) -> str:
    return f"cs_{phase}_{item.key}"


def problems_key(phase: str) -> str:
    return f"cs_problems_{phase}"


def collect(phase: str) -> dict:
    """The phase's answers as the widgets hold them (a text left empty is "", a rating not given None)."""
    return {
        item.key: st.session_state.get(answer_key(phase, item), "")
        if item.kind == "text"
        else tvalue(answer_key(phase, item))
        for item in c.items_of(phase)
    }


def load(current: dict, phase: str) -> None:
    """Into the widgets, once per phase: the draft if one is kept, else the saved answer, else nothing."""
    stored = data.store().consultation_draft(current["participant"], phase)
    if stored is None:
        stored = data.store().consultation_answers(current["participant"], phase) or {}
    for item in c.items_of(phase):
        value = stored.get(item.key)
        if item.kind == "text":
            st.session_state[answer_key(phase, item)] = value or ""
        else:
            tset(answer_key(phase, item), value if value in c.values(item) else None)
    current["drafts"][phase] = collect(phase)


# --- actions (callbacks, run before the page is drawn again) -------------------------------------


def open_participant(participant_id: str, code: str) -> None:
    st.session_state[OPENED] = {"participant": participant_id, "code": code, "drafts": {}}
    st.query_params[CODE_PARAM] = code


def must_answer_before(participant_id: str) -> bool:
    return (
        data.setting(AFTER_WITHOUT_BEFORE) != "true"
        and data.store().consultation_answers(participant_id, "before") is None
    )


def go_to_before(first_time: bool = False) -> None:
    tset(PHASE, "before")
    st.session_state["cs_first_time"] = first_time


def start_new() -> None:
    participant_id, code = actions.create_participant()
    open_participant(participant_id, code)
    if tvalue(PHASE) == "after" and data.setting(AFTER_WITHOUT_BEFORE) != "true":
        # A first answer at the close has no "before" to compare with: it starts there, code in hand.
        go_to_before(first_time=True)


def open_with_code(code: str) -> None:
    outcome, found = gate.try_code(code, data.store().participant_for_code)
    st.session_state["cs_gate"] = (outcome, found)
    if outcome == "ok":
        open_participant(found, access.normalise(code))
    else:
        st.query_params.pop(CODE_PARAM, None)


def save(phase: str) -> None:
    current = st.session_state[OPENED]
    answers = collect(phase)
    found = problems_for_response(phase, answers, c)
    st.session_state[problems_key(phase)] = found
    if found:
        return
    version = actions.save_consultation(current["participant"], phase, answers)
    st.session_state.pop(problems_key(phase))
    st.session_state["cs_saved"] = (phase, version)
    current["drafts"][phase] = answers


def leave() -> None:
    for key in [k for k in st.session_state if str(k).startswith("cs")]:
        del st.session_state[key]
    st.query_params.pop(CODE_PARAM, None)
    st.query_params.pop(PHASE_PARAM, None)


# --- the page ------------------------------------------------------------------------------------

st.title(t("consult.title"))
st.caption(t("consult.intro"))
closed.notice("consultation")  # closed: drafts are still kept, saving waits for a reopening

if tvalue(PHASE) is None and st.query_params.get(PHASE_PARAM) in PHASES:
    tset(PHASE, st.query_params[PHASE_PARAM])
phase = st.radio(
    t("consult.phase"),
    PHASES,
    key=tkey(PHASE),
    horizontal=True,
    format_func=lambda p: t(f"consult.phase_{p}"),
)
keep_in_address(PHASE_PARAM, phase, PHASES[0])

if OPENED not in st.session_state and st.query_params.get(CODE_PARAM):
    open_with_code(st.query_params[CODE_PARAM])  # a reload, or a link with the code in it
current = st.session_state.get(OPENED)

if current is None:
    outcome, value = st.session_state.pop("cs_gate", (None, None))
    gate.code_refusal(outcome, value, "consult.code_invalid")
    new, existing = st.columns(2)
    with new, st.container(border=True):
        st.markdown(f"**{t('consult.new_title')}**")
        after_first = phase == "after" and data.setting(AFTER_WITHOUT_BEFORE) != "true"
        st.caption(t("consult.new_help_after" if after_first else "consult.new_help"))
        st.button(t("consult.new"), on_click=actions.guarded(start_new), key="cs_new", type="primary")
    with existing, st.container(border=True):
        st.markdown(f"**{t('consult.existing_title')}**")
        with st.form("cs_code_form", border=False):  # Enter in the box continues, as the button does
            st.text_input(t("consult.code"), key="cs_code", placeholder="ABCD-EFGH", max_chars=12)
            st.form_submit_button(
                t("consult.continue"),
                on_click=actions.guarded(lambda: open_with_code(st.session_state.get("cs_code", ""))),
                key="cs_open",
            )
    st.stop()

st.info(t("consult.your_code", code=current["code"]), icon=":material/key:")
if st.session_state.pop("cs_first_time", False):
    st.info(t("consult.before_now"))
if phase == "after" and must_answer_before(current["participant"]):
    st.warning(t("consult.before_first"))
    st.button(t("consult.go_before"), on_click=go_to_before, key="cs_go_before", type="primary")
    st.button(t("consult.leave"), on_click=leave, key="cs_leave")
    st.stop()

if phase not in current["drafts"]:
    load(current, phase)
saved = data.store().consultation_answers(current["participant"], phase)
answers = collect(phase)
if saved:
    st.caption(t("consult.editing"))
if problems_key(phase) in st.session_state:
    # After a refused save, the marks follow the answers: each goes once its item is answered.
    st.session_state[problems_key(phase)] = problems_for_response(phase, answers, c)
problems = st.session_state.get(problems_key(phase), [])

for item in c.items_of(phase):
    if item.kind == "text":
        st.text_area(item.text[lang], max_chars=1000, key=answer_key(phase, item), persist_state=KEEP)
    else:
        st.radio(
            item.text[lang],
            c.values(item),
            index=None,
            horizontal=True,
            key=tkey(answer_key(phase, item)),
            format_func=lambda v, item=item: f"{v} · {c.label(item, v, lang)}",
            persist_state=KEEP,
        )
    widgets.field_problems(problems, item.key)

if problems:
    st.error(t("consult.not_saved", count=len(problems)))
st.button(t("consult.save"), type="primary", key="cs_save", on_click=actions.guarded(save), args=(phase,))
if st.session_state.get("cs_saved", (None,))[0] == phase and answers == saved:
    st.success(t("consult.saved", version=st.session_state["cs_saved"][1]))
elif saved and answers != saved:
    st.warning(t("consult.unsaved"), icon=":material/edit_note:")

# What was chosen or typed since the last draft is written now, before a reload can lose it.
if answers != current["drafts"].get(phase):
    try:
        actions.save_consultation_draft(current["participant"], phase, answers)
        current["drafts"][phase] = answers
    except DatabaseUnavailable:
        st.warning(t("db.draft_kept"), icon=":material/cloud_off:")
if answers == current["drafts"].get(phase) and answers != saved:
    done = sum(1 for value in answers.values() if value not in (None, "") and str(value).strip())
    st.caption(t("consult.draft_saved", done=done, total=len(answers)))
st.button(t("consult.leave"), on_click=leave, key="cs_leave")
