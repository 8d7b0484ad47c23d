"""Importing an official boundary layer: check the file, match it to the catalogue, replace atomically.

The file reading and matching rules live in indicators/boundaries.py; this module ties them to the
store so the command line and the organisers' page import in exactly the same way.
"""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from indicators import geo
from indicators.boundaries import BoundaryFile, match_places, read_boundaries, read_boundary_file
from indicators.i18n import Translator
from indicators.store import Store
from indicators.validation import DataFileError, Problem

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


def layer_id(country: str, admin_level: str) -> str:
    """One layer per country and level: a new import replaces the previous one ("mex-adm2")."""
    return f"{country.lower()}-{admin_level}"


def check_request(
    country: str, admin_level: str, source: str, licence: str, known_countries: set[str]
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
    if problems:
        raise DataFileError("import-boundaries", problems)


def import_layer(
    store: Store,
    data: bytes,
    file_name: str,
    country: str,
    admin_level: str,
    code_field: str,
    name_field: str | None,
    source: str,
    licence: str,
    url: str = "",
) -> LayerReport:
    """Read and check the whole file, then replace the country's layer of that level in one transaction."""
    check_request(country, admin_level, source, licence, set(store.countries()["iso3"]))
    checked = read_boundaries(data, file_name, code_field, name_field)
    return _replace(store, checked, file_name, country, admin_level, source, licence, url)


def import_layer_file(
    store: Store,
    path: Path,
    country: str,
    admin_level: str,
    code_field: str,
    name_field: str | None,
    source: str,
    licence: str,
    url: str = "",
    file_name: str | None = None,
) -> LayerReport:
    """`import_layer` for a file on disk, read where it lies (a national layer of hundreds of MB).

    `file_name` is the name the user knows the file by (an upload spooled to a temporary file)."""
    check_request(country, admin_level, source, licence, set(store.countries()["iso3"]))
    checked = read_boundary_file(Path(path), code_field, name_field)
    return _replace(store, checked, file_name or Path(path).name, country, admin_level, source, licence, url)


def store_missing_views(store: Store) -> list[str]:
    """Simplify, once, the imported layers stored before the map's views were (older databases)."""
    missing = store.layers_without_view()
    for layer in missing:
        store.store_boundary_view(layer, geo.context_view(store.boundary_layer(layer)))
    return missing


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
    places = store.places(igm_only=False)
    candidates = places[(places["country"] == country) & (places["admin_level"] == admin_level)]
    matched, unmatched_places, unmatched_features = match_places(
        checked.rows[["code", "name"]], candidates[["place_id", "name", "official_code"]]
    )
    layer = layer_id(country, admin_level)
    source_record = {
        "title": source.strip(),
        "licence": licence.strip(),
        "url": url.strip(),
        "attribution": source.strip(),
    }
    # Simplified here, once: the map draws this view and never simplifies the full layer again.
    view = geo.context_view(checked.rows)
    store.replace_boundary_layer(
        layer, country, admin_level, source_record, checked.rows, matched, file_name, view
    )
    return LayerReport(layer, len(checked.rows), matched, unmatched_places, unmatched_features, checked.notes)


def layer_report_lines(report: LayerReport, t: Translator) -> list[str]:
    """The import report as lines: the layer, notes, matched places, unmatched places and polygons."""
    lines = [t("layers.imported", layer=report.layer, features=report.features)]
    lines += [f"  · {note.describe(t)}" for note in report.notes]
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
