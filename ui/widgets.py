"""Widgets drawn the same way on every page: a list of problems, a place picker, the key figures,
a table headed in the page's language, the file import of the organisers' tabs, and a commitment's
update fields (a code holder's and an organiser's form alike)."""

from collections.abc import Callable

import pandas as pd
import streamlit as st

from indicators.commitments import NOTE_LIMIT, STATUSES, URL_LIMIT, CommitmentRefused
from indicators.validation import DataFileError
from ui.lang import in_shown_zone, literal, literal_list, translator

MAX_PROBLEMS_SHOWN = 50  # a broken large file can have thousands; the first ones show the pattern


def problem_list(
    title: str | None, lines: list[str], alert=st.error, limit: int = MAX_PROBLEMS_SHOWN
) -> None:
    """A title in an alert (st.error, st.warning, st.success, or none), then the problems as a list.

    Problems repeat what users typed or what a file holds: shown as text, whatever they hold; the
    first `limit` of them, and how many more there are.
    """
    if title:
        alert(title)
    if lines:
        st.markdown(literal_list(lines[:limit]))
    if len(lines) > limit:
        st.caption(translator()("org.more_problems", count=len(lines) - limit))


def show_rejection(title: str, error: DataFileError) -> None:
    """A refused file or registry: what happened, then its problems (row, column, value, why)."""
    problem_list(title, error.describe(translator()))


def field_problems(problems: list, column: str) -> None:
    """The problems of one field of a refused form, drawn beside the field (what was typed is kept)."""
    t = translator()
    for problem in problems:
        if problem.column == column:
            st.error(t(f"problems.{problem.reason}", **problem.params), icon=":material/error:")


def place_picker(label: str, labels: dict[str, str], key: str, placeholder: str, where=st, **options):
    """A select of places by their "Name (ISO3)" label (data.place_labels); no typing, so no keyboard
    pops up on a phone. `options` go to st.selectbox (index, disabled…)."""
    options.setdefault("index", None)
    return where.selectbox(
        label,
        list(labels),
        format_func=labels.get,
        key=key,
        placeholder=placeholder,
        filter_mode=None,
        **options,
    )


FIGURE_LABELS = {
    "places": "map.places",
    "countries": "map.n_countries",
    "completed": "map.completed",
    "in_progress": "map.in_progress",
    "undated": "map.undated",
}


def key_figures(figures: dict[str, int]) -> None:
    """The row of counts shown on the home page and above the map. A row that wraps, not columns:
    on a phone columns stack, and five counts one under another took 500 px above the map."""
    t = translator()
    row = st.container(horizontal=True, gap="medium")
    for key, label in FIGURE_LABELS.items():
        row.metric(t(label), figures[key], width="content")


def headed(frame: pd.DataFrame, keys: dict[str, str]) -> pd.DataFrame:
    """The columns to show, headed in the page's language (catalogue keys), never raw names; times
    (the server's, as stored) in the shown time zone."""
    t = translator()
    shown = frame[list(keys)].copy()
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].map(lambda m: in_shown_zone(m) if pd.notna(m) else m)
    return shown.rename(columns={column: t(key) for column, key in keys.items()})


def file_import(
    label: str,
    types: list[str],
    key: str,
    button: tuple[str, str],
    run: Callable[[bytes, str], object],
    refused: Callable[[DataFileError, str], str],
    max_mb: int,
):
    """A file chooser (at most `max_mb`) and an import button (label, key). On a click the file goes to
    `run(content, name)`, whose result is returned; a refused file (DataFileError: nothing was written)
    is listed with every problem under the title `refused(error, name)`. None when nothing was imported."""
    upload = uploader(label, types, key, max_mb)
    if upload is None or not st.button(button[0], type="primary", key=button[1]):
        return None
    try:
        return run(upload.getvalue(), upload.name)
    except DataFileError as error:
        show_rejection(refused(error, literal(upload.name)), error)
        return None


def uploader(label: str, types: list[str], key: str, max_mb: int):
    """A file chooser that says its size limit and refuses a larger file before it is sent."""
    t = translator()
    return st.file_uploader(
        label, type=types, key=key, max_upload_size=max_mb, help=t("app.upload_limit", mb=max_mb)
    )


def commitment_fields(row: dict, prefix: str, suffix: str) -> tuple[str, str, str]:
    """A commitment's status, note and evidence link, drawn inside the caller's form from what is kept
    (`row`); keys `<prefix>_status_<suffix>`, `_note_`, `_evidence_`. Returns what was chosen and typed."""
    t = translator()
    status = st.selectbox(
        t("commitments.col_status"),
        STATUSES,
        index=STATUSES.index(row["status"]),
        format_func=lambda s: t(f"commitments.status_{s}"),
        key=f"{prefix}_status_{suffix}",
        filter_mode=None,
    )
    note = st.text_area(
        t("commitments.col_note"),
        value=row["note"] or "",
        max_chars=NOTE_LIMIT,
        height=80,
        key=f"{prefix}_note_{suffix}",
    )
    evidence = st.text_input(
        t("commitments.col_evidence_url"),
        value=row["evidence_url"] or "",
        max_chars=URL_LIMIT,
        placeholder="https://…",
        key=f"{prefix}_evidence_{suffix}",
    )
    return status, note, evidence


def commitment_refusal(refused: CommitmentRefused) -> str:
    """Why a commitment's update was refused, and that nothing was kept."""
    t = translator()
    reasons = " ".join(t(f"commitments.{p}", allowed=", ".join(STATUSES)) for p in refused.problems)
    return f"{reasons} {t('commitments.nothing_written')}"
