"""Geometries for the web and the pydeck map: EPSG:4326, simplified, offline-capable, clickable."""

import json

import shapely

from indicators import bundle, geo, mapview, places
from indicators.config import DATA_DIR
from indicators.i18n import Translator


def test_bundled_layers_are_valid_wgs84(store):
    for layer in ("crm-countries", "mex-adm1"):
        rows = store.boundary_layer(layer)
        geoms = shapely.from_wkb([bytes(g) for g in rows["geom"]])
        assert shapely.is_valid(geoms).all()
        xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
        assert -180 <= xmin < xmax <= 180 and -90 <= ymin < ymax <= 90


def test_web_geojson_is_simplified_and_small(store):
    rows = store.boundary_layer("crm-countries")
    full = sum(shapely.get_num_coordinates(shapely.from_wkb([bytes(g) for g in rows["geom"]])))
    collection = geo.to_feature_collection(rows, ["code", "name"])
    kept = sum(
        shapely.get_num_coordinates(shapely.from_geojson(json.dumps(f["geometry"])))
        for f in collection["features"]
    )
    assert kept < full
    assert {f["properties"]["code"] for f in collection["features"]} >= {"MEX", "HND", "CAN"}
    assert len(json.dumps(collection)) < 600_000


def test_read_boundary_layer_reprojects_to_wgs84(tmp_path):
    import geopandas as gpd
    from shapely.geometry import Point

    projected = gpd.GeoDataFrame(
        {"code": ["A"], "name": ["a"]}, geometry=[Point(500000, 2000000).buffer(1000)], crs="EPSG:32616"
    )
    path = tmp_path / "utm.gpkg"
    projected.to_file(path)
    rows = geo.read_boundary_layer(path, "code", "name")
    lon, lat = shapely.from_wkb(rows["geom"][0]).centroid.coords[0]
    assert -88 < lon < -86 and 17 < lat < 19


def _deck(store, basemap="none", tile_url=""):
    shown = places.places_as_of(store.places(), places.SEMINAR_DATE)
    names = dict(zip(store.countries()["iso3"], store.countries()["name_es"], strict=True))
    records = mapview.place_records(shown, names, Translator("es"))
    areas = mapview.with_place_properties(
        geo.to_feature_collection(store.place_polygons(), ["place_id", "layer"]), records
    )
    outlines = geo.to_feature_collection(store.boundary_layer("crm-countries"), ["code", "name"])
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


def test_bundled_sources_name_every_file():
    countries = set(bundle.read_countries(DATA_DIR / "countries.csv")["iso3"])
    sources = bundle.read_boundary_sources(DATA_DIR / "boundaries" / "sources.csv", countries)
    assert all((DATA_DIR / "boundaries" / f).is_file() for f in sources["file"])
    assert sources[["title", "licence", "attribution"]].ne("").all().all()
