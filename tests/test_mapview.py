"""The pydeck map: its layers for a date, the basemap setting, and reading a click."""

import json
import math

import pytest

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


def _pixel(view, width: int, height: int, lat: float, lon: float) -> tuple[float, float]:
    """Where deck.gl draws a point in a `width` × `height` map opened on `view` (Web Mercator)."""
    size = 512 * 2**view.zoom

    def world(lat: float, lon: float) -> tuple[float, float]:
        y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2
        return (lon + 180) / 360 * size, y * size

    (x, y), (cx, cy) = world(lat, lon), world(view.latitude, view.longitude)
    return width / 2 + x - cx, height / 2 + y - cy


# Baja California's west coast and Sonora's east edge (their polygons), Montréal's seat, Panama's
# south coast and Santo Domingo: what the opening view cut off on a phone.
EDGES = {
    "Baja California": (32.5, -117.1),
    "Sonora": (30.0, -108.4),
    "Montréal": (45.5, -73.57),
    "Panamá": (7.3, -80.0),
    "Boca Chica": (18.45, -69.6),
}


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_opening_view_shows_the_whole_region_on_every_screen(screen):
    view = mapview.PHONE_VIEW if screen == "phone" else mapview.REGION_VIEW
    width, height = mapview.MAP_SIZES[screen]
    for place, (lat, lon) in EDGES.items():
        x, y = _pixel(view, width, height, lat, lon)
        assert 0 < x < width and 0 < y < height, f"{place} is off a {screen}'s map at ({x:.0f}, {y:.0f})"


def test_a_country_chosen_fills_the_view(store):
    """Filtering by a country zooms to it: its box whole in the map, and not a speck in it."""
    outlines = geo.shapes_collection(store.boundary_shapes("crm-countries"), ["code", "name"])
    for codes in (["SLV"], ["MEX"], ["PAN", "CRI"], ["CAN"]):
        west, south, east, north = mapview.country_bounds(outlines, codes)
        for screen, (width, height) in mapview.MAP_SIZES.items():
            view = mapview.fit_view((west, south, east, north), width, height)
            x0, y0 = _pixel(view, width, height, north, west)
            x1, y1 = _pixel(view, width, height, south, east)
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height, (codes, screen)
            assert x1 - x0 > width * 0.6 or y1 - y0 > height * 0.6, (codes, screen)  # fills it
    # The United States' Aleutians cross 180°: only the western hemisphere counts.
    assert mapview.country_bounds(outlines, ["USA"])[2] < -60
    assert mapview.country_bounds(outlines, ["XXX"]) is None
