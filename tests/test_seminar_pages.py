"""AppTests of the seminar's pages: the check-in (views/checkin.py), the public verification
(views/verify.py), the organisers' Participants and Attendance tabs, and the presenter's evaluation step.
Every page is run on a database file of its own, seeded before the app opens it."""

import json

import pytest

from indicators import verification
from indicators.config import DATA_DIR
from indicators.participants import CHECKIN_OPEN
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.conftest import complete, organiser, shown
from ui import routes

HOSTILE = "María José Núñez <b>Peña</b> [x](http://x.org)"
ROSTER = [
    {
        "name": HOSTILE,
        "email": "maria@danli.hn",
        "role": "Alcaldesa",
        "organisation": "Alcaldía de Danlí",
        "place_id": "hnd-danli",
        "country": "HND",
        "kind": "official",
        "mode": "in_person",
    },
    {
        "name": "Ana Observadora",
        "email": "ana@rrocm.org",
        "role": "",
        "organisation": "RROCM",
        "place_id": "",
        "country": "",
        "kind": "observer",
        "mode": "online",
    },
]
SEMINAR_TITLE = "Seminario Regional: Fortalecimiento de capacidades"


def seed(tmp_path, open_session: str = "", certificate: bool = False, code: bool = False) -> dict:
    """The roster in the app's database; what the test needs to type back (codes), once."""
    store = Store.open(tmp_path / "app.duckdb")
    store.load_bundled(DATA_DIR)
    store.save_roster(ROSTER, "test")
    ids = dict(zip(store.participants()["email"], store.participants()["participant_id"], strict=True))
    store.set_setting(CHECKIN_OPEN, open_session)
    found = {"ids": ids}
    if code:
        found["code"] = store.create_participant_codes([ids["ana@rrocm.org"]])[ids["ana@rrocm.org"]]
    if certificate:
        found["certificate"] = verification.new_code()
        about = {
            "title": {"es": SEMINAR_TITLE, "en": "Regional Seminar"},
            "place": {"es": "San Salvador", "en": "San Salvador"},
        }
        about |= {"start": "2022-09-12", "end": "2022-09-13"}
        store.store_certificates([(found["certificate"], ids["maria@danli.hn"], HOSTILE)], about, "test")
    store.close()
    return found


def page_at(app, key: str, lang: str = "es", **params):
    at = app(lang=lang)
    for name, value in params.items():
        at.query_params[name] = value
    return at.switch_page(routes.script(key)).run()


def everything_shown(at) -> str:
    parts = [
        e.value
        for kind in ("markdown", "success", "error", "warning", "info", "caption")
        for e in getattr(at, kind)
    ]
    return " ".join(str(p) for p in parts)


# --- check-in -------------------------------------------------------------------------------------


def test_no_session_open_says_so(app, tmp_path):
    seed(tmp_path)
    at = page_at(app, "checkin")
    assert not at.exception and "Ahora no hay ninguna sesión abierta" in at.info[0].value


def test_a_closed_session_says_so(app, tmp_path):
    seed(tmp_path, open_session="s2")
    at = page_at(app, "checkin", sesion="s1")
    assert "cerrado" in at.warning[0].value and not at.text_input


def test_a_participant_checks_in_with_their_email_and_sees_no_name_back(app, tmp_path):
    seed(tmp_path, open_session="s1")
    at = page_at(app, "checkin", sesion="s1")
    assert "Sesión 1" in at.subheader[0].value
    at.text_input(key="ci_who").input("nadie@x.org")
    at.button(key="ci_confirm").click().run()
    assert "No encontramos ese correo" in at.error[0].value
    at.text_input(key="ci_who").input("  MARIA@Danli.hn ")
    at.button(key="ci_confirm").click().run()
    assert "quedó registrada" in at.success[0].value
    assert "María" not in everything_shown(at) and "maria@" not in everything_shown(at)
    screen = page_at(app, "checkin", sesion="s1", pantalla="qr")
    assert {m.label: m.value for m in screen.metric} == {"Personas registradas": "1"}
    assert "/asistencia?sesion=s1" in everything_shown(screen) and "María" not in everything_shown(screen)


