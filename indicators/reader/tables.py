"""Files as tables: a CSV or a workbook's sheet becomes a header and rows of trimmed text cells,
numbered as a spreadsheet shows them.

CSV: UTF-8 (with or without a BOM) or Excel's Windows-1252 (see text.decode_text), UTF-16 with its
mark where the caller accepts it, separated by commas, semicolons or tabs (the first line tells).
XLSX: read with calamine; openpyxl only writes workbooks here (reading Kobo's export of 5,000
submissions took it about 15 s, calamine under one). The header is the first row with something in
it; blank rows are left out, and every other row keeps the number a spreadsheet gives it.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from indicators.reader.envelope import workbook_size_problem
from indicators.reader.text import decode_text, separator_of
from indicators.validation import DataFileError, Problem

ZIP_MAGIC = b"PK\x03\x04"  # what every .xlsx starts with
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
# A problem repeats the offending value; a 1000-character text would drown the message.
SHOWN_VALUE_LENGTH = 80


@dataclass(frozen=True)
class Table:
    """One CSV or one sheet as trimmed text cells, with the row numbers a spreadsheet shows."""

    source: str  # the file's name, as messages name it
    header: list[str]  # trimmed, as written
    rows: list[tuple[int, list[str]]]  # (row number, cells), blank rows left out
    sheet: str | None = None  # a sheet's title when a workbook brings several kinds of table
    separator: str | None = None  # a CSV's; None for a sheet

    def label(self, column: str) -> str:
        """How a message names a column: "answers!answer" in a workbook, "answer" in a CSV."""
        return f"{self.sheet}!{column}" if self.sheet else column


def table_of(
    source: str, rows: list[tuple[int, list[str]]], sheet: str | None = None, separator: str | None = None
) -> Table | None:
    """Header = the first non-blank row; None when there is no such row."""
    filled = [(number, cells) for number, cells in rows if any(cells)]
    if not filled:
        return None
    header = [cell.lstrip("\ufeff").strip() for cell in filled[0][1]]
    return Table(source, header, filled[1:], sheet, separator)


def header_only(table: Table) -> Problem:
    """What is said of a file whose table has a header and not one row."""
    return Problem(None, None, "", "header_only", {"file": table.source})


def read_table(data: bytes, file_name: str, notes: list[Problem], utf16: bool = False) -> Table:
    """The one table of a CSV, or the first sheet of an .xlsx (by the name's extension)."""
    if Path(file_name).suffix.lower() == ".xlsx":
        table = Workbook(data, file_name).table(0)
        if table is None:
            raise DataFileError(file_name, [Problem(None, None, "", "empty_file")])
        return table
    return read_csv(data, file_name, notes, utf16)


def read_csv(data: bytes, file_name: str, notes: list[Problem], utf16: bool = False) -> Table:
    """A CSV's table; `notes` gets how it was read. With `utf16`, a file in UTF-16 with its mark
    (Excel's "Unicode text") is read too; without, every UTF-16 file is refused saying so.
    Raises DataFileError for a workbook named .csv, a binary file, stray bytes, nothing in it."""

    def refused(reason: str, **params) -> DataFileError:
        return DataFileError(file_name, [Problem(None, None, "", reason, params)])

    if data.startswith(ZIP_MAGIC):
        raise refused("xlsx_named_csv")
    if utf16 and data.startswith(UTF16_MARKS):
        notes.append(Problem(None, None, "", "offline.read_as_utf16"))
        text = data.decode("utf-16")
    else:
        if _looks_like_utf16(data):
            raise refused("utf16")
        if b"\x00" in data:
            raise refused("binary_file")
        text, problems, read_notes = decode_text(data)
        if problems:
            raise DataFileError(file_name, problems)
        notes += read_notes
    if "\x00" in text:
        raise refused("binary_file")
    separator = separator_of(text)  # Kobo writes ";", ODK Central ","
    try:
        # A spreadsheet shows one row per record, blank ones included: that is the row to report.
        records = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
        rows = [(number, [cell.strip() for cell in cells]) for number, cells in enumerate(records, start=1)]
    except csv.Error as exc:
        raise refused("unreadable", detail=str(exc)) from exc
    table = table_of(file_name, rows, separator=separator)
    if table is None:
        raise refused("empty_file")
    return table


def read_bundled_csv(path: Path) -> Table:
    """A CSV bundled with the app (data/): it must exist and be UTF-8; a stray byte is named by row
    and column, a whole file in another encoding is refused."""
    if not path.is_file():
        raise DataFileError(path.name, [Problem(None, None, "", "not_found", {"path": str(path)})])
    notes: list[Problem] = []
    table = read_csv(path.read_bytes(), path.name, notes)
    if notes:
        raise DataFileError(path.name, [Problem(None, None, "", "not_utf8")])
    return table


def _looks_like_utf16(data: bytes) -> bool:
    """A BOM, or text where every other byte is NUL (ASCII characters written as UTF-16 without a BOM)."""
    if data.startswith(UTF16_MARKS):
        return True
    sample = data[:2000]
    half = max(len(sample) // 2, 1)
    return max(sample[0::2].count(0), sample[1::2].count(0)) > 0.4 * half


class Workbook:
    """An .xlsx's sheets as tables; DataFileError when it would inflate too far or cannot be read."""

    def __init__(self, data: bytes, file_name: str):
        if problem := workbook_size_problem(data):
            raise DataFileError(file_name, [problem])
        self.file_name = file_name
        # Imported here, when a workbook is read: the boundary reader, which reads none, stays lighter.
        from python_calamine import CalamineWorkbook

        try:
            self._book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as exc:  # calamine raises its own errors, and zip or XML ones, on a bad file
            raise self._unreadable(exc) from exc
        self.sheet_names: list[str] = list(self._book.sheet_names)

    def table(self, sheet: str | int) -> Table | None:
        """A sheet by its title (its problems then name it: "answers!answer") or by its position
        (a file read as its first sheet: columns need no sheet's name); None when it is empty."""
        try:
            if isinstance(sheet, int):
                found = self._book.get_sheet_by_index(sheet)
            else:
                found = self._book.get_sheet_by_name(sheet)
            # From A1, empty rows and columns included, so row numbers are the spreadsheet's.
            values = found.to_python(skip_empty_area=False)
        except Exception as exc:
            raise self._unreadable(exc) from exc
        rows = [(number, [cell_text(value) for value in row]) for number, row in enumerate(values, start=1)]
        return table_of(self.file_name, rows, sheet if isinstance(sheet, str) else None)

    def _unreadable(self, exc: Exception) -> DataFileError:
        problem = Problem(None, None, "", "unreadable_xlsx", {"detail": type(exc).__name__})
        return DataFileError(self.file_name, [problem])


def cell_text(value) -> str:
    """A cell as the text a CSV would hold: 12.0 → "12" (Excel stores whole numbers as floats, and a
    layer's integer field with gaps arrives as floats), a date → "2024-03-05", a date and time →
    "2024-03-05T14:30:00"; an empty or error cell, or a gap in a layer's field (NaN), → ""."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def shown(value: str) -> str:
    """A value as a problem repeats it: cut at SHOWN_VALUE_LENGTH characters."""
    return value if len(value) <= SHOWN_VALUE_LENGTH else value[: SHOWN_VALUE_LENGTH - 1] + "…"


def column_letter(number: int) -> str:
    """1 → "A", 27 → "AA": how a spreadsheet names the column a row's extra value falls in."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
