"""Local IGM results files: the contract of what an organiser imports, checked whole before anything is kept.

Owns the two kinds of result a place can have (findings per domain; indicator-level answers), their
vocabularies and the labels accepted for them, and the reading of the files people really produce:
CSV in UTF-8 (with or without a BOM) or Excel's Windows-1252, separated by commas, semicolons or tabs,
and XLSX workbooks with a "findings" and/or an "answers" sheet. Every fault is reported at once with
the row a spreadsheet shows and the column (prefixed with the sheet, "answers!answer", in a workbook);
a file with any fault yields nothing. The bytes become rows in indicators/reader; the columns are
checked there as fields declared here. The templates offered for download are built here too, so
the columns they carry are the columns this reader expects.
"""

import dataclasses
import io
import re
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from indicators import reader
from indicators.framework import Framework, load_framework
from indicators.i18n import Translator, fold
from indicators.reader import Field, Table, check_envelope, check_rows, columns_of, header_only
from indicators.validation import DataFileError, Problem

KINDS = ("findings", "answers")
FINDING_TYPES = ("well_developed", "potential")
# The one list of each vocabulary (profiles, the demo data and the pages use these): in this order
# the answers are counted and drawn.
ANSWERS = ("met", "partly_met", "not_met", "not_applicable", "no_data")
FINDINGS_COLUMNS = ("place_id", "domain", "finding_type", "finding", "source", "page")
ANSWERS_COLUMNS = ("place_id", "indicator_code", "domain", "subarea", "indicator_text", "answer", "source")
UPLOAD_MB = 5  # the organisers' page's uploader refuses a larger file in the browser
MAX_FILE_BYTES = UPLOAD_MB * 1024 * 1024

COLUMNS = {"findings": FINDINGS_COLUMNS, "answers": ANSWERS_COLUMNS}
REQUIRED = {
    "findings": ("place_id", "domain", "finding_type", "finding", "source"),
    "answers": ("place_id", "indicator_code", "domain", "indicator_text", "answer", "source"),
}
# Longest accepted text per column: enough for a report's wording, short enough for a page to show.
LIMITS = {"finding": 1000, "indicator_text": 1000, "source": 1000, "indicator_code": 30, "subarea": 200}
# No report has this many pages; the cap keeps a typo like "1200000" out of an integer column.
MAX_PAGE = 99_999
# What makes a row the same result again, the column a repeat is reported in, and the reason.
IDENTITY = {
    "findings": (("place_id", "domain", "finding_type", "finding"), "finding", "duplicate_finding"),
    "answers": (("place_id", "indicator_code"), "indicator_code", "duplicate_answer"),
}
SHEET_NAMES = {"findings": "findings", "hallazgos": "findings", "answers": "answers", "respuestas": "answers"}
EXTENSIONS = (".csv", ".xlsx")
SEPARATOR_NOTES = {";": "separator_semicolon", "\t": "separator_tab"}
# The start of an address a browser would run or load: a script or data scheme, or any "scheme://".
LINK_SCHEME = re.compile(
    r"\s*(javascript|vbscript|data|file|blob)\s*:|\s*([a-z][a-z0-9+.-]*)://", re.IGNORECASE
)

# What people write instead of the keys: the report's own headings, in Spanish and English.
FINDING_TYPE_LABELS = {
    "well_developed": (
        "well developed",
        "well-developed",
        "well-developed area",
        "well-developed areas",
        "bien desarrollada",
        "bien desarrollado",
        "bien desarrolladas",
        "área bien desarrollada",
        "áreas bien desarrolladas",
    ),
    "potential": (
        "potential",
        "potencial",
        "con potencial de desarrollo",
        "con potencial de desarrollo adicional",
        "área con potencial de desarrollo adicional",
        "áreas con potencial de desarrollo adicional",
        "potential for further development",
        "areas with potential for further development",
    ),
}
ANSWER_LABELS = {
    "met": ("met", "cumple"),
    "partly_met": ("partly met", "cumple parcialmente"),
    "not_met": ("not met", "no cumple"),
    "not_applicable": ("not applicable", "n/a", "no aplica"),
    "no_data": ("no data", "sin datos"),
}


