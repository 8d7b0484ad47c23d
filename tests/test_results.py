"""Local IGM results files: what is accepted (encodings, separators, labels, sheets), every fault reported."""

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from indicators import results
from indicators.framework import load_framework
from indicators.i18n import LANGUAGES, Translator
from indicators.results import ANSWERS_COLUMNS, FINDINGS_COLUMNS, read_results
from indicators.validation import DataFileError, Problem

FRAMEWORK = load_framework()
PLACES = {"hnd-danli", "mex-oaxaca", "cri-upala"}
FINDINGS_HEADER = ",".join(FINDINGS_COLUMNS)
ANSWERS_HEADER = ",".join(ANSWERS_COLUMNS)
URL = "https://publications.iom.int/books/perfil-igm-danli"


def read(path: Path):
    return read_results(path.read_bytes(), path.name, FRAMEWORK, PLACES)


def write_text(tmp_path: Path, text: str, name: str = "results.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(tmp_path: Path, sheets: dict[str, list[list]], name: str = "results.xlsx") -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def rejected(path: Path) -> list[tuple]:
    """(row, column, reason) of every problem, after checking the file was refused."""
    with pytest.raises(DataFileError) as caught:
        read(path)
    return [(p.row, p.column, p.reason) for p in caught.value.problems]


# --- accepted files ---------------------------------------------------------------------------------


def test_good_findings_csv(tmp_path):
    path = write_text(
        tmp_path,
        f"{FINDINGS_HEADER}\n"
        f"hnd-danli,rights,well_developed,Acceso a salud para todas las personas migrantes,{URL},12\n"
        f'hnd-danli,2,potential,"Sin estrategia migratoria local, aún",{URL},\n'
        f"mex-oaxaca,crises,potential,Sin plan de contingencia,Perfil IGM local de Oaxaca 2021,3\n",
    )
    checked = read(path)
    assert checked.answers.empty and list(checked.answers.columns) == list(ANSWERS_COLUMNS)
    assert checked.notes == []
    findings = checked.findings
    assert list(findings.columns) == list(FINDINGS_COLUMNS)
    assert findings[["place_id", "domain", "finding_type"]].values.tolist() == [
        ["hnd-danli", "rights", "well_developed"],
        ["hnd-danli", "whole_of_government", "potential"],
        ["mex-oaxaca", "crises", "potential"],
    ]
    assert findings.loc[1, "finding"] == "Sin estrategia migratoria local, aún"
    assert str(findings["page"].dtype) == "Int64"
    assert findings["page"].tolist()[0::2] == [12, 3] and findings["page"].isna().tolist()[1]


def test_good_answers_csv_normalises_answers_and_known_subareas(tmp_path):
    path = write_text(
        tmp_path,
        f"{ANSWERS_HEADER}\n"
        f"cri-upala,1.2.3,1,Derecho al trabajo,¿Pueden trabajar las personas migrantes?,Cumple,{URL}\n"
        f"cri-upala,1.2.4,rights,right_to_work,¿Hay permisos de trabajo?,partly met,{URL}\n"
        f"cri-upala,3.1.1,partnerships,Cooperación con universidades,¿Hay convenios?,N/A,{URL}\n"
        f"cri-upala,6.1.1,6,,¿Hay un punto de atención?,sin datos,{URL}\n",
    )
    answers = read(path).answers
    assert list(answers.columns) == list(ANSWERS_COLUMNS)
    assert answers["answer"].tolist() == ["met", "partly_met", "not_applicable", "no_data"]
    assert answers["domain"].tolist() == ["rights", "rights", "partnerships", "safe_migration"]
    # Known sub-areas by name (any language) or key become the key; other texts are kept as given.
    assert answers["subarea"].tolist() == [
        "right_to_work",
        "right_to_work",
        "Cooperación con universidades",
        "",
    ]


def test_workbook_with_both_sheets(tmp_path):
    path = write_xlsx(
        tmp_path,
        {
            "Hallazgos": [
                list(FINDINGS_COLUMNS),
                ["hnd-danli", 3, "Bien desarrollada", "Alianzas", URL, 7.0],
            ],
            "answers": [list(ANSWERS_COLUMNS), ["hnd-danli", "1.1", 1, None, "¿Existe…?", "No cumple", URL]],
            "notas": [["cualquier cosa"]],
        },
    )
    checked = read(path)
    assert checked.notes == []  # other sheets ("notas", a template's dictionary) are simply not read
    assert checked.findings.iloc[0].tolist() == [
        "hnd-danli",
        "partnerships",
        "well_developed",
        "Alianzas",
        URL,
        7,
    ]
    assert checked.answers.iloc[0].tolist() == ["hnd-danli", "1.1", "rights", "", "¿Existe…?", "not_met", URL]


def test_workbook_with_one_sheet_and_spanish_name(tmp_path):
    path = write_xlsx(
        tmp_path, {"RESPUESTAS ": [list(ANSWERS_COLUMNS), ["mex-oaxaca", "2.1", "2", "", "¿…?", "met", URL]]}
    )
    checked = read(path)
    assert checked.findings.empty and list(checked.findings.columns) == list(FINDINGS_COLUMNS)
    assert checked.answers["answer"].tolist() == ["met"]


def test_a_utf8_file_with_stray_windows_bytes_is_refused_by_row_and_column(tmp_path):
    """The issue's case: accents in UTF-8 and one value pasted from a Windows-1252 file. Decoding all of
    it as Windows-1252 would garble every accent; each stray byte is named by row and column instead."""
    header = ",".join(FINDINGS_COLUMNS).encode()
    good = "hnd-danli,1,potencial,Coordinación con Danlí,Perfil IGM,3".encode()
    stray = b"hnd-danli,2,potencial,Mesa t\xe9cnica,Perfil IGM,4"
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\r\n".join([header, good, good.replace(b"3", b"5"), stray]) + b"\r\n")
    with pytest.raises(DataFileError) as caught:
        read(path)
    [problem] = caught.value.problems
    assert (problem.row, problem.column, problem.reason) == (4, "finding", "stray_byte")
    assert problem.params == {"byte": "0xE9", "as_1252": "é"} and problem.value == "Mesa t\ufffdcnica"
    described = problem.describe(Translator("es"))
    assert described.startswith("Fila 4, columna «finding»") and "offset" not in described


def test_many_stray_bytes_are_counted_after_the_first_ones(tmp_path):
    header = ",".join(FINDINGS_COLUMNS).encode()
    rows = [f"hnd-danli,1,potencial,Acción {n},Perfil,".encode() for n in range(5)]
    rows += [f"hnd-danli,1,potencial,X{n} t".encode() + b"\xe9cnica,Perfil," for n in range(30)]
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\n".join([header, *rows]))
    with pytest.raises(DataFileError) as caught:
        read(path)
    reasons = [p.reason for p in caught.value.problems]
    assert reasons == ["stray_byte"] * 20 + ["more_stray_bytes"]
    assert caught.value.problems[-1].params == {"count": 10}


@pytest.mark.parametrize(
    "encoding, separator, notes",
    [
        ("utf-8", ",", []),
        ("utf-8-sig", ",", []),  # the BOM Excel's "CSV UTF-8" writes
        ("cp1252", ",", ["read_as_windows_1252"]),  # Excel's plain "CSV" on Windows
        ("utf-8", ";", ["separator_semicolon"]),  # Excel where the decimal mark is a comma
        ("utf-8-sig", "\t", ["separator_tab"]),
        ("cp1252", ";", ["read_as_windows_1252", "separator_semicolon"]),
    ],
)
def test_encodings_and_separators(tmp_path, encoding, separator, notes):
    rows = [FINDINGS_COLUMNS, ("hnd-danli", "1", "potencial", "Protección de la niñez migrante", URL, "4")]
    path = write_text(tmp_path, "\r\n".join(separator.join(r) for r in rows) + "\r\n", encoding=encoding)
    checked = read(path)
    assert checked.findings.loc[0, "finding"] == "Protección de la niñez migrante"
    assert checked.findings.loc[0, "page"] == 4
    assert [n.reason for n in checked.notes] == notes


@pytest.mark.parametrize(
    "column, written, expected",
    [
        ("finding_type", "Bien desarrollada", "well_developed"),
        ("finding_type", "BIEN DESARROLLADO", "well_developed"),
        ("finding_type", "Well-developed", "well_developed"),
        ("finding_type", "well developed", "well_developed"),
        ("finding_type", "Áreas bien desarrolladas", "well_developed"),
        ("finding_type", "Con potencial de desarrollo", "potential"),
        ("finding_type", " Potencial ", "potential"),
        ("domain", "3", "partnerships"),
        ("domain", " Crises ", "crises"),
        ("place_id", "HND-Danli", "hnd-danli"),
        ("answer", "Cumple parcialmente", "partly_met"),
        ("answer", "CUMPLE", "met"),
        ("answer", "No Aplica", "not_applicable"),
        ("answer", "n/a", "not_applicable"),
        ("answer", "not-met", "not_met"),
        ("answer", "Sin Datos", "no_data"),
        ("answer", "partly_met", "partly_met"),
    ],
)
def test_labels_people_write_are_accepted(tmp_path, column, written, expected):
    kind = "answers" if column in ANSWERS_COLUMNS and column not in FINDINGS_COLUMNS else "findings"
    good = {
        "place_id": "hnd-danli",
        "domain": "rights",
        "finding_type": "potential",
        "finding": "Un hallazgo",
        "source": URL,
        "page": "",
        "indicator_code": "1.1",
        "subarea": "",
        "indicator_text": "¿Existe…?",
        "answer": "met",
    } | {column: written}
    columns = results.COLUMNS[kind]
    path = tmp_path / "results.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([columns, [good[c] for c in columns]])
    assert getattr(read(path), kind).loc[0, column] == expected


# --- refused files ----------------------------------------------------------------------------------

BAD_ROWS = [
    ("unknown place", "hnd-nowhere,rights,potential,Texto,src,", [(2, "place_id", "unknown_place")]),
    ("unknown domain", "hnd-danli,7,potential,Texto,src,", [(2, "domain", "unknown_domain")]),
    (
        "domain not in the framework",
        "hnd-danli,Vivienda,potential,Texto,src,",
        [(2, "domain", "unknown_domain")],
    ),
    ("bad finding type", "hnd-danli,1,fortaleza,Texto,src,", [(2, "finding_type", "not_in_list")]),
    ("decimal page", 'hnd-danli,1,potential,Texto,src,"12,5"', [(2, "page", "bad_page")]),
    ("whole-looking page", "hnd-danli,1,potential,Texto,src,12.0", [(2, "page", "bad_page")]),
    ("negative page", "hnd-danli,1,potential,Texto,src,-3", [(2, "page", "bad_page")]),
    ("page zero", "hnd-danli,1,potential,Texto,src,0", [(2, "page", "bad_page")]),
    ("page in words", "hnd-danli,1,potential,Texto,src,doce", [(2, "page", "bad_page")]),
    ("absurd page", "hnd-danli,1,potential,Texto,src,1200000", [(2, "page", "out_of_range")]),
    ("too long", f"hnd-danli,1,potential,{'x' * 1001},src,", [(2, "finding", "too_long")]),
    (
        "required missing",
        ",,potential,,,",
        [
            (2, "place_id", "required"),
            (2, "domain", "required"),
            (2, "finding", "required"),
            (2, "source", "required"),
        ],
    ),
    (
        "duplicate finding (same domain written two ways)",
        "hnd-danli,1,potential,Texto,src,\nhnd-danli,rights,Potencial,Texto,otra fuente,4",
        [(3, "finding", "duplicate_finding")],
    ),
    ("unquoted separator", "hnd-danli,1,potential,Texto, con coma,src,", [(2, "G", "extra_values")]),
]


@pytest.mark.parametrize(
    "body, expected", [case[1:] for case in BAD_ROWS], ids=[case[0] for case in BAD_ROWS]
)
def test_bad_findings_rows(tmp_path, body, expected):
    assert rejected(write_text(tmp_path, f"{FINDINGS_HEADER}\n{body}\n")) == expected


BAD_ANSWERS = [
    ("bad answer", "hnd-danli,1.1,1,,Texto,quizás,src", [(2, "answer", "not_in_list")]),
    ("long code", f"hnd-danli,{'1.' * 16},1,,Texto,met,src", [(2, "indicator_code", "too_long")]),
    (
        "required missing",
        "hnd-danli,,1,algo,,,",
        [
            (2, "indicator_code", "required"),
            (2, "indicator_text", "required"),
            (2, "answer", "required"),
            (2, "source", "required"),
        ],
    ),
    (
        "duplicate indicator for the place",
        "hnd-danli,1.1,1,,Texto,met,src\nmex-oaxaca,1.1,1,,Texto,met,src\nhnd-danli,1.1,2,,Otro,not_met,src",
        [(4, "indicator_code", "duplicate_answer")],
    ),
]


@pytest.mark.parametrize(
    "body, expected", [case[1:] for case in BAD_ANSWERS], ids=[case[0] for case in BAD_ANSWERS]
)
def test_bad_answers_rows(tmp_path, body, expected):
    assert rejected(write_text(tmp_path, f"{ANSWERS_HEADER}\n{body}\n")) == expected


def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path):
    # A blank line is a row in a spreadsheet, and a quoted text over two lines is one row.
    body = (
        'hnd-danli,1,potential,"dos\nlíneas",src,\n'
        "\n"
        "hnd-danli,9,potential,Texto,src,\n"
        ",,,,,\n"
        "xxx,1,potential,T,s,\n"
    )
    path = write_text(tmp_path, f"{FINDINGS_HEADER}\n{body}")
    assert rejected(path) == [(4, "domain", "unknown_domain"), (6, "place_id", "unknown_place")]


