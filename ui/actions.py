"""Every write a view does, each one call, so that no view touches the store.

No write clears a cache: every cached read (ui/data.py) is keyed on the revisions of what it reads,
and the store bumps a revision in the same transaction as the write, so the next rerun, on any
screen, reads the new data once.
"""

import datetime as dt

import streamlit as st

from indicators import closing
from indicators.assessment import Assessment
from indicators.certificates import issue_certificates
from indicators.closing import AnsweringClosed
from indicators.layers import LayerReport, import_layer
from indicators.participants import CHECKIN_OPEN, activities, check_participant, read_attendance, read_roster
from indicators.postgres import DatabaseUnavailable
from indicators.practices import Practice, read_practices
from indicators.results import ResultsFile, read_results
from indicators.submissions import ImportReport, import_submissions
from ui import data, lang, room

DB_ERROR = "db_error"  # a write's DatabaseUnavailable, left for the next run to show (ui/frame.py)
CLOSED_REFUSAL = "closed_refusal"  # what a write refused because answering is closed (ui/closed.py)


def guarded(action):
    """A button callback that, when the database cannot be used, leaves the reason for the page to
    show (app.py) instead of a trace; whatever the widgets hold stays as it was."""

    def run(*args, **kwargs):
        try:
            action(*args, **kwargs)
        except DatabaseUnavailable as error:
            st.session_state[DB_ERROR] = error
        except AnsweringClosed as refused:
            st.session_state[CLOSED_REFUSAL] = refused.what

    return run


# --- organisers -----------------------------------------------------------------------------------


def create_access_codes(place_id: str, count: int) -> list[str]:
    return data.store().create_access_codes(place_id, count, created_by="organiser")


def register_place(place_id: str, name: str, level: str, country: str, admin1: str, code: str) -> None:
    data.store().register_place(place_id, name, level, country, admin1, code)


def set_switch(name: str, on: bool) -> None:
    """An organisers' switch kept in the database (read back with data.setting)."""
    data.store().set_setting(name, "true" if on else "false")


def import_results(content: bytes, file_name: str) -> tuple[ResultsFile, dict]:
    """Check a results file whole, then store it; raises DataFileError (nothing written) when refused.
    Returns the checked file (its notes) and the outcome per (place, kind)."""
    everyone = set(data.all_places()["place_id"])
    checked = read_results(content, file_name, data.framework(), everyone)
    return checked, data.store().import_results(checked.findings, checked.answers, file_name)


def import_boundaries(content: bytes, file_name: str, **choices) -> LayerReport:
    """A boundary layer in (indicators/layers.import_layer's choices); raises DataFileError when refused."""
    return import_layer(data.store(), content, file_name, **choices)


def import_answers(content: bytes, file_name: str, author, valid_only: bool) -> ImportReport:
    """A KoboToolbox / ODK Central export in; raises DataFileError (nothing written) when refused."""
    return import_submissions(data.store(), content, file_name, data.questionnaire(), author, valid_only)


# --- the self-assessment --------------------------------------------------------------------------


def create_assessment(place_id: str) -> tuple[str, str]:
    """A new draft for the place: (assessment id, resume code)."""
    return data.store().create_assessment(place_id)


def save_draft(assessment_id: str, assessment: Assessment) -> None:
    data.store().save_draft(assessment_id, assessment)


def submit_assessment(assessment_id: str, assessment: Assessment, author: str) -> int:
    """Submit the assessment; returns its new version. Refused (AnsweringClosed) while closed."""
    ensure_open("assessment")
    return data.store().submit_assessment(assessment_id, assessment, data.questionnaire(), author)


# --- the consultation -----------------------------------------------------------------------------


def create_participant() -> tuple[str, str]:
    """A new participant: (participant id, personal code)."""
    return data.store().create_participant()


def save_consultation(participant_id: str, phase: str, answers: dict) -> int:
    ensure_open("consultation")
    return data.store().save_consultation(participant_id, phase, answers)


def save_consultation_draft(participant_id: str, phase: str, answers: dict) -> None:
    data.store().save_consultation_draft(participant_id, phase, answers)


# --- the seminar's people -------------------------------------------------------------------------
# Written under "organiser" until organiser accounts exist (then: the account, with an audit row).
ORGANISER = "organiser"


def _places_and_countries() -> tuple[dict[str, str], set[str]]:
    everyone = data.all_places()
    return dict(zip(everyone["place_id"], everyone["country"], strict=True)), set(data.countries()["iso3"])


def import_roster(content: bytes, file_name: str) -> tuple[int, int, list]:
    """A roster file in; raises DataFileError (nothing written) when refused. (new, updated, notes)."""
    rows, notes = read_roster(content, file_name, *_places_and_countries())
    return (*data.store().save_roster(rows, ORGANISER), notes)


