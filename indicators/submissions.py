"""Submissions exported from KoboToolbox or ODK Central: read, checked whole, turned into assessments.

The app's XLSForm (`indicators/xlsform.py`) goes out to phones and Enketo; what comes back is an
export of the answers. This module reads the layouts those tools really write: Kobo's CSV (`;`,
group paths joined by `/`, `_uuid`, `_submission_time`, `_validation_status`, …), Kobo's XLSX,
Kobo's exports with labels instead of names as headers (and as values), and ODK Central's CSV (`,`,
group paths joined by `-`, `KEY`, `SubmissionDate`, `ReviewState`, `Edits`, …).

Each row is checked like a form typed in the app (the same `problems_for_submit`) and against what
only an export can get wrong: a form version other than the current one, a local government not in
the catalogue or not in the chosen country, a top 3 that repeats an area, a missing or wrong access
code when the organisers require one. Problems carry the row a spreadsheet shows and the column as
the file names it. The caller decides what a refused row means (nothing written, or only the valid
rows with the `--valid-only` choice): see `plan_import`.

A submission is known by its id (Kobo `_uuid` / `meta/rootUuid`, ODK `KEY` / `meta-instanceID`),
so re-importing an export adds only what is new, and a submission edited in the tool (same id,
newer time or more edits, different answers) becomes a new version of its assessment.
"""

import datetime as dt
import hashlib
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from indicators import access
from indicators.assessment import AreaAnswer, Assessment, problems_for_submit
from indicators.exports.csv import write_csv
from indicators.questionnaire import TOP_CHOICES, Questionnaire
from indicators.reader import check_envelope, header_only, read_table, shown
from indicators.validation import DataFileError, Problem
from indicators.xlsform import (
    ACCESS_CODE,
    ANONYMOUS,
    AREA_FIELDS,
    COUNTRY,
    FORM_ID,
    NAME,
    PLACE,
    ROLE,
    VERSION,
    area_field,
    choice_lists,
    form_version,
    survey_questions,
    top_field,
)

EXTENSIONS = (".csv", ".xlsx")
UPLOAD_MB = 10  # about 8,000 submissions with every text filled in
MAX_FILE_BYTES = UPLOAD_MB * 1024 * 1024
SOURCE = "Kobo/ODK"

# Metadata columns the tools add, folded (see `fold`). They are read or left alone, never reported
# as unknown columns.
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
# What else a yes/no answer looks like once a spreadsheet has been through it.
YES_NO = {"si": "yes", "true": "yes", "1": "yes", "false": "no", "0": "no"}


