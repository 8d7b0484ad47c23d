"""indicators/validation.py: text decoding (UTF-8, BOM, Windows-1252, stray bytes), the workbook size
check, reading a bundled CSV, and how a problem reads in Spanish and English."""

import io
import zipfile

import openpyxl
import pytest

from indicators.i18n import Translator
from indicators.validation import (
    LISTED_BAD_BYTES,
    DataFileError,
    Problem,
    decode_text,
    missing_columns,
    read_csv_file,
    workbook_size_problem,
)

ES, EN = Translator("es"), Translator("en")


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


def test_a_problem_says_where_it_is_cell_column_or_whole_file():
    cell = Problem(4, "iso3", "HN", "bad_code", {"pattern": "^[A-Z]{3}$"})
    column = Problem(None, "name_en", "", "missing_column")
    whole = Problem(None, None, "", "not_utf8")
    assert (
        cell.describe(ES)
        == "Fila 4, columna «iso3», valor «HN»: código no válido; se espera la forma ^[A-Z]{3}$"
    )
    assert column.describe(ES) == "Columna «name_en»: falta esta columna"
    assert column.describe(EN) == 'Column "name_en": this column is missing'
    assert whole.describe(EN) == 'the file is not in UTF-8; save it as "CSV UTF-8"'
    error = DataFileError("countries.csv", [cell, column])
    assert str(error) == "countries.csv: 2 problem(s)" and error.source == "countries.csv"
    assert error.describe(EN)[1] == 'Column "name_en": this column is missing'


def test_a_bundled_csv_is_read_as_text_cells_and_refused_when_missing_not_utf8_or_empty(tmp_path):
    path = tmp_path / "countries.csv"
    path.write_text("iso3,iso_numeric,name_es\nHND,340,\n", encoding="utf-8")
    frame = read_csv_file(path)
    # Every cell is text as written: "340" stays "340", an empty cell is "", never NaN.
    assert frame.to_dict("records") == [{"iso3": "HND", "iso_numeric": "340", "name_es": ""}]
    assert [p.column for p in missing_columns(frame, ("iso3", "name_es", "name_en"))] == ["name_en"]

    with pytest.raises(DataFileError) as caught:
        read_csv_file(tmp_path / "nowhere.csv")
    assert caught.value.source == "nowhere.csv"
    assert caught.value.describe(ES) == [f"no existe el archivo {tmp_path / 'nowhere.csv'}"]

    path.write_bytes("iso3,name_es\nHND,Hondur\xe1s\n".encode("cp1252"))  # a bundled file must be UTF-8
    with pytest.raises(DataFileError) as caught:
        read_csv_file(path)
    assert [p.reason for p in caught.value.problems] == ["not_utf8"]

    path.write_bytes(b"")
    with pytest.raises(DataFileError) as caught:
        read_csv_file(path)
    assert [p.reason for p in caught.value.problems] == ["unreadable"]
