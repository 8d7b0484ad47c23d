"""Boundary files organisers import: the contract of a polygon layer, checked whole before anything is kept.

Owns the formats accepted (GeoJSON, TopoJSON, GeoPackage, zipped Shapefile), the rules a layer meets
(a non-empty, unique code per feature; polygons only, valid or repairable; a declared coordinate system,
or coordinates that can only be longitude/latitude) and the reprojection to EPSG:4326. Pairing the
features with the catalogue's places is indicators/matching.py's. Every fault is reported at
once and a file with any fault yields nothing. A geometry is never invented: a feature without a polygon
is a fault to report, not a gap to fill.
"""

import re
import tempfile
import warnings
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj.exceptions import CRSError

from indicators.places import slugify
from indicators.polygons import checked_polygons, crs_label
from indicators.reader import cell_text, check_envelope, extract_within, megabytes
from indicators.reader.envelope import MAX_ZIP_RATIO
from indicators.validation import DataFileError, Problem, listed

FORMATS = (".geojson", ".json", ".topojson", ".gpkg", ".zip")  # .zip = zipped Shapefile
# An upload (the organisers' page): INEGI's national municipal GeoJSON as published is 338 MB. The
# page's uploader and Streamlit's server.maxUploadSize (.streamlit/config.toml) say the same 400 MB.
UPLOAD_MB = 400
MAX_FILE_BYTES = UPLOAD_MB * 1024 * 1024
# A file already on disk (the command line) is read by GDAL where it lies, never loaded into Python.
MAX_FILE_ON_DISK_BYTES = 600 * 1024 * 1024
# A zipped Shapefile is inflated from memory: at most this size, and UNZIPPED_FACTOR times it inflated.
MAX_ZIP_BYTES = 100 * 1024 * 1024
# Up to this size a file's features are counted when it is opened, so an empty layer is named before
# the organiser picks fields. A larger GeoJSON is parsed once only, when it is read: each parse of
# INEGI's 338 MB layer takes seconds.
COUNTED_BYTES = 20 * 1024 * 1024
# What GDAL may say it opened for each extension: a .json read as CSV or ESRI JSON is not what was meant.
DRIVERS = {
    ".geojson": ("GeoJSON", "TopoJSON"),
    ".json": ("GeoJSON", "TopoJSON"),
    ".topojson": ("GeoJSON", "TopoJSON"),
    ".gpkg": ("GPKG",),
    ".zip": ("ESRI Shapefile",),
}
SHAPEFILE_REQUIRED = (".dbf", ".shx")
# The other parts GDAL uses: the coordinate system and the text encoding of the attributes.
SHAPEFILE_OPTIONAL = (".prj", ".cpg")
# The most a zipped Shapefile may inflate to, as a multiple of the largest zip accepted (1 GB); and
# at most reader.envelope.MAX_ZIP_RATIO times the zip's own size.
UNZIPPED_FACTOR = 10
# Codes that stand for "no code" in official files (compared in lower case); all-zero codes too.
PLACEHOLDER_CODES = {
    "-",
    "--",
    "n/a",
    "na",
    "nd",
    "s/c",
    "null",
    "none",
    "nan",
    "?",
    "sin código",
    "sin codigo",
}
# Past this many features without a code, one more line says how many; the first ones show the pattern.
LISTED_ROWS = 20
# A GeoJSON "crs" member, wherever it is; GDAL reports EPSG:4326 for a GeoJSON without one, so only the
# text tells a file that declared nothing from one that declared WGS 84.
GEOJSON_CRS_MEMBER = re.compile(rb'"crs"\s*:')
# GDAL's messages end with advice for programmers after "; ".
DETAIL_LENGTH = 200
UNSUPPORTED = Problem(None, None, "", "boundary_format", {"formats": ", ".join(FORMATS)})


@dataclass(frozen=True)
class BoundaryFile:
    rows: pd.DataFrame  # code (str, stripped), name (str, "" without a name field), geom (WKB, EPSG:4326)
    notes: list[Problem]  # how the file was read (layer, CRS, repairs, merges): not faults
    source_crs: str | None  # the CRS the file declared ("EPSG:32616"), None when it declared none
    # Features kept out of the layer, with why ("no_code", "placeholder_code", "shared_code"): official
    # files hold lakes, disputed or unassigned areas under an empty, placeholder or shared code.
    left_out: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["code", "name", "why"]))