def fold(text: str) -> str:
    """ "  Capacidad  ACTUAL " → "capacidad actual": how headers and labels are compared.

    Unlike i18n.fold, hyphens and underscores stay: ODK Central joins group paths with "-" and the
    form's field names hold "_", so folding them to spaces could make two columns one."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(plain.casefold().split())


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


# --- the form's fields, and how a header can name them -----------------------------------------


def _form_fields(q: Questionnaire) -> tuple[dict[str, str | None], dict[str, str]]:
    """Every answer field of the form with its choice list (None for a text), and
    {folded header: field name} for every way an export may name it."""
    fields: dict[str, str | None] = {}
    headers: dict[str, str] = {}
    group, group_labels = None, {}
    for question in survey_questions(q):
        kind = question["type"]
        if kind == "begin_group":
            group, group_labels = question["name"], question["label"]
            continue
        if kind == "end_group":
            group, group_labels = None, {}
            continue
        if kind == "note":
            continue
        name = question["name"]
        fields[name] = kind.removeprefix("select_one ") if kind.startswith("select_one ") else None
        names = [name] + ([f"{group}/{name}", f"{group}-{name}", f"{group}.{name}"] if group else [])
        for lang, label in (question.get("label") or {}).items():
            names.append(label)
            if group:
                names.append(f"{group_labels[lang]}/{label}")
        for text in names:
            headers.setdefault(fold(text), name)
    return fields, headers


def _field_of(header: str, headers: dict[str, str]) -> str | None:
    """The field a header names: whole, or after any group prefix ("a/b/rt1_x" → "rt1_x")."""
    folded = fold(header)
    if folded in headers:
        return headers[folded]
    for position, char in enumerate(folded):
        if char in "/-" and (found := headers.get(folded[position + 1 :].strip())):
            return found
    return None


# --- checking ------------------------------------------------------------------------------------


class _Choices:
    """Every choice list of the form, accepting a choice's name or its label in either language."""

    def __init__(self, q: Questionnaire, places: pd.DataFrame, countries: pd.DataFrame):
        self.names: dict[str, list[str]] = {}
        self.exact: dict[str, dict[str, str]] = {}  # a name or label as written: no folding needed
        self.by_text: dict[str, dict[str, str]] = {}
        for choice in choice_lists(q, places, countries):
            if choice["list_name"] == "places":
                continue  # names repeat across countries: see place()
            listed = self.by_text.setdefault(choice["list_name"], {})
            exact = self.exact.setdefault(choice["list_name"], {})
            self.names.setdefault(choice["list_name"], []).append(choice["name"])
            for text in (choice["name"], *choice["label"].values()):
                listed.setdefault(fold(text), choice["name"])
                exact.setdefault(text, choice["name"])
        self.by_text["yes_no"].update(YES_NO)
        self.place_country = dict(zip(places["place_id"], places["country"], strict=True))
        self.place_by_name = {
            (country, fold(name)): place_id
            for place_id, name, country in zip(
                places["place_id"], places["name"], places["country"], strict=True
            )
        }

    def value(self, list_name: str, text: str) -> str | None:
        return self.exact[list_name].get(text) or self.by_text[list_name].get(fold(text))

    def place(self, text: str, country: str | None) -> str | None:
        if text in self.place_country:
            return text
        return self.place_by_name.get((country, fold(text)))


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
    fields, header_names = _form_fields(q)
    folded = [fold(h) for h in table.header]
    tool = _tool(set(folded))
    column_of: dict[str, int] = {}
    ignored = []
    for index, header in enumerate(table.header):
        name = _field_of(header, header_names)
        if name and name not in column_of:
            column_of[name] = index
        elif folded[index] and folded[index] not in KOBO_COLUMNS | ODK_COLUMNS:
            ignored.append(header)
    meta = {
        purpose: next((folded.index(c) for c in candidates.get(tool, ()) if c in folded), None)
        for purpose, candidates in (("id", ID_COLUMNS), ("time", TIME_COLUMNS), ("review", REVIEW_COLUMNS))
    }
    _check_header(file_name, q, meta["id"] is not None, column_of, code_place is not None, table.header)
    if ignored:
        notes.append(Problem(None, None, "", "ignored_columns", {"columns": ", ".join(ignored[:10])}))
    edits_at = folded.index("edits") if tool == "odk" and "edits" in folded else None
    choices = _Choices(q, places, countries)
    checker = _RowChecker(q, fields, column_of, table.header, choices, code_place)
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


def _check_header(
    file_name: str,
    q: Questionnaire,
    has_id: bool,
    column_of: dict[str, int],
    code_required: bool,
    header: list[str],
) -> None:
    """A file from another form, or without what identifies its submissions, is refused whole."""
    required = [COUNTRY, PLACE, ANONYMOUS, VERSION]
    required += [area_field(a.key, f) for a in q.areas for f in ("capacity", "priority")]
    required += [top_field(theme, rank) for theme in q.themes for rank in range(1, TOP_CHOICES + 1)]
    if code_required:
        required.append(ACCESS_CODE)
    missing = [name for name in required if name not in column_of]
    problems = []
    if len(missing) > len(required) // 2:
        problems.append(
            Problem(
                None,
                None,
                "",
                "offline.not_this_form",
                {"form_id": FORM_ID, "missing": len(missing), "examples": ", ".join(missing[:3])},
            )
        )
    else:
        problems += [Problem(None, name, "", "missing_column") for name in missing]
        if not has_id:
            problems.append(Problem(None, None, "", "offline.no_submission_id"))
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    problems += [Problem(None, h, "", "duplicate_column") for h in repeated]
    if problems:
        raise DataFileError(file_name, problems)


