"""indicators/reader: the envelope of a file, text decoding (UTF-8, BOM, Windows-1252, stray bytes),
CSV and XLSX read into numbered rows, the cell helpers, and fields declared as data checked by one loop."""

import datetime as dt
import io
import re
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from indicators.i18n import Translator
from indicators.reader import (
    Field,
    Workbook,
    cell_text,
    check_envelope,
    check_rows,
    columns_of,
    decode_text,
    read_bundled_csv,
    read_csv,
    read_table,
    shown,
    workbook_size_problem,
)
from indicators.reader.tables import Table, column_letter
from indicators.reader.text import LISTED_BAD_BYTES
from indicators.validation import DataFileError, Problem

ES, EN = Translator("es"), Translator("en")


def refused(action) -> list[tuple]:
    """(row, column, reason) of every problem of a refused file."""
    with pytest.raises(DataFileError) as caught:
        action()
    return [(p.row, p.column, p.reason) for p in caught.value.problems]


# --- text ----------------------------------------------------------------------------------------------


def test_utf8_is_read_as_it_is_with_or_without_a_bom():
    text = "place_id,name\nhnd-danli,Danlí\n"
    assert decode_text(text.encode("utf-8")) == (text, [], [])
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, [], [])  # the BOM is not a cell


def test_a_whole_windows_1252_file_is_read_with_a_note_to_check_the_accents():
    text, problems, notes = decode_text("place_id,name\nhnd-danli,Danlí\n".encode("cp1252"))
    assert text == "place_id,name\nhnd-danli,Danlí\n" and problems == []
    assert [n.reason for n in notes] == ["read_as_windows_1252"]
    assert "Windows-1252" in notes[0].describe(ES) and "CSV UTF-8" in notes[0].describe(EN)


def test_a_byte_windows_1252_leaves_undefined_is_still_read_as_latin_1():
    text, problems, notes = decode_text(b"name\nA\x81B\n")
    assert (
        text == "name\nA\x81B\n" and problems == [] and [n.reason for n in notes] == ["read_as_windows_1252"]
    )


def test_a_stray_windows_byte_in_a_utf8_file_is_refused_with_its_row_and_column():
    data = "place_id,name,notes\nhnd-danli,Danlí,ok\n".encode() + b"hnd-omoa,Omoa,Mesa t\xe9cnica\n"
    _, problems, notes = decode_text(data)
    assert notes == []
    [problem] = problems
    assert (problem.row, problem.column, problem.value) == (3, "notes", "Mesa t\ufffdcnica")
    assert problem.params == {"byte": "0xE9", "as_1252": "é"}
    assert problem.describe(ES).startswith("Fila 3, columna «notes», valor «Mesa t\ufffdcnica»: el byte 0xE9")
    assert problem.describe(EN).startswith('Row 3, column "notes", value "Mesa t\ufffdcnica": the byte 0xE9')


def test_stray_bytes_follow_the_files_separator_and_a_header_byte_is_named_by_position():
    data = "código;nombre\n".encode() + b"1;Pe\xf1a\n" + b"x\xe9;y\n"
    _, problems, _ = decode_text(data)
    assert [(p.row, p.column, p.params["as_1252"]) for p in problems] == [
        (2, "nombre", "ñ"),
        (3, "código", "é"),
    ]
    _, problems, _ = decode_text(b"n\xfam,nombre\n" + "1,Peña\n".encode())
    assert [(p.row, p.column) for p in problems] == [(1, "#1")]


def test_many_stray_bytes_list_the_first_ones_and_count_the_rest():
    data = "name\nDanlí\n".encode() + b"".join(b"x\xe9\n" for _ in range(LISTED_BAD_BYTES + 7))
    _, problems, _ = decode_text(data)
    assert [p.reason for p in problems] == ["stray_byte"] * LISTED_BAD_BYTES + ["more_stray_bytes"]
    assert problems[-1].describe(ES) == "y 7 bytes más que no son UTF-8"
    assert problems[-1].describe(EN) == "and 7 more bytes that are not UTF-8"


# --- the envelope ---------------------------------------------------------------------------------


