"""Local IGM results files: the contract of what an organiser imports, checked whole before anything is kept.

Owns the two kinds of result a place can have (findings per domain; indicator-level answers), their
vocabularies and the labels accepted for them, and the reading of the files people really produce:
CSV in UTF-8 (with or without a BOM) or Excel's Windows-1252, separated by commas, semicolons or tabs,
and XLSX workbooks with a "findings" and/or an "answers" sheet. Every fault is reported at once with
the row a spreadsheet shows and the column (prefixed with the sheet, "answers!answer", in a workbook);
a file with any fault yields nothing. The templates offered for download are built here too, so the
columns they carry are the columns this reader expects.
"""

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from indicators.framework import Framework, load_framework
from indicators.i18n import Translator, fold
from indicators.validation import DataFileError, Problem, decode_text, workbook_size_problem

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
SEPARATORS = (",", ";", "\t")
SEPARATOR_NOTES = {";": "separator_semicolon", "\t": "separator_tab"}
# A problem repeats the offending value; a 1000-character finding would drown the message.
SHOWN_VALUE_LENGTH = 80
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


@dataclass(frozen=True)
class _Table:
    """One CSV or one sheet as trimmed text cells, with the row numbers a spreadsheet shows."""

    sheet: str | None  # the sheet's title in a workbook, None for a CSV
    header: list[str]  # lower-cased, trimmed
    rows: list[tuple[int, list[str]]]  # blank rows left out
    separator: str = ","

    def label(self, column: str) -> str:
        return f"{self.sheet}!{column}" if self.sheet else column


