"""Problems found in a data file, reported all at once with where they are and why.

Every import checks a whole file first and raises `DataFileError` with one `Problem` per fault;
nothing is written unless the list is empty. Problems carry catalogue keys, not sentences, so the
same fault reads in Spanish or English.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # only for annotations: i18n reads the catalogue with these very problems
    from indicators.i18n import Translator


@dataclass(frozen=True)
class Problem:
    row: int | None  # the line number a spreadsheet shows (header = 1), None for the whole file
    column: str | None
    value: str
    reason: str  # catalogue key under "problems."
    params: dict = field(default_factory=dict)

    def describe(self, t: "Translator") -> str:
        reason = t(f"problems.{self.reason}", **self.params)
        if self.row is None and self.column is None:
            return reason
        if self.row is None:
            return t("problems.at_column", column=self.column, reason=reason)
        return t("problems.at_cell", row=self.row, column=self.column, value=self.value, reason=reason)


# A workbook is a zip of XML files: a crafted one of a few MB can inflate to gigabytes inside the
# spreadsheet reader. Its members' declared sizes are checked first; one that lies about them is
# bounded only by the upload limits and the reader's own checks.
MAX_WORKBOOK_RATIO = 100
MAX_WORKBOOK_INFLATED = 300 * 1024 * 1024


def workbook_size_problem(data: bytes) -> "Problem | None":
    """Why an .xlsx must not be opened because of what it would inflate to, or None (also for a
    file that is no zip at all: the reader says so in its own words)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None
    limit = min(MAX_WORKBOOK_INFLATED, len(data) * MAX_WORKBOOK_RATIO)
    if inflated <= limit:
        return None
    params = {"size": round(inflated / 1024 / 1024), "limit": round(limit / 1024 / 1024)}
    return Problem(None, None, "", "xlsx_too_big", params)


class DataFileError(Exception):
    """A file was rejected whole; `problems` says every reason."""

    def __init__(self, source: str, problems: list[Problem]):
        super().__init__(f"{source}: {len(problems)} problem(s)")
        self.source = source
        self.problems = problems

    def describe(self, t: "Translator") -> list[str]:
        return [p.describe(t) for p in self.problems]


def read_csv_file(path: Path) -> pd.DataFrame:
    """A bundled CSV file as text cells, or a DataFileError saying it is missing or unreadable.

    Bundled files are written in UTF-8: a stray byte is named by row and column, a whole file in
    another encoding is refused (see decode_text)."""
    if not path.is_file():
        raise DataFileError(path.name, [Problem(None, None, "", "not_found", {"path": str(path)})])
    text, problems, notes = decode_text(path.read_bytes())
    if problems or notes:
        raise DataFileError(path.name, problems or [Problem(None, None, "", "not_utf8")])
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        problem = Problem(None, None, "", "unreadable", {"detail": str(exc)})
        raise DataFileError(path.name, [problem]) from exc


def missing_columns(frame: pd.DataFrame, columns) -> list[Problem]:
    return [Problem(None, c, "", "missing_column") for c in columns if c not in frame.columns]


# Past this many bytes that are not UTF-8, one more line says how many; the first ones show the pattern.
LISTED_BAD_BYTES = 20
SEPARATORS = (",", ";", "\t")


def decode_text(data: bytes) -> tuple[str, list[Problem], list[Problem]]:
    """A text file's bytes as text, with (problems, notes).

    UTF-8 (with or without a BOM) is read as it is. A file with no UTF-8 character at all but bytes
    that are not UTF-8 is what Excel writes on Windows: read as Windows-1252 with a note to check the
    accents. A file that is UTF-8 except for a few bytes (a value pasted from elsewhere) is refused,
    with the row and column of each stray byte: decoding all of it as Windows-1252 would turn every
    accent into mojibake ("CoordinaciÃ³n"), and guessing those bytes alone would be a guess.
    """
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode("utf-8"), [], []
    except UnicodeDecodeError:
        pass
    # Undecodable bytes become lone surrogates (U+DC80 to U+DCFF), so they can be found by position.
    text = body.decode("utf-8", errors="surrogateescape")
    if not any(char >= "\x80" and not _stray(char) for char in text):
        # cp1252 leaves five bytes undefined and Latin-1 decodes every byte.
        try:
            text = body.decode("cp1252")
        except UnicodeDecodeError:
            text = body.decode("latin-1")
        return text, [], [Problem(None, None, "", "read_as_windows_1252")]
    return text, _stray_bytes(text), []


def _stray(char: str) -> bool:
    return "\udc80" <= char <= "\udcff"


def _stray_bytes(text: str) -> list[Problem]:
    """One problem per byte that is not UTF-8: the row (line, as a spreadsheet numbers it) and column."""
    lines = text.splitlines()
    first = lines[0] if lines else ""
    separator = max(SEPARATORS, key=first.count)
    header = next(csv.reader([first], delimiter=separator), [])
    problems = []
    for row, line in enumerate(lines, start=1):
        if not any(_stray(char) for char in line):
            continue
        cells = next(csv.reader([line], delimiter=separator), [line])
        for number, cell in enumerate(cells):
            for char in (c for c in cell if _stray(c)):
                byte = ord(char) - 0xDC00
                column = header[number] if row > 1 and number < len(header) else f"#{number + 1}"
                shown = "".join("\ufffd" if _stray(c) else c for c in cell)
                params = {"byte": f"0x{byte:02X}", "as_1252": bytes([byte]).decode("cp1252", "replace")}
                problems.append(Problem(row, _plain(column), shown, "stray_byte", params))
    if len(problems) > LISTED_BAD_BYTES:
        more = Problem(None, None, "", "more_stray_bytes", {"count": len(problems) - LISTED_BAD_BYTES})
        problems = [*problems[:LISTED_BAD_BYTES], more]
    return problems


def _plain(text: str) -> str:
    return "".join("\ufffd" if _stray(c) else c for c in text).strip()
