"""A boundary layer's polygons checked: polygons only, a declared coordinate system (or coordinates
that can only be longitude and latitude), reprojected to EPSG:4326, invalid ones repaired where an
area is left; and a layer's extent against its country's box. A geometry is never invented."""

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from indicators.geo import WEB_CRS, in_box
from indicators.validation import Problem, listed

POLYGONAL = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)


def checked_polygons(
    geoms: np.ndarray, crs: CRS | None, driver: str, labels: list[str]
) -> tuple[np.ndarray, list[Problem], list[Problem]]:
    """Polygons in EPSG:4326, valid, with the problems found and the notes on what was done to them."""
    problems, notes = [], []
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if missing.any():
        problems.append(_features_problem("no_geometry", missing, labels))
    type_ids = shapely.get_type_id(geoms)
    other = ~missing & ~np.isin(type_ids, POLYGONAL)
    if other.any():
        kinds = ", ".join(sorted({g.geom_type for g in geoms[other]}))
        problems.append(_features_problem("not_polygons", other, labels, kinds=kinds))
    usable = ~missing & ~other

    bounds = _bounds(geoms[usable])
    if crs is None:
        if np.isfinite(bounds).all() and not _fits_lon_lat(bounds):
            problems.append(Problem(None, None, "", "no_crs_projected", _bounds_params(bounds)))
            return geoms, problems, notes
        notes.append(Problem(None, None, "", "topojson_crs" if driver == "TopoJSON" else "no_crs_assumed"))
    elif not crs.equals(WEB_CRS, ignore_axis_order=True):
        geoms = gpd.GeoSeries(geoms, crs=crs).to_crs(WEB_CRS).to_numpy()
        notes.append(Problem(None, None, "", "reprojected", {"crs": crs_label(crs)}))
        bounds = _bounds(geoms[usable])
    if usable.any() and not _fits_lon_lat(bounds):
        problems.append(Problem(None, None, "", "coordinates_out_of_range", _bounds_params(bounds)))
        return geoms, problems, notes

    invalid = usable & ~shapely.is_valid(geoms)
    if invalid.any():
        # "structure" rebuilds areas from the rings and drops what collapses to lines or points, so a
        # bow-tie becomes its two triangles and a sliver ring becomes nothing rather than a stray line.
        repaired = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
        kept = np.isin(shapely.get_type_id(repaired), POLYGONAL) & ~shapely.is_empty(repaired)
        kept &= shapely.is_valid(repaired)
        where = np.flatnonzero(invalid)
        geoms[where[kept]] = repaired[kept]
        lost = np.zeros_like(invalid)
        lost[where[~kept]] = True
        if lost.any():
            problems.append(_features_problem("unrepairable", lost, labels))
        fixed = invalid & ~lost
        if fixed.any():
            notes.append(_features_problem("repaired", fixed, labels))
    return geoms, problems, notes


def _features_problem(reason: str, mask: np.ndarray, labels: list[str], **params) -> Problem:
    """One line for many features: how many, and which (the first ones)."""
    chosen = [label for label, flagged in zip(labels, mask, strict=True) if flagged]
    return Problem(None, None, "", reason, {"count": len(chosen), "codes": listed(chosen), **params})


def _bounds(geoms: np.ndarray) -> np.ndarray:
    """xmin, ymin, xmax, ymax; NaN when there is nothing to measure."""
    return shapely.total_bounds(geoms) if len(geoms) else np.full(4, np.nan)


def _fits_lon_lat(bounds: np.ndarray) -> bool:
    xmin, ymin, xmax, ymax = bounds
    return bool(np.isfinite(bounds).all() and -180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90)


def _bounds_params(bounds: np.ndarray) -> dict:
    return dict(zip(("xmin", "ymin", "xmax", "ymax"), (f"{v:.6g}" for v in bounds), strict=True))


def crs_label(crs: CRS) -> str:
    """ "EPSG:32616" when an authority knows the CRS (a .prj's WKT usually matches one), else its name."""
    authority = crs.to_authority(min_confidence=70)
    return ":".join(authority) if authority else crs.name


def extent_problems(rows: pd.DataFrame, box: tuple, country: str) -> list[Problem]:
    """A layer for `country` must lie within its box (geo.country_boxes); one written [lat, lon] gets
    its own message, since its swapped coordinates would fall inside."""
    bounds = _bounds(shapely.from_wkb([bytes(g) for g in rows["geom"]]))
    xmin, ymin, xmax, ymax = bounds
    if in_box(box, xmin, ymin) and in_box(box, xmax, ymax):
        return []
    params = {**_bounds_params(bounds), "country": country}
    swapped = in_box(box, ymin, xmin) and in_box(box, ymax, xmax)
    return [Problem(None, None, "", "layer_swapped" if swapped else "layer_outside_country", params)]
