"""The seminar consultation: registry, rules, the before/after change, storage, pages and exports."""

import dataclasses
import io

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from indicators.config import DATA_DIR, PROJECT_DIR
from indicators.consultation import (
    Item,
    check_consultation,
    knowledge_change,
    load_consultation,
    long_answers,
    problems_for_response,
)
from indicators.exports import NothingToExport, export_consultation
from indicators.i18n import Translator
from indicators.store import Store
from tests.conftest import BACKENDS, organiser, store_on_backend
from ui import routes

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)

C = load_consultation()
KNOWLEDGE = [i.key for i in C.items if i.kind == "knowledge"]
PAGE = routes.script("consultation")


def test_registry_covers_the_seminar_topics_in_both_languages():
    assert check_consultation(C) == []
    assert KNOWLEDGE == ["k_governance", "k_migof", "k_gcm", "k_sdg", "k_igm", "k_policy_cycle"]
    assert {i.key for i in C.items_of("before")} >= {"expectations", *KNOWLEDGE}
    assert {i.key for i in C.items_of("after")} >= {"satisfaction", "use_at_work", *KNOWLEDGE}
    broken = dataclasses.replace(C, items=(Item("x", "stars", ("during",), {"es": "", "en": "X"}), *C.items))
    assert {p.reason for p in check_consultation(broken)} == {"not_in_list", "required"}


def test_response_rules():
    assert {p.column for p in problems_for_response("after", {}, C)} == {
        *KNOWLEDGE,
        "satisfaction",
        "use_at_work",
    }
    full = dict.fromkeys(KNOWLEDGE, 3) | {"satisfaction": 5, "use_at_work": 4}
    assert problems_for_response("after", full, C) == []
    assert [p.reason for p in problems_for_response("after", full | {"comments": "x" * 1001}, C)] == [
        "too_long"
    ]
    assert [p.column for p in problems_for_response("after", full | {"k_gcm": 9}, C)] == ["k_gcm"]


def frame(rows):
    return pd.DataFrame(rows, columns=["participant_id", "phase", "answers"])


@pytest.mark.parametrize(
    "rows, expected",
    [
        # two participants answered both: mean change (+2 and +1) / 2; one answered only before
        (
            [
                ("a", "before", {"k_igm": 1}),
                ("a", "after", {"k_igm": 3}),
                ("b", "before", {"k_igm": 2}),
                ("b", "after", {"k_igm": 3}),
                ("c", "before", {"k_igm": 5}),
            ],
            {
                "both": 2,
                "mean_before": 1.5,
                "mean_after": 3.0,
                "mean_change": 1.5,
                "only_before": 1,
                "only_after": 0,
            },
        ),
        # nobody answered both: no mean, the single answers counted apart
        (
            [("a", "before", {"k_igm": 2}), ("b", "after", {"k_igm": 4})],
            {
                "both": 0,
                "mean_before": None,
                "mean_after": None,
                "mean_change": None,
                "only_before": 1,
                "only_after": 1,
            },
        ),
    ],
)
def test_knowledge_change_counts_and_excludes_single_answers(rows, expected):
    change = knowledge_change(long_answers(frame(rows), C), C).set_index("item").loc["k_igm"].to_dict()
    assert {k: (None if pd.isna(v) else v) for k, v in change.items()} == expected


def test_one_response_per_phase_edits_keep_history(store):
    participant, code = store.create_participant()
    assert store.participant_for_code(code) == participant
    assert store.save_consultation(participant, "before", {"k_igm": 1}) == 1
    assert store.save_consultation(participant, "before", {"k_igm": 2}) == 2
    assert store.consultation_answers(participant, "before") == {"k_igm": 2}
    assert len(store.consultation_responses()) == 1
    assert len(store.query("SELECT * FROM consultation_history")) == 2


