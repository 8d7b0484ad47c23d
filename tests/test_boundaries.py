"""Boundary files: each format read from small real files, every fault reported; matching to places."""

import itertools
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.geometry import Point, Polygon, box, mapping

from bench.bench_zip_bomb import write_zip_bomb
from indicators import boundaries
from indicators.boundaries import list_fields, read_boundaries
from indicators.config import PROJECT_DIR
from indicators.i18n import LANGUAGES, Translator
from indicators.reader import extract_within
from indicators.validation import DataFileError

# Three municipalities of El Paraíso (Honduras) as 0.1° squares, deliberately not in code order.
SQUARES = [
    ("0802", "El Paraíso", -86.6, 14.0),
    ("0801", "Danlí", -86.4, 14.0),
    ("0815", "Trojes", -85.5, 14.1),
]
CODES = [code for code, *_ in SQUARES]
NAMES = [name for _, name, *_ in SQUARES]


def layer(crs: str | None = "EPSG:4326", geometries=None, codes=CODES, names=NAMES) -> gpd.GeoDataFrame:
    if geometries is None:
        geometries = [box(x, y, x + 0.1, y + 0.1) for *_, x, y in SQUARES]
    return gpd.GeoDataFrame({"codigo": codes, "nombre": names}, geometry=geometries, crs=crs)


def write_geojson(tmp_path: Path, frame: gpd.GeoDataFrame, name: str = "munis.geojson") -> Path:
    """Written by GDAL, which puts the layer's CRS in a "crs" member."""
    path = tmp_path / name
    frame.to_file(path, driver="GeoJSON")
    return path


def write_plain_geojson(
    tmp_path: Path, features: list[tuple[dict, dict | None]], name="munis.geojson"
) -> Path:
    """GeoJSON as RFC 7946 has it (and as many portals publish it): no "crs" member."""
    collection = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features],
    }
    path = tmp_path / name
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


def squares_as_features() -> list[tuple[dict, dict]]:
    return [
        ({"codigo": code, "nombre": name}, mapping(box(x, y, x + 0.1, y + 0.1)))
        for code, name, x, y in SQUARES
    ]


def write_gpkg(tmp_path: Path, frame: gpd.GeoDataFrame, name: str = "munis.gpkg") -> Path:
    path = tmp_path / name
    frame.to_file(path, layer="municipios", driver="GPKG")
    return path


def write_shapefile_zip(
    tmp_path: Path, frame: gpd.GeoDataFrame, leave_out: tuple[str, ...] = (), extra: dict | None = None
) -> Path:
    """The .shp set written by GDAL into a folder, then zipped as a person would (minus `leave_out`)."""
    folder = tmp_path / "shp"
    folder.mkdir(exist_ok=True)
    frame.to_file(folder / "municipios.shp")
    path = tmp_path / "municipios.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.iterdir()):
            if part.suffix not in leave_out:
                archive.write(part, f"capa/{part.name}")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return path


