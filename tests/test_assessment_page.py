"""AppTests of the self-assessment form and the organisers' page: fill, submit, resume, edit, refuse."""

import pytest

from indicators.config import DATA_DIR
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.conftest import add_account, complete, log_in, open_tab, organiser
from ui import routes

Q = load_questionnaire()
PAGE = routes.script("assessment")


@pytest.fixture
def codes(tmp_path):
    """Access codes for Omoa in the database the app will open."""
    store = Store.open(tmp_path / "app.duckdb")
    store.load_bundled(DATA_DIR)
    made = store.create_access_codes("hnd-omoa", 2, created_by="test")
    store.close()
    return made


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)


def enter(at, code: str, country: str = "HND", place: str = "hnd-omoa"):
    lang = at.session_state["lang"]
    at.selectbox(key=f"sa_country@{lang}").set_value(country).run()
    at.selectbox(key="sa_place").set_value(place)
    at.text_input(key="sa_access_code").input(code)
    at.button(key="sa_start").click().run()
    return at


def open_table(at, theme: str):
    """Choose a round table in the picker above the form, as the respondent does."""
    return at.button_group(key="mesa").set_value(theme).run()


def fill(at, capacity: int = 1, priority: int = 3, skip: tuple[str, ...] = ()):
    """Answer table after table (only the table on screen has its widgets), top 3 = first three."""
    at.radio(key="sa_anon@es").set_value("anonymous")
    for theme in Q.themes:
        open_table(at, theme)
        for area in Q.areas_of(theme):
            if area.key not in skip:
                at.radio(key=f"cap_{area.key}@es").set_value(capacity)
                at.radio(key=f"pri_{area.key}@es").set_value(priority)
        for rank, area in enumerate(Q.areas_of(theme)[:3], 1):
            at.selectbox(key=f"top_{theme}_{rank}@es").set_value(area.key)
    return at.run()


def scrolls_to(at, key: str) -> bool:
    """The page carries the script that scrolls to the container with this key."""
    return any(f".st-key-{key}" in h.proto.body and "<script" in h.proto.body for h in at.get("html"))


def resume_code_from(at) -> str:
    message = next(i.value for i in at.info if "**" in i.value)
    return message.split("**")[1]


def test_wrong_code_is_refused_then_rate_limited(app, codes):
    at = app(PAGE)
    at.button(key="sa_start").click().run()
    assert "Elija primero su país y su gobierno local." in texts(at.error)
    enter(at, codes[0], place="hnd-danli")  # Omoa's code does not open Danlí
    assert "no es válido para este gobierno local" in texts(at.error)
    enter(at, "ZZZZ-ZZZZ")
    assert "no es válido" in texts(at.error)
    for _ in range(3):
        enter(at, "ZZZZ-ZZZZ")
    enter(at, codes[0])  # the right code, but too many failures first
    assert "Demasiados intentos fallidos" in texts(at.error) and "espere 15 min" in texts(at.error)
    assert "sa" not in at.session_state


def test_fill_and_submit_shows_the_priority_summary(app, codes):
    at = enter(app(PAGE), codes[0].lower())
    assert not at.exception
    assert any("Omoa" in h.value for h in at.header)
    fill(at, capacity=0)
    assert any("21 de 21" in p.proto.text for p in at.get("progress"))
    at.button(key="sa_submit").click().run()
    assert not at.exception
    assert "¡Enviado! Versión 1" in texts(at.success)
    summary = texts(at.markdown)
    assert "Desarrollo local frente a los factores que obligan a migrar" in summary
    assert "índice: 15.0" in summary and "2. Minimizar factores adversos" in summary