def test_a_personal_code_checks_in_too_in_english(app, tmp_path):
    code = seed(tmp_path, open_session="s2", code=True)["code"]
    at = page_at(app, "checkin", lang="en")
    assert "Session 2" in at.subheader[0].value  # the open session when the address names none
    at.text_input(key="ci_who").input(code.lower())
    at.button(key="ci_confirm").click().run()
    assert "your attendance at this session is recorded" in at.success[0].value


def test_check_in_guesses_are_limited_like_the_access_codes(app, tmp_path):
    seed(tmp_path, open_session="s1")
    at = page_at(app, "checkin", sesion="s1")
    for number in range(5):
        at.text_input(key="ci_who").input(f"guess{number}@x.org")
        at.button(key="ci_confirm").click().run()
    at.text_input(key="ci_who").input("maria@danli.hn")  # right, but too late
    at.button(key="ci_confirm").click().run()
    assert "espere" in at.error[0].value and not at.success


# --- verification ---------------------------------------------------------------------------------


def test_a_real_code_from_the_qr_shows_the_name_and_seminar_never_an_email(app, tmp_path):
    code = seed(tmp_path, certificate=True)["certificate"]
    at = page_at(app, "verify", codigo=code.lower())
    assert not at.exception
    assert at.success[0].value == "Certificado válido."
    raw = everything_shown(at)
    assert "María José Núñez \\<b\\>Peña\\</b\\>" in raw  # as text, never as markup or a link
    seen = shown(raw)
    assert HOSTILE in seen and SEMINAR_TITLE in seen and "12–13 de septiembre de 2022" in seen
    assert "@" not in seen
    assert at.query_params["codigo"] == code  # kept in the address, normalised


def test_a_code_that_is_not_real_is_said_plainly_and_guessing_is_limited(app, tmp_path):
    seed(tmp_path, certificate=True)
    at = page_at(app, "verify", lang="en")
    at.text_input(key="vf_code").input("ABCD-EFGH-JKMN")
    at.button[0].click().run()
    assert 'The code "ABCD-EFGH-JKMN" matches no issued certificate' in at.error[0].value
    for _ in range(5):
        at.text_input(key="vf_code").input("not a code")
        at.button[0].click().run()
    assert "wait" in at.error[0].value


# --- the organisers' tabs -------------------------------------------------------------------------


def tab(at, label: str):
    return next(t for t in at.tabs if t.label == label)


def test_personal_data_only_behind_the_organisers_gate(app, tmp_path):
    seed(tmp_path)
    at = page_at(app, "organisers")
    assert "maria@danli.hn" not in json.dumps([d.value.to_json() for d in at.dataframe])
    at = organiser(app, tab="roster.tab")
    roster = tab(at, "Participantes")
    frame = roster.dataframe[0].value
    assert set(frame["Correo electrónico"]) == {"maria@danli.hn", "ana@rrocm.org"}
    assert "2** personas en la lista" in " ".join(m.value for m in roster.markdown)


def test_a_refused_roster_lists_its_problems_and_saves_nothing(app, tmp_path):
    at = organiser(app, tab="roster.tab")
    bad = b"name,email,role,organisation,place_id,country,kind,mode\n"
    bad += b",x@y.org,,,hnd-danli,HND,official,in_person\n"
    uploader = next(u for u in at.get("file_uploader") if u.key == "pt_file")
    uploader.set_value(("lista.csv", bad, "text/csv")).run()
    at.button(key="pt_import").click().run()
    assert any("No se importó «lista.csv»: 1 problema." in e.value for e in at.error)
    assert any("Fila 2, columna «name»" in m.value for m in at.markdown)
    assert any("Aún no hay participantes" in i.value for i in at.info)