@dataclass(frozen=True)
class _Layer:
    """The layer GDAL will read: where it is now, which one, and what the file said about itself."""

    path: Path
    name: str | None  # None: the file's only layer
    driver: str
    fields: list[str] | None  # None: known once the layer is read (see _layer_on_disk)
    notes: list[Problem]


def list_fields(data: bytes, file_name: str, max_bytes: int = MAX_FILE_BYTES) -> list[str]:
    """The attribute fields of the file's layer, for the organiser to pick the code and name fields.

    Raises DataFileError for the faults of the file as a whole, as `read_boundaries` does.
    """
    with _opened(data, file_name, max_bytes) as layer:
        return _fields(layer, file_name)


def read_boundaries(
    data: bytes,
    file_name: str,
    code_field: str,
    name_field: str | None,
    max_bytes: int = MAX_FILE_BYTES,
    strict: bool = False,
) -> BoundaryFile:
    """Check a whole boundary file; raise DataFileError listing every problem, else its rows in EPSG:4326.

    Features that share a code and a name are one place in several parts (islands) and are merged into
    one multipolygon. Features without a usable code (empty or a placeholder such as "0"), or sharing a
    code under different names (two lakes both coded 0), are left out and listed in `left_out`; with
    `strict` they are faults and the file is refused.
    """
    with _opened(data, file_name, max_bytes) as layer:
        declares_crs = layer.driver != "GeoJSON" or bool(GEOJSON_CRS_MEMBER.search(data))
        return _checked_layer(layer, file_name, code_field, name_field, declares_crs, strict)


def read_boundary_file(
    path: Path,
    code_field: str,
    name_field: str | None,
    max_bytes: int = MAX_FILE_ON_DISK_BYTES,
    strict: bool = False,
) -> BoundaryFile:
    """`read_boundaries` for a file on disk: GDAL reads it in place, so a national layer of hundreds of
    MB is never held as text in Python. A zipped Shapefile goes through `read_boundaries` (its checks
    of what the zip holds apply)."""
    path = Path(path)
    if path.suffix.lower() == ".zip":
        return read_boundaries(_zip_bytes(path), path.name, code_field, name_field, strict=strict)
    layer = _layer_on_disk(path, max_bytes)
    declares_crs = layer.driver != "GeoJSON" or _mentions(path, GEOJSON_CRS_MEMBER)
    return _checked_layer(layer, path.name, code_field, name_field, declares_crs, strict)


def list_file_fields(path: Path, max_bytes: int = MAX_FILE_ON_DISK_BYTES) -> list[str]:
    """`list_fields` for a file on disk (see `read_boundary_file`)."""
    path = Path(path)
    if path.suffix.lower() == ".zip":
        return list_fields(_zip_bytes(path), path.name)
    return _fields(_layer_on_disk(path, max_bytes), path.name)


def _fields(layer: _Layer, file_name: str) -> list[str]:
    if layer.fields is not None:
        return list(layer.fields)
    try:
        return [str(f) for f in pyogrio.read_info(layer.path, force_feature_count=False)["fields"]]
    except RuntimeError as exc:
        raise _unreadable(exc, layer.path, file_name) from exc


def _zip_bytes(path: Path) -> bytes:
    """A zipped Shapefile is opened from memory with the zip checks; it must fit the zip limit."""
    if path.stat().st_size > MAX_ZIP_BYTES:
        problem = Problem(None, None, "", "too_big", {"limit": megabytes(MAX_ZIP_BYTES)})
        raise DataFileError(path.name, [problem])
    return path.read_bytes()


def _layer_on_disk(path: Path, max_bytes: int) -> _Layer:
    size = path.stat().st_size
    extension = check_envelope(path.name, size, FORMATS, max_bytes, UNSUPPORTED)
    return _layer_sized(path, extension, path.name, size)


def _layer_sized(path: Path, extension: str, file_name: str, size: int) -> _Layer:
    """`_layer`, parsing a large GeoJSON as few times as possible."""
    if size > COUNTED_BYTES and extension in (".geojson", ".json") and _is_feature_collection(path):
        # GDAL parses a GeoJSON whole each time it opens one, and a GeoJSON has one layer: it is read
        # once, with every field, and the fields are checked after (`fields` None). A TopoJSON may hold
        # several layers and goes the general way.
        return _Layer(path, None, "GeoJSON", None, [])
    return _layer(path, extension, file_name, count_features=size <= COUNTED_BYTES)


