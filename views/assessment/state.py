"""The form's state: widgets <-> the assessment, and the callbacks (run before the page draws again).

Only the table on screen draws its widgets; the others keep their values for the whole session, so the
draft built from them is always complete.
"""

import datetime as dt

import streamlit as st

from indicators import access
from indicators.assessment import AreaAnswer, Assessment, problems_for_submit
from indicators.questionnaire import TOP_CHOICES
from indicators.rounds import RoundRefused
from ui import actions, data, followup, gate
from ui import form_keys as keys
from ui.lang import translator
from views.assessment.problems import mark, request_scroll

RANKS = range(1, TOP_CHOICES + 1)
TABLE = keys.TABLE
# Only the table on screen draws its widgets; the others keep their values for the whole session
# (and across page switches), so the draft built from them is always complete.
KEEP = "session"
# Text boxes commit after a pause in typing, not only when the respondent leaves them: what was
# typed is then in the draft even if the page is reloaded with the cursor still in the box.
LIVE = "1s"


def chosen_top(theme: str) -> list[str]:
    """The areas chosen 1st, 2nd, 3rd (skipping a rank left empty)."""
    return [area for rank in RANKS if (area := keys.read(keys.top(theme, rank)))]


def load_into_widgets(assessment: Assessment) -> None:
    q = data.questionnaire()
    anonymous = assessment.anonymous
    keys.write(keys.IDENTITY, None if anonymous is None else ("anonymous" if anonymous else "named"))
    keys.write(keys.NAME, assessment.respondent_name)
    keys.write(keys.ROLE, assessment.respondent_role)
    for area in q.areas:
        answer = assessment.answers.get(area.key, AreaAnswer())
        for field in keys.ANSWER_PREFIXES:
            keys.write(keys.answer(area.key, field), getattr(answer, field))
    for theme in q.themes:
        chosen = assessment.top3.get(theme, [])  # as saved, a repeated area too (said beside it)
        for rank in RANKS:
            keys.write(keys.top(theme, rank), chosen[rank - 1] if rank <= len(chosen) else None)


def assessment_from_widgets(place_id: str) -> Assessment:
    q = data.questionnaire()
    choice = keys.read(keys.IDENTITY)
    answers = {
        area.key: AreaAnswer(**{field: keys.read_answer(area.key, field) for field in keys.ANSWER_PREFIXES})
        for area in q.areas
    }
    return Assessment(
        place_id=place_id,
        anonymous=None if choice is None else choice == "anonymous",
        respondent_name=keys.read(keys.NAME, ""),
        respondent_role=keys.read(keys.ROLE, ""),
        answers=answers,
        top3={theme: chosen_top(theme) for theme in q.themes},
    )


def open_assessment(assessment_id: str, resume_code: str, focus: bool = True) -> None:
    """Open an assessment in this session, its draft in the widgets; when a button opened it, the
    keyboard goes to the form's heading (the button is gone, and the focus would fall to the page)."""
    row = data.store().assessment(assessment_id)
    draft = Assessment.from_json(row["draft"])
    place = data.all_places().set_index("place_id").loc[row["place_id"]]
    submitted = data.store().last_submission(assessment_id) or {}
    st.session_state[keys.OPENED] = {
        "id": assessment_id,
        "place_id": row["place_id"],
        # Kept here so that the form still draws (and keeps what is typed) while the database is away.
        "place_name": place["name"],
        "country": place["country"],
        "resume_code": resume_code,
        "is_example": bool(row["is_example"]),
        "saved": draft.to_json(),
        "version": int(row["version"]),
        # The version submitted last and when: a draft that differs from it says so (another device
        # may have changed the answer after it was submitted).
        "submitted": submitted.get("payload"),
        "submitted_at": submitted.get("saved_at"),
        "just_submitted": False,
    }
    st.session_state.pop(keys.PROBLEMS, None)
    st.session_state.pop(keys.MARKED, None)
    load_into_widgets(draft)
    if focus:
        request_scroll(keys.FORM_START, f".st-key-{keys.FORM_START} h2")


# --- actions (callbacks run before the page is drawn again) -------------------------------------


def start_with_access_code() -> None:
    chosen = st.session_state.get(keys.PLACE)
    if not chosen:
        st.session_state[keys.GATE] = ("no_place", None)
        return

    # A code opens only the local government it was made for: any other counts as a wrong code.
    def lookup(code: str):
        found = data.access_code_state(code)  # (its place, "live" | "revoked" | "expired") or None
        return (code, found[1]) if found and found[0] == chosen else None

    outcome, found = gate.try_code(st.session_state.get(keys.ACCESS_CODE, ""), lookup)
    if outcome == "ok" and found[1] != "live":  # a real code of this place, no guess: its own message
        outcome, found = "ended", found[1]
    st.session_state[keys.GATE] = (outcome, found)
    if outcome == "ok":
        actions.record_code_use(found[0])
        try:
            assessment_id, resume_code = actions.create_assessment(chosen)
        except RoundRefused:  # no round takes answers: the place's commitments only
            followup.unlock_without_round(chosen)
            return
        open_assessment(assessment_id, resume_code)
        st.query_params["r"] = resume_code


def resume_with_code(code: str, focus: bool = True) -> None:
    outcome, found = gate.try_code(code, data.store().assessment_for_resume_code)
    st.session_state[keys.GATE] = (outcome, found)
    if outcome == "ok":
        # The code stays on the page as well as in the address: it is what brings the answer back.
        open_assessment(found["assessment_id"], access.normalise(code), focus)
        st.query_params["r"] = access.normalise(code)


def submit() -> None:
    q = data.questionnaire()
    t = translator()
    current = st.session_state[keys.OPENED]
    assessment = assessment_from_widgets(current["place_id"])
    problems = problems_for_submit(assessment, q)
    st.session_state[keys.PROBLEMS] = problems
    if problems:
        # Stay on this table, mark what it lacks, and bring the message beside the button into view.
        mark(st.session_state.get(TABLE))
        request_scroll(keys.REFUSED_BOX)
        return
    author = assessment.stored_identity()[0] or t("sa.anonymous_author")
    try:
        current["version"] = actions.submit_assessment(current["id"], assessment, author)
    except RoundRefused as refused:  # its round closed meanwhile: said above the form
        followup.refused_round(refused)
        return
    current["just_submitted"] = True
    current["saved"] = current["submitted"] = assessment.to_json()
    current["submitted_at"] = dt.datetime.now()  # the server's clock, as the history stores it
    st.session_state.pop(keys.MARKED, None)


def leave() -> None:
    for key in [k for k in st.session_state if keys.is_form_key(k)]:
        del st.session_state[key]
    st.query_params.pop("r", None)
    st.query_params.pop(TABLE, None)


def next_table(theme: str) -> None:
    """Open the next round table at its start: the picker in view, the keyboard on the table's heading
    (left on the button, which now names the table after, a second Enter would skip a whole table)."""
    st.session_state[TABLE] = theme
    request_scroll(TABLE, f".st-key-{keys.TABLE_START} h3")


def go_to_missing(theme: str, anchor: str) -> None:
    """Open the table of a missing answer, mark what it lacks, and bring the field into view with the
    keyboard on its first control."""
    st.session_state[TABLE] = theme
    mark(theme)
    request_scroll(anchor, f".st-key-{anchor} input")