class _RowChecker:
    """Turns one row into an Assessment and lists its problems, columns named as in the file."""

    def __init__(self, q, fields, column_of, header, choices: _Choices, code_place):
        self.q, self.fields, self.column_of, self.header = q, fields, column_of, header
        self.choices, self.code_place = choices, code_place
        self.codes: dict[str, str | None] = {}  # each distinct code is hashed once, not per row
        # Empty answers the form itself requires; the name is the app's rule (it depends on anonymity).
        self.required = [COUNTRY, PLACE, ANONYMOUS]
        self.required += [area_field(a.key, f) for a in q.areas for f in ("capacity", "priority")]
        self.required += [top_field(t, r) for t in q.themes for r in range(1, TOP_CHOICES + 1)]
        # Field names per area and table, made once: a 5,000-row file would build them 600,000 times.
        self.area_fields = [(area.key, {f: area_field(area.key, f) for f in AREA_FIELDS}) for area in q.areas]
        self.top_fields = [
            (theme, [top_field(theme, r) for r in range(1, TOP_CHOICES + 1)]) for theme in q.themes
        ]

    def check(self, number: int, cells: list[str]) -> tuple[Assessment, list[Problem]]:
        problems: list[Problem] = []
        width = len(cells)
        values = {name: cells[i].strip() if i < width else "" for name, i in self.column_of.items()}

        def raw(name: str) -> str:
            return values.get(name, "")

        def column(name: str) -> str:
            return self.header[self.column_of[name]] if name in self.column_of else name

        reported: set[str] = set()

        def bad(name: str, reason: str, **params) -> None:
            reported.add(name)
            problems.append(Problem(number, column(name), shown(raw(name)), reason, params))

        def choice(name: str) -> str | None:
            text = raw(name)
            if not text:
                return None
            list_name = self.fields[name]
            value = self.choices.value(list_name, text)
            if value is None:
                bad(name, "not_in_list", allowed=", ".join(self.choices.names[list_name]))
            return value

        for name in self.required:
            if not raw(name):
                bad(name, "required")
        country = choice(COUNTRY)
        place_id = self.choices.place(raw(PLACE), country)
        if raw(PLACE) and place_id is None:
            bad(PLACE, "offline.unknown_place")
        elif place_id and country and self.choices.place_country[place_id] != country:
            bad(PLACE, "offline.place_not_in_country", country=country)
        anonymous = choice(ANONYMOUS)
        answers = {}
        for key, names in self.area_fields:
            capacity, priority = choice(names["capacity"]), choice(names["priority"])
            answers[key] = AreaAnswer(
                capacity=int(capacity) if capacity is not None else None,
                priority=int(priority) if priority is not None else None,
                action=raw(names["action"]),
                office=raw(names["office"]),
                timeframe=choice(names["timeframe"]),
            )
        top3 = {}
        for theme, names in self.top_fields:
            picked = []
            for name in names:
                value = choice(name)
                if value is not None and value in picked:
                    bad(name, "offline.top3_repeat", rank=picked.index(value) + 1)
                picked.append(value)
            top3[theme] = [v for v in picked if v is not None]
        assessment = Assessment(
            place_id=place_id or "",
            anonymous=None if anonymous is None else anonymous == "yes",
            respondent_name=raw(NAME),
            respondent_role=raw(ROLE),
            answers=answers,
            top3=top3,
        )
        if self.code_place is not None and place_id:
            self._check_code(raw(ACCESS_CODE), place_id, bad)
        # The app's own rule for a submission, for whatever the checks above did not already report.
        for problem in problems_for_submit(assessment, self.q):
            names = _fields_for_problem(problem.column)
            if not reported & set(names):
                bad(names[0], problem.reason, **problem.params)
        return assessment, problems

    def _check_code(self, code: str, place_id: str, bad) -> None:
        if not code:
            bad(ACCESS_CODE, "offline.code_required")
            return
        normalised = access.normalise(code)
        if normalised not in self.codes:
            self.codes[normalised] = self.code_place(normalised) if normalised else None
        if self.codes[normalised] != place_id:
            bad(ACCESS_CODE, "offline.code_invalid")


def _fields_for_problem(column: str) -> list[str]:
    """The form fields behind a problem of `problems_for_submit` ("rt1_x:capacity", "rt1:top3")."""
    if ":" not in column:
        return [column]  # anonymous, respondent_name, respondent_role: the same names in the form
    key, part = column.split(":", 1)
    if part == "top3":
        return [top_field(key, rank) for rank in range(1, TOP_CHOICES + 1)]
    return [area_field(key, part)]


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
    store, data: bytes, file_name: str, q: Questionnaire, author: Callable[[str], str], valid_only=False
) -> ImportReport:
    """Check a whole export and store what is new; raise DataFileError (nothing written) on a refusal.

    A file with refused rows is refused whole, unless `valid_only`: then the valid rows are stored and
    the refused ones reported. `author(submission_id)` is the history's author of each stored version.
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