def save_participant(participant_id: str | None, values: dict) -> list:
    """Add (no id) or edit one person; returns the problems by column and writes nothing if any."""
    roster = data.participants()
    others = roster[roster["participant_id"] != participant_id]
    kept, problems = check_participant(values, *_places_and_countries(), set(others["email"]))
    if problems:
        return problems
    if participant_id is None:
        data.store().add_participant(kept, ORGANISER)
    else:
        data.store().update_participant(participant_id, kept, ORGANISER)
    return []


def delete_participant(email: str) -> bool:
    return data.store().delete_participant(email)


def create_participant_codes(participant_ids: list[str]) -> dict[str, str]:
    return data.store().create_participant_codes(participant_ids)


def import_attendance(content: bytes, file_name: str) -> tuple[int, list]:
    """An attendance file in; raises DataFileError (nothing written) when refused. (rows, notes)."""
    roster = data.participants()
    rows, notes = read_attendance(content, file_name, set(roster["email"]), activities(data.seminar()))
    ids = dict(zip(roster["email"], roster["participant_id"], strict=True))
    marks = [(ids[r["email"]], r["activity"], r["attended"]) for r in rows]
    data.store().record_attendance(marks, "import", ORGANISER)
    return len(rows), notes


def mark_attendance(participant_id: str, activity: str, attended: bool) -> None:
    data.store().record_attendance([(participant_id, activity, attended)], "hand", ORGANISER)


def open_checkin(activity: str) -> None:
    """The one session that takes check-ins from phones ("" closes them all)."""
    data.store().set_setting(CHECKIN_OPEN, activity)


def check_in(participant_id: str, activity: str) -> None:
    """A participant's own check-in from their phone."""
    data.store().record_attendance([(participant_id, activity, True)], "checkin", "checkin")


def issue_certificates_zip(base_url: str) -> bytes:
    """Every certificate due, each with a new code, in one zip (with its index.csv)."""
    issued = issue_certificates(
        data.store(), data.seminar(), lang.translator(), base_url, ORGANISER, data.settings().font_dir
    )
    return issued.zip()


# --- peers and good practices (issue 27) ----------------------------------------------------------


def share_contact(assessment_id: str, place_id: str, email: str) -> None:
    data.store().share_contact(assessment_id, place_id, email)


def withdraw_contact(assessment_id: str) -> None:
    data.store().withdraw_contact(assessment_id)


def submit_practice(practice: Practice, submitted_by: str) -> str | None:
    """A practice from the profile's form, pending review; None when the place already has it."""
    added, _ = data.store().add_practices([practice], submitted_by)
    return added[0] if added else None


def import_practices(content: bytes, file_name: str, submitted_by: str) -> tuple[list[str], int]:
    """A file of practices, checked whole (DataFileError: nothing written), added as pending."""
    everyone = set(data.all_places()["place_id"])
    areas = [a.key for a in data.questionnaire().areas]
    checked = read_practices(content, file_name, everyone, areas, data.today())
    return data.store().add_practices(checked, submitted_by, file_name=file_name)


def review_practice(practice_id: str, decision: str, reviewed_by: str) -> str | None:
    """Approve or reject; returns the state it had (None: no such practice)."""
    return data.store().review_practice(practice_id, decision, reviewed_by)


# --- the room -------------------------------------------------------------------------------------


def ensure_open(what: str) -> None:
    """Raise AnsweringClosed when the presenter has closed `what` (indicators/closing.py)."""
    if room.answering_closed(what):
        raise AnsweringClosed(what)


def ask_question(session_key: str, text: str, author: str, clients: dict) -> str:
    """A new question (checked by the caller); charged to the counters of `clients` (the limit on
    asking, kept with the code attempts so that every instance counts the same)."""
    ensure_open("questions")
    now = dt.datetime.now()
    store = data.store()
    question_id = store.add_question(session_key, text, author, now)
    for client in clients:
        store.record_failed_attempt(client, now)
    return question_id


def toggle_vote(question_id: str, voter: str) -> bool | None:
    """The vote given or taken back (True: it counts now); None when the question is gone or hidden."""
    ensure_open("questions")
    return data.store().toggle_vote(question_id, voter)


# A moderation: its name → (what the store changes, its value).
MODERATIONS = {
    "pin": ("pinned", True),
    "unpin": ("pinned", False),
    "answered": ("state", "answered"),
    "reopen": ("state", "open"),
    "hide": ("state", "hidden"),
    "show": ("state", "open"),
}


def moderate_question(question_id: str, moderation: str, by: str) -> bool:
    """Pin, unpin, mark answered, reopen, hide or show again; False when there is no such question."""
    field, value = MODERATIONS[moderation]
    if field == "pinned":
        return data.store().set_question_pinned(question_id, value, by)
    return data.store().set_question_state(question_id, value, by)


def set_question_session(session_key: str) -> None:
    data.store().set_setting(room.QUESTION_SESSION, session_key)


def set_answering(what: str, open_: bool) -> None:
    """Open or close `what` to new answers, for every phone and instance."""
    data.store().set_setting(closing.setting_key(what), closing.setting_value(not open_))
