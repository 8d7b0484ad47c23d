"""Caches that follow the data: revisions bumped with every write, reads keyed on them, no time to live."""

import json

import pytest

from indicators import layers, mapview, presenter
from indicators.config import DATA_DIR
from indicators.demo import generate_assessments
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from indicators.store.connection import REVISIONS
from tests.conftest import complete
from tests.test_layers import honduras_layer, import_honduras
from ui import data, routes

Q = load_questionnaire()


def revisions(store) -> dict[str, int]:
    return {kind: store.revision(kind) for kind in REVISIONS}


def test_each_write_bumps_what_it_changes_in_its_own_transaction(store):
    before = revisions(store)
    assessment_id, _ = store.create_assessment("hnd-omoa")
    store.save_draft(assessment_id, complete("hnd-omoa"))
    drafts = revisions(store)
    assert drafts["activity"] == before["activity"] + 2
    assert drafts["answers"] == before["answers"] and drafts["catalogue"] == before["catalogue"]
    store.submit_assessment(assessment_id, complete("hnd-omoa"), Q, "test")
    assert store.revision("answers") == before["answers"] + 1
    store.register_place("hnd-x", "X", "municipality", "HND", "", "")
    assert store.revision("catalogue") == before["catalogue"] + 1


def test_a_failed_write_bumps_nothing(store):
    before = revisions(store)
    with pytest.raises(RuntimeError), store.transaction(changes=("answers",)) as cur:
        cur.execute("DELETE FROM answers")
        raise RuntimeError("boom")
    assert revisions(store) == before


def test_an_unnamed_write_bumps_every_revision(store):
    before = revisions(store)
    with store.transaction() as cur:
        cur.execute("SELECT 1")
    assert all(revisions(store)[k] == before[k] + 1 for k in REVISIONS)


@pytest.fixture
def counted(monkeypatch):
    """How many times the presenter's figures and the map's JSON are computed (not read from a cache)."""
    calls = {"live": 0, "map": 0}
    build = mapview.deck_json

    def live(*args, **kwargs):
        calls["live"] += 1
        return presenter.stored_live_view(*args, **kwargs)

    def deck(*args, **kwargs):
        calls["map"] += 1
        return build(*args, **kwargs)

    monkeypatch.setattr(data, "stored_live_view", live)
    monkeypatch.setattr(mapview, "deck_json", deck)
    return calls


def test_the_presenter_shows_a_new_submission_on_the_next_refresh(app, tmp_path, counted):
    seed = Store.open(tmp_path / "app.duckdb")
    seed.load_bundled(DATA_DIR)
    generate_assessments(seed, Q, 5)
    at = app(routes.script("presenter"))
    at.toggle(key="pr_reveal").set_value(True).run()
    assert {m.label: m.value for m in at.metric}["Respuestas"] == "5"
    computed = counted["live"]
    at.run()
    at.run()
    assert counted["live"] == computed  # a refresh with no new data is a lookup
    assessment_id, _ = seed.create_assessment("hnd-omoa")
    seed.submit_assessment(assessment_id, complete("hnd-omoa"), Q, "test")
    at.run()  # the next automatic refresh
    assert {m.label: m.value for m in at.metric}["Respuestas"] == "6"
    assert counted["live"] == computed + 1
    seed.close()


def test_hidden_results_compute_no_charts(app, tmp_path, monkeypatch):
    seen = []

    def live(*args):
        seen.append(args[-1])
        return presenter.stored_live_view(*args)

    monkeypatch.setattr(data, "stored_live_view", live)
    at = app(routes.script("presenter"))
    assert not at.exception and seen == [False]


def test_a_rerun_that_does_not_change_the_map_does_not_rebuild_it(app, tmp_path, counted):
    store = Store.open(tmp_path / "app.duckdb")
    store.load_bundled(DATA_DIR)
    report = import_honduras(store, honduras_layer(tmp_path))
    at = app(routes.script("map"))
    at.multiselect(key="context_layers").set_value([report.layer]).run()
    built = counted["map"]
    at.selectbox(key="place_pick").set_value("hnd-omoa").run()  # the card changes, the map does not
    assert counted["map"] == built and not at.exception
    at.radio(key="as_of_preset@es").set_value("seminar").run()
    assert counted["map"] == built + 1
    store.close()


def test_the_map_draws_the_view_stored_at_import(store, tmp_path):
    report = import_honduras(store, honduras_layer(tmp_path))
    view = store.boundary_view(report.layer)
    assert view and '"FeatureCollection"' in view
    assert store.layers_without_view() == []
    store.query("DELETE FROM boundary_views")  # a database from before schema 2
    assert layers.store_missing_views(store) == [report.layer]

    def features(text):
        return sorted(json.dumps(f, sort_keys=True) for f in json.loads(text)["features"])

    assert features(store.boundary_view(report.layer)) == features(view)


def test_the_map_simplifies_nothing_every_shape_was_stored_with_its_layer(app, tmp_path, monkeypatch):
    """Bundled layers get their map shapes when the bundle is loaded, imported ones at import: the
    first viewer after a restart (every cache empty) and a viewer after an import simplify nothing."""
    import shapely

    store = Store.open(tmp_path / "app.duckdb")
    store.load_bundled(DATA_DIR)
    report = import_honduras(store, honduras_layer(tmp_path))
    store.close()
    simplified = []
    simplify = shapely.simplify

    def counted_simplify(*args, **kwargs):
        simplified.append(1)
        return simplify(*args, **kwargs)

    monkeypatch.setattr(shapely, "simplify", counted_simplify)
    at = app(routes.script("map"))
    at.multiselect(key="context_layers").set_value([report.layer]).run()
    assert not at.exception
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    drawn = {layer["id"]: layer for layer in deck["layers"]}
    areas = {f["properties"]["place_id"] for f in drawn["place-areas"]["data"]["features"]}
    assert {"mex-oaxaca", "hnd-danli"} <= areas  # a bundled state and a polygon of the import
    assert simplified == []


def test_layers_stored_before_their_map_shapes_get_them_once(store, tmp_path):
    report = import_honduras(store, honduras_layer(tmp_path))
    shapes = store.boundary_shapes(report.layer)
    states = store.boundary_shapes("mex-adm1")
    store.query("DELETE FROM boundary_shapes")  # a database from before schema 4
    assert store.boundary_shapes("mex-adm1").empty
    assert set(layers.store_missing_views(store)) == {report.layer, "crm-countries", "mex-adm1"}
    assert store.boundary_shapes(report.layer).equals(shapes)
    assert store.boundary_shapes("mex-adm1").equals(states)
    assert layers.store_missing_views(store) == []