def write_topojson(tmp_path: Path, quantized: bool = False, name: str = "munis.topojson") -> Path:
    """A Topology written by hand: one arc per square ring; quantized arcs are delta-encoded."""
    scale, translate = (0.001, 0.001), (-87.0, 13.5)
    arcs, geometries = [], []
    for number, (code, label, x, y) in enumerate(SQUARES):
        ring = [(x, y), (x + 0.1, y), (x + 0.1, y + 0.1), (x, y + 0.1), (x, y)]
        if quantized:
            points = [
                (round((lon - translate[0]) / scale[0]), round((lat - translate[1]) / scale[1]))
                for lon, lat in ring
            ]
            ring = [points[0]] + [(b[0] - a[0], b[1] - a[1]) for a, b in itertools.pairwise(points)]
        arcs.append([list(p) for p in ring])
        geometries.append(
            {"type": "Polygon", "arcs": [[number]], "properties": {"codigo": code, "nombre": label}}
        )
    topology = {
        "type": "Topology",
        "objects": {"municipios": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": arcs,
    }
    if quantized:
        topology["transform"] = {"scale": list(scale), "translate": list(translate)}
    path = tmp_path / name
    path.write_text(json.dumps(topology, ensure_ascii=False), encoding="utf-8")
    return path


def write_bytes(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def write_zip(tmp_path: Path, names: tuple[str, ...]) -> Path:
    path = tmp_path / "capas.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, b"")
    return path


def write_table_gpkg(tmp_path: Path) -> Path:
    path = tmp_path / "tabla.gpkg"
    pyogrio.write_dataframe(pd.DataFrame({"codigo": ["0801"]}), path, layer="tabla")
    return path


def many_empty_codes() -> gpd.GeoDataFrame:
    many = [box(-86 + i * 0.01, 14, -86 + i * 0.01 + 0.01, 14.01) for i in range(25)]
    return layer(geometries=many, codes=[""] * 25, names=["n"] * 25)


def with_geometry(first: dict) -> list[tuple[dict, dict]]:
    features = squares_as_features()
    features[0] = (features[0][0], first)
    return features


BOW_TIE = mapping(Polygon([(-86.6, 14.0), (-86.5, 14.1), (-86.5, 14.0), (-86.6, 14.1), (-86.6, 14.0)]))
FLAT = {"type": "Polygon", "coordinates": [[[-86.6, 14.0], [-86.5, 14.1], [-86.4, 14.2], [-86.6, 14.0]]]}
UTM = "EPSG:32616"


def write_topojson_with_points(tmp_path: Path) -> Path:
    """A Topology whose first object is the municipal seats (points), then the municipalities."""
    path = write_topojson(tmp_path)
    topology = json.loads(path.read_text(encoding="utf-8"))
    point = {"type": "Point", "coordinates": [-86.35, 14.05], "properties": {"codigo": "cabecera"}}
    seats = {"type": "GeometryCollection", "geometries": [point]}
    topology["objects"] = {"cabeceras": seats, **topology["objects"]}
    path.write_text(json.dumps(topology), encoding="utf-8")
    return path


def write_compressible_zip(tmp_path: Path) -> Path:
    """About 11 kB zipped, 190 kB unzipped: long repeated names compress to almost nothing."""
    many = [box(-86 + i * 0.001, 14, -86 + i * 0.001 + 0.001, 14.001) for i in range(400)]
    return write_shapefile_zip(
        tmp_path, layer(geometries=many, codes=[str(i) for i in range(1, 401)], names=["x" * 250] * 400)
    )


SMALL_LIMIT = 12_000  # over the zip's size, under a tenth of what it unpacks to


WRITERS = {
    "geojson": lambda tmp: write_geojson(tmp, layer()),
    "geojson_without_crs": lambda tmp: write_plain_geojson(tmp, squares_as_features()),
    "json": lambda tmp: write_geojson(tmp, layer(), name="munis.json"),
    "topojson": lambda tmp: write_topojson(tmp),
    "topojson_quantized_as_json": lambda tmp: write_topojson(tmp, quantized=True, name="munis.json"),
    "gpkg": lambda tmp: write_gpkg(tmp, layer()),
    "shapefile_zip": lambda tmp: write_shapefile_zip(tmp, layer()),
}


def read(path: Path, code_field: str = "codigo", name_field: str | None = "nombre", **kwargs):
    return read_boundaries(path.read_bytes(), path.name, code_field, name_field, **kwargs)


def rejected(path: Path, code_field: str = "codigo", name_field: str | None = "nombre", **kwargs) -> list:
    with pytest.raises(DataFileError) as caught:
        read(path, code_field, name_field, **kwargs)
    assert caught.value.source == path.name
    return caught.value.problems


def geometries(rows: pd.DataFrame) -> list:
    return list(shapely.from_wkb([bytes(g) for g in rows["geom"]]))


# --- accepted files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", WRITERS)
def test_every_format_reads_codes_names_and_polygons_in_file_order(tmp_path, kind):
    result = read(WRITERS[kind](tmp_path))
    assert list(result.rows.columns) == ["code", "name", "geom"]
    assert result.rows["code"].tolist() == CODES
    assert result.rows["name"].tolist() == NAMES
    for geom, (*_, x, y) in zip(geometries(result.rows), SQUARES, strict=True):
        assert geom.geom_type == "Polygon" and geom.is_valid
        assert geom.centroid.distance(Point(x + 0.05, y + 0.05)) < 1e-6


@pytest.mark.parametrize("kind", WRITERS)
def test_list_fields_on_every_format(tmp_path, kind):
    path = WRITERS[kind](tmp_path)
    assert {"codigo", "nombre"} <= set(list_fields(path.read_bytes(), path.name))


def test_wgs84_declared_gives_no_notes(tmp_path):
    for path in (write_geojson(tmp_path, layer()), write_gpkg(tmp_path, layer())):
        result = read(path)
        assert result.notes == []
        assert result.source_crs in ("EPSG:4326", "OGC:CRS84")


def test_geojson_without_crs_fitting_lon_lat_is_assumed_wgs84(tmp_path):
    result = read(write_plain_geojson(tmp_path, squares_as_features()))
    assert [n.reason for n in result.notes] == ["no_crs_assumed"]
    assert result.source_crs is None


def test_topojson_says_its_crs_was_assumed(tmp_path):
    result = read(write_topojson(tmp_path))
    assert [n.reason for n in result.notes] == ["topojson_crs"]
    assert result.source_crs is None


def test_projected_geopackage_is_reprojected(tmp_path):
    result = read(write_gpkg(tmp_path, layer().to_crs("EPSG:32616")))
    assert result.source_crs == "EPSG:32616"
    assert [(n.reason, n.params) for n in result.notes] == [("reprojected", {"crs": "EPSG:32616"})]
    danli = geometries(result.rows)[1].centroid
    assert danli.x == pytest.approx(-86.35, abs=1e-4) and danli.y == pytest.approx(14.05, abs=1e-4)


def test_projected_shapefile_with_prj_is_reprojected(tmp_path):
    result = read(write_shapefile_zip(tmp_path, layer().to_crs("EPSG:32616")))
    assert result.source_crs == "EPSG:32616"
    assert geometries(result.rows)[2].centroid.distance(Point(-85.45, 14.15)) < 1e-4


def test_gpkg_with_several_layers_reads_the_first_and_says_so(tmp_path):
    path = write_gpkg(tmp_path, layer())
    layer().iloc[:1].to_file(path, layer="otra", driver="GPKG")
    result = read(path)
    assert result.rows["code"].tolist() == CODES
    assert [(n.reason, n.params) for n in result.notes] == [
        ("first_layer_used", {"layer": "municipios", "others": "otra"})
    ]


def test_no_name_field_gives_empty_names(tmp_path):
    result = read(write_gpkg(tmp_path, layer()), name_field=None)
    assert result.rows["name"].tolist() == ["", "", ""]


def test_codes_are_trimmed_text_and_integer_codes_lose_no_digits(tmp_path):
    features = [({"codigo": 8, "nombre": "a"}, geom) for _, geom in squares_as_features()[:1]]
    features += [({"codigo": 12345678, "nombre": "b"}, squares_as_features()[1][1])]
    features += [({"codigo": None, "nombre": "c"}, squares_as_features()[2][1])]
    problems = rejected(write_plain_geojson(tmp_path, features), strict=True)
    # The gap turns the integer field into floats on reading; codes still read "8", not "8.0".
    assert [(p.row, p.column, p.reason) for p in problems] == [(3, "codigo", "required")]
    features[2] = ({"codigo": "  0815 ", "nombre": "c"}, squares_as_features()[2][1])
    assert read(write_plain_geojson(tmp_path, features)).rows["code"].tolist() == ["8", "12345678", "0815"]


def test_zip_made_on_a_mac_ignores_its_clutter(tmp_path):
    path = write_shapefile_zip(tmp_path, layer(), extra={"__MACOSX/capa/._municipios.shp": b"\x00\x05"})
    assert read(path).rows["code"].tolist() == CODES


def test_invalid_bow_tie_is_repaired_with_a_note(tmp_path):
    assert not shapely.geometry.shape(BOW_TIE).is_valid
    result = read(write_plain_geojson(tmp_path, with_geometry(BOW_TIE)))
    repaired = [n for n in result.notes if n.reason == "repaired"]
    assert [(n.params["count"], n.params["codes"]) for n in repaired] == [(1, "0802")]
    geom = geometries(result.rows)[0]
    assert geom.is_valid and geom.geom_type == "MultiPolygon"
    assert geom.area == pytest.approx(0.005)  # both triangles of the 0.1° square, none of it lost


# --- refused files --------------------------------------------------------------------------------------


def test_projected_shapefile_without_prj_is_refused(tmp_path):
    path = write_shapefile_zip(tmp_path, layer().to_crs("EPSG:32616"), leave_out=(".prj",))
    problems = rejected(path)
    assert [p.reason for p in problems] == ["no_crs_projected"]
    assert float(problems[0].params["xmin"]) > 180


def test_zip_missing_its_dbf_is_refused_naming_it(tmp_path):
    problems = rejected(write_shapefile_zip(tmp_path, layer(), leave_out=(".dbf",)))
    assert [(p.reason, p.params) for p in problems] == [("zip_missing_part", {"part": "municipios.dbf"})]


def test_zip_missing_dbf_and_shx_names_both(tmp_path):
    problems = rejected(write_shapefile_zip(tmp_path, layer(), leave_out=(".dbf", ".shx")))
    assert [p.params["part"] for p in problems] == ["municipios.dbf", "municipios.shx"]


def test_zip_bomb_is_refused_before_anything_is_inflated(tmp_path):
    """The issue's case: a zip of well under 1 MB whose .shp inflates to 600 MB. Refused from the sizes
    it declares, with the sizes in the message; bench/bench_zip_bomb.py measures the memory."""
    bomb = write_zip_bomb(tmp_path / "bomba.zip", 600)
    problems = rejected(bomb)
    assert [p.reason for p in problems] == ["zip_too_big"]
    message = problems[0].describe(Translator("en"))
    assert "inflates to 600 MB" in message and "up to 100 times the zip's size" in message


PEAK_MEMORY = """
import sys
from pathlib import Path
from indicators.boundaries import list_fields, read_boundaries
from indicators.validation import DataFileError
data = Path(sys.argv[1]).read_bytes()
for read in (lambda: list_fields(data, "bomba.zip"), lambda: read_boundaries(data, "bomba.zip", "id", None)):
    try:
        read()
        print("not refused")
    except DataFileError as error:
        print(error.problems[0].reason)
status = Path("/proc/self/status").read_text()
print(int(status.split("VmHWM:")[1].split()[0]) // 1024)
"""


def test_refusing_the_zip_bomb_stays_under_300_mb_of_memory(tmp_path):
    """The issue's memory goal, in a fresh process so its peak (VmHWM) is its own: reading the 600 MB
    bomb the way the page does (fields listed, then read) never comes near inflating it."""
    bomb = write_zip_bomb(tmp_path / "bomba.zip", 600)
    child = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, str(bomb)],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    *reasons, peak_mb = child.stdout.split()
    assert reasons == ["zip_too_big", "zip_too_big"]
    assert int(peak_mb) <= 300


def test_a_zip_that_understates_a_member_is_refused_while_streaming(tmp_path):
    """Declared sizes can lie: the copy stops at what was declared and the zip is refused as damaged."""
    bomb = write_zip_bomb(tmp_path / "bomba.zip", 5)
    with zipfile.ZipFile(bomb) as archive:
        shp = archive.getinfo("bomba.shp")
        shp.file_size = 1000  # the header says 1 kB; the member holds 5 MB
        with pytest.raises(DataFileError) as caught:
            extract_within(archive, {"layer.shp": shp}, tmp_path, 1024 * 1024, "bomba.zip")
    assert [p.reason for p in caught.value.problems] == ["bad_zip"]
    assert (tmp_path / "layer.shp").stat().st_size <= 1000


def test_zip_without_a_shapefile_or_with_several_is_refused(tmp_path):
    path = write_zip(tmp_path, ("leeme.txt", "__MACOSX/._leeme.txt"))
    assert [(p.reason, p.params) for p in rejected(path)] == [
        ("zip_without_shapefile", {"files": "leeme.txt"})
    ]
    path = write_zip(tmp_path, ("a.shp", "b.shp"))
    assert [(p.reason, p.params) for p in rejected(path)] == [
        ("zip_several_shapefiles", {"files": "a.shp, b.shp"})
    ]


def test_zip_that_unzips_far_beyond_the_limit_is_refused(tmp_path):
    path = write_compressible_zip(tmp_path)
    assert path.stat().st_size <= SMALL_LIMIT
    assert [p.reason for p in rejected(path, max_bytes=SMALL_LIMIT)] == ["zip_too_big"]
    assert len(read(path).rows) == 400  # the same zip under the real limit


def test_not_a_zip_is_refused(tmp_path):
    path = write_bytes(tmp_path, "municipios.zip", b"this is not a zip archive")
    assert [p.reason for p in rejected(path)] == ["bad_zip"]


def test_missing_code_field_lists_the_available_fields(tmp_path):
    problems = rejected(write_gpkg(tmp_path, layer()), code_field="CVEGEO", name_field="NOMGEO")
    assert [(p.column, p.reason) for p in problems] == [
        ("CVEGEO", "missing_field"),
        ("NOMGEO", "missing_field"),
    ]
    assert problems[0].params == {"fields": "codigo, nombre"}


def test_empty_codes_are_reported_by_feature_number(tmp_path):
    problems = rejected(write_gpkg(tmp_path, layer(codes=["0802", " ", None])), strict=True)
    assert [(p.row, p.column, p.reason) for p in problems] == [
        (2, "codigo", "required"),
        (3, "codigo", "required"),
    ]


def test_many_empty_codes_are_summarised(tmp_path):
    problems = rejected(write_gpkg(tmp_path, many_empty_codes()), strict=True)
    assert len(problems) == boundaries.LISTED_ROWS + 1
    assert (problems[-1].reason, problems[-1].params) == ("more_without_code", {"count": 5})


def test_duplicate_codes_are_refused_naming_them(tmp_path):
    problems = rejected(write_gpkg(tmp_path, layer(codes=["0801", "0801", "0815"])), strict=True)
    assert [(p.column, p.reason, p.params) for p in problems] == [
        ("codigo", "duplicate_codes", {"count": 1, "codes": "0801"})
    ]


def test_points_layer_is_refused_in_one_problem(tmp_path):
    points = [Point(x, y) for *_, x, y in SQUARES]
    problems = rejected(write_geojson(tmp_path, layer(geometries=points)))
    assert [(p.reason, p.params) for p in problems] == [
        ("not_polygons", {"count": 3, "codes": "0802, 0801, 0815", "kinds": "Point"})
    ]


def test_features_without_geometry_are_refused(tmp_path):
    features = squares_as_features()
    features[1] = (features[1][0], None)
    features[2] = ({"codigo": "", "nombre": "x"}, {"type": "Polygon", "coordinates": []})
    problems = rejected(write_plain_geojson(tmp_path, features), strict=True)
    assert [(p.reason, p.params) for p in problems if p.reason == "no_geometry"] == [
        ("no_geometry", {"count": 2, "codes": "0801, #3"})
    ]


def test_polygon_collapsing_to_a_line_cannot_be_repaired(tmp_path):
    problems = rejected(write_plain_geojson(tmp_path, with_geometry(FLAT)))
    assert [(p.reason, p.params) for p in problems] == [("unrepairable", {"count": 1, "codes": "0802"})]


def test_wgs84_declared_but_projected_coordinates_are_refused(tmp_path):
    utm = layer().to_crs("EPSG:32616").set_crs("EPSG:4326", allow_override=True)
    problems = rejected(write_gpkg(tmp_path, utm))
    assert [p.reason for p in problems] == ["coordinates_out_of_range"]


def test_unsupported_extension_is_refused(tmp_path):
    path = write_bytes(tmp_path, "municipios.kml", b"<kml/>")
    problems = rejected(path)
    assert [(p.reason, p.params) for p in problems] == [
        ("boundary_format", {"formats": ", ".join(boundaries.FORMATS)})
    ]
    with pytest.raises(DataFileError):
        list_fields(path.read_bytes(), path.name)


def test_too_big_file_is_refused(tmp_path):
    path = write_gpkg(tmp_path, layer())
    problems = rejected(path, max_bytes=1024)
    assert [p.reason for p in problems] == ["too_big"]
    with pytest.raises(DataFileError) as caught:
        list_fields(path.read_bytes(), path.name, max_bytes=1024)
    assert [p.reason for p in caught.value.problems] == ["too_big"]


def test_empty_layer_and_empty_bytes_are_refused(tmp_path):
    path = write_plain_geojson(tmp_path, [])
    assert [p.reason for p in rejected(path)] == ["empty_file"]
    with pytest.raises(DataFileError) as caught:
        list_fields(path.read_bytes(), path.name)
    assert [p.reason for p in caught.value.problems] == ["empty_file"]
    with pytest.raises(DataFileError) as caught:
        read_boundaries(b"", "vacio.gpkg", "codigo", None)
    assert [p.reason for p in caught.value.problems] == ["empty_file"]


@pytest.mark.parametrize("write", [write_gpkg, write_shapefile_zip, write_geojson])
def test_a_layer_with_its_fields_and_no_feature_is_refused(tmp_path, write):
    """The header-only file of a layer: fields declared, not one feature (a filter that kept nothing)."""
    path = write(tmp_path, layer().iloc[:0])
    assert [p.reason for p in rejected(path)] == ["empty_file"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("roto.geojson", b'{"type": "FeatureCollection", "features": [ {'),
        ("roto.gpkg", b"SQLite format 2\x00 no"),
    ],
)
def test_unreadable_file_is_refused_naming_the_upload(tmp_path, name, content):
    problems = rejected(write_bytes(tmp_path, name, content))
    assert [p.reason for p in problems] == ["unreadable_layer"]
    assert "igm-boundaries" not in problems[0].params["detail"]


