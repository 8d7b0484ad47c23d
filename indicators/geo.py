"""Geometries: reading boundary files, and shaping them for the browser (EPSG:4326, simplified).

Geometries travel as WKB between here and the store; the map receives plain GeoJSON dicts.
"""

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

WEB_CRS = "EPSG:4326"
# About 1 km at these latitudes: invisible at the zooms the regional map uses, and it keeps the
# browser payload small for officials on slow connections.
WEB_TOLERANCE_DEGREES = 0.01
WEB_PRECISION_DEGREES = 1e-5  # about 1 m: far finer than the simplification
# A whole municipal layer drawn as context (Mexico has about 2,470 municipalities): coarser, so the
# map stays within a few MB: at least 500 m of simplification, 100 m of precision, and no more
# vertices than a budget (about 17 bytes each in the browser's JSON, so ~2 MB for the whole layer).
CONTEXT_TOLERANCE_DEGREES = 0.005
CONTEXT_PRECISION_DEGREES = 1e-3
CONTEXT_MAX_VERTICES = 100_000

# Natural Earth's 1:50m outlines are simplified and leave out small islands, and official layers may
# draw claimed areas (Guatemala's MINFIN municipalities reach 18.5° N, beyond the 17.8° N border): a box
# this many degrees wider on every side holds them, and swapped or foreign coordinates stay far outside.
BOX_MARGIN_DEGREES = 1.0

# The columns of data/boundaries/sources.csv (checked by bundle.read_boundary_sources).
SOURCE_COLUMNS = (
    "file",
    "layer",
    "country",
    "admin_level",
    "code_field",
    "name_field",
    "title",
    "licence",
    "url",
    "attribution",
)


def read_boundary_layer(path: Path, code_field: str, name_field: str) -> pd.DataFrame:
    """A layer as rows of (code, name, wkb) in EPSG:4326."""
    frame = gpd.read_file(path)
    frame = frame.set_crs(WEB_CRS) if frame.crs is None else frame.to_crs(WEB_CRS)
    return pd.DataFrame(
        {
            "code": frame[code_field].astype(str),
            "name": frame[name_field].astype(str),
            "geom": shapely.to_wkb(frame.geometry.values),
        }
    )


def country_boxes(outlines: pd.DataFrame, margin: float = BOX_MARGIN_DEGREES) -> dict[str, tuple]:
    """Each country's box (xmin, ymin, xmax, ymax) in degrees, from outline rows (code = ISO3, geom)."""
    geoms = shapely.from_wkb([bytes(g) for g in outlines["geom"]])
    return {
        code: (xmin - margin, ymin - margin, xmax + margin, ymax + margin)
        for code, (xmin, ymin, xmax, ymax) in zip(outlines["code"], shapely.bounds(geoms), strict=True)
    }


def in_box(box: tuple, x: float, y: float) -> bool:
    """Whether the point (x = longitude, y = latitude) lies within `box` (xmin, ymin, xmax, ymax)."""
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def map_shapes(rows: pd.DataFrame) -> list[str]:
    """Each feature of `rows` (a `geom` WKB column) as the map draws it, GeoJSON text: simplified by
    about 1 km and rounded to 1 m. Computed once, where a layer is written (the bundle's load, an
    import), and stored beside the full geometry: the map never simplifies."""
    geoms = _simplified(_geometries(rows), WEB_TOLERANCE_DEGREES, WEB_PRECISION_DEGREES)
    return list(shapely.to_geojson(geoms))


def shapes_collection(rows: pd.DataFrame, properties: list[str]) -> dict:
    """A GeoJSON FeatureCollection from rows with a `shape` column (GeoJSON text, see map_shapes),
    keeping the named properties."""
    features = [
        {
            "type": "Feature",
            "geometry": json.loads(shape),
            "properties": {p: _plain(value) for p, value in zip(properties, values, strict=True)},
        }
        for shape, values in zip(rows["shape"], rows[properties].itertuples(index=False), strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def context_view(rows: pd.DataFrame) -> tuple[str, int]:
    """A whole layer simplified for the map as context (GeoJSON text, vertices): computed once, at
    import. Coarser than map_shapes, with the tolerance doubled until the layer fits the budget."""
    geoms = _simplified(
        _geometries(rows), CONTEXT_TOLERANCE_DEGREES, CONTEXT_PRECISION_DEGREES, CONTEXT_MAX_VERTICES
    )
    collection = shapes_collection(rows.assign(shape=shapely.to_geojson(geoms)), ["code", "name"])
    return json.dumps(collection, separators=(",", ":")), int(shapely.get_num_coordinates(geoms).sum())


def _geometries(rows: pd.DataFrame) -> np.ndarray:
    return shapely.from_wkb([bytes(g) for g in rows["geom"]])


def _simplified(original: np.ndarray, tolerance: float, precision: float, max_vertices: int | None = None):
    """Plain Douglas–Peucker (forty times faster than keeping the topology on a national layer; the
    shapes are only drawn); a polygon it would reduce to nothing is simplified again keeping its
    topology, so no place disappears from the map. With `max_vertices`, the tolerance doubles until
    the whole layer fits."""
    geoms = shapely.simplify(original, tolerance, preserve_topology=False)
    while max_vertices and shapely.get_num_coordinates(geoms).sum() > max_vertices:
        tolerance *= 2
        geoms = shapely.simplify(original, tolerance, preserve_topology=False)
    lost = shapely.is_empty(geoms) | shapely.is_missing(geoms)
    if lost.any():
        geoms[lost] = shapely.simplify(original[lost], tolerance, preserve_topology=True)
    # pointwise: only round the coordinates for the browser; enforcing validity can fail on simplified shapes
    return shapely.set_precision(geoms, precision, mode="pointwise")


def _plain(value):
    """JSON-safe property values (numpy scalars, NaN and dates become plain Python)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
