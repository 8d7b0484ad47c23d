"""The organisers' page per role, on a DuckDB file and on PostgreSQL: what each role reaches, sessions that
end, codes listed and revoked, and an audit row for every kind of action."""

import datetime as dt
import os

import pytest

from indicators import access
from indicators.config import DATA_DIR
from indicators.practices import COLUMNS as PRACTICE_COLUMNS
from indicators.practices import Practice
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.conftest import BACKENDS, add_account, log_in, open_tab, shown
from tests.form_exports import Row, answers, build_form, odk_csv
from tests.test_assessment_page import PAGE, enter, texts
from tests.test_layers import honduras_layer
from tests.test_ui_actions import LAYER, results_file
from ui import gate, routes

ORGANISERS = routes.script("organisers")
ADMIN_TABS = [
    "Códigos de acceso",
    "Resúmenes y descargas",
    "Consulta: resultados",
    "Resultados IGM",
    "Buenas prácticas",
    "Límites oficiales",
    "Registrar un gobierno local",
    "Cuestionario para KoboToolbox u ODK",
    "Importar respuestas",
    "Participantes",
    "Asistencia y certificados",
    "Preguntas",
    "Compromisos",
    "Auditoría",
]
FOCAL_TABS = [*ADMIN_TABS[:-5], "Preguntas", "Compromisos"]  # no roster, attendance or audit
CREATE = "FormSubmitter:create_codes-Crear códigos"
REVOKE = "org_revoke"


@pytest.fixture(params=BACKENDS)
def db(request, app, monkeypatch) -> str:
    """The database the app opens: its DuckDB file, or a PostgreSQL database (IGM_DATABASE_URL)."""
    if request.param == "duckdb":
        return os.environ["IGM_DB_PATH"]
    url = request.getfixturevalue("postgres_url")
    store = Store.open(url, create=True)
    store.load_bundled(DATA_DIR)
    store.close()
    monkeypatch.setenv("IGM_DATABASE_URL", url)
    return url


def opened(db: str) -> Store:
    return Store.open(db)


def enter_as(app, db: str, user: str, role: str, country: str | None = None, **session):
    add_account(user, role, country, db=db, name=f"Nombre de {user}")
    at = app(**session)
    at.switch_page(ORGANISERS).run()
    return log_in(at, user)


def option_countries(options: list[str]) -> set[str]:
    """The ISO3 codes at the end of place labels "Name (ISO3)"."""
    return {label.rsplit("(", 1)[1].rstrip(")") for label in options}


def test_a_focal_point_reaches_only_its_own_countrys_places(app, db):
    at = enter_as(app, db, "hugo", "focal", "HND")
    assert not at.exception
    assert [tab.label for tab in at.tabs] == FOCAL_TABS, "no audit, no roster"
    assert "Sesión de Nombre de hugo (hugo) · punto focal de Honduras" in shown(texts(at.markdown))
    for tab, key in (
        ("org.summaries_title", "org_export_place"),
        ("org.questionnaire_title", "org_paper_place"),
        ("org.codes_title", "org_place"),
    ):
        assert option_countries(open_tab(at, tab).selectbox(key=key).options) == {"HND"}, key
    at.selectbox(key="org_place").set_value("hnd-danli")
    at.button(key=CREATE).click().run()
    assert "2 códigos nuevos para Danlí (HND)" in texts(at.success)
    assert option_countries(at.selectbox(key="org_codes_place").options) == {"HND"}
    assert open_tab(at, "org.register_title").selectbox(key="org_country@es").options == ["Honduras"]
    assert open_tab(at, "offline.tab").toggle(key="off_require").disabled
    assert open_tab(at, "consult.results_title").toggle(key="cs_allow").disabled
    open_tab(at, "org.summaries_title").radio(key="org_scope@es").set_value("country").run()
    assert at.selectbox(key="org_export_country@es").options == ["Honduras"]
    store = opened(db)
    try:
        assert store.access_codes()["created_by"].tolist() == ["hugo", "hugo"]
        trail = store.audit_rows()[["account", "action", "target"]].values.tolist()
    finally:
        store.close()
    assert trail == [["hugo", "login", ""], ["hugo", "codes_create", "hnd-danli (2)"]]


