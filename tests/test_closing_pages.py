"""Closing and reopening answering (indicators/closing.py) from the presenter's controls, page by page:
the self-assessment keeps its drafts and its answers in view but submits nothing; the consultation keeps
what is typed but saves nothing; each goes on once reopened."""

import pytest

from indicators.assessment import Assessment
from indicators.config import DATA_DIR
from indicators.store import Store
from tests.conftest import session_of
from tests.test_assessment_page import enter, fill, open_table, resume_code_from
from ui import routes

ASSESSMENT = routes.script("assessment")
CONSULTATION = routes.script("consultation")


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)


@pytest.fixture
def codes(tmp_path):
    """Access codes for Omoa in the database the app will open."""
    store = Store.open(tmp_path / "app.duckdb")
    store.load_bundled(DATA_DIR)
    made = store.create_access_codes("hnd-omoa", 1, created_by="test")
    store.close()
    return made


@pytest.fixture
def presenter(app):
    """The presenter screen of an organiser, whose controls open and close answering."""

    def switch(what: str, open_: bool):
        at = app(routes.script("presenter"), organiser_session=session_of())
        at.toggle(key=f"room_open_{what}").set_value(open_).run()
        assert not at.exception
        return at

    return switch


def test_the_controls_are_for_organisers_only(app):
    at = app(routes.script("presenter"))
    assert not [t for t in at.toggle if t.key and t.key.startswith("room_open_")]
    assert "Elegir la sesión de las preguntas" in texts(at.caption)
    org = app(routes.script("presenter"), organiser_session=session_of())
    assert [t.value for t in org.toggle if t.key.startswith("room_open_")] == [True, True, True]


def test_a_closed_self_assessment_keeps_drafts_and_answers_and_submits_once_reopened(
    app, codes, presenter, tmp_path
):
    at = enter(app(ASSESSMENT), codes[0])
    code = resume_code_from(at)
    presenter("assessment", False)
    at.run()
    assert "La autoevaluación está cerrada a nuevos envíos" in texts(at.warning)
    fill(at, capacity=2)
    open_table(at, "rt1")
    at.text_area(key="act_rt1_local_development").input("Mesa municipal de empleo").run()
    at.button(key="sa_submit").click().run()
    assert not at.exception and "¡Enviado!" not in texts(at.success)
    assert "No se envió: la autoevaluación está cerrada" in texts(at.toast)
    store = Store.open(tmp_path / "app.duckdb")
    row = store.assessment_for_resume_code(code)
    draft = Assessment.from_json(store.assessment(row["assessment_id"])["draft"])
    assert row["state"] == "draft"
    assert draft.answers["rt1_local_development"].action == "Mesa municipal de empleo"
    store.close()
    again = app(ASSESSMENT)  # a code holder still opens the answers while closed
    again.text_input(key="sa_resume_code").input(code)
    again.button(key="sa_resume").click().run()
    open_table(again, "rt1")
    assert again.text_area(key="act_rt1_local_development").value == "Mesa municipal de empleo"
    presenter("assessment", True)
    again.run()
    assert "cerrada" not in texts(again.warning)
    again.button(key="sa_submit").click().run()
    assert "¡Enviado! Versión 1" in texts(again.success)


def save_button(at):
    return next(b for b in at.button if b.label == "Guardar respuestas")


def test_a_closed_consultation_keeps_what_is_typed_and_saves_once_reopened(app, presenter, tmp_path):
    at = app(CONSULTATION)
    at.button(key="cs_new").click().run()
    presenter("consultation", False)
    at.run()
    assert "La consulta está cerrada a nuevas respuestas" in texts(at.warning)
    for radio in at.radio:
        if radio.key and radio.key.startswith("cs_before_"):
            radio.set_value(radio.options[2] if isinstance(radio.options[0], str) else 3)
    at.text_area(key="cs_before_expectations").input("Conocer el IGM local")
    save_button(at).click().run()
    assert not at.exception
    assert "No se guardó: la consulta está cerrada" in texts(at.toast)
    assert at.text_area(key="cs_before_expectations").value == "Conocer el IGM local"
    store = Store.open(tmp_path / "app.duckdb")
    assert store.consultation_responses().empty
    store.close()
    presenter("consultation", True)
    at.run()
    save_button(at).click().run()
    assert "Respuestas guardadas (versión 1)" in texts(at.success)


def test_the_presenter_picks_the_session_questions_go_to(app):
    at = app(routes.script("presenter"), organiser_session=session_of())
    at.selectbox(key="room_session").set_value("s2").run()
    page = app(routes.script("questions"), lang="en")
    assert "For: Session 2. Making migration policy at the local level" in texts(page.caption)
    assert at.selectbox(key="room_session").value == "s2"
