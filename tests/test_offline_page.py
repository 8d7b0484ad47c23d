"""Organisers' page: the "Importar respuestas" tab and the paper form download (AppTest)."""

import pytest

from indicators.config import DATA_DIR
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.conftest import organiser, shown
from tests.form_exports import Row, answers, build_form, kobo_csv, odk_csv

Q = load_questionnaire()


@pytest.fixture(scope="module")
def form():
    store = Store.open(":memory:")
    store.load_bundled(DATA_DIR)
    yield build_form(Q, store.places(igm_only=False), store.countries())
    store.close()


def upload(at, name: str, data: bytes):
    uploader = next(u for u in at.get("file_uploader") if u.key == "off_file")
    uploader.set_value((name, data, "text/csv")).run()
    at.button(key="off_import").click().run()
    assert not at.exception
    return at


def test_a_refused_export_lists_its_cells_and_writes_nothing(app, form):
    rows = [Row(answers(form, "hnd-danli", "HND")), Row(answers(form, "mex-sonora", "MEX", seed=1))]
    rows[1].values["rt3_top3"] = rows[1].values["rt3_top2"]
    at = upload(organiser(app, tab="offline.tab"), "kobo.csv", kobo_csv(form, rows))
    errors = "\n".join(e.value for e in at.error)
    assert "Archivo rechazado: kobo.csv tiene 1 problema(s) en 1 fila(s). No se escribió nada" in errors
    assert "Fila 3, columna «rt3/rt3_top3»" in shown("\n".join(m.value for m in at.markdown))
    assert "0 enviadas" in at.caption[0].value


def test_an_export_is_imported_and_counted_then_not_twice(app, form):
    rows = [
        Row(answers(form, place, country, seed=i))
        for i, (place, country) in enumerate(
            [("hnd-danli", "HND"), ("mex-sonora", "MEX"), ("hnd-omoa", "HND")]
        )
    ]
    data = odk_csv(form, rows)
    at = upload(organiser(app, tab="offline.tab"), "central.csv", data)
    assert "central.csv (ODK Central): 3 envío(s) nuevo(s)" in at.success[0].value
    assert "3 enviadas (0 de ejemplo)" in at.caption[0].value
    at = upload(at, "central.csv", data)
    assert "0 envío(s) nuevo(s), 0 edición(es) como nueva versión, 3 ya importado(s)" in at.success[0].value


def test_valid_only_imports_the_rest_and_offers_the_refused_rows(app, form):
    rows = [Row(answers(form, "hnd-danli", "HND")), Row(answers(form, "mex-sonora", "MEX", seed=1))]
    rows[0].values["local_government"] = "hnd-atlantida"
    at = organiser(app, tab="offline.tab")
    at.checkbox(key="off_valid_only").check().run()
    at = upload(at, "kobo.csv", kobo_csv(form, rows))
    assert "1 envío(s) nuevo(s)" in at.success[0].value
    assert "1 fila(s) rechazada(s)" in at.warning[0].value
    assert "Fila 2, columna «local_government»" in shown("\n".join(m.value for m in at.markdown))
    refused = [
        b for b in at.get("download_button") if b.proto.label == "Descargar las filas rechazadas (CSV)"
    ]
    assert len(refused) == 1 and refused[0].proto.ignore_rerun  # a click keeps the report on screen


def test_the_questionnaire_tab_offers_the_paper_form_in_english(app):
    at = organiser(app, tab="org.questionnaire_title")
    at.session_state["lang"] = "en"
    at.run()
    assert at.session_state["org_tab"] == "Questionnaire for KoboToolbox or ODK", (
        "the open tab stays open in English"
    )
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the paper form (PDF)" in labels and "Download the XLSForm" in labels
    assert any(tab.label == "Import answers" for tab in at.tabs)


def test_the_organisers_can_require_access_codes_from_the_tab(app, form):
    at = organiser(app, tab="offline.tab")
    at.toggle(key="off_require").set_value(True).run()
    assert at.toggle(key="off_require").value
    at = upload(at, "kobo.csv", kobo_csv(form, [Row(answers(form, "hnd-danli", "HND"))]))
    assert "Fila 2, columna «access_code»" in shown("\n".join(m.value for m in at.markdown))
    assert "falta el código de acceso" in shown("\n".join(m.value for m in at.markdown))
    assert "0 enviadas" in at.caption[0].value
