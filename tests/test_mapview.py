"""The pydeck map: its layers for a date, the basemap setting, and reading a click."""

import json

from indicators import geo, mapview, places
from indicators.i18n import Translator


def _deck(store, basemap="none", tile_url=""):
    shown = places.places_as_of(store.places(), places.SEMINAR_DATE)
    names = dict(zip(store.countries()["iso3"], store.countries()["name_es"], strict=True))
    records = mapview.place_records(shown, names, Translator("es"))
    areas = mapview.with_place_properties(
        geo.shapes_collection(store.place_polygons(), ["place_id", "layer"]), records
    )
    outlines = geo.shapes_collection(store.boundary_shapes("crm-countries"), ["code", "name"])
    return json.loads(mapview.build_deck(records, areas, outlines, outlines, basemap, tile_url).to_json())


def test_deck_has_outlines_polygons_and_points_for_the_date(store):
    deck = _deck(store)
    layers = {layer["id"]: layer for layer in deck["layers"]}
    assert list(layers) == ["country-outlines", "state-borders", "place-areas", "place-points"]
    point_ids = {p["place_id"] for p in layers["place-points"]["data"]}
    assert "mex-chihuahua" in point_ids and "hnd-danli" not in point_ids
    area_ids = {f["properties"]["place_id"] for f in layers["place-areas"]["data"]["features"]}
    assert "mex-oaxaca" in area_ids and all(i.startswith("mex-") for i in area_ids)
    tooltip = {p["place_id"]: p["status_label"] for p in layers["place-points"]["data"]}
    assert tooltip["pan-la-chorrera"] == "En proceso"


def test_basemap_setting():
    # "none" needs no server at all: a style with a background and no source.
    assert mapview.map_style("none") == mapview.PLAIN_STYLE
    assert mapview.PLAIN_STYLE["sources"] == {}
    assert mapview.map_style("carto") == mapview.CARTO_STYLE
    custom = mapview.map_style("custom", "https://tiles.example.org/{z}/{x}/{y}.png")
    assert custom["sources"]["tiles"]["tiles"] == ["https://tiles.example.org/{z}/{x}/{y}.png"]
    assert mapview.valid_tile_url("https://t.example.org/{z}/{x}/{y}.png")
    assert not mapview.valid_tile_url("t.example.org/{z}/{x}/{y}.png")
    assert not mapview.valid_tile_url("https://t.example.org/tiles.png")


def test_selected_place_from_map_events():
    assert mapview.selected_place_id(None) is None
    assert mapview.selected_place_id({"selection": {"indices": {}, "objects": {}}}) is None
    point = {"selection": {"objects": {"place-points": [{"place_id": "hnd-omoa", "name": "Omoa"}]}}}
    assert mapview.selected_place_id(point) == "hnd-omoa"
    area = {"selection": {"objects": {"place-areas": [{"properties": {"place_id": "mex-sonora"}}]}}}
    assert mapview.selected_place_id(area) == "mex-sonora"
