"""The organisers' page as a whole: its tabs in order, and what an import changes seen at once elsewhere
(no cache is cleared: every cached read follows the revisions of what it reads, ui/data.py)."""

import json

import pytest

from indicators.config import DATA_DIR
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.conftest import add_account, open_tab, organiser
from tests.conftest import log_in as log_in_with
from tests.form_exports import Row, answers, build_form, odk_csv
from tests.test_layers import honduras_layer
from tests.test_organisers_roles import ADMIN_TABS
from ui import routes

Q = load_questionnaire()


@pytest.fixture(scope="module")
def form():
    store = Store.open(":memory:")
    store.load_bundled(DATA_DIR)
    yield build_form(Q, store.places(igm_only=False), store.countries())
    store.close()


def log_in(at):
    add_account()
    at.switch_page(routes.script("organisers")).run()
    return log_in_with(at)


def test_the_tabs_show_in_order_behind_the_log_in(app):
    at = app(routes.script("organisers"))
    assert not at.tabs  # no account yet: only the command that makes the first
    at = organiser(app)
    assert [tab.label for tab in at.tabs] == ADMIN_TABS


def test_only_the_open_tab_runs_and_it_stays_open_across_clicks_and_languages(app):
    """With 14 tabs, running every tab's body on each click tripled the page's time (docs/benchmarks.md)."""
    at = organiser(app)
    assert [bool(tab.children) for tab in at.tabs] == [True] + [False] * (len(ADMIN_TABS) - 1)
    open_tab(at, "audit.tab")
    assert [tab.label for tab in at.tabs if tab.children] == ["Auditoría"]
    at.text_input(key="audit_since").input("2022-09-12").run()  # a click inside the tab keeps it open
    assert [tab.label for tab in at.tabs if tab.children] == ["Auditoría"]
    at.radio(key="lang").set_value("en").run()
    assert [tab.label for tab in at.tabs if tab.children] == ["Audit"]


def test_imported_answers_count_at_once_in_the_summaries_and_the_presenter(app, form):
    at = organiser(app, tab="org.summaries_title")
    assert "Aún no hay autoevaluaciones enviadas en este ámbito." in [i.value for i in at.info]
    rows = [Row(answers(form, place, "HND", seed=i)) for i, place in enumerate(["hnd-danli", "hnd-omoa"])]
    uploader = next(u for u in open_tab(at, "offline.tab").get("file_uploader") if u.key == "off_file")
    uploader.set_value(("central.csv", odk_csv(form, rows), "text/csv")).run()
    at.button(key="off_import").click().run()
    assert not at.exception
    assert "2 enviadas (0 de ejemplo)" in at.caption[0].value
    open_tab(at, "org.summaries_title")
    captions = [c.value for c in at.caption]
    assert "Según 2 autoevaluaciones enviadas, de todos los gobiernos locales" in " ".join(captions)
    at.switch_page(routes.script("presenter")).run()
    assert {m.label: m.value for m in at.metric}["Respuestas"] == "2"


def test_a_layer_imported_after_the_map_was_drawn_is_on_the_map_at_once(app, tmp_path):
    at = app(routes.script("map"))
    assert not [m for m in at.multiselect if m.key == "context_layers"]  # no imported layer yet
    at = open_tab(log_in(at), "layers.title")
    path = honduras_layer(tmp_path)
    uploader = next(u for u in at.get("file_uploader") if u.key == "org_boundary_file")
    uploader.set_value((path.name, path.read_bytes(), "application/geo+json")).run()
    at.selectbox(key="layer_country@es").set_value("HND")
    at.radio(key="layer_level@es").set_value("adm2")
    at.selectbox(key="layer_code_field").set_value("ADM2_PCODE")
    at.text_input(key="layer_source").input("HDX COD-AB Honduras")
    at.text_input(key="layer_licence").input("CC BY-IGO")
    at.button(key="FormSubmitter:import_layer-Revisar e importar la capa").click().run()
    assert any("Capa hnd-adm2 importada" in s.value for s in at.success)
    at.switch_page(routes.script("map")).run()
    at.multiselect(key="context_layers").set_value(["hnd-adm2"]).run()
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    context = [layer for layer in spec["layers"] if layer["id"].startswith("context-")]
    assert len(context) == 1 and len(context[0]["data"]["features"]) == 3
