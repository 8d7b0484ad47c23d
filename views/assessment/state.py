"""The form's state: widgets <-> the assessment, and the callbacks (run before the page draws again).

Only the table on screen draws its widgets; the others keep their values for the whole session, so the
draft built from them is always complete.
"""

import streamlit as st

from indicators import access
from indicators.assessment import AreaAnswer, Assessment, problems_for_submit
from indicators.questionnaire import TOP_CHOICES
from ui import actions, data, gate
from ui import form_keys as keys
from ui.lang import translator

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
        chosen = list(dict.fromkeys(assessment.top3.get(theme, [])))  # an old draft may repeat an area
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


def open_assessment(assessment_id: str, resume_code: str | None) -> None:
    row = data.assessment(assessment_id)
    draft = Assessment.from_json(row["draft"])
    place = data.all_places().set_index("place_id").loc[row["place_id"]]
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
        "just_submitted": False,
    }
    st.session_state.pop(keys.PROBLEMS, None)
    load_into_widgets(draft)


# --- actions (callbacks run before the page is drawn again) -------------------------------------


def start_with_access_code() -> None:
    chosen = st.session_state.get(keys.PLACE)
    if not chosen:
        st.session_state[keys.GATE] = ("no_place", None)
        return
    # A code opens only the local government it was made for: any other counts as a wrong code.
    outcome, place_id = gate.try_code(
        st.session_state.get(keys.ACCESS_CODE, ""),
        lambda code: chosen if data.place_for_code(code) == chosen else None,
    )
    st.session_state[keys.GATE] = (outcome, place_id)
    if outcome == "ok":
        assessment_id, resume_code = actions.create_assessment(place_id)
        open_assessment(assessment_id, resume_code)
        st.query_params["r"] = resume_code


def resume_with_code(code: str) -> None:
    outcome, found = gate.try_code(code, data.assessment_for_resume_code)
    st.session_state[keys.GATE] = (outcome, found)
    if outcome == "ok":
        open_assessment(found["assessment_id"], None)
        st.query_params["r"] = access.normalise(code)


def submit() -> None:
    q = data.questionnaire()
    t = translator()
    current = st.session_state[keys.OPENED]
    assessment = assessment_from_widgets(current["place_id"])
    problems = problems_for_submit(assessment, q)
    st.session_state[keys.PROBLEMS] = problems
    if problems:
        # Stay on this table and bring the message beside the button into view.
        st.session_state[keys.SCROLL] = keys.REFUSED_BOX
        return
    author = assessment.stored_identity()[0] or t("sa.anonymous_author")
    current["version"] = actions.submit_assessment(current["id"], assessment, author)
    current["just_submitted"] = True
    current["saved"] = assessment.to_json()


def leave() -> None:
    for key in [k for k in st.session_state if keys.is_form_key(k)]:
        del st.session_state[key]
    st.query_params.pop("r", None)
    st.query_params.pop(TABLE, None)


def go_to(theme: str, anchor: str) -> None:
    """Open a round table and scroll to one of its fields (a missing answer, or the table's start)."""
    st.session_state[TABLE] = theme
    st.session_state[keys.SCROLL] = anchor