def test_exports_open_and_say_what_they_hold(store):
    t = Translator("es")
    with pytest.raises(NothingToExport):
        export_consultation(store.consultation_responses(), C, t, "csv")
    for answers in ({"k_igm": 1, "expectations": "Aprender sobre el IGM local"}, {"k_igm": 4}):
        participant, _ = store.create_participant()
        store.save_consultation(participant, "before", answers)
        store.save_consultation(
            participant,
            "after",
            {"k_igm": answers["k_igm"] + 1, "satisfaction": 5, "comments": "Muy útil – gracias"},
        )
    responses = store.consultation_responses()
    csv = pd.read_csv(io.BytesIO(export_consultation(responses, C, t, "csv")), skiprows=1)
    row = csv.set_index("Pregunta").loc[C.items[4].text["es"]]
    assert row["Respondieron antes y después"] == 2 and row["Cambio promedio"] == 1.0
    book = openpyxl.load_workbook(io.BytesIO(export_consultation(responses, C, t, "xlsx")))
    assert book.sheetnames == [
        "Cambio en los conocimientos",
        "Distribución de respuestas",
        "Comentarios (sin nombres)",
    ]
    comments = [c.value for c in book["Comentarios (sin nombres)"]["C"]]
    assert "Muy útil – gracias" in comments and "Aprender sobre el IGM local" in comments
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(export_consultation(responses, C, t, "pdf"))).pages
    )
    assert "Consulta: resultados" in text and "Muy útil – gracias" in text


def fill(at, phase: str, value: int = 3, lang: str = "es"):
    for item in C.items_of(phase):
        if item.kind != "text":
            at.radio(key=f"cs_{phase}_{item.key}@{lang}").set_value(value)


def code_of(at) -> str:
    return next(i.value for i in at.info if "**" in i.value).split("**")[1]


def reload(at):
    """A reload: a new session that has only the page's address."""
    again = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=60)
    again.query_params.update(at.query_params)
    again.run()
    return again.switch_page(PAGE).run()


def test_before_then_after_with_the_personal_code(app):
    at = app(PAGE)
    at.button(key="cs_new").click().run()
    code = code_of(at)
    at.button(key="cs_save").click().run()
    assert "No se guardó: faltan 6 respuestas" in "\n".join(e.value for e in at.error)
    fill(at, "before", 2)
    at.text_area(key="cs_before_expectations").input("Conocer el IGM local")
    at.button(key="cs_save").click().run()
    assert "Respuestas guardadas (versión 1)" in at.success[0].value

    later = app(PAGE)  # the close of the seminar, another device
    later.radio(key="cs_phase@es").set_value("after").run()
    later.text_input(key="cs_code").input("ZZZZ-ZZZZ")
    later.button(key="cs_open").click().run()
    assert "no existe" in later.error[0].value
    later.text_input(key="cs_code").input(code.lower())
    later.button(key="cs_open").click().run()
    fill(later, "after", 4)
    later.button(key="cs_save").click().run()
    assert "versión 1" in later.success[0].value


def test_a_reload_keeps_the_code_the_phase_and_what_was_chosen_and_typed(app):
    at = app(PAGE)
    at.button(key="cs_new").click().run()
    code = code_of(at)
    assert at.query_params["c"] in (code, [code])  # the address a reload opens
    first = C.items_of("before")[0].key
    at.radio(key=f"cs_before_{first}@es").set_value(4).run()
    typed = "Conocer experiencias de «ciudades solidarias»"
    at.text_area(key="cs_before_expectations").input(typed).run()
    assert any("Borrador guardado: 2 de 8 preguntas respondidas" in c.value for c in at.caption)

    again = reload(at)
    assert code_of(again) == code  # the code is on the page, not only in the address
    assert again.radio(key=f"cs_before_{first}@es").value == 4
    assert again.text_area(key="cs_before_expectations").value == typed
    assert not again.success  # a draft, not an answer
    fill(again, "before", 3)
    again.button(key="cs_save").click().run()
    assert "versión 1" in again.success[0].value

    # The close, on the same device the next day: the phase is in the address too.
    again.radio(key="cs_phase@es").set_value("after").run()
    fill(again, "after", 5)
    again.run()
    later = reload(again)
    assert later.radio(key="cs_phase@es").value == "after"
    assert later.radio(key=f"cs_after_{first}@es").value == 5


def test_leaving_forgets_the_code_on_this_device(app):
    at = app(PAGE)
    at.button(key="cs_new").click().run()
    at.button(key="cs_leave").click().run()
    assert "c" not in at.query_params and at.button(key="cs_new")
    assert not [i for i in at.info if "**" in i.value]