def test_geopackage_of_tables_only_is_refused(tmp_path):
    assert [p.reason for p in rejected(write_table_gpkg(tmp_path))] == ["table_without_geometry"]


def test_topojson_with_several_objects_reads_the_polygons_not_the_points(tmp_path):
    result = read(write_topojson_with_points(tmp_path))
    assert result.rows["code"].tolist() == CODES
    assert [(n.reason, n.params) for n in result.notes] == [
        ("first_layer_used", {"layer": "municipios", "others": "cabeceras"}),
        ("topojson_crs", {}),
    ]


def test_temporary_folder_is_removed(tmp_path, monkeypatch):
    (tmp_path / "tmp").mkdir()
    # Where Python puts temporary folders, pointed at one this test can look into.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    read(write_shapefile_zip(tmp_path, layer()))
    rejected(write_shapefile_zip(tmp_path, layer(), leave_out=(".dbf",)))  # refused before the layer opens
    rejected(write_gpkg(tmp_path, layer()), code_field="CVEGEO")  # refused while the layer is open
    assert list((tmp_path / "tmp").iterdir()) == []


# --- messages ----------------------------------------------------------------------------------------------


# Every reason the reader gives, each from a real file: (reason, how to write the file, read options).
EVERY_REASON = [
    ("boundary_format", lambda tmp: write_bytes(tmp, "capa.kml", b"<kml/>"), {}),
    ("empty_file", lambda tmp: write_plain_geojson(tmp, []), {}),
    ("too_big", lambda tmp: write_gpkg(tmp, layer()), {"max_bytes": 1024}),
    ("unreadable_layer", lambda tmp: write_bytes(tmp, "roto.gpkg", b"SQLite format 2"), {}),
    ("bad_zip", lambda tmp: write_bytes(tmp, "capa.zip", b"not a zip"), {}),
    ("zip_without_shapefile", lambda tmp: write_zip(tmp, ("leeme.txt",)), {}),
    ("zip_several_shapefiles", lambda tmp: write_zip(tmp, ("a.shp", "b.shp")), {}),
    ("zip_too_big", write_compressible_zip, {"max_bytes": SMALL_LIMIT}),
    ("zip_missing_part", lambda tmp: write_shapefile_zip(tmp, layer(), leave_out=(".dbf",)), {}),
    ("table_without_geometry", write_table_gpkg, {}),
    ("missing_field", lambda tmp: write_gpkg(tmp, layer()), {"code_field": "CVEGEO"}),
    ("required", lambda tmp: write_gpkg(tmp, layer(codes=["1", "", "3"])), {"strict": True}),
    ("more_without_code", lambda tmp: write_gpkg(tmp, many_empty_codes()), {"strict": True}),
    ("duplicate_codes", lambda tmp: write_gpkg(tmp, layer(codes=["1", "1", "3"])), {"strict": True}),
    ("placeholder_code", lambda tmp: write_gpkg(tmp, layer(codes=["1", "0", "3"])), {"strict": True}),
    ("no_usable_code", lambda tmp: write_gpkg(tmp, layer(codes=["0", "", "N/A"])), {}),
    ("parts_merged", lambda tmp: write_gpkg(tmp, layer(codes=["1", "1", "3"], names=["a", "a", "b"])), {}),
    ("no_geometry", lambda tmp: write_plain_geojson(tmp, with_geometry(None)), {}),
    ("not_polygons", lambda tmp: write_plain_geojson(tmp, with_geometry(mapping(Point(-86, 14)))), {}),
    ("unrepairable", lambda tmp: write_plain_geojson(tmp, with_geometry(FLAT)), {}),
    ("no_crs_projected", lambda tmp: write_shapefile_zip(tmp, layer().to_crs(UTM), leave_out=(".prj",)), {}),
    (
        "coordinates_out_of_range",
        lambda tmp: write_gpkg(tmp, layer().to_crs(UTM).set_crs(4326, allow_override=True)),
        {},
    ),
    ("first_layer_used", lambda tmp: write_topojson_with_points(tmp), {}),
    ("topojson_crs", write_topojson, {}),
    ("no_crs_assumed", lambda tmp: write_plain_geojson(tmp, squares_as_features()), {}),
    ("reprojected", lambda tmp: write_gpkg(tmp, layer().to_crs(UTM)), {}),
    ("repaired", lambda tmp: write_plain_geojson(tmp, with_geometry(BOW_TIE)), {}),
]


