"""Boundary files read where they lie on disk (the command line): GDAL parses them, Python never holds
the text, and the limit is set for real national layers rather than for uploads held in memory."""

import json

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box

from indicators import boundaries
from indicators.boundaries import (
    GEOJSON_CRS_MEMBER,
    MAX_FILE_BYTES,
    MAX_FILE_ON_DISK_BYTES,
    MAX_ZIP_BYTES,
    _mentions,
    list_fields,
    list_file_fields,
    read_boundaries,
    read_boundary_file,
)
from indicators.i18n import Translator
from indicators.layers import import_layer_file
from indicators.validation import DataFileError

EN = Translator("en")


def squares_geojson(path, crs_last: bool = False, projected: bool = False):
    """Three squares in Honduras; optionally in UTM 16N metres, with the "crs" member after the features."""
    frame = gpd.GeoDataFrame(
        {"CODE": ["0703", "1401", "0999"], "NAME": ["Danli", "Ocotepeque", "Otro"]},
        geometry=[
            box(-86.7, 13.9, -86.4, 14.2),
            box(-89.3, 14.3, -89.0, 14.6),
            box(-87.5, 14.5, -87.3, 14.7),
        ],
        crs="EPSG:4326",
    )
    if projected:
        frame = frame.to_crs("EPSG:32616")
    data = json.loads(frame.to_json())
    if projected:
        crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32616"}}
        # Far from the head of the file: found by reading it a chunk at a time, not by loading it.
        data = (
            {"type": data["type"], "features": data["features"], "crs": crs}
            if crs_last
            else {"crs": crs, **data}
        )
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def describe(rows):
    return sorted(zip(rows["code"], rows["name"], strict=True))


def test_a_file_on_disk_reads_as_its_upload_does(tmp_path):
    path = squares_geojson(tmp_path / "hnd.geojson")
    on_disk = read_boundary_file(path, "CODE", "NAME")
    uploaded = read_boundaries(path.read_bytes(), path.name, "CODE", "NAME")
    assert describe(on_disk.rows) == describe(uploaded.rows)
    assert list(on_disk.rows["geom"]) == list(uploaded.rows["geom"])
    assert [n.describe(EN) for n in on_disk.notes] == [n.describe(EN) for n in uploaded.notes]
    assert list_file_fields(path) == list_fields(path.read_bytes(), path.name)


@pytest.mark.parametrize("projected", [False, True])
def test_a_large_upload_is_parsed_once_and_reads_as_a_small_one(tmp_path, monkeypatch, projected):
    """Over COUNTED_BYTES (20 MB; here lowered to 1 byte) an uploaded GeoJSON skips the feature count
    and is read once: same fields, rows, polygons and notes as the small-file way."""
    path = squares_geojson(tmp_path / "hnd.geojson", projected=projected)
    small = read_boundaries(path.read_bytes(), path.name, "CODE", "NAME")
    fields = list_fields(path.read_bytes(), path.name)
    monkeypatch.setattr(boundaries, "COUNTED_BYTES", 1)
    large = read_boundaries(path.read_bytes(), path.name, "CODE", "NAME")
    assert describe(large.rows) == describe(small.rows)
    assert list(large.rows["geom"]) == list(small.rows["geom"])
    assert [n.describe(EN) for n in large.notes] == [n.describe(EN) for n in small.notes]
    assert large.source_crs == small.source_crs
    assert list_fields(path.read_bytes(), path.name) == fields
    with pytest.raises(DataFileError) as refused:
        read_boundaries(path.read_bytes(), path.name, "CVEGEO", "NAME")
    assert [(p.column, p.reason) for p in refused.value.problems] == [("CVEGEO", "missing_field")]


def test_a_zipped_shapefile_keeps_its_own_limit(tmp_path, monkeypatch):
    """A GeoJSON may be uploaded up to MAX_FILE_BYTES; a zip only up to MAX_ZIP_BYTES, which also
    bounds what it may inflate to."""
    monkeypatch.setattr(boundaries, "MAX_ZIP_BYTES", 10)
    with pytest.raises(DataFileError) as refused:
        read_boundaries(b"PK" + b"\0" * 20, "municipios.zip", "CODE", "NAME")
    assert [(p.reason, p.params) for p in refused.value.problems] == [
        ("too_big", {"limit": f"{10 / 2**20:g}"})
    ]


@pytest.mark.parametrize("crs_last", [False, True])
def test_a_declared_crs_is_found_anywhere_in_the_file(tmp_path, crs_last):
    path = squares_geojson(tmp_path / "utm.geojson", crs_last=crs_last, projected=True)
    checked = read_boundary_file(path, "CODE", "NAME")
    assert checked.source_crs == "EPSG:32616"
    assert any("EPSG:32616" in note.describe(EN) for note in checked.notes)  # reprojected, and said so
    xmin, ymin, xmax, ymax = shapely.total_bounds(shapely.from_wkb(list(checked.rows["geom"])))
    assert -89.4 < xmin < xmax < -86.3 and 13.8 < ymin < ymax < 14.8  # back in longitude and latitude


def test_national_layers_fit_the_limits_on_disk_and_for_uploads(tmp_path):
    path = squares_geojson(tmp_path / "hnd.geojson")
    size = path.stat().st_size
    # INEGI's national GeoJSON (338 MB) fits both; a zipped Shapefile keeps its own, smaller limit.
    assert MAX_FILE_ON_DISK_BYTES >= MAX_FILE_BYTES >= 340 * 1024 * 1024 > MAX_ZIP_BYTES
    with pytest.raises(DataFileError) as refused:
        read_boundaries(path.read_bytes(), path.name, "CODE", "NAME", max_bytes=size - 1)
    assert [p.reason for p in refused.value.problems] == ["too_big"]
    assert len(read_boundary_file(path, "CODE", "NAME", max_bytes=size).rows) == 3
    with pytest.raises(DataFileError) as refused:
        read_boundary_file(path, "CODE", "NAME", max_bytes=size - 1)
    assert [p.reason for p in refused.value.problems] == ["too_big"]


def test_a_missing_field_and_an_empty_file_are_named(tmp_path):
    path = squares_geojson(tmp_path / "hnd.geojson")
    with pytest.raises(DataFileError) as refused:
        read_boundary_file(path, "CVEGEO", "NAME")
    assert [(p.column, p.reason) for p in refused.value.problems] == [("CVEGEO", "missing_field")]
    empty = tmp_path / "empty.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(DataFileError) as refused:
        read_boundary_file(empty, "CODE", None)
    assert refused.value.problems[0].reason in ("empty_file", "missing_field")


def test_the_command_line_path_imports_and_stores_the_map_view(store, tmp_path):
    path = squares_geojson(tmp_path / "hnd.geojson")
    report = import_layer_file(store, path, "HND", "adm2", "CODE", "NAME", "HDX COD-AB Honduras", "CC BY-IGO")
    assert report.features == 3 and "hnd-danli" in set(report.matched["place_id"])
    view = json.loads(store.boundary_view(report.layer))
    assert len(view["features"]) == 3


@pytest.mark.parametrize("chunk", [7, 16, 64, 1024])
def test_the_crs_member_is_found_across_chunk_boundaries(tmp_path, chunk):
    path = squares_geojson(tmp_path / "utm.geojson", crs_last=True, projected=True)
    assert _mentions(path, GEOJSON_CRS_MEMBER, chunk=chunk)
    plain = squares_geojson(tmp_path / "plain.geojson")
    assert not _mentions(plain, GEOJSON_CRS_MEMBER, chunk=chunk)
