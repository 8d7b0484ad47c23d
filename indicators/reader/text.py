"""Text files' bytes as text: UTF-8 (with or without a BOM), Excel's Windows-1252, and the stray bytes
that make a UTF-8 file neither, each named by row and column."""

import csv

from indicators.validation import Problem

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


def separator_of(text: str) -> str:
    """The separator the first non-blank line uses most; ties go to the comma, first in SEPARATORS."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    return max(SEPARATORS, key=first_line.count)


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