def workbook(cells: int) -> bytes:
    book = openpyxl.Workbook()
    for n in range(cells):
        book.active.append([f"fila {n}", n])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_ordinary_workbook_and_a_file_that_is_no_zip_pass_the_size_check():
    assert workbook_size_problem(workbook(500)) is None
    assert workbook_size_problem(b"place_id,name\n") is None  # the reader says what is wrong with it
    assert workbook_size_problem(b"") is None


def test_a_workbook_that_would_inflate_a_hundredfold_is_refused_with_both_sizes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 100 * 1024
    problem = workbook_size_problem(data)
    assert (problem.row, problem.column, problem.reason) == (None, None, "xlsx_too_big")
    assert problem.params["size"] == 20 and problem.params["limit"] == round(len(data) * 100 / 1024 / 1024)
    assert problem.describe(ES).startswith("el libro de Excel se descomprime en 20 MB")
    assert problem.describe(EN).startswith("the Excel workbook inflates to 20 MB")


def test_a_bundled_csv_is_read_as_text_cells_and_refused_when_missing_not_utf8_or_empty(tmp_path):
    path = tmp_path / "countries.csv"
    path.write_text("iso3,iso_numeric,name_es\nHND,340,\n", encoding="utf-8")
    table = read_bundled_csv(path)
    # Every cell is text as written: "340" stays "340", an empty cell is "", never NaN.
    assert (table.source, table.header, table.rows) == (
        "countries.csv",
        ["iso3", "iso_numeric", "name_es"],
        [(2, ["HND", "340", ""])],
    )
    assert [p.column for p in columns_of(table, [Field(c) for c in ("iso3", "name_es", "name_en")])[1]] == [
        "name_en"
    ]

    with pytest.raises(DataFileError) as caught:
        read_bundled_csv(tmp_path / "nowhere.csv")
    assert caught.value.source == "nowhere.csv"
    assert caught.value.describe(ES) == [f"no existe el archivo {tmp_path / 'nowhere.csv'}"]

    path.write_bytes("iso3,name_es\nHND,Hondur\xe1s\n".encode("cp1252"))  # a bundled file must be UTF-8
    assert refused(lambda: read_bundled_csv(path)) == [(None, None, "not_utf8")]

    path.write_bytes(b"")
    assert refused(lambda: read_bundled_csv(path)) == [(None, None, "empty_file")]


@pytest.mark.parametrize(
    "name, size, expected",
    [
        ("results.CSV", 10, []),
        ("results.csv", 0, [(None, None, "empty_file")]),
        ("results.csv", 2048, [(None, None, "too_big")]),
        ("informe.pdf", 0, [(None, None, "unsupported_format"), (None, None, "empty_file")]),
        ("informe.pdf", 2048, [(None, None, "unsupported_format"), (None, None, "too_big")]),
    ],
)
def test_the_envelope_names_every_fault_at_once(name, size, expected):
    def check():
        return check_envelope(name, size, (".csv", ".xlsx"), 1024)

    if not expected:
        assert check() == ".csv"  # the extension, in lower case
        return
    assert refused(check) == expected


def test_the_envelope_says_the_limit_in_megabytes_and_a_kind_of_its_own_for_formats():
    with pytest.raises(DataFileError) as caught:
        check_envelope(
            "capa.kml",
            5 * 1024 * 1024 + 1,
            (".gpkg",),
            5 * 1024 * 1024,
            Problem(None, None, "", "boundary_format", {"formats": ".gpkg"}),
        )
    assert caught.value.source == "capa.kml"
    assert caught.value.describe(EN) == [
        "file type not supported; use a boundary layer in .gpkg (.zip = zipped Shapefile)",
        "the file is too large (at most 5 MB)",
    ]


# --- CSV -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, separator, notes",
    [
        ("utf-8", ",", []),
        ("utf-8-sig", ";", []),
        ("cp1252", "\t", ["read_as_windows_1252"]),
    ],
)
def test_a_csv_becomes_a_header_and_trimmed_rows_numbered_as_a_spreadsheet_shows_them(
    encoding, separator, notes
):
    text = separator.join(["código", " nombre "]) + "\r\n\r\n" + separator.join(["1", '"Peña, la"']) + "\r\n"
    text += "2" + separator + '"dos\nlíneas"\r\n3' + separator + "  Tres \r\n"
    found: list[Problem] = []
    table = read_csv(text.encode(encoding), "lugares.csv", found)
    assert [n.reason for n in found] == notes
    assert (table.source, table.header, table.separator, table.sheet) == (
        "lugares.csv",
        ["código", "nombre"],
        separator,
        None,
    )
    # The blank line 2 is left out but counted; a quoted text over two lines is one row.
    assert table.rows == [(3, ["1", "Peña, la"]), (4, ["2", "dos\nlíneas"]), (5, ["3", "Tres"])]