def test_refused_marks_go_as_the_answers_are_given(app):
    at = app(PAGE)
    at.button(key="cs_new").click().run()
    at.button(key="cs_save").click().run()
    marks = "falta esta respuesta"
    assert [e.value for e in at.error].count(marks) == 6
    first, second = (i.key for i in C.items_of("before")[:2])
    at.radio(key=f"cs_before_{first}@es").set_value(2).run()
    assert [e.value for e in at.error].count(marks) == 5
    assert "No se guardó: faltan 5 respuestas" in "\n".join(e.value for e in at.error)
    at.radio(key=f"cs_before_{second}@es").set_value(2).run()
    assert [e.value for e in at.error].count(marks) == 4


def test_after_without_before_sends_a_first_timer_to_before_with_the_new_code(app):
    at = app(PAGE)
    at.radio(key="cs_phase@es").set_value("after").run()
    assert any("responderá primero «Antes del seminario»" in c.value for c in at.caption)
    at.button(key="cs_new").click().run()
    code = code_of(at)
    assert at.radio(key="cs_phase@es").value == "before"  # a way on, not a dead end
    assert any("empiece por la consulta «Antes del seminario»" in i.value for i in at.info)
    assert not at.warning
    fill(at, "before", 1)
    at.button(key="cs_save").click().run()
    at.radio(key="cs_phase@es").set_value("after").run()
    assert not at.warning and at.radio(key=f"cs_after_{KNOWLEDGE[0]}@es")
    assert code_of(at) == code


def test_after_needs_before_unless_the_organisers_allow_it(app):
    at = app(PAGE)
    at.button(key="cs_new").click().run()  # a code, then straight to "after"
    at.radio(key="cs_phase@es").set_value("after").run()
    assert "Primero responda la consulta «Antes del seminario»" in at.warning[0].value
    at.button(key="cs_go_before").click().run()  # the way on
    assert at.radio(key="cs_phase@es").value == "before" and at.button(key="cs_save")
    org = organiser(app, tab="consult.results_title")
    org.toggle(key="cs_allow").set_value(True).run()
    again = app(PAGE, lang="en")
    again.radio(key="cs_phase@en").set_value("after").run()
    again.button(key="cs_new").click().run()
    assert not again.warning and again.radio(key="cs_phase@en").value == "after"
    assert again.button(key="cs_save")


def test_results_for_organisers_without_names(app, tmp_path):
    store = Store.open(tmp_path / "app.duckdb")
    store.load_bundled(DATA_DIR)
    participant, _ = store.create_participant()
    store.save_consultation(participant, "before", dict.fromkeys(KNOWLEDGE, 1))
    store.save_consultation(
        participant,
        "after",
        dict.fromkeys(KNOWLEDGE, 3) | {"satisfaction": 4, "use_at_work": 5, "comments": "Excelente"},
    )
    lonely, _ = store.create_participant()
    store.save_consultation(lonely, "before", dict.fromkeys(KNOWLEDGE, 5))
    store.close()
    at = organiser(app, tab="consult.results_title")
    # Tables found by their headers: charts add their own data tables (text alternatives) to the page.
    frames = [d.value for d in at.dataframe]
    (change,) = [table.value for table in at.table]  # a static table whose cells wrap, none cut
    assert list(change.columns[:1]) == ["Cambio promedio"] and change.index.name == "Pregunta"
    assert change["Cambio promedio"].tolist() == [2.0] * 6
    assert change["Solo antes (excluidos)"].tolist() == [1] * 6
    assert next(f for f in frames if "Texto" in f.columns)["Texto"].tolist() == ["Excelente"]
    assert {"Descargar consulta.pdf", "Descargar consulta.xlsx"} <= {
        b.proto.label for b in at.get("download_button")
    }
    # A click does not rerun the page: a rerun renewed every button's file id, so a second
    # download clicked at once asked for a file already dropped and was lost.
    assert all(b.proto.ignore_rerun for b in at.get("download_button"))


def test_consultation_export_command(tmp_path, capsys):
    from indicators.__main__ import main

    db = tmp_path / "cli.duckdb"
    out = tmp_path / "consulta.xlsx"
    assert main(["export-consultation", "--format", "xlsx", "--out", str(out), "--db", str(db)]) == 1
    assert "Aún no hay respuestas a la consulta" in capsys.readouterr().err and not out.exists()
    store = Store.open(db)
    participant, _ = store.create_participant()
    store.save_consultation(participant, "before", {"k_igm": 2})
    store.close()
    assert main(["export-consultation", "--format", "xlsx", "--out", str(out), "--db", str(db)]) == 0
    assert openpyxl.load_workbook(out).sheetnames[0] == "Cambio en los conocimientos"
