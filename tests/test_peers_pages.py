"""AppTests of issue 27's parts of the pages: the profile's PDF, practices, practice form and peers
(who sees what), the comparison text by text, the self-assessment's consent question and its examples
from other local governments, the presenter's column of practices, the organisers' practices tab."""

import pytest

from indicators.config import DATA_DIR
from indicators.practices import COLUMNS, Practice
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.conftest import complete, organiser, shown
from tests.test_assessment_page import enter
from tests.test_profiles import real_results
from ui import routes

Q = load_questionnaire()
PROFILE, ASSESSMENT = routes.script("profile"), routes.script("assessment")
PRESENTER, ORGANISERS = routes.script("presenter"), routes.script("organisers")
AREA = "rt3_basic_services"
AREA_NAME = Q.area_by_key[AREA].name["es"]


@pytest.fixture
def seeded(tmp_path) -> dict:
    """Danlí, Omoa (who shared a contact) and Oaxaca submitted the same priorities; Omoa rates its
    capacity 4 everywhere. Oaxaca has real IGM results, Omoa an approved practice and a pending one.
    Returns Omoa's access code and the practices' ids."""
    store = Store.open(tmp_path / "app.duckdb")
    store.load_bundled(DATA_DIR)
    for place_id, capacity in (("hnd-danli", 1), ("hnd-omoa", 4), ("mex-oaxaca", 1)):
        assessment_id, _ = store.create_assessment(place_id)
        store.submit_assessment(assessment_id, complete(place_id, capacity=capacity), Q, "test")
        if place_id == "hnd-omoa":
            store.share_contact(assessment_id, place_id, "migracion@omoa.gob.hn")
    store.import_results(*real_results("mex-oaxaca"), "oaxaca.csv")
    (approved, pending), _ = store.add_practices(
        [
            Practice(
                "hnd-omoa", AREA, "Ventanilla **única**", "Orienta <b>y</b> deriva.", "https://ex.org", 2023
            ),
            Practice("hnd-omoa", "rt1_regular_pathways", "Charlas pendientes"),
        ],
        "test",
    )
    store.review_practice(approved, "approved", "test")
    code = store.create_access_codes("hnd-omoa", 1, created_by="test")[0]
    store.close()
    return {"code": code, "approved": approved, "pending": pending, "db": tmp_path / "app.duckdb"}


def text_of(at) -> str:
    elements = [*at.subheader, *at.markdown, *at.caption, *at.info, *at.warning, *at.success]
    return shown("\n".join(e.value for e in elements))


def pick(at, place_id: str):
    return at.selectbox(key="profile_pick").set_value(place_id).run()


def test_a_visitor_sees_the_pdf_and_approved_practices_as_written_but_no_peers(app, seeded):
    at = pick(app(PROFILE), "hnd-omoa")
    assert not at.exception
    page = text_of(at)
    assert "**Ventanilla **única**** (2023)" in page and "Orienta <b>y</b> deriva." in page  # literal
    assert "Charlas pendientes" not in page  # pending: not shown
    assert "Descargar el perfil (PDF)" in [b.proto.label for b in at.get("download_button")]
    assert "Los gobiernos locales con prioridades parecidas los ven quienes tienen el código" in page
    assert "migracion@omoa" not in page
    assert not any(e.label == "Compartir una buena práctica" for e in at.expander)


def test_an_organiser_sees_peers_with_contacts_only_where_agreed(app, seeded):
    at = organiser(app)
    at.switch_page(PROFILE).run()
    page = text_of(pick(at, "hnd-danli"))
    assert "Gobiernos locales con las mismas prioridades" in page
    assert "No es una clasificación" in page
    assert "Omoa (HND)" in page and "[`migracion@omoa.gob.hn`](<mailto:migracion@omoa.gob.hn>)" in page
    assert "Oaxaca (MEX)" in page and "Contacto: por medio de la organización" in page
    assert "12 de sus 12 áreas prioritarias en común" in page
    assert "Podrían compartir su experiencia" in page
    assert "DATOS DE EJEMPLO" not in page


def test_a_code_holder_sees_its_peers_and_sends_a_practice_for_review(app, seeded):
    at = enter(app(ASSESSMENT), seeded["code"])
    at.switch_page(PROFILE).run()
    page = text_of(pick(at, "hnd-omoa"))
    assert "Danlí (HND)" in page and "Podrían compartir su experiencia" in page
    assert text_of(pick(at, "hnd-danli")).count("los ven quienes tienen el código") == 1  # not its place
    pick(at, "hnd-omoa")
    at.text_input(key="bp_url").input("javascript:alert(1)")
    at.text_input(key="bp_year").input("20")
    at.button(key="FormSubmitter:bp_form-Enviar para revisión").click().run()
    errors = [e.value for e in at.error]
    assert "el valor es obligatorio" in errors  # the area and the title
    assert "el enlace debe ser una dirección http:// o https://" in errors
    assert at.text_input(key="bp_url").value == "javascript:alert(1)"  # what was typed is kept
    at.selectbox(key="bp_area_key").set_value("rt4_local_data")
    at.text_input(key="bp_title").input("Observatorio municipal")
    at.text_input(key="bp_url").input("https://omoa.example/observatorio")
    at.text_input(key="bp_year").input("2024")
    at.button(key="FormSubmitter:bp_form-Enviar para revisión").click().run()
    assert "Enviada: la organización la revisará antes de publicarla." in [s.value for s in at.success]
    assert at.text_input(key="bp_title").value == ""
    store = Store.open(seeded["db"])
    sent = (
        store.practices(state="pending", place_id="hnd-omoa").set_index("title").loc["Observatorio municipal"]
    )
    store.close()
    assert sent["submitted_by"] == "code:hnd-omoa" and sent["year"] == 2024