def test_a_focal_points_file_naming_another_countrys_place_is_refused_whole(app, db):
    at = open_tab(enter_as(app, db, "hugo", "focal", "HND"), "org.results_title")
    uploader = next(u for u in at.get("file_uploader") if u.key == "org_results_file")
    uploader.set_value(("r.csv", results_file("hnd-danli", "slv-la-palma"), "text/csv")).run()
    at.button(key="org_import").click().run()
    assert "«slv-la-palma» no es de su país" in shown(texts(at.markdown))
    store = opened(db)
    try:
        assert store.results_imports().empty, "nothing written"
    finally:
        store.close()


def test_a_viewer_sees_the_regional_summary_and_never_a_code(app, db):
    store = opened(db)
    store.create_access_codes("hnd-danli", 2, created_by="ana")
    store.close()
    at = enter_as(app, db, "vera", "viewer")
    assert [tab.label for tab in at.tabs] == [
        "Resúmenes y descargas",
        "Consulta: resultados",
        "Preguntas",
        "Compromisos",
    ]
    assert at.radio(key="org_scope@es").options == ["Región"]
    for tab in [tab.label for tab in at.tabs]:  # every tab a viewer has
        at.session_state["org_tab"] = tab
        at.run()
        assert not [s for s in at.selectbox if s.key in ("org_export_place", "org_place")], tab
        assert not any("Código" in frame.value.columns for frame in at.dataframe), tab
    assert open_tab(at, "consult.results_title").toggle(key="cs_allow").disabled


def test_an_admin_reads_the_audit_trail_filtered_with_hostile_names_shown_as_typed(app, db):
    hostile = "<b>**eva**</b>[x](http://e.vil)"
    add_account(hostile, "focal", "SLV", db=db, name=hostile)
    at = app()
    at.switch_page(ORGANISERS).run()
    log_in(at, hostile, password="no es la suya, de ningún modo")  # a failed log-in under that name
    log_in(at, hostile)
    assert f"Sesión de {hostile} ({hostile})" in shown(texts(at.markdown)), "shown literally, no link"
    at.button(key="org_logout").click().run()
    at = enter_as(app, db, "ana", "admin")
    assert [tab.label for tab in at.tabs] == ADMIN_TABS
    open_tab(at, "audit.tab")
    trail = next(frame.value for frame in at.dataframe if "Cuenta" in frame.value.columns)
    assert trail["Cuenta"].tolist() == ["ana", hostile, hostile, hostile], "newest first"
    assert trail["Acción"].tolist() == ["ingreso", "salida", "ingreso", "ingreso fallido"]
    at.multiselect(key="audit_accounts").set_value([hostile]).run()
    at.multiselect(key="audit_actions").set_value(["login_failed"]).run()
    trail = next(frame.value for frame in at.dataframe if "Cuenta" in frame.value.columns)
    assert trail[["Cuenta", "Acción"]].values.tolist() == [[hostile, "ingreso fallido"]]


def test_a_disabled_account_is_shut_out_at_its_next_click(app, db):
    at = enter_as(app, db, "hugo", "focal", "HND")
    assert at.tabs
    store = opened(db)
    store.set_account_disabled("hugo", True)
    store.close()
    open_tab(at, "org.summaries_title")  # any click
    assert not at.tabs and "la cuenta fue desactivada" in texts(at.warning)
    log_in(at, "hugo")
    assert "Esta cuenta está desactivada" in texts(at.error) and not at.tabs
    store = opened(db)
    try:
        trail = store.audit_rows()[["action", "target"]].values.tolist()
    finally:
        store.close()
    assert trail[-2:] == [["session_ended", "disabled"], ["login_failed", "disabled"]]


def test_a_session_ends_after_eight_hours(app, db):
    at = enter_as(app, db, "ana", "admin")
    at.session_state[gate.SESSION] = {**at.session_state[gate.SESSION]}
    at.session_state[gate.SESSION]["since"] -= dt.timedelta(hours=8, minutes=1)
    at.run()
    assert not at.tabs and "Su sesión terminó después de 8 horas" in texts(at.warning)


