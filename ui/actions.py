"""Every write a view does, each one call, so that no view writes through the store.

No write clears a cache: every cached read (ui/data.py) is keyed on the revisions of what it reads,
and the store bumps a revision in the same transaction as the write, so the next rerun, on any
screen, reads the new data once.
"""

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from indicators import accounts, closing
from indicators.accounts import Reach
from indicators.assessment import Assessment
from indicators.audit import Actor, audited, export_target, revoked_codes
from indicators.certificates import issue_certificates
from indicators.closing import AnsweringClosed
from indicators.exports import ExportRequest
from indicators.layers import LayerReport, import_layer
from indicators.participants import CHECKIN_OPEN, activities, check_participant, read_attendance, read_roster
from indicators.postgres import DatabaseUnavailable
from indicators.practices import Practice, read_practices
from indicators.results import ResultsFile, read_results
from indicators.submissions import ImportReport, import_submissions
from indicators.validation import DataFileError
from ui import data, gate, lang, room

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
# Each write checks the account afresh (one disabled meanwhile is refused at once) against its role
# (accounts.require raises NotAllowed, which the organisers' page says in words) and leaves its row
# in the audit trail under the account's user name and this browser's address.


def _organiser(action: str, country: str | None = None) -> Actor:
    """Who does `action` (for a place of `country`; without one: somewhere in the account's reach)."""
    current = gate.account()
    if country is None and accounts.PERMISSIONS[action].by_country:
        if not accounts.can(current, action):
            raise accounts.NotAllowed(action)
    else:
        accounts.require(current, action, country)
    return gate.actor(current)


def _country_of(place_id: str) -> str:
    everyone = data.all_places()
    found = everyone.loc[everyone["place_id"] == place_id, "country"]
    return found.iloc[0] if len(found) else ""


def create_access_codes(place_id: str, count: int, expires_on: dt.date | None = None) -> list[str]:
    who, store = _organiser("codes.manage", _country_of(place_id)), data.store()
    return audited(
        store,
        who,
        "codes_create",
        f"{place_id} ({count})",
        lambda: store.create_access_codes(place_id, count, created_by=who.account, expires_on=expires_on),
    )


def revoke_access_codes(
    code: str | None = None, code_ids: list[str] | None = None, place_id: str | None = None
) -> pd.DataFrame:
    """Revoke a typed code, codes by short id, or every code of a place; returns what was revoked
    (code_id, place_id). Each place they belong to must be in the account's reach."""
    store = data.store()
    if code is not None:
        found = store.access_code_state(code)
        places = [found[0]] if found else []
    elif code_ids is not None:
        listed = store.access_codes()
        places = listed.loc[listed["code_id"].isin(code_ids), "place_id"].unique().tolist()
    else:
        places = [place_id]
    who = _organiser("codes.manage")
    for country in sorted({_country_of(p) for p in places}):
        who = _organiser("codes.manage", country)
    return audited(
        store,
        who,
        "codes_revoke",
        revoked_codes,
        lambda: store.revoke_access_codes(who.account, code=code, code_ids=code_ids, place_id=place_id),
    )


def register_place(place_id: str, name: str, level: str, country: str, admin1: str, code: str) -> None:
    who, store = _organiser("places.register", country), data.store()
    audited(
        store,
        who,
        "place_register",
        place_id,
        lambda: store.register_place(place_id, name, level, country, admin1, code),
    )


def set_switch(name: str, on: bool) -> None:
    """An organisers' switch kept in the database (read back with data.setting)."""
    who, store = _organiser("settings.change"), data.store()
    value = "true" if on else "false"
    audited(store, who, "setting_change", f"{name}={value}", lambda: store.set_setting(name, value))


def import_results(content: bytes, file_name: str) -> tuple[ResultsFile, dict]:
    """Check a results file whole, then store it; raises DataFileError (nothing written) when refused,
    also for a place out of the account's reach. Returns the checked file (its notes) and the outcome
    per (place, kind)."""
    who, current, everyone = _organiser("results.import"), gate.account(), data.all_places()
    checked = read_results(content, file_name, data.framework(), set(everyone["place_id"]))
    covered = [*checked.findings["place_id"], *checked.answers["place_id"]]
    outside = Reach.of(current, "results.import").refused_places(covered, everyone)
    if outside:
        raise DataFileError(file_name, outside)
    store = data.store()
    outcome = audited(
        store,
        who,
        "import_results",
        file_name,
        lambda: store.import_results(checked.findings, checked.answers, file_name),
    )
    return checked, outcome


def import_boundaries(content: bytes, file_name: str, **choices) -> LayerReport:
    """A boundary layer in (indicators/layers.import_layer's choices); raises DataFileError when refused."""
    who, store = _organiser("layers.import", choices.get("country")), data.store()
    report = import_layer(store, content, file_name, **choices)
    # After the import's own commit: reading the file must not hold the write lock (indicators/audit.py).
    target = f"{choices.get('country')} {choices.get('admin_level')} {file_name}"
    store.record_audit(who.account, "import_layer", target, who.address)
    return report


