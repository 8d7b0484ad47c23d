"""Importing an official boundary layer: check the file, match it to the catalogue, replace atomically.

The file's rules live in indicators/boundaries.py (and polygons.py), the pairing with places in
indicators/matching.py; this module ties them to the store so the command line and the organisers'
page import in exactly the same way.
"""

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from indicators import geo
from indicators.boundaries import BoundaryFile, read_boundaries, read_boundary_file
from indicators.i18n import Translator
from indicators.matching import match_places
from indicators.polygons import extent_problems
from indicators.reader import is_web_url
from indicators.store import Store
from indicators.validation import DataFileError, Problem, listed

ADMIN_LEVELS = ("adm1", "adm2")
MAX_LISTED = 20  # polygons that matched no place, listed in the report (a municipal layer has thousands)


@dataclass(frozen=True)
class LayerReport:
    layer: str
    features: int
    matched: pd.DataFrame  # place_id, code, how ("code" or "name")
    unmatched_places: pd.DataFrame  # place_id, name
    unmatched_features: pd.DataFrame  # code, name
    notes: list[Problem]
    left_out: pd.DataFrame  # code, name, why: features of the file kept out of the layer
    # Codes of the file new to the layer, codes whose polygon it replaced, and codes of the previous
    # layer (bundled or imported) that the file does not cover and that stay.
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def layer_id(country: str, admin_level: str) -> str:
    """One layer per country and level: a new import replaces the previous one ("mex-adm2")."""
    return f"{country.lower()}-{admin_level}"


def check_request(
    country: str, admin_level: str, source: str, licence: str, known_countries: set[str], url: str = ""
) -> None:
    problems = []
    if country not in known_countries:
        problems.append(Problem(None, "country", country, "unknown_country"))
    if admin_level not in ADMIN_LEVELS:
        problems.append(
            Problem(None, "level", admin_level, "not_in_list", {"allowed": ", ".join(ADMIN_LEVELS)})
        )
    for column, value in (("source", source), ("licence", licence)):
        if not value.strip():
            problems.append(Problem(None, column, "", "required"))
    if url.strip() and not is_web_url(url):
        # The map links to it: "javascript:" or "data:" must never be stored, let alone drawn.
        problems.append(Problem(None, "url", url.strip(), "bad_url"))
    if problems:
        raise DataFileError("import-boundaries", problems)


def import_layer(
    store: Store,
    data: bytes | Path,
    file_name: str,
    country: str,
    admin_level: str,
    code_field: str,
    name_field: str | None,
    source: str,
    licence: str,
    url: str = "",
    strict: bool = False,
) -> LayerReport:
    """Read and check the whole file, then replace the country's layer of that level in one transaction.

    `data` is the file's bytes (an upload) or its path (a file on disk, read by GDAL where it lies:
    a national layer of hundreds of MB is never held in memory)."""
    check_request(country, admin_level, source, licence, set(store.countries()["iso3"]), url)
    if isinstance(data, Path):
        checked = read_boundary_file(data, code_field, name_field, strict=strict)
    else:
        checked = read_boundaries(data, file_name, code_field, name_field, strict=strict)
    return _replace(store, checked, file_name, country, admin_level, source, licence, url)


def import_layer_file(store: Store, path: Path, *choices, **options) -> LayerReport:
    """`import_layer` for a file on disk; the same choices after the path."""
    return import_layer(store, Path(path), Path(path).name, *choices, **options)


def store_missing_views(store: Store) -> list[str]:
    """Simplify, once, the layers stored before the map's views and shapes were (older databases)."""
    missing = store.layers_without_view()
    for layer in missing:
        store.store_boundary_view(layer, geo.context_view(store.boundary_layer(layer)))
    without_shapes = store.layers_without_shapes()
    for layer in without_shapes:
        rows = store.boundary_layer(layer)
        store.store_boundary_shapes(layer, rows.assign(shape=geo.map_shapes(rows)))
    return list(dict.fromkeys(missing + without_shapes))