def test_codes_are_listed_without_the_code_and_revoked_and_the_page_refuses_them(app, db):
    store = opened(db)
    danli = store.create_access_codes("hnd-danli", 3, created_by="ana")
    [omoa, omoa_kept] = store.create_access_codes("hnd-omoa", 2, created_by="ana")
    [expired] = store.create_access_codes("hnd-omoa", 1, created_by="ana", expires_on=dt.date(2020, 1, 1))
    store.close()
    at = enter_as(app, db, "ana", "admin")
    listed = next(frame.value for frame in at.dataframe if "Id" in frame.value.columns)
    assert len(listed) == 6 and not listed.isin([*danli, omoa, omoa_kept, expired]).any().any()
    assert sorted(listed["Estado"]) == ["vencido", *["vigente"] * 5]
    assert set(listed["Último uso"]) == {"—"}, "never used: a dash, not Streamlit's None"
    first = listed.loc[listed["Gobierno local"] == "Danlí (HND)", "Id"].iloc[0]
    at.multiselect(key="org_revoke_ids").set_value([first])
    at.button(key=REVOKE).click().run()
    assert f"1 código revocado: {first}" in texts(at.success)
    at.text_input(key="org_revoke_code").input(omoa.lower().replace("-", " "))  # as it was leaked
    at.button(key=REVOKE).click().run()
    assert "1 código revocado" in texts(at.success)
    at.selectbox(key="org_codes_place").set_value("hnd-danli").run()
    at.checkbox(key="org_revoke_all").check()
    at.button(key=REVOKE).click().run()
    assert "2 códigos revocados" in texts(at.success)
    at.text_input(key="org_revoke_code").input("ZZZZ-ZZZZ")
    at.button(key=REVOKE).click().run()
    assert "Ese código no existe" in texts(at.error)

    page = app(PAGE)
    for code, says in ((omoa, "fue revocado"), (expired, "venció")):
        enter(page, code)
        assert says in texts(page.error) and "Pida uno nuevo a la organización" in texts(page.error)
        assert "sa" not in page.session_state
    enter(page, omoa_kept)
    assert not page.error and page.session_state["sa"]["place_id"] == "hnd-omoa", "the others still work"
    store = opened(db)
    try:
        codes = store.access_codes(["hnd-omoa"]).set_index("state")
        trail = store.audit_rows(actions=["codes_revoke"])
    finally:
        store.close()
    assert codes.loc["live", "last_used_at"] is not None and len(trail) == 3
    assert set(trail["account"]) == {"ana"}


def test_every_kind_of_action_on_the_page_leaves_an_audit_row(app, db, tmp_path):
    add_account("ana", "admin", db=db)
    at = app()
    at.switch_page(ORGANISERS).run()
    log_in(at, "ana", password="equivocada, equivocada")
    log_in(at, "ana")
    at.button(key=CREATE).click().run()
    at.multiselect(key="org_revoke_ids").set_value(at.multiselect(key="org_revoke_ids").options[:1])
    at.button(key=REVOKE).click().run()
    open_tab(at, "consult.results_title").toggle(key="cs_allow").set_value(True).run()
    open_tab(at, "org.register_title").text_input(key="org_name").input("San Miguel Centro")
    at.selectbox(key="org_country@es").set_value("SLV")
    at.button(key="FormSubmitter:register_place-Registrar").click().run()
    results = next(
        u for u in open_tab(at, "org.results_title").get("file_uploader") if u.key == "org_results_file"
    )
    results.set_value(("r.csv", results_file("hnd-danli"), "text/csv")).run()
    at.button(key="org_import").click().run()
    store = opened(db)
    form = build_form(load_questionnaire(), store.places(igm_only=False), store.countries())
    store.close()
    answers_file = odk_csv(form, [Row(answers(form, "hnd-danli", "HND"))])
    next(u for u in open_tab(at, "offline.tab").get("file_uploader") if u.key == "off_file").set_value(
        ("central.csv", answers_file, "text/csv")
    ).run()
    at.button(key="off_import").click().run()
    open_tab(at, "org.summaries_title").radio(key="org_scope@es").set_value("region").run()
    at.radio(key="org_format").set_value("csv").run()
    at.button(key="org_prepare").click().run()  # the region's summary, with the answers just imported
    layer = honduras_layer(tmp_path)
    next(
        u for u in open_tab(at, "layers.title").get("file_uploader") if u.key == "org_boundary_file"
    ).set_value((layer.name, layer.read_bytes(), "application/geo+json")).run()
    at.selectbox(key="layer_country@es").set_value(LAYER["country"])
    at.radio(key="layer_level@es").set_value(LAYER["admin_level"])
    at.selectbox(key="layer_code_field").set_value(LAYER["code_field"])
    at.text_input(key="layer_source").input(LAYER["source"])
    at.text_input(key="layer_licence").input(LAYER["licence"])
    at.button(key="FormSubmitter:import_layer-Revisar e importar la capa").click().run()
    assert not at.exception
    at.button(key="org_logout").click().run()
    store = opened(db)
    try:
        trail = store.audit_rows()
    finally:
        store.close()
    assert set(trail["account"]) == {"ana"} and trail["logged_at"].is_monotonic_increasing
    assert trail["action"].tolist() == [
        "login_failed",
        "login",
        "codes_create",
        "codes_revoke",
        "setting_change",
        "place_register",
        "import_results",
        "import_answers",
        "export",
        "import_layer",
        "logout",
    ]
    targets = dict(zip(trail["action"], trail["target"], strict=False))
    assert targets["export"] == "region csv" and targets["place_register"] == "slv-san-miguel-centro"