@pytest.mark.parametrize(
    "data, utf16, reason",
    [
        (b"", False, "empty_file"),
        (b"\r\n  \r\n", False, "empty_file"),
        ("a,b\n1,2\n".encode("utf-16"), False, "utf16"),
        ("a,b\n1,2\n".encode("utf-16-le"), True, "utf16"),  # without its mark: not read, said so
        (b"PK\x03\x04 a workbook", False, "xlsx_named_csv"),
        (b"%PDF-1.7\n\x00\x00\xe2\xe3 binary" * 20, False, "binary_file"),
        (b"a,b\n" + b'"' + b"x" * 200_000 + b'"\n', False, "unreadable"),  # past csv's field limit
    ],
)
def test_files_that_are_no_csv_are_refused_saying_what_they_are(data, utf16, reason):
    assert refused(lambda: read_csv(data, "f.csv", [], utf16)) == [(None, None, reason)]


def test_utf16_with_its_mark_is_read_where_the_caller_accepts_it_with_a_note():
    notes: list[Problem] = []
    table = read_csv("código;nombre\n1;Peña\n".encode("utf-16"), "kobo.csv", notes, utf16=True)
    assert table.rows == [(2, ["1", "Peña"])] and [n.reason for n in notes] == ["offline.read_as_utf16"]


def test_a_stray_byte_stops_the_reading_naming_its_row_and_column():
    data = "código,nombre\n1,Peña\n".encode() + b"2,Pe\xf1a\n"
    assert refused(lambda: read_csv(data, "f.csv", [])) == [(3, "nombre", "stray_byte")]


# --- XLSX ----------------------------------------------------------------------------------------------