def test_every_problem_at_once_and_nothing_returned(tmp_path):
    path = write_text(
        tmp_path,
        f"{ANSWERS_HEADER}\n"
        "hnd-danli,1.1,1,,Texto,met,src\n"
        "hnd-x,1.2,8,,Texto,tal vez,src\n"
        "hnd-danli,1.1,1,,Texto,met,src\n",
    )
    assert rejected(path) == [
        (3, "place_id", "unknown_place"),
        (3, "domain", "unknown_domain"),
        (3, "answer", "not_in_list"),
        (4, "indicator_code", "duplicate_answer"),
    ]


@pytest.mark.parametrize(
    "header, expected",
    [
        ("place_id,domain,finding_type,finding,source", [(None, "page", "missing_column")]),
        (
            "place_id,indicator_code,domain,answer,source",
            [(None, "subarea", "missing_column"), (None, "indicator_text", "missing_column")],
        ),
        (f"{FINDINGS_HEADER},indicator_code,subarea,indicator_text,answer", [(None, None, "both_kinds")]),
        ("place_id,domain,domain,finding_type,finding,source,page", [(None, "domain", "duplicate_column")]),
    ],
)
def test_header_problems(tmp_path, header, expected):
    path = write_text(tmp_path, f"{header}\nhnd-danli,1,potential,Texto,src,1,x,y,z,w\n")
    assert rejected(path) == expected