def test_missing_answers_are_pointed_out_and_nothing_is_lost(app, codes):
    at = enter(app(PAGE), codes[0])
    fill(at, skip=("rt3_social_protection",))
    open_table(at, "rt1")
    at.text_area(key="act_rt1_local_development").input("Mesa municipal de empleo juvenil").run()
    at.button(key="sa_submit").click().run()
    assert "No se envió: faltan o no son válidas 2 respuestas" in texts(at.error)
    # The respondent stays on the table they were on; nothing typed or chosen is lost.
    assert at.button_group(key="mesa").value == "rt1"
    assert at.text_area(key="act_rt1_local_development").value == "Mesa municipal de empleo juvenil"
    assert at.radio(key="cap_rt1_local_development@es").value == 1
    assert "¡Enviado!" not in texts(at.success)
    # Each missing answer is a button saying where it is; it opens that table and that area.
    area = Q.area_by_key["rt3_social_protection"].name["es"]
    go = [b for b in at.button if b.key and b.key.startswith("sa_goto_")]
    assert [b.label for b in go] == [f"Mesa 3 · {area}: Capacidad actual", f"Mesa 3 · {area}: Prioridad"]
    go[1].click().run()
    assert at.button_group(key="mesa").value == "rt3"
    assert texts(at.error).count("falta esta respuesta") == 2
    assert scrolls_to(at, "sa_area_rt3_social_protection")
    # Answering them empties the list at once.
    at.radio(key="cap_rt3_social_protection@es").set_value(2)
    at.radio(key="pri_rt3_social_protection@es").set_value(1).run()
    assert not [b for b in at.button if b.key and b.key.startswith("sa_goto_")]
    at.button(key="sa_submit").click().run()
    assert "¡Enviado! Versión 1" in texts(at.success)


def test_a_missing_answer_outside_the_tables_reads_as_a_sentence(app, codes):
    at = enter(app(PAGE), codes[0])
    at.button(key="sa_submit").click().run()
    go = [b.label for b in at.button if b.key and b.key.startswith("sa_goto_")]
    assert go[0] == "Indique si responde con su nombre o de forma anónima"


def test_top3_is_three_selects_whose_lists_never_change_and_a_repeat_is_said(app, codes):
    at = enter(app(PAGE), codes[0])
    assert not at.multiselect  # no "Select all", no English limit message
    first = at.selectbox(key="top_rt1_1@es")
    assert first.label.startswith("1.ª") and first.placeholder == "Elija…"
    name = {a.key: a.name["es"] for a in Q.areas}  # AppTest lists options as shown
    every = [name[a.key] for a in Q.areas_of("rt1")]
    first.set_value("rt1_fair_recruitment").run()
    # Every rank offers every area in the same order, whatever the others hold: a list opened on a
    # slow connection before the last choice came back is the list the page draws next.
    assert all(at.selectbox(key=f"top_rt1_{rank}@es").options == every for rank in (1, 2, 3))
    at.selectbox(key="top_rt1_2@es").set_value("rt1_local_development").run()
    assert not at.warning
    at.selectbox(key="top_rt1_3@es").set_value("rt1_fair_recruitment").run()  # chosen twice
    assert at.selectbox(key="top_rt1_1@es").value == "rt1_fair_recruitment"  # nothing dropped
    assert at.selectbox(key="top_rt1_3@es").value == "rt1_fair_recruitment"
    assert [w.value for w in at.warning] == [
        "Ya eligió esta área en el puesto 1.ª (la más importante): elija otra para este."
    ]
    at.button(key="sa_submit").click().run()
    assert "elija exactamente 3 áreas distintas, en orden de importancia" in texts(at.error)
    at.selectbox(key="top_rt1_3@es").set_value("rt1_regular_pathways").run()
    assert not at.warning


def test_next_table_button_and_the_table_survive_a_reload(app, codes):
    at = enter(app(PAGE), codes[0])
    code = resume_code_from(at)
    assert at.button(key="sa_next").label == "Siguiente mesa: Mesa 2"
    at.button(key="sa_next").click().run()
    assert at.button_group(key="mesa").value == "rt2"
    assert scrolls_to(at, "mesa")  # back to the table's start
    at.button(key="sa_next").click().run()
    at.button(key="sa_next").click().run()
    assert at.button_group(key="mesa").value == "rt4"
    assert not [b for b in at.button if b.key == "sa_next"]  # the last table has none
    # The table is in the address, beside the resume code: a reload opens the same table.
    reloaded = app(PAGE)
    reloaded.query_params.update(at.query_params)
    reloaded.run()
    assert reloaded.query_params["r"] in (code, [code])
    assert reloaded.button_group(key="mesa").value == "rt4"


