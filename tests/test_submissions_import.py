"""Importing Kobo and ODK Central exports: once per submission, edits as versions, all or nothing."""

import dataclasses
import datetime as dt

import pytest

from indicators.exports import ExportRequest, export_file
from indicators.i18n import Translator
from indicators.questionnaire import load_questionnaire
from indicators.store import SCHEMA_VERSION, Store
from indicators.submissions import REQUIRE_CODE, import_submissions, refused_csv
from indicators.validation import DataFileError, Problem
from tests.conftest import BACKENDS, store_on_backend
from tests.form_exports import Row, answers, build_form, kobo_csv, kobo_xlsx, odk_csv
from tests.oracles import live_view

Q = load_questionnaire()
T = Translator("es")
PLACES = [("hnd-danli", "HND"), ("mex-sonora", "MEX"), ("gtm-san-marcos", "GTM")]

store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)


def author(submission_id: str) -> str:
    return T("offline.history_author", id=submission_id)


@pytest.fixture
def form(store):
    return build_form(Q, store.places(igm_only=False), store.countries())


def rows_of(form, count=3, **options):
    return [
        Row(answers(form, *PLACES[i % len(PLACES)], seed=i, anonymous=i % 2 == 0, **options))
        for i in range(count)
    ]


def load(store, data, name="kobo.csv", **options):
    return import_submissions(store, data, name, Q, author, **options)


def test_each_row_becomes_a_submitted_assessment_with_history(store, form):
    rows = rows_of(form)
    report = load(store, kobo_csv(form, rows))
    assert (report.tool, report.new, report.updated, report.duplicates) == ("kobo", 3, 0, 0)
    assert store.assessment_counts() == {"submitted": 3, "examples": 0, "drafts": 0}
    known = store.imported_submissions([rows[0].uuid])
    history = store.history(known["assessment_id"][0])
    assert list(history["version"]) == [1]
    assert history["author"][0] == f"importado de Kobo/ODK · {rows[0].uuid}"
    stored = store.assessment(known["assessment_id"][0])
    assert stored["place_id"] == "hnd-danli" and not stored["is_example"]


def test_imported_answers_count_in_presenter_and_exports(store, form):
    load(store, odk_csv(form, rows_of(form)), "central.csv")
    view = live_view(store.submitted_answers(), Q)
    assert (view.responses, view.local_governments, view.countries, view.examples) == (3, 3, 3, 0)
    csv = export_file(store, Q, T, ExportRequest("municipality", "csv", place_id="hnd-danli")).decode(
        "utf-8-sig"
    )
    assert "hnd-danli" in csv and "EJEMPLO" not in csv


def test_reimporting_the_same_export_adds_nothing(store, form):
    data = kobo_csv(form, rows_of(form))
    load(store, data)
    again = load(store, data)
    assert (again.new, again.updated, again.duplicates) == (0, 0, 3)
    assert store.assessment_counts()["submitted"] == 3
    assert len(store.query("SELECT * FROM assessment_history")) == 3


def test_a_later_export_adds_only_the_new_submissions_whatever_its_format(store, form):
    rows = rows_of(form, 3)
    load(store, kobo_csv(form, rows[:2]))
    later = load(store, kobo_xlsx(form, rows, labels=True), "kobo-etiquetas.xlsx")
    assert (later.new, later.duplicates) == (1, 2)
    assert store.assessment_counts()["submitted"] == 3


