"""Commitments: what a local government said it would do, followed after the seminar. The rules only;
the database is indicators/store/commitments.py.

Every area a submission puts in its top 3 with a proposed action becomes a commitment of that local
government: the action, the responsible office, a due date (the timeframe counted from the day it
was submitted), the round, the area and so its GCM objectives, and a status. Statuses follow
Decidim's Accountability results: planned, in progress, done, stalled, dropped; with a progress note
and a link to evidence (http or https only: a link in a report must never run anything).

A later version of the same assessment updates its commitments, matched by area; one whose area
left the top 3 (or lost its action) is kept as `withdrawn`, with its whole history.
"""

import calendar
import datetime as dt
import re
from urllib.parse import urlsplit

import pandas as pd

from indicators.assessment import Assessment
from indicators.questionnaire import Questionnaire

STATUSES = ("planned", "in_progress", "done", "stalled", "dropped")
FIRST_STATUS = "planned"
# Still to be done: past its due date, one of these is overdue.
OPEN_STATUSES = ("planned", "in_progress", "stalled")
NOTE_LIMIT = 1000
URL_LIMIT = 500
# A timeframe key of the questionnaire ("6m", "1y") as months; any other ("longer") has no due date.
TIMEFRAME = re.compile(r"(\d+)([my])")
# What a change row records (commitment_changes.fields), in the order `show` lists them.
FIELDS = ("action", "office", "due_date", "status", "note", "evidence_url", "withdrawn")


class CommitmentRefused(Exception):
    """An update that breaks a rule (catalogue keys under "commitments."); nothing was written."""

    def __init__(self, problems: list[str], **params):
        super().__init__(", ".join(problems))
        self.problems = problems
        self.params = params


def timeframe_months(timeframe: str | None) -> int | None:
    """6 for "6m", 12 for "1y"; None for "longer" or no timeframe (no date can honestly be given)."""
    match = TIMEFRAME.fullmatch(timeframe or "")
    if not match:
        return None
    number, unit = int(match.group(1)), match.group(2)
    return number if unit == "m" else 12 * number


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter (31 Aug + 6 = 28 Feb)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(submitted: dt.date, timeframe: str | None) -> dt.date | None:
    months = timeframe_months(timeframe)
    return None if months is None else add_months(submitted, months)


def proposed(assessment: Assessment, q: Questionnaire) -> list[dict]:
    """The commitments a submission makes: each top-3 area with an action, in questionnaire order."""
    chosen = {key for keys in assessment.top3.values() for key in keys}
    found = []
    for area in q.areas:
        answer = assessment.answers.get(area.key)
        if area.key in chosen and answer and answer.action.strip():
            found.append(
                {
                    "area_key": area.key,
                    "action": answer.action.strip(),
                    "office": answer.office.strip(),
                    "timeframe": answer.timeframe,
                }
            )
    return found


def update_problems(status: str | None, note: str | None, evidence: str | None) -> list[str]:
    """Why an update cannot be stored (catalogue keys under "commitments."); none: it can."""
    problems = []
    if status is not None and status not in STATUSES:
        problems.append("unknown_status")
    if note is not None and len(note) > NOTE_LIMIT:
        problems.append("note_too_long")
    if evidence:
        problems += [p for p in (evidence_problem(evidence),) if p]
    return problems


def evidence_problem(url: str) -> str | None:
    """An evidence link must be a plain http(s) address: no javascript:, data:, file: or spaces."""
    if len(url) > URL_LIMIT:
        return "evidence_too_long"
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or re.search(r"\s", url.strip()):
        return "evidence_not_http"
    return None


def is_overdue(frame: pd.DataFrame, today: dt.date) -> pd.Series:
    """Past the due date and still open (not done, not dropped, not withdrawn)."""
    due = pd.to_datetime(frame["due_date"])
    return (
        due.notna()
        & (due < pd.Timestamp(today))
        & frame["status"].isin(OPEN_STATUSES)
        & ~frame["withdrawn"].astype(bool)
    ).astype(bool)


def status_counts(commitments: pd.DataFrame, q: Questionnaire, by: str) -> pd.DataFrame:
    """Commitments (not withdrawn) counted per status, a row per round (`round_key`) and round table
    (by="theme") or GCM objective (by="gcm"); a commitment serving two objectives counts for each.
    Columns: round_key, theme or gcm, one per status, total."""
    current = commitments[~commitments["withdrawn"].astype(bool)]
    rows = []
    for row in current.itertuples():
        area = q.area_by_key.get(row.area_key)
        if area is None:
            continue
        groups = [area.theme] if by == "theme" else list(area.gcm)
        rows += [(row.round_key, group, row.status) for group in groups]
    frame = pd.DataFrame(rows, columns=["round_key", by, "status"])
    table = pd.crosstab([frame["round_key"], frame[by]], frame["status"]) if rows else pd.DataFrame()
    table = table.reindex(columns=list(STATUSES), fill_value=0).reset_index()
    if table.empty:
        return pd.DataFrame(columns=["round_key", by, *STATUSES, "total"])
    table["total"] = table[list(STATUSES)].sum(axis=1)
    return table[["round_key", by, *STATUSES, "total"]].astype({s: int for s in (*STATUSES, "total")})


def changed_fields(before: dict | None, after: dict) -> list[str]:
    """The FIELDS whose value differs (all that are set, for a new commitment)."""
    if before is None:
        return [f for f in FIELDS if after.get(f) not in (None, "", False)]
    return [f for f in FIELDS if _plain(before.get(f)) != _plain(after.get(f))]


def _plain(value):
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value
