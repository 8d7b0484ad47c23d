"""Submissions exported from KoboToolbox or ODK Central: read, checked whole, turned into assessments.

The app's XLSForm (`indicators/xlsform.py`) goes out to phones and Enketo; what comes back is an
export of the answers. This module reads the layouts those tools really write: Kobo's CSV (`;`,
group paths joined by `/`, `_uuid`, `_submission_time`, `_validation_status`, …), Kobo's XLSX,
Kobo's exports with labels instead of names as headers (and as values), and ODK Central's CSV (`,`,
group paths joined by `-`, `KEY`, `SubmissionDate`, `ReviewState`, `Edits`, …).

Each row is checked (indicators/submission_rows.py) like a form typed in the app (the same
`problems_for_submit`) and against what only an export can get wrong: a form version other than the
current one, a local government not in the catalogue or not in the chosen country, a top 3 that
repeats an area, a missing or wrong access code when the organisers require one. Problems carry the
row a spreadsheet shows and the column as the file names it. The caller decides what a refused row
means (nothing written, or only the valid rows with the `--valid-only` choice): see `plan_import`.

A submission is known by its id (Kobo `_uuid` / `meta/rootUuid`, ODK `KEY` / `meta-instanceID`),
so re-importing an export adds only what is new, and a submission edited in the tool (same id,
newer time or more edits, different answers) becomes a new version of its assessment.
"""

import dataclasses
import datetime as dt
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from indicators.assessment import Assessment
from indicators.exports.csv import write_csv
from indicators.questionnaire import Questionnaire
from indicators.reader import check_envelope, header_only, read_table, shown
from indicators.submission_rows import Choices, RowChecker, check_header, field_of, fold, form_fields
from indicators.validation import DataFileError, Problem
from indicators.xlsform import PLACE, VERSION, form_version

EXTENSIONS = (".csv", ".xlsx")
UPLOAD_MB = 10  # about 8,000 submissions with every text filled in
MAX_FILE_BYTES = UPLOAD_MB * 1024 * 1024
SOURCE = "Kobo/ODK"

# Metadata columns the tools add, folded (see submission_rows.fold). They are read or left alone,
# never reported as unknown columns.
KOBO_COLUMNS = {
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_status",
    "_submitted_by",
    "__version__",
    "_version_",
    "_version",
    "_tags",
    "_index",
    "_notes",
    "_attachments",
    "_geolocation",
    "_xform_id_string",
    "meta/instanceid",
    "meta/rootuuid",
    "meta/deprecatedid",
    "meta/instancename",
    "instanceid",
    "rootuuid",
    "deprecatedid",
    "start",
    "end",
    "today",
    "deviceid",
    "username",
}
ODK_COLUMNS = {
    "submissiondate",
    "meta-instanceid",
    "meta-instancename",
    "meta-deprecatedid",
    "key",
    "submitterid",
    "submittername",
    "attachmentspresent",
    "attachmentsexpected",
    "status",
    "reviewstate",
    "deviceid",
    "edits",
    "formversion",
}
# Where each tool keeps what identifies a submission, its time and its review; first found wins.
# Kobo's `rootUuid` and ODK Central's `KEY` stay the same when a submission is edited.
ID_COLUMNS = {
    "kobo": ("meta/rootuuid", "rootuuid", "_uuid", "meta/instanceid", "instanceid"),
    "odk": ("key", "meta-instanceid"),
}
TIME_COLUMNS = {"kobo": ("_submission_time",), "odk": ("submissiondate",)}
REVIEW_COLUMNS = {"kobo": ("_validation_status",), "odk": ("reviewstate",)}
# A reviewer's "no" in the tool: such a submission is left out (and listed), not imported.
REJECTED_REVIEWS = {
    "validation_status_not_approved",
    "not approved",
    "no aprobado",
    "rejected",
}


@dataclass(frozen=True)
class Submission:
    """One valid row: an assessment ready to store, and what identifies and orders it."""

    row: int
    submission_id: str
    submitted_at: dt.datetime | None
    edits: int
    assessment: Assessment
    digest: str  # of the answers only: a change of review status is not a new version


@dataclass(frozen=True)
class SubmissionsFile:
    tool: str  # "kobo" or "odk"
    submissions: list[Submission]
    refused: list[Problem]  # faults of rows (row, column, value, reason)
    refused_rows: list[int]
    skipped: list[Problem] = field(default_factory=list)  # left out on purpose: rejected, repeated
    notes: list[Problem] = field(default_factory=list)  # how the file was read


# --- checking ------------------------------------------------------------------------------------


def _tool(folded_headers: set[str]) -> str | None:
    if folded_headers & {"key", "submissiondate", "meta-instanceid"}:
        return "odk"
    if folded_headers & {"_uuid", "_submission_time", "meta/instanceid", "instanceid", "meta/rootuuid"}:
        return "kobo"
    return None