def test_extra_columns_are_ignored_with_a_note(tmp_path):
    path = write_text(tmp_path, f"{FINDINGS_HEADER},notes,\nhnd-danli,1,potential,Texto,src,,revisar,\n")
    checked = read(path)
    assert len(checked.findings) == 1
    assert [(n.reason, n.params) for n in checked.notes] == [("ignored_columns", {"columns": "notes"})]


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("results.csv", b"", "empty_file"),
        ("results.csv", b"\r\n  \r\n", "empty_file"),
        ("results.csv", (FINDINGS_HEADER + "\n\n").encode(), "header_only"),
        (
            "results.csv",
            f"{FINDINGS_HEADER}\nhnd-danli,1,potential,Protección,src,\n".encode("utf-16"),
            "utf16",
        ),
        ("results.csv", f"{FINDINGS_HEADER}\nhnd-danli,1,potential,T,src,\n".encode("utf-16-le"), "utf16"),
        ("results.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary_file"),
        ("results.txt", f"{FINDINGS_HEADER}\n".encode(), "unsupported_format"),
        ("informe.pdf", b"%PDF-1.7\n", "unsupported_format"),
        ("results.xls", b"\xd0\xcf\x11\xe0", "unsupported_format"),
        ("results.xlsx", f"{FINDINGS_HEADER}\n".encode(), "unreadable_xlsx"),
    ],
)
def test_refused_files(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    assert rejected(path) == [(None, None, reason)]


def test_too_big(tmp_path):
    line = "hnd-danli,1,potential,Texto,src,\n"
    path = write_text(tmp_path, FINDINGS_HEADER + "\n" + line * (results.MAX_FILE_BYTES // len(line) + 1))
    assert rejected(path) == [(None, None, "too_big")]


def test_workbook_named_csv(tmp_path):
    book_path = write_xlsx(tmp_path, {"findings": [list(FINDINGS_COLUMNS)]})
    path = tmp_path / "results.csv"
    path.write_bytes(book_path.read_bytes())
    assert rejected(path) == [(None, None, "xlsx_named_csv")]


def test_workbook_problems_name_the_sheet_and_its_rows(tmp_path):
    path = write_xlsx(
        tmp_path,
        {
            "findings": [
                [],  # a blank first row: the header is the first row with something in it
                list(FINDINGS_COLUMNS),
                ["hnd-danli", 1, "potential", "Texto", URL, 12.5],
            ],
            "Respuestas": [list(ANSWERS_COLUMNS[:-1]), ["hnd-danli", "1.1", 1, "", "T", "met"]],
        },
    )
    # Header problems of every sheet come first, then the rows, sheet by sheet.
    assert rejected(path) == [(None, "Respuestas!source", "missing_column"), (3, "findings!page", "bad_page")]


def test_workbook_sheet_problems(tmp_path):
    no_sheet = write_xlsx(tmp_path, {"Hoja1": [list(FINDINGS_COLUMNS)]}, "a.xlsx")
    assert rejected(no_sheet) == [(None, None, "missing_sheet")]
    twice = write_xlsx(tmp_path, {"findings": [list(FINDINGS_COLUMNS)], "Hallazgos": [["x"]]}, "b.xlsx")
    assert rejected(twice) == [(None, None, "repeated_sheet")]
    empty = write_xlsx(tmp_path, {"findings": [], "answers": [list(ANSWERS_COLUMNS)]}, "c.xlsx")
    assert rejected(empty) == [(None, None, "header_only")]


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "es",
            [
                "Fila 2, columna «answers!answer», valor «quizás»: valor no admitido; use uno de: "
                "met, partly_met, not_met, not_applicable, no_data",
                "Fila 3, columna «answers!indicator_code», valor «1.1»: "
                "indicador repetido para este lugar (ya está en la fila 2)",
            ],
        ),
        (
            "en",
            [
                'Row 2, column "answers!answer", value "quizás": value not allowed; use one of: '
                "met, partly_met, not_met, not_applicable, no_data",
                'Row 3, column "answers!indicator_code", value "1.1": '
                "indicator repeated for this place (already in row 2)",
            ],
        ),
    ],
)
def test_problems_read_in_both_languages(tmp_path, language, expected):
    path = write_xlsx(
        tmp_path,
        {
            "answers": [
                list(ANSWERS_COLUMNS),
                ["hnd-danli", "1.1", 1, "", "T", "quizás", URL],
                ["hnd-danli", "1.1", 1, "", "T", "met", URL],
                ["hnd-danli", "1.2", 1, "", "T", "met", URL],
            ]
        },
    )
    with pytest.raises(DataFileError) as caught:
        read(path)
    assert caught.value.describe(Translator(language)) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reason_and_note_reads_in_both_languages(tmp_path, language):
    t = Translator(language)
    files = {
        "empty.csv": b"",
        "header.xlsx": write_xlsx(tmp_path, {"findings": [list(FINDINGS_COLUMNS)]}, "h.xlsx").read_bytes(),
        "a.pdf": b"%PDF",
        "u16.csv": FINDINGS_HEADER.encode("utf-16"),
        "bin.csv": b"%PDF-1.7\n\x00\x00\xe2\xe3\xcf\xd3 binary " * 20,
        "bad.xlsx": b"not a zip",
        "book.csv": write_xlsx(tmp_path, {"findings": [["x"]]}, "book.xlsx").read_bytes(),
        "none.xlsx": write_xlsx(tmp_path, {"Hoja1": [["x"]]}, "none.xlsx").read_bytes(),
        "twice.xlsx": write_xlsx(
            tmp_path, {"answers": [["x"]], "respuestas": [["x"]]}, "2.xlsx"
        ).read_bytes(),
        "both.csv": f"{FINDINGS_HEADER},{ANSWERS_HEADER}\n".encode(),
        "header.csv": f"{FINDINGS_HEADER},domain\n".encode(),
        "places.csv": b"place_id,name,level\nhnd-danli,Danli,municipality\n",
        "findings.csv": (
            f"{FINDINGS_HEADER}\nhnd-x,9,?,{'x' * 2000},,0\nhnd-danli,1,potential,T,s,99999999\n"
            "hnd-danli,1,potential,T,s,\nhnd-danli,1,potential,T,s,\nhnd-danli,1,potential,T,s,,,a,b\n"
        ).encode(),
        "answers.csv": f"{ANSWERS_HEADER}\nhnd-danli,1.1,1,,T,met,s\nhnd-danli,1.1,1,,T,met,\n".encode(),
    }
    problems = []
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(DataFileError) as caught:
            read(path)
        problems += caught.value.problems
    notes_file = write_text(
        tmp_path,
        f"{FINDINGS_HEADER},x\nhnd-danli,1,potential,Protección,s,,\n".replace(",", ";"),
        "notes.csv",
        "cp1252",
    )
    tab_file = write_text(tmp_path, f"{FINDINGS_HEADER}\nhnd-danli,1,potential,T,s,\n".replace(",", "\t"))
    problems += read(notes_file).notes + read(tab_file).notes
    assert {p.reason for p in problems} == {
        *("empty_file", "header_only", "unsupported_format", "utf16", "binary_file", "unreadable_xlsx"),
        "xlsx_named_csv",
        *("missing_sheet", "repeated_sheet", "both_kinds", "duplicate_column", "missing_column"),
        *(
            "unknown_place",
            "unknown_domain",
            "not_in_list",
            "too_long",
            "required",
            "bad_page",
            "out_of_range",
        ),
        *("duplicate_finding", "duplicate_answer", "extra_values"),
        *("read_as_windows_1252", "separator_semicolon", "separator_tab", "ignored_columns"),
    }
    described = [p.describe(t) for p in problems]
    assert not [text for text in described if "problems." in text or "{" in text]
    # A long value is cut in the message so the reason stays readable.
    assert max(len(text) for text in described) < 300


