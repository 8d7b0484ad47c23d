"""Benchmark of an imported municipal layer: import time, map payload and map rerun with 2,500 polygons.

Run from the repository root:  .venv/bin/python bench/bench_boundaries.py

The 2,500 polygons are SYNTHETIC (generated here, irregular 160-vertex shapes tiled over Mexico's
extent, about the count and detail of its municipal layer): they measure speed only and are never
shipped. They are written to a GeoPackage, imported with the same function as the organisers' page,
then the map page is run with AppTest with the layer shown as context.
Targets from the issue: payload under 3 MB, map page responsive.
"""

import logging
import math
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geopandas as gpd
import streamlit as st
from shapely.geometry import Polygon
from streamlit.testing.v1 import AppTest

from indicators.config import DATA_DIR
from indicators.layers import import_layer
from indicators.store import Store
from ui import routes

REPO = Path(__file__).resolve().parent.parent
POLYGONS = 2500
VERTICES = 160
RERUNS = 10
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
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        gpkg = Path(tmp) / "synthetic.gpkg"
        synthetic_layer(POLYGONS, random.Random(1)).to_file(gpkg)
        db = Path(tmp) / "bench.duckdb"
        store = Store.open(db)
        store.load_bundled(DATA_DIR)
        start = time.perf_counter()
        report = import_layer(
            store,
            gpkg.read_bytes(),
            gpkg.name,
            "MEX",
            "adm2",
            "CVEGEO",
            "NOMGEO",
            "Synthetic benchmark layer",
            "none (generated)",
        )
        imported = time.perf_counter() - start
        store.close()
        os.environ["IGM_DB_PATH"] = str(db)

        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        at.run()
        at.switch_page(routes.script("map")).run()
        at.multiselect(key="context_layers").set_value([report.layer]).run()
        assert not at.exception, [e.value for e in at.exception]
        payload = len(at.get("deck_gl_json_chart")[0].proto.json.encode())
        presets = ["today", "seminar"]
        times = []
        for i in range(RERUNS):
            at.radio(key="as_of_preset@es").set_value(presets[i % 2])
            begin = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - begin)
        st.cache_data.clear()
        at.radio(key="as_of_preset@es").set_value("today")
        begin = time.perf_counter()
        at.run()
        cold = time.perf_counter() - begin

    megabytes = payload / 1024 / 1024
    print(f"import of {POLYGONS} polygons from a GeoPackage ({VERTICES} vertices each): {imported:.2f} s")
    print(
        f"map JSON payload with the layer as context: {megabytes:.2f} MB "
        f"(target < {TARGET_PAYLOAD_MB} MB: {'OK' if megabytes < TARGET_PAYLOAD_MB else 'OVER'})"
    )
    print(
        f"map page rerun with the layer (warm), median of {RERUNS}: {statistics.median(times) * 1000:.0f} ms"
    )
    print(f"map page rerun with every cache cleared (the stored view is read): {cold * 1000:.0f} ms")


if __name__ == "__main__":
    main()