@dataclass(frozen=True)
class ResultsFile:
    findings: pd.DataFrame  # exactly FINDINGS_COLUMNS, normalised keys, page Int64 (NA when absent)
    answers: pd.DataFrame  # exactly ANSWERS_COLUMNS, normalised keys, subarea "" when absent
    notes: list[Problem]  # how the file was read (encoding, separator, ignored columns): not faults


def _accepted(labels: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {fold(label): key for key, names in labels.items() for label in (key, *names)}


FINDING_TYPE_BY_LABEL = _accepted(FINDING_TYPE_LABELS)
ANSWER_BY_LABEL = _accepted(ANSWER_LABELS)


def read_results(data: bytes, file_name: str, framework: Framework, known_places: set[str]) -> ResultsFile:
    """Check a whole CSV or XLSX file; raise DataFileError listing every problem (row, column, value, why)."""
    extension = check_envelope(file_name, len(data), EXTENSIONS, MAX_FILE_BYTES)
    fields = _fields(framework, known_places)
    notes: list[Problem] = []
    if extension == ".csv":
        tables, problems = _csv_tables(data, file_name, fields, notes)
    else:
        tables, problems = _xlsx_tables(data, file_name, fields)
    frames = {kind: [] for kind in KINDS}
    subareas = _subarea_keys(framework)
    for kind, table in tables:
        records, table_problems, table_notes = _check_table(kind, table, fields[kind], subareas)
        frames[kind] += records
        problems += table_problems
        notes += table_notes
    if not problems and not any(frames.values()):
        problems.append(header_only(tables[0][1]) if tables else Problem(None, None, "", "empty_file"))
    if problems:
        raise DataFileError(file_name, problems)
    findings = pd.DataFrame(frames["findings"], columns=list(FINDINGS_COLUMNS))
    answers = pd.DataFrame(frames["answers"], columns=list(ANSWERS_COLUMNS))
    return ResultsFile(
        findings.astype({c: "str" for c in FINDINGS_COLUMNS if c != "page"} | {"page": "Int64"}),
        answers.astype(dict.fromkeys(ANSWERS_COLUMNS, "str")),
        notes,
    )


def _fields(framework: Framework, known_places: set[str]) -> dict[str, tuple[Field, ...]]:
    """Each kind's columns as fields: COLUMNS, REQUIRED and LIMITS, with the rules of the vocabularies."""
    rules = {
        "place_id": {"check": lambda text: None if text.lower() in known_places else ("unknown_place", {})},
        "domain": {
            "labels": framework.domain_labels,
            "fault": ("unknown_domain", {"allowed": ", ".join(framework.domains.index)}),
        },
        "finding_type": {"labels": FINDING_TYPE_BY_LABEL},
        "answer": {"labels": ANSWER_BY_LABEL},
        "source": {"check": lambda text: ("unsafe_link", {}) if _foreign_link(text) else None},
        "page": {"check": _page_fault},
    }
    return {
        kind: tuple(
            Field(column, column in REQUIRED[kind], limit=LIMITS.get(column), **rules.get(column, {}))
            for column in COLUMNS[kind]
        )
        for kind in KINDS
    }


# --- the tables of a file ----------------------------------------------------------------------------


def _csv_tables(
    data: bytes, file_name: str, fields: dict, notes: list[Problem]
) -> tuple[list[tuple[str, Table]], list[Problem]]:
    """The one table of a CSV and its kind, told by the header; `notes` gets how it was read."""
    table = _lower_case_header(reader.read_csv(data, file_name, notes))
    if table.separator in SEPARATOR_NOTES:
        notes.append(Problem(None, None, "", SEPARATOR_NOTES[table.separator]))
    kind, problems = _kind_of_header(table.header)
    problems = problems or columns_of(table, fields[kind])[1]
    return ([(kind, table)] if kind and not problems else []), problems


def _kind_of_header(header: list[str]) -> tuple[str | None, list[Problem]]:
    """The kind whose columns are all present; if none, the missing columns of the closer kind."""
    present = set(header)
    complete = [kind for kind in KINDS if set(COLUMNS[kind]) <= present]
    if len(complete) == 2:
        return None, [Problem(None, None, "", "both_kinds")]
    if complete:
        return complete[0], []
    closer = max(KINDS, key=lambda kind: len(present & set(COLUMNS[kind])) / len(COLUMNS[kind]))
    return None, [Problem(None, c, "", "missing_column") for c in COLUMNS[closer] if c not in present]


def _xlsx_tables(data: bytes, file_name: str, fields: dict) -> tuple[list[tuple[str, Table]], list[Problem]]:
    """A table for each results sheet (named in English or Spanish, any case); other sheets are ignored."""
    book = reader.Workbook(data, file_name)
    sheets: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for title in book.sheet_names:
        kind = SHEET_NAMES.get(title.strip().casefold())
        if kind:
            sheets[kind].append(title)
    if not any(sheets.values()):
        return [], [Problem(None, None, "", "missing_sheet")]
    tables, problems = [], []
    for kind, titles in sheets.items():
        if len(titles) > 1:
            quoted = ", ".join(f"«{title}»" for title in titles)
            problems.append(Problem(None, None, "", "repeated_sheet", {"sheets": quoted}))
            continue
        table = book.table(titles[0]) if titles else None
        if table is None:
            continue  # an empty sheet is a kind the file does not bring
        table = _lower_case_header(table)
        header_problems = columns_of(table, fields[kind])[1]
        problems += header_problems
        if not header_problems:
            tables.append((kind, table))
    return tables, problems


def _lower_case_header(table: Table) -> Table:
    """Column names are the fixed keys in lower case: "Place_ID" is "place_id", and said so."""
    return dataclasses.replace(table, header=[cell.lower() for cell in table.header])


# --- rows ------------------------------------------------------------------------------------------


def _check_table(
    kind: str, table: Table, fields: tuple[Field, ...], subareas: dict
) -> tuple[list[dict], list[Problem], list[Problem]]:
    """The normalised records of one table, its problems and its notes."""
    notes = []
    ignored = [c for c in dict.fromkeys(table.header) if c and c not in COLUMNS[kind]]
    if ignored:
        notes.append(
            Problem(None, None, "", "ignored_columns", {"columns": ", ".join(map(table.label, ignored))})
        )
    if not table.rows:
        return [], [], notes  # a header alone: the other kind's sheet may bring rows
    identity, reported_at, reason = IDENTITY[kind]
    first_row_of: dict[tuple, int] = {}

    def row_check(number: int, values: dict[str, str], faulty: set[str]) -> list:
        values["place_id"] = values["place_id"].lower()  # ids are lower case; "HND-Danli" is a slip
        if kind == "answers" and "domain" not in faulty and values["domain"]:
            wanted = fold(values["subarea"])
            values["subarea"] = subareas.get((values["domain"], wanted), values["subarea"]) if wanted else ""
        if faulty & set(identity):
            return []
        first = first_row_of.setdefault(tuple(values[c] for c in identity), number)
        return [] if first == number else [(reported_at, reason, {"first": first})]

    rows, problems = check_rows(table, fields, row_check)
    if kind == "findings":
        return [{**row.values, "page": _page(row.values["page"])} for row in rows], problems, notes
    return [row.values for row in rows], problems, notes


def _foreign_link(text: str) -> bool:
    """A source that is an address of another kind than http(s) ("javascript:…", "data:…", "file://…").

    Sources are mostly citations ("Perfil IGM local, 2024"); only the scripts and data a browser would
    run or load from a link are refused, so a citation with a colon ("Perfil: p. 3") still passes.
    """
    scheme = LINK_SCHEME.match(text)
    return bool(scheme) and (scheme.group(1) or scheme.group(2)).lower() not in ("http", "https")


def _page_fault(text: str) -> tuple[str, dict] | None:
    """ "12" → fine; "12,5", "-3", "abc", "0" → a fault; past MAX_PAGE → out of range (the only
    number in these files)."""
    if not (text.isascii() and text.isdigit()) or int(text) == 0:
        return "bad_page", {}
    if int(text) > MAX_PAGE:
        return "out_of_range", {"low": 1, "high": MAX_PAGE}
    return None


def _page(text: str) -> int | None:
    """A page as stored: a number, or None when there is none (or it is a fault, reported already)."""
    return int(text) if text and _page_fault(text) is None else None


def _subarea_keys(framework: Framework) -> dict[tuple[str, str], str]:
    """(domain, a known sub-area's key or name in any language, folded) → the sub-area's key: a
    sub-area written so is kept as its key, any other text as written."""
    keys: dict[tuple[str, str], str] = {}
    for row in framework.subareas.itertuples(index=False):
        for label in (row.key, row.name_en, row.name_es):
            keys.setdefault((row.domain, fold(label)), row.key)
    return keys


# --- templates -------------------------------------------------------------------------------------


def template_csv(kind: str, t: Translator) -> bytes:
    """An empty CSV of one kind: the header only, UTF-8 with a BOM so Excel keeps the accents typed in.

    The column names are the fixed English keys the reader expects, whatever the language; `t` is
    taken so every download builder has the same shape.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; use one of {KINDS}")
    return (",".join(COLUMNS[kind]) + "\n").encode("utf-8-sig")


def template_xlsx(t: Translator, framework: Framework | None = None) -> bytes:
    """A workbook with empty "findings" and "answers" sheets and a dictionary sheet in `t`'s language.

    `framework` (the bundled one by default) lists the domains and known sub-areas in the dictionary.
    """
    framework = framework or load_framework()
    book = Workbook()
    book.remove(book.active)
    for kind in KINDS:
        sheet = book.create_sheet(kind)
        for number, column in enumerate(COLUMNS[kind], 1):
            sheet.cell(1, number, column).font = Font(bold=True)
            sheet.column_dimensions[get_column_letter(number)].width = 40 if column in LIMITS else 16
        sheet.freeze_panes = "A2"
    sheet = book.create_sheet(t("results.sheet_dictionary")[:31])
    sheet.cell(1, 1, t("results.dict_title")).font = Font(bold=True, size=13)
    sheet.cell(2, 1, t("results.dict_intro"))
    sheet.cell(3, 1, t("results.dict_csv"))
    headers = ("dict_sheet", "dict_column", "dict_required", "dict_description", "dict_allowed")
    for number, key in enumerate(headers, 1):
        sheet.cell(5, number, t(f"results.{key}")).font = Font(bold=True)
    row = 6
    for kind in KINDS:
        for column in COLUMNS[kind]:
            required = t("results.required_yes" if column in REQUIRED[kind] else "results.required_no")
            values = (kind, column, required, t(f"results.about_{column}"), _allowed(column, t, framework))
            for number, value in enumerate(values, 1):
                sheet.cell(row, number, value).alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
    for number, width in enumerate((12, 18, 14, 50, 70), 1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _allowed(column: str, t: Translator, framework: Framework) -> str:
    """The dictionary's "allowed values" cell for one column."""
    if column == "place_id":
        return t("results.allowed_place_id")
    if column == "domain":
        lines = [
            f"{number} = {key}: {framework.domain_name(key, t.language)}"
            for key, number in framework.domains["number"].items()
        ]
        return "\n".join([t("results.allowed_domain"), *lines])
    if column == "finding_type":
        return _vocabulary(FINDING_TYPES, FINDING_TYPE_LABELS, "profile", t)
    if column == "answer":
        return _vocabulary(ANSWERS, ANSWER_LABELS, "answers", t)
    if column == "page":
        return t("results.allowed_page")
    if column == "indicator_code":
        return t("results.allowed_code", limit=LIMITS[column])
    if column == "subarea":
        lines = [
            f"{domain}: {', '.join(framework.subareas_of(domain)['key'])}"
            for domain in framework.domains.index
            if not framework.subareas_of(domain).empty
        ]
        return "\n".join([t("results.allowed_subarea", limit=LIMITS[column]), *lines])
    return t("results.allowed_text", limit=LIMITS[column])


def _vocabulary(
    keys: tuple[str, ...], labels: dict[str, tuple[str, ...]], section: str, t: Translator
) -> str:
    lines = [f"{key} = {t(f'{section}.{key}')}" for key in keys]
    accepted = ", ".join(f"«{label}»" for key in keys for label in labels[key])
    return "\n".join([*lines, t("results.also_accepted", labels=accepted)])
