"""Boundary geometry: bundled layers valid in WGS84, the light GeoJSON for the browser, reprojection,
and the bundled sources."""

import json

import shapely

from indicators import bundle, geo
from indicators.config import DATA_DIR


def test_bundled_layers_are_valid_wgs84(store):
    for layer in ("crm-countries", "mex-adm1"):
        rows = store.boundary_layer(layer)
        geoms = shapely.from_wkb([bytes(g) for g in rows["geom"]])
        assert shapely.is_valid(geoms).all()
        xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
        assert -180 <= xmin < xmax <= 180 and -90 <= ymin < ymax <= 90


def test_the_shapes_stored_for_the_map_are_simplified_and_small(store):
    rows = store.boundary_layer("crm-countries")
    full = sum(shapely.get_num_coordinates(shapely.from_wkb([bytes(g) for g in rows["geom"]])))
    collection = geo.shapes_collection(store.boundary_shapes("crm-countries"), ["code", "name"])
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


def test_bundled_sources_name_every_file():
    countries = set(bundle.read_countries(DATA_DIR / "countries.csv")["iso3"])
    sources = bundle.read_boundary_sources(DATA_DIR / "boundaries" / "sources.csv", countries)
    assert all((DATA_DIR / "boundaries" / f).is_file() for f in sources["file"])
    assert sources[["title", "licence", "attribution"]].ne("").all().all()


def test_map_shapes_keep_every_feature_even_one_smaller_than_the_tolerance():
    """A small island, narrower than the simplification, is kept (simplified keeping its topology)."""
    import pandas as pd
    from shapely.geometry import box

    rows = pd.DataFrame(
        {"geom": shapely.to_wkb([box(-87.0, 15.0, -86.0, 16.0), box(-86.5, 16.3, -86.497, 16.303)])}
    )
    shapes = [shapely.from_geojson(text) for text in geo.map_shapes(rows)]
    assert [shape.is_empty for shape in shapes] == [False, False]
    assert shapes[1].area > 0