def test_answers_outlive_a_visit_to_another_page(app, codes):
    at = enter(app(PAGE), codes[0])
    at.radio(key="cap_rt1_skills_recognition@es").set_value(2).run()
    at.switch_page(routes.script("map")).run()
    at.switch_page(PAGE).run()
    assert at.radio(key="cap_rt1_skills_recognition@es").value == 2


def test_draft_resumes_on_another_device_and_submission_can_be_edited(app, codes):
    first = enter(app(PAGE), codes[1])
    code = resume_code_from(first)
    fill(first, skip=("rt4_local_data",))
    open_table(first, "rt2")
    first.text_area(key="act_rt2_identity_documents").input("Jornadas de registro civil").run()

    # another device: a fresh session with only the resume code
    second = app(PAGE)
    second.text_input(key="sa_resume_code").input(code)
    second.button(key="sa_resume").click().run()
    open_table(second, "rt2")
    assert second.text_area(key="act_rt2_identity_documents").value == "Jornadas de registro civil"
    open_table(second, "rt4")
    assert second.radio(key="cap_rt4_local_data@es").value is None
    second.radio(key="cap_rt4_local_data@es").set_value(4)
    second.radio(key="pri_rt4_local_data@es").set_value(1).run()
    second.button(key="sa_submit").click().run()
    assert "Versión 1" in texts(second.success)

    # edit after submitting: resume again, change, submit changes -> version 2
    third = app(PAGE)
    third.text_input(key="sa_resume_code").input(code)
    third.button(key="sa_resume").click().run()
    open_table(third, "rt4")
    assert third.radio(key="cap_rt4_local_data@es").value == 4
    third.radio(key="cap_rt4_local_data@es").set_value(3).run()
    third.button(key="sa_submit").click().run()
    assert "Versión 2" in texts(third.success)


def test_reload_keeps_the_draft_through_the_address(app, codes):
    at = enter(app(PAGE), codes[0])
    code = resume_code_from(at)
    assert at.query_params["r"] in (code, [code])
    at.radio(key="cap_rt1_skills_recognition@es").set_value(2).run()
    reloaded = app(PAGE)  # a reload: new session, the same address
    reloaded.query_params["r"] = code
    reloaded.run()
    assert reloaded.radio(key="cap_rt1_skills_recognition@es").value == 2


def test_english_form_and_errors(app, codes):
    at = app(PAGE, lang="en")
    enter(at, "nonsense")
    assert "That code is not valid" in texts(at.error)
    enter(at, codes[0])
    at.button(key="sa_submit").click().run()
    assert "Not submitted" in texts(at.error)
    assert "say whether you answer with your name or anonymously" in texts(at.error)


def test_organiser_page_without_accounts_says_the_command_that_makes_the_first(app):
    at = app(routes.script("organisers"))
    assert "python -m indicators accounts add --user USER --role admin" in at.code[0].value
    assert "Aún no hay ninguna cuenta de organización" in texts(at.info)
    assert not at.tabs and not at.text_input


def test_organiser_password_attempts_are_limited(app):
    """Five wrong passwords lock this session with a message saying how long; even the right one waits."""
    add_account()
    at = app()
    at.switch_page(routes.script("organisers")).run()
    for _ in range(5):
        log_in(at, password="adivino adivino")
        assert "Usuario o contraseña incorrectos" in texts(at.error)
    log_in(at)
    assert "Demasiados intentos fallidos" in texts(at.error) and "espere 15 min" in texts(at.error)
    assert not at.tabs, "the right password does not open the page during the lock"


