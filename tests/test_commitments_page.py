"""AppTests of the follow-up on the self-assessment page (the "Compromisos" section: see, update, refuse;
answers carried over from an earlier round; a closed round; no round open) and of the organisers'
overdue list."""

import datetime as dt
import os

import pytest

from indicators.assessment import AreaAnswer
from indicators.commitments import add_months
from indicators.config import DATA_DIR
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.conftest import complete, organiser
from tests.test_assessment_page import enter, fill, texts
from ui import routes

Q = load_questionnaire()
PAGE = routes.script("assessment")
RT1 = [a.key for a in Q.areas_of("rt1")]
SEMINAR, LATER = "seminario-2022", "seguimiento-2023"


def submitted_with_actions(store, place_id="hnd-omoa", months_ago=0) -> str:
    """A submitted assessment whose first rt1 area (top 1) commits to an action within 6 months."""
    assessment = complete(place_id)
    assessment.answers[RT1[0]] = AreaAnswer(1, 3, "Mesa municipal de movilidad", "Alcaldía", "6m")
    assessment_id, _ = store.create_assessment(place_id)
    store.submit_assessment(assessment_id, assessment, Q, "Ana")
    if months_ago:
        past = add_months(dt.date.today(), -months_ago)
        store.con.execute("UPDATE commitments SET due_date = ?", [add_months(past, 6)])
    return store.commitments(place_id=place_id)["commitment_id"].iloc[0]


@pytest.fixture
def database(tmp_path):
    store = Store.open(tmp_path / "app.duckdb")
    store.load_bundled(DATA_DIR)
    yield store
    store.close()


def section_boxes(at) -> list[str]:
    """The commitments shown: each has its "Actualizar" button."""
    return [b.key for b in at.button if str(b.key).startswith("sa_cm_edit_")]


def test_a_code_holder_sees_and_updates_the_places_commitments(app, database):
    commitment_id = submitted_with_actions(database, months_ago=8)  # due two months ago
    code = database.create_access_codes("hnd-omoa", 1, created_by="test")[0]
    database.close()
    at = enter(app(PAGE), code)
    assert not at.exception
    assert any("Compromisos de este gobierno local: 1 (vencidos: 1)" in e.label for e in at.expander)
    assert "Mesa municipal de movilidad" in texts(at.markdown) and "vencido" in texts(at.markdown)

    assert section_boxes(at) == [f"sa_cm_edit_{commitment_id}"]
    at.button(key=f"sa_cm_edit_{commitment_id}").click().run()  # its form opens
    # A link that is not http(s): refused, nothing written, what was typed still in the form.
    status = next(key for key in at.session_state if str(key).startswith("sa_cm_status_"))
    version = status.removeprefix("sa_cm_status_")
    at.selectbox(key=status).set_value("in_progress")
    at.text_area(key=f"sa_cm_note_{version}").input("Primera reunión con la mesa")
    at.text_input(key=f"sa_cm_evidence_{version}").input("javascript:alert(1)")
    at.button(key=f"FormSubmitter:sa_cm_form_{version}-Guardar cambios").click().run()
    assert "http://" in texts(at.error) and "No se escribió nada" in texts(at.error)
    assert at.text_area(key=f"sa_cm_note_{version}").value == "Primera reunión con la mesa"
    store = Store.open(database_path(at))
    assert store.commitment(commitment_id)["status"] == "planned"
    store.close()

    assert any(a.value == "Primera reunión con la mesa" for a in at.text_area)
    at.text_input(key="sa_cm_author").input("Luis Gómez")
    at.text_input(key=f"sa_cm_evidence_{version}").input("https://omoa.gob.hn/acta.pdf")
    at.button(key=f"FormSubmitter:sa_cm_form_{version}-Guardar cambios").click().run()
    assert not at.exception and "Guardado" in texts(at.success)
    store = Store.open(database_path(at))
    found = store.commitment(commitment_id)
    assert (found["status"], found["note"], found["evidence_url"]) == (
        "in_progress",
        "Primera reunión con la mesa",
        "https://omoa.gob.hn/acta.pdf",
    )
    last = store.commitment_changes(commitment_id).iloc[-1]
    assert last["author"] == "Luis Gómez (code:hnd-omoa)" and last["fields"] == "status,note,evidence_url"
    store.close()
    assert "En curso" in texts(at.markdown) and "vencido" in texts(at.markdown)  # still open, still late


def database_path(at) -> str:
    return os.environ["IGM_DB_PATH"]


def overdue_table(at):
    """The organisers' overdue list: the table whose columns start with the commitment's ID."""
    return next(d.value for d in at.dataframe if list(d.value.columns[:2]) == ["ID", "País"])