def import_answers(content: bytes, file_name: str, author, valid_only: bool) -> ImportReport:
    """A KoboToolbox / ODK Central export in; raises DataFileError (nothing written) when refused.
    Rows of places out of the account's reach are refused like any other faulty row."""
    who, reach = _organiser("answers.import"), gate.reach("answers.import")
    within = None if reach.everywhere else set(reach.places(data.all_places())["place_id"])
    store = data.store()
    report = import_submissions(store, content, file_name, data.questionnaire(), author, valid_only, within)
    store.record_audit(who.account, "import_answers", f"{file_name} ({report.written})", who.address)
    return report


def permitted_export(request: ExportRequest) -> ExportRequest:
    """The request as the logged-in account may have it (accounts.permitted_export); NotAllowed if not."""
    return accounts.permitted_export(gate.account(), request, _country_of(request.place_id or "") or None)


def export_summary(request: ExportRequest) -> bytes:
    """A priority summary's file, as the account may have it (accounts.permitted_export); the export is
    in the audit trail. Raises exports.ExportError as data.export_file does."""
    permitted = permitted_export(request)
    who = gate.actor(gate.account())
    content = data.export_file(permitted)
    data.store().record_audit(who.account, "export", export_target(permitted), who.address)
    return content


def recorded_download(
    what: str, action: str, build: Callable[[], bytes], recorded_as: str = "export"
) -> Callable[[], bytes]:
    """A download built when clicked (st.download_button's data), in the audit trail as an export.

    The click is served outside the page's run, so the account and address are taken now and the
    account is checked again when the file is asked for."""
    who, store = _organiser(action), data.store()

    def run() -> bytes:
        if not accounts.can(store.account(who.account), action):
            raise accounts.NotAllowed(action)
        content = build()
        store.record_audit(who.account, recorded_as, what, who.address)
        return content

    return run


# --- the self-assessment --------------------------------------------------------------------------


def record_code_use(code: str) -> None:
    """When an access code last opened the form (the organisers' list shows it)."""
    data.store().record_code_use(code, dt.datetime.now())


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
# Organisers' writes like the others: checked against the role ("participants.manage") and recorded.
# A removal's audit row does not name the person: it was removed on request.
PEOPLE = "participants.manage"


def _places_and_countries() -> tuple[dict[str, str], set[str]]:
    everyone = data.all_places()
    return dict(zip(everyone["place_id"], everyone["country"], strict=True)), set(data.countries()["iso3"])


def import_roster(content: bytes, file_name: str) -> tuple[int, int, list]:
    """A roster file in; raises DataFileError (nothing written) when refused. (new, updated, notes)."""
    who, store = _organiser(PEOPLE), data.store()
    rows, notes = read_roster(content, file_name, *_places_and_countries())
    new, updated = audited(
        store, who, "roster_import", file_name, lambda: store.save_roster(rows, who.account)
    )
    return new, updated, notes


def save_participant(participant_id: str | None, values: dict) -> list:
    """Add (no id) or edit one person; returns the problems by column and writes nothing if any."""
    who, store = _organiser(PEOPLE), data.store()
    roster = store.participants()
    others = roster[roster["participant_id"] != participant_id]
    kept, problems = check_participant(values, *_places_and_countries(), set(others["email"]))
    if problems:
        return problems
    if participant_id is None:
        audited(store, who, "participant_save", "new", lambda: store.add_participant(kept, who.account))
    else:
        audited(
            store,
            who,
            "participant_save",
            participant_id,
            lambda: store.update_participant(participant_id, kept, who.account),
        )
    return []


def delete_participant(email: str) -> bool:
    who, store = _organiser(PEOPLE), data.store()
    return audited(
        store,
        who,
        "participant_delete",
        lambda done: "on request" if done else None,
        lambda: store.delete_participant(email),
    )


def create_participant_codes(participant_ids: list[str]) -> dict[str, str]:
    who, store = _organiser(PEOPLE), data.store()
    count = str(len(participant_ids))
    return audited(
        store, who, "participant_codes", count, lambda: store.create_participant_codes(participant_ids)
    )


def import_attendance(content: bytes, file_name: str) -> tuple[int, list]:
    """An attendance file in; raises DataFileError (nothing written) when refused. (rows, notes)."""
    who, store = _organiser(PEOPLE), data.store()
    roster = store.participants()
    rows, notes = read_attendance(content, file_name, set(roster["email"]), activities(data.seminar()))
    ids = dict(zip(roster["email"], roster["participant_id"], strict=True))
    marks = [(ids[r["email"]], r["activity"], r["attended"]) for r in rows]
    audited(
        store,
        who,
        "attendance_import",
        file_name,
        lambda: store.record_attendance(marks, "import", who.account),
    )
    return len(rows), notes