def test_organiser_creates_codes_and_registers_a_municipality(app):
    add_account()
    at = app()
    at.switch_page(routes.script("organisers")).run()
    log_in(at, password="wrong password")
    assert "Usuario o contraseña incorrectos" in texts(at.error)
    log_in(at)
    assert at.tabs, "the organiser tools are shown"

    at.selectbox(key="org_place").set_value("slv-santa-ana-centro")
    at.number_input(key="org_count").set_value(3)
    at.button(key="FormSubmitter:create_codes-Crear códigos").click().run()
    assert "3 códigos nuevos" in texts(at.success)
    new_codes = next(d.value for d in at.dataframe if "Código" in d.value.columns)["Código"].tolist()
    assert len(new_codes) == 3 and all(len(c) == 9 for c in new_codes)
    so_far = next(d.value for d in at.dataframe if "Códigos creados" in d.value.columns)
    assert so_far.set_index("Gobierno local")["Códigos creados"].to_dict() == {"Santa Ana Centro (SLV)": 3}

    open_tab(at, "org.register_title")
    at.text_input(key="org_name").input("")
    at.button(key="FormSubmitter:register_place-Registrar").click().run()
    assert "No se registró" in texts(at.error) and "el valor es obligatorio" in texts(at.markdown)
    at.text_input(key="org_name").input("San Miguel Centro")
    at.selectbox(key="org_country@es").set_value("SLV")
    at.button(key="FormSubmitter:register_place-Registrar").click().run()
    assert "slv-san-miguel-centro" in texts(at.success)


def test_answers_survive_a_language_switch(app, codes):
    at = enter(app(PAGE), codes[0])
    open_table(at, "rt3")
    at.radio(key="cap_rt3_basic_services@es").set_value(3).run()
    at.radio(key="lang").set_value("en").run()
    assert at.radio(key="cap_rt3_basic_services@en").value == 3
    assert (
        "3 · Established: a plan or programme with resources"
        in at.radio(key="cap_rt3_basic_services@en").options
    )


def test_organiser_summaries_and_downloads(app, tmp_path):
    store = Store.open(tmp_path / "app.duckdb")
    store.load_bundled(DATA_DIR)
    assessment_id, _ = store.create_assessment("hnd-danli")
    store.submit_assessment(assessment_id, complete("hnd-danli", capacity=0), Q, "Ana")
    store.close()
    at = organiser(app)
    # No code created yet: a sentence, not an empty table (which Streamlit labels in English).
    assert "Aún no se ha creado ningún código." in [c.value for c in at.caption]
    assert not any("Códigos creados" in d.value.columns for d in at.dataframe)
    open_tab(at, "org.summaries_title")
    summary = next(d.value for d in at.dataframe if "Área" in d.value.columns)
    assert "Desarrollo local frente a los factores que obligan a migrar" in summary["Área"].tolist()
    # No local government chosen: the caption says whose answers these are, in words.
    assert any("de todos los gobiernos locales" in c.value for c in at.caption)
    assert not any("para este gobierno local" in c.value for c in at.caption)

    at.radio(key="org_format").set_value("pdf").run()
    at.button(key="org_prepare").click().run()
    assert "elíjalo en la lista" in texts(at.error)  # a PDF is per local government

    at.selectbox(key="org_export_place").set_value("hnd-danli").run()
    assert any("Según 1 autoevaluación enviada para Danlí (HND)." in c.value for c in at.caption)
    at.button(key="org_prepare").click().run()
    assert not at.error
    assert "Descargar prioridades-hnd-danli.pdf" in [b.proto.label for b in at.get("download_button")]

    at.radio(key="org_scope@es").set_value("country").run()
    at.selectbox(key="org_export_country@es").set_value("PAN").run()
    assert "Aún no hay autoevaluaciones enviadas en este ámbito." in texts(at.info)
    at.button(key="org_prepare").click().run()
    assert "No hay autoevaluaciones enviadas para Panamá" in texts(at.error)


