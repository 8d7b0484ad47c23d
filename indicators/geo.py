"""Geometries: reading boundary files, and shaping them for the browser (EPSG:4326, simplified).

Geometries travel as WKB between here and the store; the map receives plain GeoJSON dicts.
"""

import json
from pathlib import Path
from urllib.parse import urlparse

import geopandas as gpd
import pandas as pd
import shapely

from indicators.validation import DataFileError, Problem, missing_columns, read_csv_file

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


# adm0 (the countries' outlines) spans every country, so only its country may be empty.
SOURCE_LEVELS = ("adm0", "adm1", "adm2")
SOURCE_REQUIRED = ("file", "layer", "admin_level", "code_field", "name_field", "title", "licence")


def read_sources(path: Path, known_countries: set[str]) -> pd.DataFrame:
    """boundaries/sources.csv checked against SOURCE_COLUMNS: every layer names an existing file
    beside it, a known country, its level, title and licence; DataFileError listing every problem."""
    raw = read_csv_file(path)
    problems = check_sources(raw, known_countries, path.parent)
    if problems:
        raise DataFileError(path.name, problems)
    return raw[list(SOURCE_COLUMNS)]


def check_sources(raw: pd.DataFrame, known_countries: set[str], folder: Path) -> list[Problem]:
    missing = missing_columns(raw, SOURCE_COLUMNS)
    if missing:
        return missing
    problems = []
    first_line_of: dict[str, int] = {}
    for index, row in raw.iterrows():
        line = index + 2
        for column in SOURCE_REQUIRED:
            if not row[column].strip():
                problems.append(Problem(line, column, "", "required"))
        if row["file"].strip() and not (folder / row["file"]).is_file():
            problems.append(
                Problem(line, "file", row["file"], "not_found", {"path": str(folder / row["file"])})
            )
        if row["admin_level"] and row["admin_level"] not in SOURCE_LEVELS:
            problems.append(
                Problem(
                    line,
                    "admin_level",
                    row["admin_level"],
                    "not_in_list",
                    {"allowed": ", ".join(SOURCE_LEVELS)},
                )
            )
        if row["country"] and row["country"] not in known_countries:
            problems.append(Problem(line, "country", row["country"], "unknown_country"))
        elif not row["country"] and row["admin_level"] != "adm0":
            problems.append(Problem(line, "country", "", "required"))
        url = urlparse(row["url"])
        if row["url"] and not (url.scheme in ("http", "https") and url.netloc):
            problems.append(Problem(line, "url", row["url"], "bad_url"))
        if row["layer"] in first_line_of:
            problems.append(
                Problem(line, "layer", row["layer"], "duplicate_id", {"first": first_line_of[row["layer"]]})
            )
        first_line_of.setdefault(row["layer"], line)
    return problems


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


def to_feature_collection(
    rows: pd.DataFrame,
    properties: list[str],
    tolerance: float = WEB_TOLERANCE_DEGREES,
    precision: float = WEB_PRECISION_DEGREES,
    max_vertices: int | None = None,
) -> dict:
    """GeoJSON for the map from rows with a `geom` WKB column, keeping the named properties.

    With `max_vertices`, the tolerance doubles until the whole layer fits the budget.
    """
    original = shapely.from_wkb([bytes(g) for g in rows["geom"]])
    geoms = shapely.simplify(original, tolerance, preserve_topology=True)
    while max_vertices and shapely.get_num_coordinates(geoms).sum() > max_vertices:
        tolerance *= 2
        geoms = shapely.simplify(original, tolerance, preserve_topology=True)
    # pointwise: only round the coordinates for the browser; enforcing validity can fail on simplified shapes
    geoms = shapely.set_precision(geoms, precision, mode="pointwise")
    features = [
        {
            "type": "Feature",
            "geometry": json.loads(shapely.to_geojson(geom)),
            "properties": {p: _plain(value) for p, value in zip(properties, values, strict=True)},
        }
        for geom, values in zip(geoms, rows[properties].itertuples(index=False), strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def _plain(value):
    """JSON-safe property values (numpy scalars, NaN and dates become plain Python)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