def test_add_a_person_keeps_what_was_typed_when_refused_then_saves(app, tmp_path):
    seed(tmp_path)
    at = organiser(app, tab="roster.tab")
    at.text_input(key="pt_name___new___0").input("Nuevo Observador")
    at.text_input(key="pt_email___new___0").input("no-es-correo")
    at.selectbox(key="pt_kind___new___0").set_value("observer")
    next(b for b in at.button if b.label == "Guardar").click().run()
    assert any("No se guardó" in e.value for e in at.error)
    assert at.text_input(key="pt_name___new___0").value == "Nuevo Observador"
    at.text_input(key="pt_email___new___0").input("nuevo@rrocm.org")
    next(b for b in at.button if b.label == "Guardar").click().run()
    assert any("Guardado: Nuevo Observador" in s.value for s in at.success)
    emails = set(tab(at, "Participantes").dataframe[0].value["Correo electrónico"])
    assert "nuevo@rrocm.org" in emails


def test_removal_on_request_from_the_tab(app, tmp_path):
    seed(tmp_path)
    at = organiser(app, tab="roster.tab")
    at.selectbox(key="pt_delete_email").set_value("ana@rrocm.org").run()
    at.checkbox(key="pt_delete_sure").check().run()
    at.button(key="pt_delete").click().run()
    assert any("ana@rrocm.org" in shown(s.value) for s in at.success)
    assert set(tab(at, "Participantes").dataframe[0].value["Correo electrónico"]) == {"maria@danli.hn"}


def test_attendance_tab_opens_check_in_marks_by_hand_and_counts_certificates(app, tmp_path):
    ids = seed(tmp_path)["ids"]
    at = organiser(app, tab="attendance.tab")
    at.radio(key="at_open_").set_value("s1").run()
    assert at.radio(key="at_open_s1").value == "s1"
    for activity in ("s0", "s1", "s2"):
        at.selectbox(key="at_who").set_value(ids["maria@danli.hn"])
        at.selectbox(key="at_activity").set_value(activity)
        at.radio(key="at_mark").set_value(True)
        next(b for b in at.button if b.label == "Guardar la asistencia").click().run()
    assert any("Asistencia registrada" in s.value for s in at.success)
    shown = " ".join(m.value for m in tab(at, "Asistencia y certificados").markdown)
    assert "**1** de 2 personas completaron todas las actividades" in shown
    grid = tab(at, "Asistencia y certificados").dataframe[0].value.set_index("Nombre")
    assert grid.loc[HOSTILE, ["S0", "S1", "S2"]].tolist() == ["✓", "✓", "✓"]
    checkin = page_at(app, "checkin")
    assert "Sesión 1" in checkin.subheader[0].value and checkin.text_input(key="ci_who")


# --- the presenter's evaluation step ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_presenter_shows_the_evaluation_as_aggregates(app, tmp_path, lang):
    store = Store.open(tmp_path / "app.duckdb")
    store.load_bundled(DATA_DIR)
    assessment_id, _ = store.create_assessment("hnd-danli")
    store.submit_assessment(assessment_id, complete("hnd-danli"), load_questionnaire(), "test")
    participant, _ = store.create_participant()
    store.save_consultation(participant, "before", {"k_igm": 2, "expectations": "Aprender"})
    store.save_consultation(participant, "after", {"k_igm": 5, "satisfaction": 5, "use_at_work": 4})
    store.close()
    at = app(routes.script("presenter"), lang=lang)
    at.toggle(key="pr_reveal").set_value(True).run()
    at.segmented_control(key=f"pr_chart@{lang}").set_value("evaluation").run()
    assert not at.exception
    (chart,) = at.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    title = {"es": "Evaluación del seminario", "en": "Seminar evaluation"}[lang]
    assert title in spec["layout"]["title"]["text"] and spec["layout"]["height"] <= 640
    assert "Aprender" not in json.dumps(spec)
    assert len(at.dataframe) == 1
