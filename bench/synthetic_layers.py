"""SYNTHETIC municipal layers for benchmarks: generated shapes of Mexico's size, never real, never shipped.

INEGI's national municipal layer (Marco Geoestadístico) has about 2,470 polygons and 3.7 million
vertices, and its GeoJSON as published is about 340 MB in a projected CRS (EPSG:6372). It cannot be
downloaded on these machines, so the benchmarks measure a stand-in of the same size and shape
statistics: wiggly star-shaped polygons (always valid, never touching) on a grid over Mexico's extent,
each with a few hundred to a few thousand vertices. Every name says "SINTÉTICO"; the files are written
to a temporary folder by the benchmark that needs them and deleted with it.
"""

import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer

POLYGONS = 2_473
VERTICES = 3_680_000
# Mexico's extent in longitude/latitude; the polygons tile it on a grid.
WEST, EAST, SOUTH, NORTH = -117.0, -87.0, 15.0, 32.0
INEGI_CRS = "EPSG:6372"  # Mexico ITRF2008 / LCC, the CRS of INEGI's Marco Geoestadístico


def polygons(count: int = POLYGONS, vertices: int = VERTICES, seed: int = 14) -> tuple[list[str], np.ndarray]:
    """(codes, shapely polygons in EPSG:4326): `count` polygons with about `vertices` vertices in all."""
    rng = np.random.default_rng(seed)
    columns = math.ceil(math.sqrt(count * (EAST - WEST) / (NORTH - SOUTH)))
    rows = math.ceil(count / columns)
    width, height = (EAST - WEST) / columns, (NORTH - SOUTH) / rows
    # Vertex counts vary as real municipalities do (a coastal one has many more than an inland one).
    weights = rng.lognormal(0.0, 0.6, count)
    sizes = np.maximum(16, (weights / weights.sum() * vertices).astype(int))
    shapes = []
    for i, size in enumerate(sizes):
        cx = WEST + (i % columns + 0.5) * width
        cy = SOUTH + (i // columns + 0.5) * height
        angles = np.linspace(0, 2 * np.pi, size, endpoint=False)
        # A radius made of a few harmonics (the outline) plus fine noise (the detail simplification removes).
        radius = np.ones(size)
        for harmonic in (2, 3, 5, 8, 13):
            radius += rng.uniform(0, 0.25 / harmonic**0.5) * np.sin(harmonic * angles + rng.uniform(0, 6.3))
        radius += rng.normal(0, 0.01, size)
        radius *= 0.45 / radius.max()
        ring = np.column_stack([cx + np.cos(angles) * radius * width, cy + np.sin(angles) * radius * height])
        shapes.append(shapely.Polygon(ring))
    codes = [f"{(i // 570) + 1:02d}{(i % 570) + 1:03d}" for i in range(count)]
    return codes, np.array(shapes, dtype=object)


def write_gpkg(path: Path, codes: list[str], shapes: np.ndarray) -> Path:
    frame = gpd.GeoDataFrame(
        {"CVEGEO": codes, "NOMGEO": [f"SINTÉTICO {c}" for c in codes]}, geometry=list(shapes), crs="EPSG:4326"
    )
    frame.to_file(path)
    return path


def write_inegi_like_geojson(path: Path, codes: list[str], shapes: np.ndarray) -> Path:
    """A GeoJSON of INEGI's size: EPSG:6372 metres, a "crs" member, pretty-printed (~340 MB)."""
    to_lcc = Transformer.from_crs("EPSG:4326", INEGI_CRS, always_xy=True)
    with path.open("w", encoding="utf-8") as out:
        crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::6372"}}
        out.write('{\n"type": "FeatureCollection",\n"name": "mun_sintetico",\n')
        out.write(f'"crs": {json.dumps(crs)},\n"features": [\n')
        for number, (code, shape) in enumerate(zip(codes, shapes, strict=True)):
            xy = shapely.get_coordinates(shape.exterior)
            x, y = to_lcc.transform(xy[:, 0], xy[:, 1])
            ring = ",\n".join(
                f"          [\n            {a:.12f},\n            {b:.12f}\n          ]"
                for a, b in zip(x, y, strict=True)
            )
            properties = {
                "CVEGEO": code,
                "CVE_ENT": code[:2],
                "CVE_MUN": code[2:],
                "NOMGEO": f"SINTÉTICO {code}",
            }
            head = json.dumps(properties, ensure_ascii=False)
            out.write(f'{"," if number else ""}{{ "type": "Feature", "properties": {head},\n')
            out.write(f'  "geometry": {{ "type": "Polygon", "coordinates": [\n        [\n{ring}\n')
            out.write("        ]\n  ] } }\n")
        out.write("]\n}\n")
    return path