def _submission_time(text: str) -> dt.datetime | None:
    """Kobo "2026-11-20T14:03:11", ODK "2026-11-20T14:03:11.123Z", an Excel date: naive UTC."""
    if not text:
        return None
    try:
        stamp = pd.Timestamp(text)
    except ValueError:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp.to_pydatetime()


def read_submissions(
    data: bytes,
    file_name: str,
    q: Questionnaire,
    places: pd.DataFrame,
    countries: pd.DataFrame,
    code_place: Callable[[str], str | None] | None = None,
) -> SubmissionsFile:
    """Check a whole export. File-level faults raise DataFileError; row faults are listed in `refused`.

    `places` (place_id, name, country) is the catalogue of local governments that may answer.
    With `code_place` (a normalised access code → its place, or None), every row must hold a valid
    code of its own local government.
    """
    check_envelope(file_name, len(data), EXTENSIONS, MAX_FILE_BYTES)
    notes: list[Problem] = []
    # UTF-16 with its mark is Excel's "Unicode text": read too. Kobo's XLSX brings the submissions
    # in its first sheet (further sheets hold repeat groups).
    table = read_table(data, file_name, notes, utf16=True)
    if not table.rows:
        raise DataFileError(file_name, [header_only(table)])
    fields, header_names = form_fields(q)
    folded = [fold(h) for h in table.header]
    tool = _tool(set(folded))
    column_of: dict[str, int] = {}
    ignored = []
    for index, header in enumerate(table.header):
        name = field_of(header, header_names)
        if name and name not in column_of:
            column_of[name] = index
        elif folded[index] and folded[index] not in KOBO_COLUMNS | ODK_COLUMNS:
            ignored.append(header)
    meta = {
        purpose: next((folded.index(c) for c in candidates.get(tool, ()) if c in folded), None)
        for purpose, candidates in (("id", ID_COLUMNS), ("time", TIME_COLUMNS), ("review", REVIEW_COLUMNS))
    }
    check_header(file_name, q, meta["id"] is not None, column_of, code_place is not None, table.header)
    if ignored:
        notes.append(Problem(None, None, "", "ignored_columns", {"columns": ", ".join(ignored[:10])}))
    edits_at = folded.index("edits") if tool == "odk" and "edits" in folded else None
    choices = Choices(q, places, countries)
    checker = RowChecker(q, fields, column_of, table.header, choices, code_place)
    expected_version = form_version(q)

    by_id: dict[str, Submission] = {}
    refused, refused_rows, skipped = [], [], []
    for number, cells in table.rows:

        def cell(index: int | None, cells=cells) -> str:
            return cells[index].strip() if index is not None and index < len(cells) else ""

        submission_id = cell(meta["id"]).removeprefix("uuid:")
        review = cell(meta["review"])
        if fold(review) in REJECTED_REVIEWS:
            skipped.append(
                Problem(
                    number, table.header[meta["review"]], review, "offline.rejected_in_tool", {"tool": tool}
                )
            )
            continue
        version = cell(column_of.get(VERSION))
        if version != expected_version:
            refused.append(
                Problem(
                    number,
                    table.header[column_of[VERSION]],
                    shown(version),
                    "offline.other_version",
                    {"expected": expected_version},
                )
            )
            refused_rows.append(number)
            continue
        assessment, problems = checker.check(number, cells)
        if not submission_id:
            problems.append(Problem(number, table.header[meta["id"]], "", "required"))
        if problems:
            refused += problems
            refused_rows.append(number)
            continue
        edits = cell(edits_at)
        submission = Submission(
            number,
            submission_id,
            _submission_time(cell(meta["time"])),
            int(edits) if edits.isdigit() else 0,
            assessment,
            answers_digest(assessment),
        )
        earlier = by_id.get(submission_id)
        if earlier is not None:
            # The same submission twice in one export: the newest counts, the other is listed.
            newer, older = (
                (submission, earlier) if _order(submission) >= _order(earlier) else (earlier, submission)
            )
            by_id[submission_id] = newer
            skipped.append(
                Problem(
                    older.row,
                    table.header[meta["id"]],
                    submission_id,
                    "offline.repeated_in_file",
                    {"row": newer.row},
                )
            )
            continue
        by_id[submission_id] = submission
    if not by_id and not refused and not skipped:
        raise DataFileError(file_name, [Problem(None, None, "", "empty_file")])
    return SubmissionsFile(tool, list(by_id.values()), refused, refused_rows, skipped, notes)


def answers_digest(assessment: Assessment) -> str:
    """Equal for equal answers, whatever the layout they came in (names or labels, CSV or XLSX)."""
    content = (
        assessment.place_id,
        assessment.anonymous,
        assessment.stored_identity(),
        [tuple(vars(answer).values()) for answer in assessment.answers.values()],
        sorted(assessment.top3.items()),
    )
    return hashlib.sha256(repr(content).encode()).hexdigest()