def _accepted(labels: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {fold(label): key for key, names in labels.items() for label in (key, *names)}


FINDING_TYPE_BY_LABEL = _accepted(FINDING_TYPE_LABELS)
ANSWER_BY_LABEL = _accepted(ANSWER_LABELS)


def read_results(data: bytes, file_name: str, framework: Framework, known_places: set[str]) -> ResultsFile:
    """Check a whole CSV or XLSX file; raise DataFileError listing every problem (row, column, value, why)."""
    extension = Path(file_name).suffix.lower()
    problems = []
    if extension not in EXTENSIONS:
        problems.append(Problem(None, None, "", "unsupported_format"))
    if not data:
        problems.append(Problem(None, None, "", "empty_file"))
    elif len(data) > MAX_FILE_BYTES:
        problems.append(Problem(None, None, "", "too_big", {"limit": MAX_FILE_BYTES // (1024 * 1024)}))
    if problems:
        raise DataFileError(file_name, problems)

    notes: list[Problem] = []
    if extension == ".csv":
        tables, problems = _csv_tables(data, notes)
    else:
        tables, problems = _xlsx_tables(data)
    frames = {kind: [] for kind in KINDS}
    for kind, table in tables:
        records, table_problems, table_notes = _check_table(kind, table, framework, known_places)
        frames[kind] += records
        problems += table_problems
        notes += table_notes
    if not problems and not any(frames.values()):
        problems.append(Problem(None, None, "", "empty_file"))
    if problems:
        raise DataFileError(file_name, problems)
    findings = pd.DataFrame(frames["findings"], columns=list(FINDINGS_COLUMNS))
    answers = pd.DataFrame(frames["answers"], columns=list(ANSWERS_COLUMNS))
    return ResultsFile(
        findings.astype({c: "str" for c in FINDINGS_COLUMNS if c != "page"} | {"page": "Int64"}),
        answers.astype(dict.fromkeys(ANSWERS_COLUMNS, "str")),
        notes,
    )


# --- CSV -------------------------------------------------------------------------------------------


def _csv_tables(data: bytes, notes: list[Problem]) -> tuple[list[tuple[str, _Table]], list[Problem]]:
    """The one table of a CSV and its kind, told by the header; `notes` gets how it was read."""
    if data.startswith(b"PK\x03\x04"):
        return [], [Problem(None, None, "", "xlsx_named_csv")]
    if _looks_like_utf16(data):
        return [], [Problem(None, None, "", "utf16")]
    if b"\x00" in data:
        return [], [Problem(None, None, "", "binary_file")]
    text, problems, encoding_notes = decode_text(data)
    if problems:
        return [], problems
    notes += encoding_notes
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    separator = max(SEPARATORS, key=first_line.count)  # ties go to the comma, first in SEPARATORS
    if separator in SEPARATOR_NOTES:
        notes.append(Problem(None, None, "", SEPARATOR_NOTES[separator]))
    try:
        # A spreadsheet shows one row per record, blank ones included: that is the row to report.
        records = list(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=separator), start=1))
    except csv.Error as exc:
        return [], [Problem(None, None, "", "unreadable", {"detail": str(exc)})]
    table = _table(None, [(number, [cell.strip() for cell in cells]) for number, cells in records], separator)
    if table is None:
        return [], [Problem(None, None, "", "empty_file")]
    kind, problems = _kind_of_header(table.header)
    problems = problems or _header_problems(kind, table)
    return ([(kind, table)] if kind and not problems else []), problems


def _looks_like_utf16(data: bytes) -> bool:
    """A BOM, or text where every other byte is NUL (ASCII characters written as UTF-16 without a BOM)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:2000]
    half = max(len(sample) // 2, 1)
    return max(sample[0::2].count(0), sample[1::2].count(0)) > 0.4 * half


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


def _header_problems(kind: str, table: _Table) -> list[Problem]:
    """Missing columns, and columns written twice (which of the two would count is anyone's guess)."""
    missing = [c for c in COLUMNS[kind] if c not in table.header]
    repeated = [c for c in COLUMNS[kind] if table.header.count(c) > 1]
    return [Problem(None, table.label(c), "", "missing_column") for c in missing] + [
        Problem(None, table.label(c), "", "duplicate_column") for c in repeated
    ]


# --- XLSX ------------------------------------------------------------------------------------------


def _xlsx_tables(data: bytes) -> tuple[list[tuple[str, _Table]], list[Problem]]:
    """A table for each results sheet (named in English or Spanish, any case); other sheets are ignored."""
    if problem := workbook_size_problem(data):
        return [], [problem]
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, key, value errors) on a bad file
        return [], [Problem(None, None, "", "unreadable_xlsx", {"detail": type(exc).__name__})]
    try:
        sheets: dict[str, list[str]] = {kind: [] for kind in KINDS}
        for title in book.sheetnames:
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
            if not titles:
                continue
            table = _sheet_table(book[titles[0]])
            if table is None:
                continue  # an empty sheet is a kind the file does not bring
            header_problems = _header_problems(kind, table)
            problems += header_problems
            if not header_problems:
                tables.append((kind, table))
        return tables, problems
    finally:
        book.close()


def _sheet_table(sheet) -> _Table | None:
    # Some writers leave a wrong size in the file, and a read-only sheet trusts it: measure again.
    sheet.reset_dimensions()
    rows = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
    return _table(
        sheet.title, [(number, [_cell_text(v) for v in values]) for number, values in enumerate(rows, 1)]
    )


def _cell_text(value) -> str:
    """A cell as the text a CSV would hold: 12.0 → "12" (Excel stores whole numbers as floats)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _table(sheet: str | None, rows: list[tuple[int, list[str]]], separator: str = ",") -> _Table | None:
    """Header = the first non-blank row; None when there is no such row."""
    filled = [(number, cells) for number, cells in rows if any(cells)]
    if not filled:
        return None
    header = [cell.lstrip("\ufeff").strip().lower() for cell in filled[0][1]]
    return _Table(sheet, header, filled[1:], separator)


# --- rows ------------------------------------------------------------------------------------------


def _check_table(
    kind: str, table: _Table, framework: Framework, known_places: set[str]
) -> tuple[list[dict], list[Problem], list[Problem]]:
    """The normalised records of one table, its problems and its notes."""
    problems, notes = [], []
    columns = COLUMNS[kind]
    ignored = [c for c in dict.fromkeys(table.header) if c and c not in columns]
    if ignored:
        notes.append(
            Problem(None, None, "", "ignored_columns", {"columns": ", ".join(map(table.label, ignored))})
        )
    position = {c: table.header.index(c) for c in columns}
    records, first_row_of = [], {}
    for number, cells in table.rows:
        # A CSV row longer than its header has been shifted, nearly always by a text holding the
        # separator without quotes: its cells are not where the header says, so it is not checked.
        if table.sheet is None and len(cells) > len(table.header):
            problems.append(_extra_values(number, cells, table))
            continue
        raw = {c: cells[i] if i < len(cells) else "" for c, i in position.items()}
        record, faults = _check_row(kind, raw, framework, known_places)
        identity, reported_at, reason = IDENTITY[kind]
        if not {column for column, _, _ in faults} & set(identity):
            key = tuple(record[c] for c in identity)
            if key in first_row_of:
                faults.append((reported_at, reason, {"first": first_row_of[key]}))
            first_row_of.setdefault(key, number)
        problems += [
            Problem(number, table.label(column), _shown(raw[column]), reason, params)
            for column, reason, params in faults
        ]
        records.append(record)
    return records, problems, notes


def _extra_values(number: int, cells: list[str], table: _Table) -> Problem:
    """More values than headers in a CSV row; the value shown is the first one past the header."""
    width = len(table.header)
    return Problem(
        number,
        get_column_letter(width + 1),
        _shown(cells[width]),
        "extra_values",
        {"count": len(cells), "expected": width, "separator": table.separator.replace("\t", "TAB")},
    )


def _check_row(kind: str, raw: dict[str, str], framework: Framework, known_places: set[str]):
    """The normalised record of one row and its faults as (column, reason, params)."""
    record = dict(raw)
    faults = [(c, "required", {}) for c in REQUIRED[kind] if not raw[c]]
    blank = {column for column, _, _ in faults}
    record["place_id"] = raw["place_id"].lower()  # ids are lower case; "HND-Danli" is a slip
    if "place_id" not in blank and record["place_id"] not in known_places:
        faults.append(("place_id", "unknown_place", {}))
    record["domain"] = framework.domain_key(raw["domain"])
    if "domain" not in blank and record["domain"] is None:
        faults.append(("domain", "unknown_domain", {"allowed": ", ".join(framework.domains.index)}))
    for column, limit in LIMITS.items():
        if column in raw and len(raw[column]) > limit:
            faults.append((column, "too_long", {"limit": limit}))
    if raw["source"] and _foreign_link(raw["source"]):
        faults.append(("source", "unsafe_link", {}))
    if kind == "findings":
        record["finding_type"] = FINDING_TYPE_BY_LABEL.get(fold(raw["finding_type"]))
        if "finding_type" not in blank and record["finding_type"] is None:
            faults.append(("finding_type", "not_in_list", {"allowed": ", ".join(FINDING_TYPES)}))
        record["page"], fault = _page(raw["page"])
        if fault:
            faults.append(("page", *fault))
    else:
        record["answer"] = ANSWER_BY_LABEL.get(fold(raw["answer"]))
        if "answer" not in blank and record["answer"] is None:
            faults.append(("answer", "not_in_list", {"allowed": ", ".join(ANSWERS)}))
        if record["domain"]:
            record["subarea"] = subarea_key(framework, record["domain"], raw["subarea"])
    return record, faults


def _foreign_link(text: str) -> bool:
    """A source that is an address of another kind than http(s) ("javascript:…", "data:…", "file://…").

    Sources are mostly citations ("Perfil IGM local, 2024"); only the scripts and data a browser would
    run or load from a link are refused, so a citation with a colon ("Perfil: p. 3") still passes.
    """
    scheme = LINK_SCHEME.match(text)
    return bool(scheme) and (scheme.group(1) or scheme.group(2)).lower() not in ("http", "https")


def _page(text: str) -> tuple[int | None, tuple[str, dict] | None]:
    """ "" → no page; "12" → 12; "12,5", "-3", "abc", "0" → a fault (the only number in these files)."""
    if not text:
        return None, None
    if not (text.isascii() and text.isdigit()) or int(text) == 0:
        return None, ("bad_page", {})
    if int(text) > MAX_PAGE:
        return None, ("out_of_range", {"low": 1, "high": MAX_PAGE})
    return int(text), None


def subarea_key(framework: Framework, domain: str, text: str) -> str:
    """A known sub-area of `domain` written as its key or its name (any language) → its key; else the text."""
    wanted = fold(text)
    if not wanted:
        return ""
    for row in framework.subareas_of(domain).itertuples(index=False):
        if wanted in (fold(row.key), fold(row.name_en), fold(row.name_es)):
            return row.key
    return text


def _shown(value: str) -> str:
    return value if len(value) <= SHOWN_VALUE_LENGTH else value[: SHOWN_VALUE_LENGTH - 1] + "…"


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