def test_an_edit_in_kobo_becomes_a_new_version(store, form):
    rows = rows_of(form, 2)
    load(store, kobo_csv(form, rows))
    area = Q.areas[0]
    edited = dataclasses.replace(
        rows[0],
        values={
            **rows[0].values,
            f"{area.key}_capacity": "4" if rows[0].values[f"{area.key}_capacity"] != "4" else "0",
        },
        submitted_at=rows[0].submitted_at + dt.timedelta(days=1),
    )
    report = load(store, kobo_csv(form, [edited, rows[1]]))
    assert (report.new, report.updated, report.duplicates) == (0, 1, 1)
    assessment_id = store.imported_submissions([rows[0].uuid])["assessment_id"][0]
    assert list(store.history(assessment_id)["version"]) == [1, 2]
    assert store.assessment(assessment_id)["version"] == 2
    current = store.query(
        "SELECT capacity FROM answers WHERE assessment_id = ? AND area_key = ?", [assessment_id, area.key]
    )
    assert str(current["capacity"][0]) == edited.values[f"{area.key}_capacity"]
    assert store.assessment_counts()["submitted"] == 2
    # The older export read again afterwards does not undo the edit.
    older = load(store, kobo_csv(form, rows))
    assert (older.updated, older.stale) == (0, 1)
    assert store.assessment(assessment_id)["version"] == 2


def test_an_edit_in_odk_central_counts_by_its_edits(store, form):
    rows = rows_of(form, 1)
    load(store, odk_csv(form, rows), "central.csv")
    edited = dataclasses.replace(
        rows[0],
        values={
            **rows[0].values,
            "rt1_top1": rows[0].values["rt1_top2"],
            "rt1_top2": rows[0].values["rt1_top1"],
        },
        edits=1,
    )
    report = load(store, odk_csv(form, [edited]), "central.csv")
    assert report.updated == 1


def test_a_file_with_a_refused_row_writes_nothing(store, form):
    rows = rows_of(form)
    rows[2].values["local_government"] = "xxx-nowhere"
    with pytest.raises(DataFileError) as error:
        load(store, kobo_csv(form, rows))
    assert [(p.row, p.reason) for p in error.value.problems] == [(4, "offline.unknown_place")]
    assert store.assessment_counts()["submitted"] == 0
    assert store.imported_submissions([r.uuid for r in rows]).empty


def test_valid_only_writes_the_valid_rows_and_lists_the_others(store, form):
    rows = rows_of(form)
    rows[1].values["rt4_top2"] = rows[1].values["rt4_top1"]
    report = load(store, kobo_csv(form, rows), valid_only=True)
    assert (report.new, report.refused_rows) == (2, [3])
    assert store.assessment_counts()["submitted"] == 2
    text = refused_csv(report.refused, T).decode("utf-8-sig")
    assert text.splitlines()[0] == "# 1 fila(s) rechazada(s); no importada(s)"
    assert text.splitlines()[1] == "fila,columna,valor,motivo"
    assert text.splitlines()[2].startswith("3,rt4/rt4_top2,")
    assert "área repetida" in text


def test_the_refused_rows_file_keeps_a_formula_from_the_export_as_text():
    problems = [Problem(4, "rt1/rt1_top1", '=HYPERLINK("http://x.invalid","clic")', "offline.unknown_place")]
    text = refused_csv(problems, T).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_the_organisers_can_require_access_codes(store, form):
    store.set_setting(REQUIRE_CODE, "true")
    code = store.create_access_codes("hnd-danli", 1, created_by="test")[0]
    good = Row(answers(form, "hnd-danli", "HND", code=code.lower()))
    wrong = Row(answers(form, "mex-sonora", "MEX", seed=1, code=code))
    with pytest.raises(DataFileError) as error:
        load(store, kobo_csv(form, [good, wrong]))
    assert [(p.row, p.column, p.reason) for p in error.value.problems] == [
        (3, "access_code", "offline.code_invalid")
    ]
    assert load(store, kobo_csv(form, [good])).new == 1


def test_a_database_from_before_the_import_gets_its_table(tmp_path):
    db = tmp_path / "old.duckdb"
    old = Store.open(db)
    old.con.execute("DROP TABLE imported_submissions")
    old.con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    old.close()
    reopened = Store.open(db)
    assert reopened.schema_version() == SCHEMA_VERSION
    assert reopened.imported_submissions(["x"]).empty
    reopened.close()