def _is_feature_collection(path: Path, head_bytes: int = 64 * 1024) -> bool:
    """Whether the file starts as a GeoJSON FeatureCollection (not a TopoJSON, not an Esri JSON)."""
    with path.open("rb") as handle:
        head = handle.read(head_bytes)
    return (
        head.lstrip()[:1] == b"{"
        and re.search(rb'"type"\s*:\s*"FeatureCollection"', head) is not None
        and b'"Topology"' not in head
    )


def _mentions(path: Path, pattern: re.Pattern, chunk: int = 8 * 1024 * 1024) -> bool:
    """Whether the file's bytes match `pattern`, read a chunk at a time (with an overlap)."""
    tail = b""
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            window = tail + block
            if pattern.search(window):
                return True
            tail = window[-64:]
    return False


def _checked_layer(
    layer: _Layer, file_name: str, code_field: str, name_field: str | None, declares_crs: bool, strict: bool
) -> BoundaryFile:
    """The checks of `read_boundaries` on an opened layer (see there); a layer whose `fields` are not
    known yet (a large GeoJSON, read once) is read whole and its fields checked then."""
    frame, fields = None, layer.fields
    if fields is None:
        frame = _read_frame(layer, None, file_name)
        fields = [str(column) for column in frame.columns if column != "geometry"]
    problems = _field_problems(fields, code_field, name_field)
    if problems:
        raise DataFileError(file_name, problems)
    if frame is None:
        frame = _read_frame(layer, [code_field, *([name_field] if name_field else [])], file_name)
    if frame.empty:
        raise DataFileError(file_name, [Problem(None, None, "", "empty_file")])
    codes = [cell_text(value) for value in frame[code_field]]
    names = [cell_text(value) for value in frame[name_field]] if name_field else [""] * len(codes)
    why = _why_left_out(codes, names)
    problems = _code_problems(codes, code_field, why) if strict else []
    kept = (
        np.array([reason is None for reason in why], dtype=bool) if not strict else np.ones(len(codes), bool)
    )
    notes = list(layer.notes)
    crs = frame.crs if declares_crs else None
    kept_codes = [code for code, keep in zip(codes, kept, strict=True) if keep]
    geoms, geometry_problems, geometry_notes = checked_polygons(
        np.array(frame.geometry.to_numpy(), dtype=object)[kept], crs, layer.driver, _labels(kept_codes)
    )
    problems += geometry_problems
    notes += geometry_notes
    if problems:
        raise DataFileError(file_name, problems)
    if not kept.any():
        raise DataFileError(file_name, [Problem(None, code_field, "", "no_usable_code")])
    kept_names = [name for name, keep in zip(names, kept, strict=True) if keep]
    rows, merged = _merged_parts(kept_codes, kept_names, geoms)
    if merged:
        notes.append(Problem(None, None, "", "parts_merged", {"count": len(merged), "codes": listed(merged)}))
    left_out = pd.DataFrame(
        [(c, n, w) for c, n, w in zip(codes, names, why, strict=True) if w is not None],
        columns=["code", "name", "why"],
        dtype=str,
    )
    return BoundaryFile(rows, notes, crs_label(crs) if crs is not None else None, left_out)


# --- the file and its layer ------------------------------------------------------------------------


@contextmanager
def _opened(data: bytes, file_name: str, max_bytes: int) -> Iterator[_Layer]:
    """The file's layer in a private temporary folder, removed when the caller is done with it."""
    if Path(file_name).suffix.lower() == ".zip":
        max_bytes = min(max_bytes, MAX_ZIP_BYTES)
    extension = check_envelope(file_name, len(data), FORMATS, max_bytes, UNSUPPORTED)
    with tempfile.TemporaryDirectory(prefix="igm-boundaries-") as folder:
        if extension == ".zip":
            path = _unzipped_shapefile(data, file_name, Path(folder), max_bytes * UNZIPPED_FACTOR)
            yield _layer(path, extension, file_name)
        else:
            path = Path(folder) / f"layer{extension}"
            path.write_bytes(data)
            yield _layer_sized(path, extension, file_name, len(data))


