"""Reading KoboToolbox and ODK Central exports of the app's form: every layout, every refusal."""

import dataclasses
import io

import openpyxl
import pytest

from indicators.config import DATA_DIR
from indicators.i18n import Translator
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from indicators.submissions import MAX_FILE_BYTES, read_submissions
from indicators.validation import DataFileError
from tests.form_exports import Row, answers, build_form, kobo_csv, kobo_xlsx, odk_csv, parse_form
from tests.test_results import workbook_bomb

Q = load_questionnaire()
T = Translator("es")


@pytest.fixture(scope="module")
def catalogue():
    store = Store.open(":memory:")
    store.load_bundled(DATA_DIR)
    yield store.places(igm_only=False), store.countries()
    store.close()


@pytest.fixture(scope="module")
def form(catalogue):
    return build_form(Q, *catalogue)


def read(data, name, catalogue, **options):
    return read_submissions(data, name, Q, *catalogue, **options)


def rows_of(form, count=3):
    return [
        Row(answers(form, place, country, seed=i, anonymous=i % 2 == 0))
        for i, (place, country) in enumerate(
            [("hnd-danli", "HND"), ("mex-sonora", "MEX"), ("gtm-san-marcos", "GTM")][:count]
        )
    ]


LAYOUTS = {
    "kobo_csv": (lambda form, rows: kobo_csv(form, rows), "kobo.csv", "kobo"),
    "kobo_xlsx": (lambda form, rows: kobo_xlsx(form, rows), "kobo.xlsx", "kobo"),
    "kobo_xlsx_typed": (lambda form, rows: kobo_xlsx(form, rows, typed=True), "kobo.xlsx", "kobo"),
    "kobo_labels_es": (
        lambda form, rows: kobo_xlsx(form, rows, labels=True, groups=False),
        "kobo.xlsx",
        "kobo",
    ),
    "kobo_labels_es_groups": (lambda form, rows: kobo_xlsx(form, rows, labels=True), "kobo.xlsx", "kobo"),
    "odk_central_csv": (lambda form, rows: odk_csv(form, rows), "central.csv", "odk"),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_gives_the_answers_back(form, catalogue, layout):
    build, name, tool = LAYOUTS[layout]
    rows = rows_of(form)
    read_back = read(build(form, rows), name, catalogue)
    assert read_back.tool == tool
    assert read_back.refused == [] and read_back.skipped == []
    # The metadata columns each tool adds (_index, _status, _validation_status, _notes, _tags, KEY…)
    # are known, not reported as unknown columns.
    assert read_back.notes == []
    assert [s.submission_id for s in read_back.submissions] == [r.uuid for r in rows]
    for row, submission in zip(rows, read_back.submissions, strict=True):
        got = submission.assessment
        assert got.place_id == row.values["local_government"]
        assert got.anonymous == (row.values["anonymous"] == "yes")
        for area in Q.areas:
            assert str(got.answers[area.key].capacity) == row.values[f"{area.key}_capacity"]
            assert got.answers[area.key].office == row.values[f"{area.key}_office"]
        for theme in Q.themes:
            assert got.top3[theme] == [row.values[f"{theme}_top{r}"] for r in (1, 2, 3)]
        assert submission.submitted_at == row.submitted_at


def test_the_same_answers_give_the_same_digest_whatever_the_layout(form, catalogue):
    rows = rows_of(form, 1)
    digests = {
        read(build(form, rows), name, catalogue).submissions[0].digest for build, name, _ in LAYOUTS.values()
    }
    assert len(digests) == 1


def refusal(form, catalogue, change, layout="kobo_csv"):
    """The problems of a three-row export whose second row (spreadsheet row 3) was changed."""
    rows = rows_of(form)
    change(rows[1].values)
    build, name, _ = LAYOUTS[layout]
    result = read(build(form, rows), name, catalogue)
    assert [s.row for s in result.submissions] == [2, 4]
    assert result.refused_rows == [3]
    return [(p.row, p.column, p.reason) for p in result.refused]


def test_a_row_from_another_form_version_is_refused(form, catalogue):
    problems = refusal(form, catalogue, lambda v: v.update(form_version="q-0000000000"))
    assert problems == [(3, "form_version", "offline.other_version")]


def test_a_missing_required_answer_is_refused_where_it_is(form, catalogue):
    area = Q.areas[2]
    problems = refusal(form, catalogue, lambda v: v.update({f"{area.key}_priority": ""}))
    assert problems == [(3, f"{area.theme}/{area.key}_priority", "required")]


def test_a_local_government_outside_the_catalogue_is_refused(form, catalogue):
    problems = refusal(
        form, catalogue, lambda v: v.update(local_government="hnd-atlantida"), "odk_central_csv"
    )
    assert problems == [(3, "local_government", "offline.unknown_place")]


def test_a_local_government_of_another_country_is_refused(form, catalogue):
    problems = refusal(form, catalogue, lambda v: v.update(country="HND"))
    assert problems == [(3, "local_government", "offline.place_not_in_country")]


def test_a_top3_that_repeats_an_area_is_refused(form, catalogue):
    problems = refusal(form, catalogue, lambda v: v.update(rt2_top3=v["rt2_top1"]))
    assert problems == [(3, "rt2/rt2_top3", "offline.top3_repeat")]


def test_a_top3_area_of_another_table_is_refused(form, catalogue):
    problems = refusal(form, catalogue, lambda v: v.update(rt1_top1=Q.areas_of("rt3")[0].key))
    assert problems == [(3, "rt1/rt1_top1", "not_in_list")]


def test_the_name_is_required_of_who_does_not_answer_anonymously(form, catalogue):
    problems = refusal(form, catalogue, lambda v: v.update(anonymous="no", respondent_name=""))
    assert problems == [(3, "respondent_name", "name_or_anonymous")]


def test_refusals_in_a_labels_export_name_the_column_as_the_file_does(form, catalogue):
    area = Q.areas[0]
    problems = refusal(form, catalogue, lambda v: v.update({f"{area.key}_capacity": "9"}), "kobo_labels_es")
    assert problems == [(3, f"{area.name['es']}: capacidad actual", "not_in_list")]


def test_problems_read_in_the_users_language(form, catalogue):
    rows = rows_of(form)
    rows[1].values["rt2_top3"] = rows[1].values["rt2_top1"]
    problem = read(kobo_csv(form, rows), "k.csv", catalogue).refused[0]
    assert problem.describe(Translator("es")).startswith("Fila 3, columna «rt2/rt2_top3»")
    assert "ya es la prioridad 1 de esta mesa" in problem.describe(Translator("es"))
    assert "already priority 1 of this table" in problem.describe(Translator("en"))


def test_access_codes_when_the_organisers_require_them(form, catalogue):
    codes = {"ABCD-EFGH": "hnd-danli", "JKMN-PQRS": "mex-sonora"}
    rows = rows_of(form)
    rows[0].values["access_code"] = "abcd efgh"  # typed on a phone: case and spaces do not matter
    rows[1].values["access_code"] = "ABCD-EFGH"  # Danlí's code on Sonora's answer
    rows[2].values["access_code"] = ""
    result = read(kobo_csv(form, rows), "k.csv", catalogue, code_place=codes.get)
    assert [s.row for s in result.submissions] == [2]
    assert [(p.row, p.column, p.reason) for p in result.refused] == [
        (3, "access_code", "offline.code_invalid"),
        (4, "access_code", "offline.code_required"),
    ]
    # Without the requirement, the code column is not checked.
    assert len(read(kobo_csv(form, rows), "k.csv", catalogue).submissions) == 3


def test_submissions_rejected_in_the_tools_review_are_left_out(form, catalogue):
    rows = rows_of(form)
    rows[0].review = "validation_status_not_approved"
    kobo = read(kobo_csv(form, rows), "k.csv", catalogue)
    assert len(kobo.submissions) == 2 and [(p.row, p.reason) for p in kobo.skipped] == [
        (2, "offline.rejected_in_tool")
    ]
    rows[0].review = "rejected"
    central = read(odk_csv(form, rows), "c.csv", catalogue)
    assert len(central.submissions) == 2 and central.skipped[0].column == "ReviewState"


def test_the_same_submission_twice_in_a_file_counts_once_the_newest(form, catalogue):
    rows = rows_of(form, 2)
    rows[1].uuid = rows[0].uuid
    rows[1].submitted_at = rows[0].submitted_at.replace(hour=18)
    result = read(kobo_csv(form, rows), "k.csv", catalogue)
    assert [s.row for s in result.submissions] == [3]
    assert [(p.row, p.reason, p.params) for p in result.skipped] == [
        (2, "offline.repeated_in_file", {"row": 3})
    ]


# --- files refused whole ------------------------------------------------------------------------


def refused_whole(data, name, catalogue, **options) -> list[str]:
    with pytest.raises(DataFileError) as error:
        read(data, name, catalogue, **options)
    return [p.reason for p in error.value.problems]


def test_an_empty_file_is_refused(form, catalogue):
    assert refused_whole(b"", "k.csv", catalogue) == ["empty_file"]
    header_only = kobo_csv(form, []).decode()
    assert refused_whole(header_only.encode(), "k.csv", catalogue) == ["header_only"]


@pytest.mark.parametrize(
    "export, name", [(kobo_csv, "kobo.csv"), (kobo_xlsx, "kobo.xlsx"), (odk_csv, "odk.csv")]
)
def test_an_export_with_its_header_and_no_submission_is_refused_naming_the_file(
    form, catalogue, export, name
):
    with pytest.raises(DataFileError) as error:
        read(export(form, []), name, catalogue)
    assert [p.reason for p in error.value.problems] == ["header_only"]
    assert error.value.describe(Translator("en")) == [
        f'"{name}" holds only its header row, with no data rows; nothing was changed'
    ]


def other_form() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "survey"
    for row in (
        ["type", "name", "label"],
        ["text", "hogar", "Nombre del hogar"],
        ["integer", "personas", "Personas en el hogar"],
        ["select_one agua", "agua", "Fuente de agua"],
    ):
        book.active.append(row)
    choices = book.create_sheet("choices")
    for row in (["list_name", "name", "label"], ["agua", "red", "Red pública"], ["agua", "pozo", "Pozo"]):
        choices.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_another_forms_export_is_refused_as_such(catalogue):
    other = parse_form(other_form())
    assert other.warnings == []
    rows = [Row({"hogar": "Casa 1", "personas": "4", "agua": "pozo"})]
    problems = refused_whole(kobo_csv(other, rows), "otro.csv", catalogue)
    assert problems == ["offline.not_this_form"]


def test_a_utf16_file_is_read_and_says_so(form, catalogue):
    rows = rows_of(form)
    text = kobo_csv(form, rows).decode("utf-8")
    result = read(text.encode("utf-16"), "excel-unicode.csv", catalogue)
    assert len(result.submissions) == 3
    assert [n.reason for n in result.notes] == ["offline.read_as_utf16"]


def test_a_file_over_10_mb_is_refused_before_reading(form, catalogue):
    rows = rows_of(form)
    data = kobo_csv(form, rows)
    padding = b"\n" * (MAX_FILE_BYTES - len(data) + 1)
    assert refused_whole(data + padding, "grande.csv", catalogue) == ["too_big"]
    assert len(data + padding) > 10 * 1024 * 1024


def test_other_file_types_and_broken_workbooks_are_refused(form, catalogue):
    assert refused_whole(b"%PDF-1.7", "respuestas.pdf", catalogue) == ["unsupported_format"]
    assert refused_whole(b"not a zip", "respuestas.xlsx", catalogue) == ["unreadable_xlsx"]
    assert refused_whole(kobo_xlsx(form, rows_of(form)), "respuestas.csv", catalogue) == ["xlsx_named_csv"]


def test_a_missing_column_is_named(form, catalogue):
    short = dataclasses.replace(form, fields=[f for f in form.fields if f.name != "rt3_top2"])
    problems = refused_whole(kobo_csv(short, rows_of(form)), "k.csv", catalogue)
    assert problems == ["missing_column"]


def test_an_export_without_its_submission_ids_is_refused(form, catalogue):
    text = odk_csv(form, rows_of(form)).decode()
    header, *body = text.splitlines()
    columns = header.split(",")
    keep = [i for i, c in enumerate(columns) if c not in ("KEY", "meta-instanceID")]
    trimmed = "\n".join(",".join(line.split(",")[i] for i in keep) for line in [header, *body])
    assert refused_whole(trimmed.encode(), "central.csv", catalogue) == ["offline.no_submission_id"]


def test_a_utf8_export_with_a_stray_windows_byte_is_refused_by_row_and_column(form, catalogue):
    """Accents in UTF-8 and one value pasted from a Windows-1252 file: named by row and column, not the
    whole file decoded as Windows-1252 (which would turn every accent into "CoordinaciÃ³n")."""
    header, first, second, *rest = kobo_csv(form, rows_of(form)).split(b"\n")
    column = header.decode("utf-8-sig").split(";")[1]
    first = first.replace(b";", "; Coordinación".encode(), 1)
    second = second.replace(b";", b"; Mesa t\xe9cnica", 1)
    with pytest.raises(DataFileError) as caught:
        read(b"\n".join([header, first, second, *rest]), "kobo.csv", catalogue)
    [problem] = caught.value.problems
    assert (problem.row, problem.column, problem.reason) == (3, column, "stray_byte")
    assert problem.describe(Translator("es")).startswith(f"Fila 3, columna «{column}»")


def test_a_workbook_bomb_is_refused_before_it_is_opened(catalogue):
    assert refused_whole(workbook_bomb(), "kobo.xlsx", catalogue) == ["xlsx_too_big"]
