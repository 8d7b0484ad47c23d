"""Every write a view does, each one call, so that no view touches the store.

No write clears a cache: every cached read (ui/data.py) is keyed on the revisions of what it reads,
and the store bumps a revision in the same transaction as the write, so the next rerun, on any
screen, reads the new data once.
"""

import streamlit as st

from indicators.assessment import Assessment
from indicators.layers import LayerReport, import_layer
from indicators.postgres import DatabaseUnavailable
from indicators.results import ResultsFile, read_results
from indicators.submissions import ImportReport, import_submissions
from ui import data

DB_ERROR = "db_error"  # a write's DatabaseUnavailable, left for the next run to show (ui/frame.py)


def guarded(action):
    """A button callback that, when the database cannot be used, leaves the reason for the page to
    show (app.py) instead of a trace; whatever the widgets hold stays as it was."""

    def run(*args, **kwargs):
        try:
            action(*args, **kwargs)
        except DatabaseUnavailable as error:
            st.session_state[DB_ERROR] = error

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
    """Submit the assessment; returns its new version."""
    return data.store().submit_assessment(assessment_id, assessment, data.questionnaire(), author)


# --- the consultation -----------------------------------------------------------------------------


def create_participant() -> tuple[str, str]:
    """A new participant: (participant id, personal code)."""
    return data.store().create_participant()


def save_consultation(participant_id: str, phase: str, answers: dict) -> int:
    return data.store().save_consultation(participant_id, phase, answers)