def _unzipped_shapefile(data: bytes, file_name: str, folder: Path, max_unzipped: int) -> Path:
    """The one Shapefile of a zip, its parts written under fixed names (whatever the zip calls them)."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise DataFileError(file_name, [Problem(None, None, "", "bad_zip")]) from exc
    members = [m for m in archive.infolist() if not m.is_dir() and not _is_clutter(m.filename)]
    shapefiles = [m for m in members if m.filename.lower().endswith(".shp")]
    if not shapefiles:
        files = listed([m.filename for m in members]) or "—"
        raise DataFileError(file_name, [Problem(None, None, "", "zip_without_shapefile", {"files": files})])
    if len(shapefiles) > 1:
        files = listed([m.filename for m in shapefiles])
        raise DataFileError(file_name, [Problem(None, None, "", "zip_several_shapefiles", {"files": files})])
    stem = shapefiles[0].filename[:-4]
    # Only the exact siblings: "munis.shp.xml" (ArcGIS metadata) is not the .shx or the .dbf.
    parts = {
        m.filename[len(stem) :].lower(): m
        for m in members
        if len(m.filename) == len(stem) + 4 and m.filename.lower().startswith(stem.lower())
    }
    missing = [f"{Path(stem).name}{ext}" for ext in SHAPEFILE_REQUIRED if ext not in parts]
    if missing:
        raise DataFileError(
            file_name, [Problem(None, None, "", "zip_missing_part", {"part": part}) for part in missing]
        )
    kept = {
        f"layer{ext}": parts[ext]
        for ext in (".shp", *SHAPEFILE_REQUIRED, *SHAPEFILE_OPTIONAL)
        if ext in parts
    }
    extract_within(archive, kept, folder, min(max_unzipped, len(data) * MAX_ZIP_RATIO), file_name)
    return folder / "layer.shp"


def _is_clutter(name: str) -> bool:
    """Files macOS adds to the zips it makes ("__MACOSX/", "._munis.shp"): not part of the layer."""
    return name.startswith("__MACOSX/") or Path(name).name.startswith("._")


def _layer(path: Path, extension: str, file_name: str, count_features: bool = True) -> _Layer:
    """The layer to read: the first of polygons, else the first with geometries; noted if there are others.

    Counting the features reads a GeoJSON through once more; a large file skips it (`count_features`)
    and an empty layer is found when it is read."""
    try:
        layers = pyogrio.list_layers(path)
    except RuntimeError as exc:  # every pyogrio error is one; GDAL's message says what it could not read
        raise _unreadable(exc, path, file_name) from exc
    if len(layers) == 0:
        raise DataFileError(file_name, [Problem(None, None, "", "empty_file")])
    spatial = [str(name) for name, geometry_type in layers if geometry_type is not None]
    if not spatial:
        # A GeoPackage can hold only tables (attributes exported without their shapes).
        raise DataFileError(file_name, [Problem(None, None, "", "table_without_geometry")])
    # Points of the seats often travel with the municipalities; the polygons are what is wanted.
    polygonal = [str(name) for name, geometry_type in layers if "Polygon" in str(geometry_type)]
    chosen = (polygonal or spatial)[0]
    notes = []
    if len(layers) > 1:
        others = ", ".join(str(name) for name, _ in layers if str(name) != chosen)
        notes.append(Problem(None, None, "", "first_layer_used", {"layer": chosen, "others": others}))
    try:
        info = pyogrio.read_info(path, layer=chosen, force_feature_count=count_features)
    except RuntimeError as exc:
        raise _unreadable(exc, path, file_name) from exc
    if info["driver"] not in DRIVERS[extension]:
        detail = f"GDAL {info['driver']}"
        raise DataFileError(file_name, [Problem(None, None, "", "unreadable_layer", {"detail": detail})])
    if info["features"] == 0:
        raise DataFileError(file_name, [Problem(None, None, "", "empty_file")])
    return _Layer(path, chosen, info["driver"], [str(f) for f in info["fields"]], notes)


def _read_frame(layer: _Layer, columns: list[str], file_name: str) -> gpd.GeoDataFrame:
    try:
        with warnings.catch_warnings():
            # A GeoJSON field holding numbers and text is handed over as text, which is what is wanted.
            warnings.filterwarnings("ignore", "Could not parse column", UserWarning)
            # A geometry GEOS cannot build (a ring of two points) comes back as None and is reported as
            # a feature without a polygon, rather than making the whole file unreadable.
            return pyogrio.read_dataframe(
                layer.path, layer=layer.name, columns=columns, force_2d=True, on_invalid="ignore"
            )
    except (RuntimeError, CRSError) as exc:
        raise _unreadable(exc, layer.path, file_name) from exc


def _unreadable(exc: Exception, path: Path, file_name: str) -> DataFileError:
    """GDAL's reason, naming the uploaded file rather than the temporary copy."""
    detail = str(exc).replace(str(path), file_name).replace(f"{path.parent}/", "").split("; ")[0]
    detail = detail.strip()[:DETAIL_LENGTH]
    return DataFileError(file_name, [Problem(None, None, "", "unreadable_layer", {"detail": detail})])