def _order(submission: Submission) -> tuple:
    """Which of two versions of one submission is newer: its time, then its count of edits."""
    return (submission.submitted_at or dt.datetime.min, submission.edits)


# --- importing: what is new, what is an edit, what is already there -------------------------------

REQUIRE_CODE = "submissions_require_code"  # the organisers' setting, kept in the store's meta table


@dataclass(frozen=True)
class ImportReport:
    file_name: str
    tool: str
    new: int
    updated: int  # edits made in the tool: a new version of an assessment imported before
    duplicates: int  # already imported with the same answers
    stale: int  # an older version than the one already imported
    refused: list[Problem]  # rows not imported (only with valid_only; otherwise nothing is written)
    refused_rows: list[int]
    skipped: list[Problem]
    notes: list[Problem]

    @property
    def written(self) -> int:
        return self.new + self.updated


def plan_import(submissions: list[Submission], known: pd.DataFrame) -> tuple[list, list, int, int]:
    """Split checked submissions against what was imported before (`Store.imported_submissions`).

    Returns (new, updated, duplicates, stale); `updated` pairs an assessment_id with its submission.
    A known submission is an edit when its answers differ and it is not older than the stored one.
    """
    by_id = {row.submission_id: row for row in known.itertuples(index=False)}
    new, updated, duplicates, stale = [], [], 0, 0
    for submission in submissions:
        before = by_id.get(submission.submission_id)
        if before is None:
            new.append(submission)
        elif before.digest == submission.digest:
            duplicates += 1
        elif _order(submission) < (
            before.submitted_at.to_pydatetime() if pd.notna(before.submitted_at) else dt.datetime.min,
            int(before.edits),
        ):
            stale += 1
        else:
            updated.append((before.assessment_id, submission))
    return new, updated, duplicates, stale


def import_submissions(
    store,
    data: bytes,
    file_name: str,
    q: Questionnaire,
    author: Callable[[str], str],
    valid_only=False,
    within: set[str] | None = None,
) -> ImportReport:
    """Check a whole export and store what is new; raise DataFileError (nothing written) on a refusal.

    A file with refused rows is refused whole, unless `valid_only`: then the valid rows are stored and
    the refused ones reported. `author(submission_id)` is the history's author of each stored version.
    `within` (the place ids an organiser may import into, accounts.Reach) refuses rows of other places.
    """
    require_code = store.setting(REQUIRE_CODE) == "true"
    found = read_submissions(
        data,
        file_name,
        q,
        store.places(igm_only=False),
        store.countries(),
        store.place_for_code if require_code else None,
    )
    if within is not None:
        found = _refuse_outside(found, within)
    if found.refused and not valid_only:
        raise DataFileError(file_name, found.refused)
    known = store.imported_submissions([s.submission_id for s in found.submissions])
    new, updated, duplicates, stale = plan_import(found.submissions, known)
    if new or updated:
        store.import_submissions(
            [(str(uuid.uuid4()), author(s.submission_id), s) for s in new],
            [(assessment_id, author(s.submission_id), s) for assessment_id, s in updated],
            q,
            found.tool,
            file_name,
        )
    return ImportReport(
        file_name,
        found.tool,
        len(new),
        len(updated),
        duplicates,
        stale,
        found.refused,
        found.refused_rows,
        found.skipped,
        found.notes,
    )


def _refuse_outside(found: SubmissionsFile, within: set[str]) -> SubmissionsFile:
    """The rows of places out of the importer's reach move from the valid ones to the refused ones."""
    outside = [s for s in found.submissions if s.assessment.place_id not in within]
    if not outside:
        return found
    problems = [
        Problem(s.row, PLACE, s.assessment.place_id, "place_out_of_reach", {"place": s.assessment.place_id})
        for s in outside
    ]
    return dataclasses.replace(
        found,
        submissions=[s for s in found.submissions if s.assessment.place_id in within],
        refused=sorted([*found.refused, *problems], key=lambda p: p.row or 0),
        refused_rows=sorted({*found.refused_rows, *(s.row for s in outside)}),
    )


def refused_csv(problems: list[Problem], t) -> bytes:
    """The refused rows as a CSV for the organiser to fix at the source: row, column, value, reason.
    Written by the one CSV writer of the exports, so a value from the file that looks like a formula
    (=HYPERLINK(...)) stays text in a spreadsheet."""
    table = pd.DataFrame(
        [[p.row or "", p.column or "", p.value, t(f"problems.{p.reason}", **p.params)] for p in problems],
        columns=[t(f"offline.refused_{c}") for c in ("row", "column", "value", "reason")],
    )
    refused_rows = len({p.row for p in problems if p.row})
    return write_csv(table, [t("offline.refused_rows", rows=refused_rows).rstrip(":")])