def xlsx_by_xlsxwriter() -> bytes:
    """A workbook written by another writer than openpyxl, with the cells people leave in files."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("answers")
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    moment = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheet.write_row(1, 1, ["code", "text", "when", "at", "flag", "formula", "error"])  # from B2
    sheet.write_string(2, 1, "0012")
    sheet.write_number(2, 2, 7.0)
    sheet.write_datetime(2, 3, dt.datetime(2024, 3, 5), day)
    sheet.write_datetime(2, 4, dt.datetime(2024, 3, 5, 14, 30), moment)
    sheet.write_boolean(2, 5, True)
    sheet.write_formula(2, 6, "=2*6", None, 12)
    sheet.write_formula(2, 7, "=NA()", None, "#N/A")
    sheet.write_number(4, 1, 12.5)
    book.add_worksheet("notas").write(0, 0, "otra hoja")
    book.close()
    return buffer.getvalue()


def test_a_sheet_is_read_as_the_text_a_csv_would_hold():
    book = Workbook(xlsx_by_xlsxwriter(), "resultados.xlsx")
    assert book.sheet_names == ["answers", "notas"]
    table = book.table("answers")
    assert (table.sheet, table.separator, table.label("code")) == ("answers", None, "answers!code")
    assert table.header == ["", "code", "text", "when", "at", "flag", "formula", "error"]
    # Row numbers and columns as the spreadsheet shows them, from A1; whole numbers without ".0", a
    # text of digits as written, a date as a date; a formula's value; an error cell is empty.
    assert table.rows == [
        (3, ["", "0012", "7", "2024-03-05", "2024-03-05T14:30:00", "True", "12", ""]),
        (5, ["", "12.5", "", "", "", "", "", ""]),
    ]
    first = book.table(0)  # by position: a file read as its first sheet names no sheet
    assert first.sheet is None and first.label("code") == "code"


def test_an_empty_sheet_is_no_table_and_read_table_reads_the_first_sheet():
    book = openpyxl.Workbook()
    book.active.append(["email", "activity"])
    book.active.append(["ana@example.org", "mesa 1"])
    book.create_sheet("vacía")
    buffer = io.BytesIO()
    book.save(buffer)
    assert Workbook(buffer.getvalue(), "a.xlsx").table("vacía") is None
    table = read_table(buffer.getvalue(), "asistencia.xlsx", [])
    assert (table.header, table.rows) == (["email", "activity"], [(2, ["ana@example.org", "mesa 1"])])
    assert read_table(b"email,activity\nana@example.org,mesa 1\n", "asistencia.csv", []).rows == table.rows


@pytest.mark.parametrize(
    "data, reason",
    [(b"not a zip", "unreadable_xlsx"), (b"email,activity\n", "unreadable_xlsx")],
)
def test_a_file_that_is_no_workbook_is_refused(data, reason):
    assert refused(lambda: read_table(data, "a.xlsx", [])) == [(None, None, reason)]


def test_a_workbook_bomb_is_refused_before_it_is_opened():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
    assert refused(lambda: Workbook(buffer.getvalue(), "a.xlsx")) == [(None, None, "xlsx_too_big")]


@pytest.mark.parametrize(
    "value, text",
    [
        (None, ""),
        ("", ""),
        ("  Danlí ", "Danlí"),
        (12.0, "12"),
        (12.5, "12.5"),
        (3, "3"),
        (True, "True"),
        (dt.date(2024, 3, 5), "2024-03-05"),
        (dt.datetime(2024, 3, 5, 14, 30), "2024-03-05T14:30:00"),
        (dt.time(14, 30), "14:30:00"),
        # What a layer's attribute table brings (pyogrio): a gap in a numeric field, a missing value.
        (float("nan"), ""),
        (pd.NA, ""),
        (pd.NaT, ""),
        (np.float64(8.0), "8"),
        (np.int64(801), "801"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_a_long_value_is_cut_where_a_problem_repeats_it_and_columns_have_letters():
    assert shown("x" * 80) == "x" * 80 and shown("x" * 200) == "x" * 79 + "…"
    assert [column_letter(n) for n in (1, 7, 26, 27, 52, 703)] == ["A", "G", "Z", "AA", "AZ", "AAA"]


# --- fields declared as data ----------------------------------------------------------------------------

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The participants' roster of a later issue, as it would be declared: a few lines.
ROSTER = (
    Field("name", required=True, limit=20),
    Field("email", required=True, aliases=("correo",), pattern=EMAIL, unique=True),
    Field(
        "role",
        required=True,
        labels={
            "participant": "participant",
            "participante": "participant",
            "organiser": "organiser",
            "organizadora": "organiser",
        },
    ),
    Field("country", choices={"HND", "SLV"}, fault=("unknown_country", {})),
    Field("mode", choices=("in_person", "online")),
    Field("year", kind="number", bounds=(2015, 2030)),
    Field("url", kind="url"),
)


def table(text: str, name: str = "roster.csv") -> Table:
    return read_csv(text.encode(), name, [])


HEADER = "Name,CORREO,role,country,mode,year,url\n"


def test_good_rows_come_back_as_values_by_field_with_labels_turned_into_keys():
    rows, problems = check_rows(
        table(
            HEADER + "Ana,ana@example.org,Organizadora,HND,online,2022,https://example.org\n"
            "Luis,luis@example.org,participant,,,,\n"
        ),
        ROSTER,
    )
    assert problems == []
    assert [(row.number, row.values["email"], row.values["role"]) for row in rows] == [
        (2, "ana@example.org", "organiser"),
        (3, "luis@example.org", "participant"),
    ]


@pytest.mark.parametrize(
    "line, expected",
    [
        (",ana@example.org,participant,,,,", [(2, "Name", "required", "", {})]),
        (
            "Ana,ana-at-example,participant,,,,",
            [(2, "CORREO", "bad_code", "ana-at-example", {"pattern": EMAIL.pattern})],
        ),
        (
            "Ana,ana@example.org,jefa,,,,",
            [(2, "role", "not_in_list", "jefa", {"allowed": "participant, organiser"})],
        ),
        ("Ana,ana@example.org,participant,XXX,,,", [(2, "country", "unknown_country", "XXX", {})]),
        (
            "Ana,ana@example.org,participant,,hybrid,,",
            [(2, "mode", "not_in_list", "hybrid", {"allowed": "in_person, online"})],
        ),
        ("Ana,ana@example.org,participant,,,dos mil,", [(2, "year", "not_a_number", "dos mil", {})]),
        (
            "Ana,ana@example.org,participant,,,1999,",
            [(2, "year", "out_of_range", "1999", {"low": 2015, "high": 2030})],
        ),
        (
            "Ana,ana@example.org,participant,,,,javascript:alert(1)",
            [(2, "url", "bad_url", "javascript:alert(1)", {})],
        ),
        (
            "Ana María de los Ángeles,ana@example.org,participant,,,,",
            [(2, "Name", "too_long", "Ana María de los Ángeles", {"limit": 20})],
        ),
        (
            "Ana,ana@example.org,participant,,,,\nEva,ana@example.org,participant,,,,",
            [(3, "CORREO", "duplicate_id", "ana@example.org", {"first": 2})],
        ),
        (
            "Ana,ana@example.org,participant,,,,,x",
            [(2, "H", "extra_values", "x", {"count": 8, "expected": 7, "separator": ","})],
        ),
        # Every fault of a row, in the fields' order, with the column as the file names it.
        (
            ",@,jefa,XXX,,,",
            [
                (2, "Name", "required", "", {}),
                (2, "CORREO", "bad_code", "@", {"pattern": EMAIL.pattern}),
                (2, "role", "not_in_list", "jefa", {"allowed": "participant, organiser"}),
                (2, "country", "unknown_country", "XXX", {}),
            ],
        ),
    ],
)
def test_each_rule_gives_its_problem_with_row_column_and_value(line, expected):
    _, problems = check_rows(table(HEADER + line + "\n"), ROSTER)
    assert [(p.row, p.column, p.reason, p.value, p.params) for p in problems] == expected
    assert not [text for p in problems for text in (p.describe(ES), p.describe(EN)) if "{" in text]


def test_columns_missing_or_written_twice_are_named_before_any_row():
    _, problems = check_rows(table("name,email,email,role\nAna,a@b.org,a@b.org,participant\n"), ROSTER)
    assert [(p.column, p.reason) for p in problems] == [
        ("country", "missing_column"),
        ("mode", "missing_column"),
        ("year", "missing_column"),
        ("url", "missing_column"),
        ("email", "duplicate_column"),
    ]


def test_a_header_with_no_rows_is_refused_naming_the_file():
    rows, problems = check_rows(table(HEADER + "\n\n", "asistentes.csv"), ROSTER)
    assert rows == [] and [(p.row, p.column, p.reason) for p in problems] == [(None, None, "header_only")]
    assert problems[0].describe(ES) == (
        "«asistentes.csv» solo trae la fila de encabezado, sin ninguna fila de datos; no se cambió nada"
    )
    assert problems[0].describe(EN) == (
        '"asistentes.csv" holds only its header row, with no data rows; nothing was changed'
    )


def test_a_row_check_sees_the_values_and_what_is_faulty_already_and_may_change_values():
    seen = []

    def online_needs_no_country(number, values, faulty):
        seen.append((number, sorted(faulty)))
        values["name"] = values["name"].upper()
        if values["mode"] == "in_person" and not values["country"]:
            return [("country", "required", {})]
        return []

    rows, problems = check_rows(
        table(HEADER + "Ana,ana@example.org,participant,,in_person,,\nEva,@,participant,,online,,\n"),
        ROSTER,
        online_needs_no_country,
    )
    assert seen == [(2, []), (3, ["email"])]
    assert [row.values["name"] for row in rows] == ["ANA", "EVA"]
    assert [(p.row, p.column, p.reason) for p in problems] == [
        (2, "country", "required"),
        (3, "CORREO", "bad_code"),
    ]


def test_a_sheet_is_checked_the_same_and_its_problems_name_the_sheet():
    book = openpyxl.Workbook()
    book.active.title = "roster"
    book.active.append(HEADER.strip().split(","))
    book.active.append(["Ana", "ana@example.org", "jefa", None, None, 2020.0, None])
    buffer = io.BytesIO()
    book.save(buffer)
    rows, problems = check_rows(Workbook(buffer.getvalue(), "r.xlsx").table("roster"), ROSTER)
    assert rows[0].values["year"] == "2020"
    assert [(p.row, p.column, p.reason) for p in problems] == [(2, "roster!role", "not_in_list")]
