"""The seminar's incoming CSV files (the roster, attendance) as checked rows: fields declared as data.

A stop-gap with a short life: the shared reader of incoming files (`indicators/reader`, being built on
its own branch) will do this for every import. Until it lands, the roster and attendance files are
read here, with the same shapes (`Field`, `Row`, `check_rows(table, fields, row_check)`) so that
moving them is a change of imports. What a file must be: CSV in UTF-8 (or Excel's Windows-1252, with a
note), separated by commas, semicolons or tabs, at most MAX_BYTES; every fault is a `Problem` with the
row a spreadsheet shows (header = 1) and the column as the file names it.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from indicators.i18n import fold
from indicators.validation import SEPARATORS, DataFileError, Problem, decode_text

MAX_MB = 2  # a roster of a few hundred people is a few dozen KB
MAX_BYTES = MAX_MB * 1024 * 1024
SHOWN_VALUE_LENGTH = 80  # a problem repeats the value; a pasted paragraph would drown the message
Fault = tuple[str, str, dict]  # (column, reason, params)


class Field(NamedTuple):
    """One column and the rules its values meet, checked in this order."""

    name: str
    required: bool = False  # a blank value is a fault ("required")
    aliases: tuple[str, ...] = ()  # other names the header may give it
    limit: int | None = None  # the longest text ("too_long")
    pattern: re.Pattern | None = None  # the whole value matches it (else `fault`)
    labels: Mapping[str, str] | None = None  # spellings, folded (i18n.fold) → the value kept
    check: Callable[[str], tuple[str, dict] | None] | None = None  # a rule of its own
    unique: bool = False  # a value once in the file (compared as kept, after `labels`)
    fault: tuple[str, dict] | None = None  # what `pattern` or `labels` say when not met
    normalise: Callable[[str], str] | None = None  # the value kept (e.g. an e-mail in lower case)


class Row(NamedTuple):
    number: int  # as a spreadsheet shows it
    values: dict[str, str]


class Table(NamedTuple):
    source: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    separator: str = ","


def read_csv(data: bytes, file_name: str, notes: list[Problem]) -> Table:
    """A CSV file's header and rows of trimmed text; DataFileError for a file that is not one."""
    problems = []
    if Path(file_name).suffix.lower() != ".csv":
        problems.append(Problem(None, None, "", "unsupported_csv"))
    if not data:
        problems.append(Problem(None, None, "", "empty_file"))
    elif len(data) > MAX_BYTES:
        problems.append(Problem(None, None, "", "too_big", {"limit": MAX_MB}))
    elif data.startswith(b"PK\x03\x04"):
        problems.append(Problem(None, None, "", "xlsx_named_csv"))
    if problems:
        raise DataFileError(file_name, problems)
    text, stray, encoding_notes = decode_text(data)
    if stray:
        raise DataFileError(file_name, stray)
    notes += encoding_notes
    first = text.split("\n", 1)[0]
    separator = max(SEPARATORS, key=first.count)
    records = list(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=separator), start=1))
    filled = [(n, [c.strip() for c in cells]) for n, cells in records if any(c.strip() for c in cells)]
    if not filled:
        raise DataFileError(file_name, [Problem(None, None, "", "empty_file")])
    header = [c.lstrip("\ufeff").strip() for c in filled[0][1]]
    return Table(file_name, header, filled[1:], separator)


def check_rows(
    table: Table,
    fields: Iterable[Field],
    row_check: Callable[[int, dict[str, str], set[str]], Iterable[Fault]] | None = None,
) -> tuple[list[Row], list[Problem]]:
    """Every row checked against `fields`, then `row_check(number, values, faulty columns)` (which may
    change the values, and returns its own faults), then repeated values; all problems at once."""
    fields = tuple(fields)
    folded = [h.casefold() for h in table.header]
    positions, problems = {}, []
    for field in fields:
        names = {n.casefold() for n in (field.name, *field.aliases)}
        found = [i for i, header in enumerate(folded) if header in names]
        if not found:
            problems.append(Problem(None, field.name, "", "missing_column"))
        elif len(found) > 1:
            problems.append(Problem(None, field.name, "", "duplicate_column"))
        else:
            positions[field.name] = found[0]
    if problems:
        return [], problems
    if not table.rows:
        return [], [Problem(None, None, "", "empty_file")]
    first_row_of = {field.name: {} for field in fields if field.unique}
    rows = []
    for number, cells in table.rows:
        if any(cells[len(table.header) :]):
            # A text holding the separator without quotes: its columns have shifted, check nothing.
            params = {"count": len(cells), "expected": len(table.header), "separator": table.separator}
            extra = len(table.header)
            problems.append(Problem(number, f"#{extra + 1}", _shown(cells[extra]), "extra_values", params))
            continue
        raw = {name: cells[i] if i < len(cells) else "" for name, i in positions.items()}
        values = dict(raw)
        faults = [fault for field in fields for fault in _faults(field, raw[field.name], values)]
        if row_check is not None:
            faults += row_check(number, values, {column for column, _, _ in faults})
        for name, first in first_row_of.items():
            value = values[name]
            if value and value in first and name not in {c for c, _, _ in faults}:
                faults.append((name, "duplicate_in_file", {"first": first[value]}))
            elif value:
                first.setdefault(value, number)
        problems += [
            Problem(number, column, _shown(raw.get(column, "")), reason, params)
            for column, reason, params in faults
        ]
        rows.append(Row(number, values))
    return rows, problems


def _faults(field: Field, text: str, values: dict[str, str]) -> list[Fault]:
    if not text:
        return [(field.name, "required", {})] if field.required else []
    if field.normalise is not None:
        values[field.name] = text = field.normalise(text)
    faults = []
    if field.limit is not None and len(text) > field.limit:
        faults.append(("too_long", {"limit": field.limit}))
    if field.pattern is not None and not field.pattern.match(text):
        faults.append(field.fault or ("bad_code", {}))
    if field.labels is not None:
        key = field.labels.get(fold(text))
        if key is None:
            allowed = ", ".join(dict.fromkeys(field.labels.values()))
            faults.append(field.fault or ("not_in_list", {"allowed": allowed}))
        else:
            values[field.name] = key
    if field.check is not None and (fault := field.check(text)):
        faults.append(fault)
    return [(field.name, reason, params) for reason, params in faults]


def _shown(value: str) -> str:
    return value if len(value) <= SHOWN_VALUE_LENGTH else value[: SHOWN_VALUE_LENGTH - 1] + "…"