def test_a_new_round_starts_from_the_places_last_answers_marked(app, database):
    submitted_with_actions(database)
    database.close_round(SEMINAR, "test")
    database.start_round(LATER, "Seguimiento 2023", "Follow-up 2023", "test")
    code = database.create_access_codes("hnd-omoa", 1, created_by="test")[0]
    database.close()
    at = enter(app(PAGE), code)
    assert not at.exception
    assert "vienen de la ronda «Seminario Regional, San Salvador, septiembre de 2022»" in texts(at.info)
    marks = [c.value for c in at.caption if c.value.startswith("Respuesta de «Seminario Regional")]
    assert len(marks) == len(Q.areas_of("rt1"))  # every area of the table on screen, as it was
    at.radio(key=f"cap_{RT1[0]}@es").set_value(4).run()  # changed: no longer marked
    marks = [c.value for c in at.caption if c.value.startswith("Respuesta de «Seminario Regional")]
    assert len(marks) == len(Q.areas_of("rt1")) - 1
    # Already complete (carried over) but anonymous or not is asked again; then it goes to the new round.
    at.radio(key="sa_anon@es").set_value("anonymous").run()
    at.button(key="sa_submit").click().run()
    assert "¡Enviado! Versión 1" in texts(at.success)
    store = Store.open(database_path(at))
    rounds = store.query("SELECT round_key, count(*) AS n FROM assessments GROUP BY round_key ORDER BY 1")
    assert rounds.values.tolist() == [[LATER, 1], [SEMINAR, 1]]
    store.close()


def test_a_draft_whose_round_closed_is_not_submitted_and_keeps_what_was_typed(app, database):
    code = database.create_access_codes("hnd-omoa", 1, created_by="test")[0]
    database.close()
    at = enter(app(PAGE), code)
    fill(at)
    store = Store.open(database_path(at))
    store.close_round(SEMINAR, "test")
    store.close()
    at.button(key="sa_submit").click().run()
    assert not at.exception
    assert "está cerrada" in texts(at.error)
    assert at.radio(key=f"cap_{Q.areas_of('rt4')[0].key}@es").value == 1  # the answers stay
    store = Store.open(database_path(at))
    assert store.assessment_counts()["submitted"] == 0
    store.close()


def test_with_no_round_open_a_code_opens_the_commitments_only(app, database):
    submitted_with_actions(database)
    database.close_round(SEMINAR, "test")
    code = database.create_access_codes("hnd-omoa", 1, created_by="test")[0]
    drafts = database.assessment_counts()["drafts"]
    database.close()
    at = app(PAGE)
    assert "Ninguna ronda está abierta" in texts(at.info)
    enter(at, code)
    assert not at.exception and "sa" not in at.session_state
    assert "Compromisos" in [h.value for h in at.subheader]
    assert "Mesa municipal de movilidad" in texts(at.markdown) and section_boxes(at)
    store = Store.open(database_path(at))
    assert store.assessment_counts()["drafts"] == drafts  # no draft made
    store.close()
    at.button(key="sa_cm_leave").click().run()
    assert not section_boxes(at) and at.button(key="sa_start")


def test_organisers_see_overdue_commitments_per_country_and_update_one(app, database):
    late = submitted_with_actions(database, "hnd-omoa", months_ago=8)
    submitted_with_actions(database, "cri-upala")  # due in 6 months: not overdue
    database.close()
    at = organiser(app, tab="commitments.section")
    assert not at.exception
    assert "Compromisos vencidos: 1" in texts(at.markdown) + texts(at.header)
    frame = overdue_table(at)
    assert frame["ID"].tolist() == [late] and frame["País"].tolist() == ["Honduras"]
    at.selectbox(key="org_cm_country").set_value("CRI").run()
    assert overdue_table(at).empty
    at.selectbox(key="org_cm_country").set_value(None).run()
    at.selectbox(key="org_cm_pick").set_value(late).run()
    at.text_input(key=f"org_cm_evidence_{late}").input("javascript:alert(1)")
    at.button(key="FormSubmitter:org_cm_form-Guardar cambios").click().run()
    assert "No se escribió nada." in texts(at.error)
    assert at.text_input(key=f"org_cm_evidence_{late}").value == "javascript:alert(1)", "what was typed stays"
    at.text_input(key=f"org_cm_evidence_{late}").input("")
    at.selectbox(key=f"org_cm_status_{late}").set_value("done")
    at.text_area(key=f"org_cm_note_{late}").input("Acta recibida por correo")
    at.button(key="FormSubmitter:org_cm_form-Guardar cambios").click().run()
    assert not at.exception and "Guardado" in texts(at.success)
    store = Store.open(database_path(at))
    assert store.commitment(late)["status"] == "done"
    assert store.commitment_changes(late)["author"].iloc[-1] == "organiser"
    trail = store.audit_rows(actions=["commitment_update"])
    assert trail[["account", "target"]].values.tolist() == [["organiser", f"{late} status,note"]]
    store.close()
    assert overdue_table(at).empty


def test_a_focal_point_sees_and_updates_only_its_countrys_commitments_and_a_viewer_only_reads(app, database):
    honduras = submitted_with_actions(database, "hnd-omoa", months_ago=8)
    costa_rica = submitted_with_actions(database, "cri-upala", months_ago=8)
    database.close()
    at = organiser(app, "fatima", "focal", "CRI", tab="commitments.section")
    assert not at.exception
    assert overdue_table(at)["ID"].tolist() == [costa_rica]
    assert at.selectbox(key="org_cm_country").options == ["Costa Rica"]
    assert at.selectbox(key="org_cm_pick").options == [
        o for o in at.selectbox(key="org_cm_pick").options if o.startswith(costa_rica)
    ]
    assert honduras not in " ".join(at.selectbox(key="org_cm_pick").options)

    viewer = organiser(app, "vera", "viewer", tab="commitments.section")
    assert not viewer.exception
    assert sorted(overdue_table(viewer)["ID"]) == sorted([honduras, costa_rica])
    assert not [s for s in viewer.selectbox if s.key == "org_cm_pick"], "a viewer does not update"