def _replace(
    store: Store,
    checked: BoundaryFile,
    file_name: str,
    country: str,
    admin_level: str,
    source: str,
    licence: str,
    url: str,
) -> LayerReport:
    """Match the checked file to the catalogue and replace the layer (see `import_layer`)."""
    box = country_box(store, country)
    if box:
        problems = extent_problems(checked.rows, box, country)
        if problems:
            raise DataFileError(file_name, problems)
    layer = layer_id(country, admin_level)
    rows, change = merged_layer(store.boundary_layer(layer), checked.rows)
    places = store.places(igm_only=False)
    candidates = places[(places["country"] == country) & (places["admin_level"] == admin_level)]
    matched, unmatched_places, unmatched_features = match_places(
        rows[["code", "name"]], candidates[["place_id", "name", "official_code"]]
    )
    # The report speaks of the file: polygons kept from the previous layer are counted apart.
    unmatched_features = unmatched_features[unmatched_features["code"].isin(set(checked.rows["code"]))]
    source_record = {
        "title": source.strip(),
        "licence": licence.strip(),
        "url": url.strip(),
        "attribution": source.strip(),
    }
    previous = store.boundary_sources().set_index("layer")
    if change["kept"] and layer in previous.index:
        source_record = with_previous_source(source_record, previous.loc[layer])
    # Simplified here, once: the map draws these shapes and this view, and never simplifies the full
    # layer again.
    rows = rows.assign(shape=geo.map_shapes(rows))
    view = geo.context_view(rows)
    store.replace_boundary_layer(layer, country, admin_level, source_record, rows, matched, file_name, view)
    return LayerReport(
        layer,
        len(checked.rows),
        matched,
        unmatched_places,
        unmatched_features,
        checked.notes,
        checked.left_out,
        **change,
    )


def merged_layer(previous: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """The layer after a file is imported over `previous` (code, name, geom): the file's polygons, plus
    those of `previous` whose code the file does not hold. A file that covers part of a country (one
    state) adds to the layer, and replaces the polygons of the codes it brings ("8" and "08" are one)."""

    def key(code: str) -> str:
        return str(int(code)) if code.isascii() and code.isdigit() else code

    new_keys = {key(code) for code in new["code"]}
    previous_keys = {key(code) for code in previous["code"]}
    kept = previous.loc[np.array([key(code) not in new_keys for code in previous["code"]], dtype=bool)]
    change = {
        "added": [code for code in new["code"] if key(code) not in previous_keys],
        "replaced": [code for code in new["code"] if key(code) in previous_keys],
        "kept": list(kept["code"]),
    }
    rows = pd.concat([new, kept[["code", "name", "geom"]]], ignore_index=True)
    return rows, change


def with_previous_source(source: dict, previous: pd.Series) -> dict:
    """The source of a layer that keeps polygons of the previous one: both, newest first, so the map's
    attribution still credits the polygons that stayed."""
    if previous["title"] == source["title"] and previous["licence"] == source["licence"]:
        return source
    return {
        "title": f"{source['title']}; {previous['title']}",
        "licence": f"{source['licence']}; {previous['licence']}",
        "url": source["url"] or (previous["url"] or ""),
        "attribution": f"{source['attribution']}; {previous['attribution']}",
    }


def country_box(store: Store, country: str) -> tuple | None:
    """The country's box from the bundled outlines in the store (None if there are none)."""
    sources = store.boundary_sources()
    outlines = sources.loc[sources["admin_level"] == "adm0", "layer"]
    if outlines.empty:
        return None
    return geo.country_boxes(store.boundary_layer(outlines.iloc[0])).get(country)


def layer_report_lines(report: LayerReport, t: Translator) -> list[str]:
    """The import report as lines: the layer, notes, matched places, unmatched places and polygons."""
    lines = [t("layers.imported", layer=report.layer, features=report.features)]
    lines += [f"  · {note.describe(t)}" for note in report.notes]
    if len(report.left_out):
        lines.append(t("layers.left_out", count=len(report.left_out)))
        lines += [
            f"  - {r.code or '—'} ({r.name or '—'}): {t(f'layers.why_{r.why}')}"
            for r in report.left_out.head(MAX_LISTED).itertuples()
        ]
        if len(report.left_out) > MAX_LISTED:
            lines.append(f"  … {t('layers.and_more', count=len(report.left_out) - MAX_LISTED)}")
    if report.replaced or report.kept:
        counts = {"added": len(report.added), "replaced": len(report.replaced), "kept": len(report.kept)}
        lines.append(t("layers.partial", **counts))
        if report.kept:
            lines.append(f"  - {t('layers.kept_codes', codes=listed(report.kept, MAX_LISTED))}")
    lines.append(t("layers.matched", count=len(report.matched)))
    lines += [f"  - {r.place_id} ← {r.code} ({t(f'layers.by_{r.how}')})" for r in report.matched.itertuples()]
    lines.append(t("layers.unmatched_places", count=len(report.unmatched_places)))
    lines += [f"  - {r.place_id} ({r.name})" for r in report.unmatched_places.itertuples()]
    lines.append(t("layers.unmatched_features", count=len(report.unmatched_features)))
    shown = report.unmatched_features.head(MAX_LISTED)
    lines += [f"  - {r.code} ({r.name})" if r.name else f"  - {r.code}" for r in shown.itertuples()]
    if len(report.unmatched_features) > MAX_LISTED:
        lines.append(f"  … {t('layers.and_more', count=len(report.unmatched_features) - MAX_LISTED)}")
    return lines