# --- templates --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", results.KINDS)
def test_csv_template_round_trip(tmp_path, kind):
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(results.template_csv(kind, Translator("es")))
    assert rejected(path) == [(None, None, "header_only")]
    row = {
        "findings": ["hnd-danli", "1", "well_developed", "Protección consular", URL, "2"],
        "answers": ["hnd-danli", "1.1", "1", "", "¿Existe…?", "met", URL],
    }[kind]
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow(row)
    checked = read(path)
    assert len(getattr(checked, kind)) == 1 and checked.notes == []


@pytest.mark.parametrize("language, dictionary", [("es", "diccionario"), ("en", "dictionary")])
def test_xlsx_template_round_trip(tmp_path, language, dictionary):
    path = tmp_path / "plantilla.xlsx"
    path.write_bytes(results.template_xlsx(Translator(language)))
    assert rejected(path) == [(None, None, "header_only")]
    book = load_workbook(path)
    assert book.sheetnames == ["findings", "answers", dictionary]
    described = [row[1] for row in book[dictionary].iter_rows(min_row=6, values_only=True)]
    assert described == [*FINDINGS_COLUMNS, *ANSWERS_COLUMNS]
    texts = [cell for row in book[dictionary].iter_rows(values_only=True) for cell in row if cell]
    assert not [text for text in texts if str(text).startswith(("results.", "answers.", "profile."))]
    book["findings"].append(["hnd-danli", 1, "potential", "Sin oficina de atención", URL, 3])
    book["answers"].append(["mex-oaxaca", "6.2", 6, "", "¿Hay albergues?", "Cumple parcialmente", URL])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    checked = read(path)
    assert checked.findings["page"].tolist() == [3]
    assert checked.answers["answer"].tolist() == ["partly_met"]


def workbook_bomb() -> bytes:
    """A 'workbook' of 60 KB whose one sheet inflates to 60 MB of zeros: refused before it is opened."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def test_a_workbook_that_inflates_far_beyond_its_size_is_not_opened(tmp_path):
    path = tmp_path / "results.xlsx"
    path.write_bytes(workbook_bomb())
    assert rejected(path) == [(None, None, "xlsx_too_big")]
    message = Problem(None, None, "", "xlsx_too_big", {"size": 60, "limit": 6}).describe(Translator("es"))
    assert message.startswith("el libro de Excel se descomprime en 60 MB")
