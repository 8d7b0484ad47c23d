"""A row of a Kobo/ODK export of the app's form, read as the form has it: the form's fields and every
name a header may give them, its choice lists (a choice's name or label in either language), and the
check of one row, turned into an Assessment with its problems (columns named as in the file).

indicators/submissions.py reads the export and decides what becomes of each row; this module knows
the form.
"""

import unicodedata

import pandas as pd

from indicators import access
from indicators.assessment import AreaAnswer, Assessment, problems_for_submit
from indicators.questionnaire import TOP_CHOICES, Questionnaire
from indicators.reader import shown
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
    survey_questions,
    top_field,
)

# What else a yes/no answer looks like once a spreadsheet has been through it.
YES_NO = {"si": "yes", "true": "yes", "1": "yes", "false": "no", "0": "no"}


def fold(text: str) -> str:
    """ "  Capacidad  ACTUAL " → "capacidad actual": how headers and labels are compared.

    Unlike i18n.fold, hyphens and underscores stay: ODK Central joins group paths with "-" and the
    form's field names hold "_", so folding them to spaces could make two columns one."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(plain.casefold().split())


# --- the form's fields, and how a header can name them -----------------------------------------


def form_fields(q: Questionnaire) -> tuple[dict[str, str | None], dict[str, str]]:
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


def field_of(header: str, headers: dict[str, str]) -> str | None:
    """The field a header names: whole, or after any group prefix ("a/b/rt1_x" → "rt1_x")."""
    folded = fold(header)
    if folded in headers:
        return headers[folded]
    for position, char in enumerate(folded):
        if char in "/-" and (found := headers.get(folded[position + 1 :].strip())):
            return found
    return None


# --- checking a row --------------------------------------------------------------------------------


class Choices:
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


def check_header(
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


class RowChecker:
    """Turns one row into an Assessment and lists its problems, columns named as in the file."""

    def __init__(self, q, fields, column_of, header, choices: Choices, code_place):
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