def test_failed_log_ins_count_against_the_account_whatever_the_session(app, db):
    add_account("ana", "admin", db=db)
    at = app()
    at.switch_page(ORGANISERS).run()
    log_in(at, "ana", password="equivocada, equivocada")
    store = opened(db)
    try:
        clients = store.failed_attempts("organiser:account:ana", dt.datetime.now() - access.FAILURE_WINDOW)
    finally:
        store.close()
    assert len(clients) == 1


def test_an_expiry_is_typed_checked_and_kept_on_the_codes(app, db):
    at = enter_as(app, db, "ana", "admin")
    assert not at.date_input, "no calendar with English month names"
    default = dt.date.today() + dt.timedelta(days=120)
    assert at.text_input(key="org_expires").value == default.isoformat()
    at.selectbox(key="org_place").set_value("hnd-danli")
    for typed, says in (("31/02/2027", "no es una fecha"), ("2020-01-01", "1 de enero de 2020 ya pasó")):
        at.text_input(key="org_expires").input(typed)
        at.button(key=CREATE).click().run()
        assert says in texts(at.error) and at.text_input(key="org_expires").value == typed
    at.text_input(key="org_expires").input("31/03/2099")
    at.button(key=CREATE).click().run()
    assert "Válidos hasta el 31 de marzo de 2099 inclusive" in texts(at.caption)
    open_tab(at, "audit.tab").text_input(key="audit_since").input("mañana").run()
    assert "«mañana» no es una fecha" in texts(at.error)
    store = opened(db)
    try:
        assert [d.date() for d in store.access_codes()["expires_on"]] == [dt.date(2099, 3, 31)] * 2
    finally:
        store.close()


def test_a_focal_point_reviews_and_imports_only_its_countrys_practices(app, db):
    area = load_questionnaire().areas[0].key
    store = opened(db)
    (honduras, salvador), _ = store.add_practices(
        [
            Practice("hnd-danli", area, "Ventanilla de Danlí"),
            Practice("slv-la-palma", area, "Mesa de La Palma"),
        ],
        "ana",
    )
    store.close()
    at = open_tab(enter_as(app, db, "hugo", "focal", "HND"), "practices.tab")
    assert [b.key for b in at.button if b.key and b.key.startswith("org_practice_approve_")] == [
        f"org_practice_approve_{honduras}"
    ], "another country's practice is not offered"
    at.button(key=f"org_practice_approve_{honduras}").click().run()
    header = ",".join(PRACTICE_COLUMNS)
    other = f"{header}\nslv-la-palma,{area},Otra de El Salvador,,,,\n".encode()
    uploader = next(u for u in at.get("file_uploader") if u.key == "org_practices_file")
    uploader.set_value(("otra.csv", other, "text/csv")).run()
    at.button(key="org_practices_import").click().run()
    assert "«slv-la-palma» no es de su país" in shown(texts(at.markdown))
    store = opened(db)
    try:
        states = store.practices().set_index("practice_id")
        trail = store.audit_rows(actions=["practice_review", "practices_import"])
    finally:
        store.close()
    assert states.loc[honduras, ["state", "reviewed_by"]].tolist() == ["approved", "hugo"]
    assert states.loc[salvador, "state"] == "pending" and len(states) == 2, "the refused file wrote nothing"
    assert trail[["account", "action", "target"]].values.tolist() == [
        ["hugo", "practice_review", f"{honduras} approved"]
    ]