def mark_attendance(participant_id: str, activity: str, attended: bool) -> None:
    who, store = _organiser(PEOPLE), data.store()
    audited(
        store,
        who,
        "attendance_mark",
        f"{participant_id} {activity} {'yes' if attended else 'no'}",
        lambda: store.record_attendance([(participant_id, activity, attended)], "hand", who.account),
    )


def open_checkin(activity: str) -> None:
    """The one session that takes check-ins from phones ("" closes them all)."""
    who, store = _organiser(PEOPLE), data.store()
    audited(store, who, "checkin_open", activity or "—", lambda: store.set_setting(CHECKIN_OPEN, activity))


def check_in(participant_id: str, activity: str) -> None:
    """A participant's own check-in from their phone."""
    data.store().record_attendance([(participant_id, activity, True)], "checkin", "checkin")


def issue_certificates_later(base_url: str) -> Callable[[], bytes]:
    """Every certificate due, each with a new code, in one zip (with its index.csv), built when its
    download is clicked (outside the page's run: who asks is taken now, checked again then)."""
    who, store = _organiser(PEOPLE), data.store()
    seminar, t, font_dir = data.seminar(), lang.translator(), data.settings().font_dir

    def build() -> bytes:
        if not accounts.can(store.account(who.account), PEOPLE):
            raise accounts.NotAllowed(PEOPLE)
        issued = issue_certificates(store, seminar, t, base_url, who.account, font_dir)
        store.record_audit(who.account, "certificates_issue", str(len(issued.files)), who.address)
        return issued.zip()

    return build


# --- peers and good practices (issue 27) ----------------------------------------------------------


def share_contact(assessment_id: str, place_id: str, email: str) -> None:
    data.store().share_contact(assessment_id, place_id, email)


def withdraw_contact(assessment_id: str) -> None:
    data.store().withdraw_contact(assessment_id)


def submit_practice(practice: Practice, submitted_by: str) -> str | None:
    """A practice from the profile's form, pending review; None when the place already has it."""
    added, _ = data.store().add_practices([practice], submitted_by)
    return added[0] if added else None


def import_practices(content: bytes, file_name: str) -> tuple[list[str], int]:
    """A file of practices, checked whole (DataFileError: nothing written), added as pending under the
    account; a practice of a local government out of the account's reach refuses the file."""
    who, reach, store = _organiser("practices.review"), gate.reach("practices.review"), data.store()
    everyone = data.all_places()
    areas = [a.key for a in data.questionnaire().areas]
    checked = read_practices(content, file_name, set(everyone["place_id"]), areas, data.today())
    outside = reach.refused_places([p.place_id for p in checked], everyone)
    if outside:
        raise DataFileError(file_name, outside)
    return audited(
        store,
        who,
        "practices_import",
        file_name,
        lambda: store.add_practices(checked, who.account, file_name=file_name),
    )


def review_practice(practice_id: str, decision: str) -> str | None:
    """Approve or reject where the account reaches the practice's place: the state it had (None: none)."""
    store = data.store()
    found = store.practices()
    place = found.loc[found["practice_id"] == practice_id, "place_id"]
    who = _organiser("practices.review", _country_of(place.iloc[0]) if len(place) else None)
    return audited(
        store,
        who,
        "practice_review",
        f"{practice_id} {decision}",
        lambda: store.review_practice(practice_id, decision, who.account),
    )


def update_commitment(commitment: dict, status: str, note: str, evidence: str) -> list[str]:
    """An organiser's change of a commitment (a followup.commitments row): the fields changed."""
    who, store = _organiser("commitments.update", commitment["country"]), data.store()
    return audited(
        store,
        who,
        "commitment_update",
        lambda fields: f"{commitment['commitment_id']} {','.join(fields)}" if fields else None,
        lambda: store.update_commitment(commitment["commitment_id"], who.account, status, note, evidence),
    )


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


def moderate_question(question_id: str, moderation: str, by: str = "") -> bool:
    """Pin, unpin, mark answered, reopen, hide or show again; False when there is no such question.
    Recorded under the logged-in account (`by` is kept for the callers' arguments)."""
    who, store = _organiser("room.moderate"), data.store()
    field, value = MODERATIONS[moderation]

    def moderate() -> bool:
        if field == "pinned":
            return store.set_question_pinned(question_id, value, who.account)
        return store.set_question_state(question_id, value, who.account)

    return audited(
        store,
        who,
        "question_moderate",
        lambda done: f"{question_id} {moderation}" if done else None,
        moderate,
    )


def set_question_session(session_key: str) -> None:
    who, store = _organiser("room.control"), data.store()
    audited(
        store,
        who,
        "room_control",
        f"questions for {session_key or '—'}",
        lambda: store.set_setting(room.QUESTION_SESSION, session_key),
    )


def set_answering(what: str, open_: bool) -> None:
    """Open or close `what` to new answers, for every phone and instance."""
    who, store = _organiser("room.control"), data.store()
    audited(
        store,
        who,
        "room_control",
        f"{what} {'open' if open_ else 'closed'}",
        lambda: store.set_setting(closing.setting_key(what), closing.setting_value(not open_)),
    )
