"""indicators/store/boundaries.py: boundary layers and their sources, the atomic replacement of an
imported layer, the map's stored view of it, and which polygon is each place's area."""

import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from indicators import geo
from tests.conftest import BACKENDS, store_on_backend

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)

SOURCE = {"title": "HDX COD-AB Honduras", "licence": "CC BY-IGO", "url": "https://data.humdata.org/"}
VIEW = ('{"type": "FeatureCollection", "features": []}', 0)


def squares(*codes_and_names) -> pd.DataFrame:
    """Half-degree squares side by side, with the shape the map draws of each (as an import stores them)."""
    rows = pd.DataFrame(
        [
            (code, name, shapely.to_wkb(box(-87 + n, 14, -86.5 + n, 14.5)))
            for n, (code, name) in enumerate(codes_and_names)
        ],
        columns=["code", "name", "geom"],
    )
    return rows.assign(shape=geo.map_shapes(rows))


def matches(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["place_id", "code", "how"])


def import_honduras(store, rows, found, file_name="hnd_adm2.geojson", view=VIEW):
    store.replace_boundary_layer("hnd-adm2", "HND", "adm2", SOURCE, rows, found, file_name, view)


def test_an_imported_layer_is_listed_with_its_source_licence_file_and_features(store):
    import_honduras(
        store, squares(("0703", "Danlí"), ("0503", "Omoa")), matches(("hnd-danli", "0703", "code"))
    )
    [layer] = store.imported_layers().to_dict("records")
    assert {k: layer[k] for k in ("layer", "country", "admin_level", "title", "licence", "file_name")} == {
        "layer": "hnd-adm2",
        "country": "HND",
        "admin_level": "adm2",
        "title": "HDX COD-AB Honduras",
        "licence": "CC BY-IGO",
        "file_name": "hnd_adm2.geojson",
    }
    assert layer["features"] == 2 and layer["imported_at"] is not None
    source = store.boundary_sources().set_index("layer").loc["hnd-adm2"]
    assert (source["origin"], source["attribution"]) == ("imported", "HDX COD-AB Honduras")  # title stands in
    assert store.boundary_layer("hnd-adm2")["code"].tolist() == ["0503", "0703"]


def test_a_new_import_of_the_layer_replaces_the_previous_one_whole(store):
    import_honduras(
        store, squares(("0703", "Danlí"), ("0503", "Omoa")), matches(("hnd-danli", "0703", "code"))
    )
    import_honduras(store, squares(("0503", "Omoa")), matches(("hnd-omoa", "0503", "name")), "v2.geojson")
    assert store.boundary_layer("hnd-adm2")["name"].tolist() == ["Omoa"]
    assert store.imported_layers()[["file_name", "features"]].values.tolist() == [["v2.geojson", 1]]
    areas = store.place_polygons()
    honduras = areas[areas["layer"] == "hnd-adm2"]
    assert honduras["place_id"].tolist() == ["hnd-omoa"]  # Danlí lost the polygon it had


def test_a_place_takes_its_matched_polygon_or_one_holding_its_official_code(store):
    # Danlí matched by name; Omoa (official code 0503) unmatched but found by code, leading zeros aside.
    import_honduras(
        store, squares(("0703", "Danlí"), ("503", "Omoa")), matches(("hnd-danli", "0703", "name"))
    )
    areas = store.place_polygons().set_index("place_id")
    assert areas.loc["hnd-danli", "layer"] == areas.loc["hnd-omoa", "layer"] == "hnd-adm2"
    omoa = shapely.from_wkb(bytes(areas.loc["hnd-omoa", "geom"]))
    assert omoa.equals(box(-86, 14, -85.5, 14.5))
    assert areas.loc["mex-oaxaca", "layer"] == "mex-adm1"  # bundled layers still serve their places
    assert "gtm-san-marcos" not in areas.index  # no layer for Guatemala: a point on the map


def test_the_maps_view_of_a_layer_is_stored_with_it_and_can_be_added_later(store):
    assert store.boundary_view("hnd-adm2") is None
    import_honduras(store, squares(("0703", "Danlí")), matches(), view=None)  # as before schema 3
    assert store.layers_without_view() == ["hnd-adm2"]
    store.store_boundary_view("hnd-adm2", ('{"type": "FeatureCollection"}', 5))
    assert store.boundary_view("hnd-adm2") == '{"type": "FeatureCollection"}'
    assert store.layers_without_view() == []
    import_honduras(store, squares(("0703", "Danlí")), matches(), view=VIEW)
    assert store.boundary_view("hnd-adm2") == VIEW[0]


def test_the_map_draws_the_shapes_stored_with_the_layer(store):
    import_honduras(
        store, squares(("0703", "Danlí"), ("0503", "Omoa")), matches(("hnd-danli", "0703", "code"))
    )
    shapes = store.boundary_shapes("hnd-adm2")
    assert shapes["code"].tolist() == ["0503", "0703"] and shapes["name"].tolist() == ["Omoa", "Danlí"]
    assert shapely.from_geojson(shapes["shape"][1]).equals(box(-87, 14, -86.5, 14.5))
    assert store.place_polygons().set_index("place_id").loc["hnd-danli", "shape"] == shapes["shape"][1]
    assert store.layers_without_shapes() == []
    store.query("DELETE FROM boundary_shapes WHERE layer = 'hnd-adm2'")  # a database from before schema 4
    assert store.layers_without_shapes() == ["hnd-adm2"]
    store.store_boundary_shapes("hnd-adm2", shapes[["code", "shape"]])
    assert store.boundary_shapes("hnd-adm2").equals(shapes)


def test_bundled_layers_are_no_imported_layers(store):
    assert store.imported_layers().empty
    assert set(store.boundary_sources()["origin"]) == {"bundled"}
    assert store.boundary_view("mex-adm1") is None and store.layers_without_view() == []


def test_an_import_changes_only_the_catalogue_revision(store):
    before = store.revisions()
    import_honduras(store, squares(("0703", "Danlí")), matches(("hnd-danli", "0703", "code")))
    after = store.revisions()
    assert after["catalogue"] == before["catalogue"] + 1
    assert [after[k] - before[k] for k in ("answers", "results", "activity")] == [0, 0, 0]