def test_comparing_places_shows_each_places_findings_text_by_text(app, seeded):
    at = app(PROFILE)
    at.multiselect(key="profile_compare").set_value(["mex-oaxaca", "hnd-omoa"]).run()
    assert not at.exception
    assert "Los hallazgos, texto por texto" in text_of(at)
    whole = text_of(at)
    assert "Existe una oficina municipal de atención a personas migrantes." in whole
    assert "No hay acuerdos con consulados." in whole
    assert whole.count("sin resultados") >= 6  # Omoa has none, in each of the six domains
    headings = [e.label for e in at.expander]
    assert headings[:2] == [
        "1. Derechos de las personas migrantes",
        "2. Enfoque de gobierno integral (traducción sugerida)",
    ]
    assert len(headings) == 6 and at.table, "the table of counts stays, the texts come under it"


def consent(at):
    return at.checkbox(key="sa_peer_consent")


def test_the_consent_question_saves_a_valid_email_and_withdraws_it(app, seeded):
    at = enter(app(ASSESSMENT), seeded["code"])
    assert consent(at).value is False and not [t for t in at.text_input if t.key == "sa_peer_email"]
    consent(at).check().run()
    assert "Escriba la dirección para compartirla." in text_of(at)
    at.text_input(key="sa_peer_email").input("oficina@omoa").run()
    assert any(e.value.startswith("no es una dirección de correo válida: una sola @") for e in at.error)
    at.text_input(key="sa_peer_email").input("oficina@omoa.gob.hn").run()
    assert "Compartido con sus pares: oficina@omoa.gob.hn" in text_of(at)
    store = Store.open(seeded["db"])
    assert store.peer_contacts(["hnd-omoa"])["hnd-omoa"][0] == "oficina@omoa.gob.hn"
    store.close()
    # Away to another page and back: the consent is still ticked, never withdrawn by the visit.
    at.switch_page(PROFILE).run()
    at.switch_page(ASSESSMENT).run()
    assert consent(at).value is True and at.text_input(key="sa_peer_email").value == "oficina@omoa.gob.hn"
    consent(at).uncheck().run()
    assert "Ya no se comparte ningún correo." in text_of(at)
    store = Store.open(seeded["db"])
    assessment_id = at.session_state["sa"]["id"]
    assert store.shared_contact(assessment_id) is None
    store.close()


def test_the_self_assessment_shows_examples_from_other_local_governments(app, seeded, tmp_path):
    store = Store.open(seeded["db"])
    danli = store.create_access_codes("hnd-danli", 1, created_by="test")[0]
    store.close()
    at = enter(app(ASSESSMENT), danli, place="hnd-danli")
    at.button_group(key="mesa").set_value("rt3").run()
    (examples,) = [e for e in at.expander if e.label.startswith("Ejemplos de otros gobiernos locales")]
    assert examples.label == "Ejemplos de otros gobiernos locales (1)"
    inside = shown("\n".join(m.value for m in examples.markdown))
    assert "**Ventanilla **única**** (2023)" in inside and "Omoa (HND)" in inside
    # Omoa's own practice is not an example "from other local governments" on Omoa's form.
    at = enter(app(ASSESSMENT), seeded["code"])
    at.button_group(key="mesa").set_value("rt3").run()
    assert not [e for e in at.expander if e.label.startswith("Ejemplos de otros")]


def test_the_presenters_table_names_each_areas_practices(app, seeded):
    at = app(PRESENTER)
    at.toggle(key="pr_reveal").set_value(True).run()
    table = at.dataframe[0].value
    column = "Ejemplos de otros gobiernos locales"
    assert list(table.columns).index(column) == list(table.columns).index("Área") + 1  # beside the area
    by_area = dict(zip(table["Área"], table[column], strict=True))
    assert by_area[AREA_NAME] == "Ventanilla **única**"
    assert set(by_area.values()) == {"Ventanilla **única**", ""}


def test_the_organisers_import_and_review_practices(app, seeded):
    at = organiser(app, tab="practices.tab")
    assert at.get("stButtonGroup") is not None
    box = f"org_practice_approve_{seeded['pending']}"
    at.button(key=box).click().run()
    assert f"Práctica {seeded['pending']} aprobada." in [s.value for s in at.success]
    header = ",".join(COLUMNS)
    bad = f"{header}\nhnd-omoa,rt9,Otra,,javascript:x,,\n".encode()
    uploader = next(u for u in at.get("file_uploader") if u.key == "org_practices_file")
    uploader.set_value(("malas.csv", bad, "text/csv")).run()
    at.button(key="org_practices_import").click().run()
    errors = "\n".join(e.value for e in at.error)
    assert "Se rechazó malas.csv: 2 problema(s); no se guardó nada." in errors
    good = f"{header}\nhnd-danli,{AREA},Mesa de atención,,,,\n".encode()
    uploader = next(u for u in at.get("file_uploader") if u.key == "org_practices_file")
    uploader.set_value(("buenas.csv", good, "text/csv")).run()
    at.button(key="org_practices_import").click().run()
    assert "buenas.csv: 1 práctica(s) nueva(s), pendientes de revisión; 0 ya estaban." in [
        s.value for s in at.success
    ]
    assert any("Mesa de atención" in m.value for m in at.markdown)
