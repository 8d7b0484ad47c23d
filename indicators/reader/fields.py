"""A table's columns declared as data and checked by one loop: what each column must hold, and every
fault as a `Problem` with the row a spreadsheet shows and the column as the file names it.

A file of participants (name, email, role, country, mode), for instance, is a few lines:

    ROSTER = (
        Field("name", required=True, limit=120),
        Field("email", required=True, aliases=("correo",), pattern=EMAIL, fault=("bad_email", {}),
              unique=True),  # "bad_email": a catalogue key of its own under [problems]
        Field("role", required=True, labels={"organizer": "organiser", "organizador": "organiser", ...}),
        Field("country", choices=known_countries, fault=("unknown_country", {})),
        Field("mode", choices=("in_person", "online")),
    )
    rows, problems = check_rows(read_table(data, file_name, notes), ROSTER)

`rows` are `Row(number, values)`, the values by field name; nothing is to be written unless
`problems` is empty. Every declared column must be in the header (under its name or an alias, in any
case); a header with no row after it is refused. A value is trimmed; a blank one is a fault only
where `required`, and the other rules apply to what is written. A rule no field can say (one
column's meaning depends on another's) goes in `row_check`. tests/test_reader.py declares this
roster and checks it.
"""

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import NamedTuple
from urllib.parse import urlparse

from indicators.i18n import fold
from indicators.reader.tables import Table, column_letter, header_only, shown
from indicators.validation import Problem

Fault = tuple[str, str, dict]  # (column, reason, params)


class Field(NamedTuple):
    """One column of a table and the rules a value in it meets, in the order they are checked."""

    name: str  # the column's name, and the key of its value in each row
    required: bool = False  # a blank value is a fault ("required")
    aliases: tuple[str, ...] = ()  # other names the header may give it
    limit: int | None = None  # the longest text ("too_long")
    kind: str = "text"  # "number" (a decimal point: "not_a_number") or "url" (http/https: "bad_url")
    bounds: tuple[float, float] | None = None  # a number's lowest and highest ("out_of_range")
    pattern: re.Pattern | None = None  # the whole value matches it (else `fault`, or "bad_code")
    choices: Collection[str] | None = None  # the values allowed, as written (else `fault`, or "not_in_list")
    labels: Mapping[str, str] | None = (
        None  # spellings, folded (i18n.fold) → the value kept (else as choices)
    )
    check: Callable[[str], tuple[str, dict] | None] | None = None  # a rule of its own: (reason, params)
    unique: bool = False  # a value once in the file ("duplicate_id", naming the first row)
    fault: tuple[str, dict] | None = None  # said instead of "bad_code" or "not_in_list"


class Row(NamedTuple):
    number: int  # as a spreadsheet shows it
    values: dict[str, str]  # every declared field's value, trimmed (a label's value for `labels`)


def columns_of(table: Table, fields: Iterable[Field]) -> tuple[dict[str, int], list[Problem]]:
    """Where each field is in the header, and its problems: a missing column, a column written twice
    (which of the two would count is anyone's guess)."""
    folded = [header.casefold() for header in table.header]
    positions, missing, repeated = {}, [], []
    for field in fields:
        found = [
            i
            for i, header in enumerate(folded)
            if header in {n.casefold() for n in (field.name, *field.aliases)}
        ]
        if not found:
            missing.append(field.name)
        elif len(found) > 1:
            repeated.append(field.name)
        if found:
            positions[field.name] = found[0]
    problems = [Problem(None, table.label(name), "", "missing_column") for name in missing]
    problems += [Problem(None, table.label(name), "", "duplicate_column") for name in repeated]
    return positions, problems


def check_rows(
    table: Table,
    fields: tuple[Field, ...] | list[Field],
    row_check: Callable[[int, dict[str, str], set[str]], Iterable[Fault]] | None = None,
) -> tuple[list[Row], list[Problem]]:
    """Every row of `table` checked against `fields`: the rows and every problem, row by row, each
    row's in the fields' order, then `row_check`'s, then repeated values.

    `row_check(number, values, faulty)` gets a row's number, its values and the fields already found
    faulty, may change the values, and returns its own faults as (column, reason, params). A CSV row
    with more values than the header has been shifted (a text holding the separator without quotes):
    it is reported and not checked.
    """
    positions, problems = columns_of(table, fields)
    if problems:
        return [], problems
    if not table.rows:
        return [], [header_only(table)]
    first_row_of: dict[str, dict[str, int]] = {field.name: {} for field in fields if field.unique}
    named = {name: table.label(table.header[i]) for name, i in positions.items()}
    rows = []
    for number, cells in table.rows:
        if table.separator is not None and len(cells) > len(table.header):
            problems.append(extra_values(number, cells, table))
            continue
        raw = {name: cells[i] if i < len(cells) else "" for name, i in positions.items()}
        values = dict(raw)
        faults = [fault for field in fields for fault in _faults(field, raw[field.name], values)]
        if row_check is not None:
            faults += row_check(number, values, {column for column, _, _ in faults})
        for name, first in first_row_of.items():
            if values[name] in first:
                faults.append((name, "duplicate_id", {"first": first[values[name]]}))
            elif values[name]:
                first[values[name]] = number
        problems += [
            Problem(number, named.get(column, column), shown(raw.get(column, "")), reason, params)
            for column, reason, params in faults
        ]
        rows.append(Row(number, values))
    return rows, problems


def _faults(field: Field, text: str, values: dict[str, str]) -> list[Fault]:
    """The faults of one value; `values` gets the value kept where a label stands for it."""
    if not text:
        return [(field.name, "required", {})] if field.required else []
    faults = []
    if field.limit is not None and len(text) > field.limit:
        faults.append(("too_long", {"limit": field.limit}))
    if field.kind == "number":
        try:
            number = float(text)
        except ValueError:
            faults.append(("not_a_number", {}))
        else:
            low, high = field.bounds or (-float("inf"), float("inf"))
            if not low <= number <= high:
                faults.append(("out_of_range", {"low": low, "high": high}))
    elif field.kind == "url" and not is_web_url(text):
        faults.append(("bad_url", {}))
    if field.pattern is not None and not field.pattern.match(text):
        faults.append(field.fault or ("bad_code", {"pattern": field.pattern.pattern}))
    if field.choices is not None and text not in field.choices:
        faults.append(field.fault or ("not_in_list", {"allowed": ", ".join(field.choices)}))
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


def extra_values(number: int, cells: list[str], table: Table) -> Problem:
    """More values than headers in a CSV row; the value shown is the first one past the header."""
    width = len(table.header)
    return Problem(
        number,
        column_letter(width + 1),
        shown(cells[width]),
        "extra_values",
        {"count": len(cells), "expected": width, "separator": (table.separator or ",").replace("\t", "TAB")},
    )


def is_web_url(text: str) -> bool:
    """An http(s) address with a host: the only kind of link stored as a source (no javascript:, data:)."""
    try:
        url = urlparse(str(text).strip())
    except ValueError:  # e.g. an unclosed "[" in the host
        return False
    return url.scheme.lower() in ("http", "https") and bool(url.netloc)
