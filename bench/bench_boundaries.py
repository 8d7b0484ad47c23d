"""Benchmark of an imported municipal layer: import time, map payload and map rerun with 2,500 polygons.

Run from the repository root:  .venv/bin/python bench/bench_boundaries.py

The 2,500 polygons are SYNTHETIC (generated here, irregular 160-vertex shapes tiled over Mexico's
extent, about the count and detail of its municipal layer): they measure speed only and are never
shipped. They are written to a GeoPackage, imported with the same function as the organisers' page,
then the map page is run with AppTest with the layer shown as context.
Targets from the issue: payload under 3 MB, map page responsive. Every time is the median of at least
5 runs, printed with the CPU yardstick Y and the load average (bench/yardstick.py).
"""

import logging
import math
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import geopandas as gpd
import streamlit as st
from shapely.geometry import Polygon
from streamlit.testing.v1 import AppTest
from yardstick import Report, timed

from indicators.config import DATA_DIR
from indicators.layers import import_layer
from indicators.store import Store
from ui import routes

REPO = Path(__file__).resolve().parent.parent
POLYGONS = 2500
VERTICES = 160
RERUNS = 10
IMPORTS = 5
COLD_RERUNS = 5
TARGET_PAYLOAD_MB = 3.0


def synthetic_layer(count: int, rng: random.Random) -> gpd.GeoDataFrame:
    """Irregular polygons on a grid over 117°W–87°W, 15°N–32°N (Mexico's extent), codes 00001…"""
    columns = 50
    rows = math.ceil(count / columns)
    width, height = 30 / columns, 17 / rows
    shapes, codes = [], []
    for i in range(count):
        cx = -117 + (i % columns + 0.5) * width
        cy = 15 + (i // columns + 0.5) * height
        ring = [
            (
                cx + math.cos(a) * width * 0.45 * rng.uniform(0.8, 1.0),
                cy + math.sin(a) * height * 0.45 * rng.uniform(0.8, 1.0),
            )
            for a in (2 * math.pi * k / VERTICES for k in range(VERTICES))
        ]
        shapes.append(Polygon(ring))
        codes.append(f"{i + 1:05d}")
    return gpd.GeoDataFrame(
        {"CVEGEO": codes, "NOMGEO": [f"Sintético {c}" for c in codes]}, geometry=shapes, crs="EPSG:4326"
    )


def main() -> None:
    began = time.perf_counter()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    report = Report(title=f"bench_boundaries: a layer of {POLYGONS:,} synthetic polygons")
    args = ("MEX", "adm2", "CVEGEO", "NOMGEO", "Synthetic benchmark layer", "none (generated)")
    with tempfile.TemporaryDirectory() as tmp:
        gpkg = Path(tmp) / "synthetic.gpkg"
        synthetic_layer(POLYGONS, random.Random(1)).to_file(gpkg)
        data = gpkg.read_bytes()
        stores = []
        for number in range(IMPORTS):  # a fresh database for each import, prepared untimed
            store = Store.open(Path(tmp) / f"bench-{number}.duckdb")
            store.load_bundled(DATA_DIR)
            stores.append(store)
        reports = []
        report.figure(
            f"import of {POLYGONS:,} polygons from a GeoPackage ({VERTICES} vertices each)",
            timed(lambda n: reports.append(import_layer(stores[n], data, gpkg.name, *args)), IMPORTS),
        )
        for store in stores:
            store.close()
        os.environ["IGM_DB_PATH"] = str(Path(tmp) / "bench-0.duckdb")

        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        at.run()
        at.switch_page(routes.script("map")).run()
        at.multiselect(key="context_layers").set_value([reports[0].layer]).run()
        assert not at.exception, [e.value for e in at.exception]
        payload = len(at.get("deck_gl_json_chart")[0].proto.json.encode())
        megabytes = payload / 1024 / 1024
        verdict = "OK" if megabytes < TARGET_PAYLOAD_MB else "OVER"
        report.text(
            "map JSON payload with the layer as context",
            f"{megabytes:.2f} MB (target < {TARGET_PAYLOAD_MB} MB: {verdict})",
        )
        presets = ["today", "seminar"]

        def change(number: int, clear: bool) -> None:
            at.radio(key="as_of_preset@es").set_value(presets[number % 2])
            if clear:
                st.cache_data.clear()

        report.figure(
            "map page rerun with the layer (warm)",
            timed(lambda n: at.run(), RERUNS, before=lambda n: change(n, False)),
        )
        report.figure(
            "map page rerun, every cache cleared (the stored view is read)",
            timed(lambda n: at.run(), COLD_RERUNS, before=lambda n: change(n, True)),
        )
        assert not at.exception, [e.value for e in at.exception]
    report.end(began)


if __name__ == "__main__":
    main()