def reported(path: Path, **kwargs) -> list:
    """The problems of a refused file, or the notes of an accepted one."""
    try:
        return read(path, **kwargs).notes
    except DataFileError as error:
        return error.problems


@pytest.mark.parametrize(("reason", "write", "options"), EVERY_REASON, ids=[r for r, *_ in EVERY_REASON])
def test_every_reason_reads_in_both_languages(tmp_path, reason, write, options):
    found = reported(write(tmp_path), **options)
    assert reason in {p.reason for p in found}
    for language in LANGUAGES:
        t = Translator(language)
        for problem in found:
            assert f"problems.{problem.reason}" in t.catalogue, problem.reason
            text = problem.describe(t)
            assert "{" not in text and "problems." not in text, text


def test_messages_say_where_in_spanish_and_english(tmp_path):
    problems = rejected(write_gpkg(tmp_path, layer()), code_field="CVEGEO", name_field=None)
    assert problems[0].describe(Translator("es")) == (
        "Columna «CVEGEO»: la capa no tiene este campo; sus campos son: codigo, nombre"
    )
    assert problems[0].describe(Translator("en")) == (
        'Column "CVEGEO": the layer has no such field; its fields are: codigo, nombre'
    )
    note = read(write_gpkg(tmp_path, layer().to_crs("EPSG:32616"), name="utm.gpkg")).notes[0]
    assert note.describe(Translator("es")) == "reproyectado de EPSG:32616 a EPSG:4326 (WGS 84)"