def _field_problems(fields: list[str], code_field: str, name_field: str | None) -> list[Problem]:
    available = ", ".join(fields) or "—"
    return [
        Problem(None, field, "", "missing_field", {"fields": available})
        for field in (code_field, name_field)
        if field is not None and field not in fields
    ]


# --- codes -----------------------------------------------------------------------------------------


def placeholder_code(code: str) -> bool:
    """A code that names no place: empty, all zeros ("0", "000"), or a filler such as "-", "N/A", "null"."""
    return not code or set(code) == {"0"} or code.casefold() in PLACEHOLDER_CODES


def _why_left_out(codes: list[str], names: list[str]) -> list[str | None]:
    """Per feature, why it cannot be a place's polygon, or None when it can.

    A code shared by features of one name is one place in several parts; shared under different
    names it says nothing about which place is meant, so none of those features is kept.
    """
    names_of = defaultdict(set)
    for code, name in zip(codes, names, strict=True):
        names_of[code].add(slugify(name))
    return [
        "no_code"
        if not code
        else "placeholder_code"
        if placeholder_code(code)
        else "shared_code"
        if len(names_of[code]) > 1
        else None
        for code in codes
    ]


def _merged_parts(codes: list[str], names: list[str], geoms: np.ndarray) -> tuple[pd.DataFrame, list[str]]:
    """One row per code, its parts joined into one (multi)polygon, in the order codes first appear."""
    parts = defaultdict(list)
    for index, code in enumerate(codes):
        parts[code].append(index)
    merged = [code for code, indexes in parts.items() if len(indexes) > 1]
    joined = [
        geoms[indexes[0]] if len(indexes) == 1 else shapely.union_all(geoms[indexes])
        for indexes in parts.values()
    ]
    rows = pd.DataFrame(
        {
            "code": list(parts),
            "name": [names[indexes[0]] for indexes in parts.values()],
            "geom": list(shapely.to_wkb(np.array(joined, dtype=object))),
        }
    )
    return rows, merged


def _code_problems(codes: list[str], code_field: str, why: list[str | None]) -> list[Problem]:
    """Strict reading: a code for every feature (by feature number, from 1), no placeholder code, and
    no code shared by features of different names."""
    empty = [number for number, reason in enumerate(why, start=1) if reason == "no_code"]
    problems = [Problem(number, code_field, "", "required") for number in empty[:LISTED_ROWS]]
    if len(empty) > LISTED_ROWS:
        problems.append(
            Problem(None, code_field, "", "more_without_code", {"count": len(empty) - LISTED_ROWS})
        )
    placeholders = [
        Problem(number, code_field, code, "placeholder_code")
        for number, (code, reason) in enumerate(zip(codes, why, strict=True), start=1)
        if reason == "placeholder_code"
    ]
    problems += placeholders[:LISTED_ROWS]
    shared = list(
        dict.fromkeys(code for code, reason in zip(codes, why, strict=True) if reason == "shared_code")
    )
    if shared:
        params = {"count": len(shared), "codes": listed(shared)}
        problems.append(Problem(None, code_field, "", "duplicate_codes", params))
    return problems


def _labels(codes: list[str]) -> list[str]:
    """How a message names each feature: its code, or "#7" (its number) when it has none."""
    return [code or f"#{number}" for number, code in enumerate(codes, start=1)]