def test_summary_offers_the_pdf(app, codes):
    at = enter(app(PAGE), codes[0])
    fill(at)
    at.button(key="sa_submit").click().run()
    assert [b.proto.label for b in at.get("download_button")] == ["Descargar el resumen en PDF"]


def test_the_resume_code_is_on_the_page_after_a_resume_a_reload_and_leaving(app, codes):
    at = enter(app(PAGE), codes[0])
    code = resume_code_from(at)
    at.button(key="sa_leave").click().run()
    assert not [i for i in at.info if "**" in i.value]  # the gate again
    at.text_input(key="sa_resume_code").input(code.lower())
    at.button(key="sa_resume").click().run()
    assert resume_code_from(at) == code  # shown on the page, not only in the address
    reloaded = app(PAGE)
    reloaded.query_params["r"] = code
    reloaded.run()
    assert resume_code_from(reloaded) == code


def test_after_a_refusal_the_next_table_is_not_all_marked_missing(app, codes):
    at = enter(app(PAGE), codes[0])
    at.button(key="sa_submit").click().run()
    marks = "falta esta respuesta"
    on_table_1 = texts(at.error).count(marks)
    assert on_table_1 == 2 * len(Q.areas_of("rt1"))  # where the refusal happened: every rating
    at.button(key="sa_next").click().run()
    assert at.button_group(key="mesa").value == "rt2"
    assert texts(at.error).count(marks) == 0  # an untouched table is not all in red
    assert "No se envió" in texts(at.error)  # the list beside the button still says what is missing
    # Sent to a missing answer of table 3 from that list: table 3's missing answers are marked.
    go = next(b for b in at.button if b.key and b.key.startswith("sa_goto_") and "Mesa 3" in b.label)
    go.click().run()
    assert at.button_group(key="mesa").value == "rt3"
    assert texts(at.error).count(marks) == 2 * len(Q.areas_of("rt3"))
    open_table(at, "rt1")  # back where it was refused: still marked, shrinking as answers come
    area = Q.areas_of("rt1")[0].key
    at.radio(key=f"cap_{area}@es").set_value(2).run()
    assert texts(at.error).count(marks) == on_table_1 - 1


def test_a_draft_changed_after_a_submission_says_it_differs_and_when(app, codes):
    first = enter(app(PAGE), codes[0])
    code = resume_code_from(first)
    fill(first)
    # Device B opens the draft; device A submits it; B changes an answer (saved as a draft).
    second = app(PAGE)
    second.text_input(key="sa_resume_code").input(code)
    second.button(key="sa_resume").click().run()
    first.button(key="sa_submit").click().run()
    assert "Versión 1" in texts(first.success)
    area = Q.areas_of("rt1")[1]
    second.radio(key=f"cap_{area.key}@es").set_value(3).run()

    third = app(PAGE)  # device C
    third.text_input(key="sa_resume_code").input(code)
    third.button(key="sa_resume").click().run()
    assert third.button(key="sa_submit").label == "Enviar cambios"
    warning = next(w.value for w in third.warning if "Cambios sin enviar" in w.value)
    assert "1 respuesta de este borrador difiere de la versión 1 enviada el" in warning
    assert f"Mesa 1 · {area.name['es']}: Capacidad actual" in warning
    # Sending it, or putting the answer back, ends the warning.
    third.button(key="sa_submit").click().run()
    assert "Versión 2" in texts(third.success)
    assert not [w for w in third.warning if "Cambios sin enviar" in w.value]


def test_a_phone_sees_the_top3_written_out_in_full(app, codes):
    at = enter(app(PAGE), codes[0])
    long_area = max(Q.areas_of("rt1"), key=lambda a: len(a.name["es"]))
    at.selectbox(key="top_rt1_1@es").set_value(long_area.key).run()
    assert f"1\\. {long_area.name['es']}" in texts(at.caption)  # Markdown: a number, not a list
