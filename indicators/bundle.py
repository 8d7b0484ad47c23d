"""The bundled data (data/countries.csv, data/places.csv, data/boundaries/): its digests, reading it, and
reloading the datasets whose files changed.

This module decides what to reload and reads and checks the files; the store only writes the rows it is
given (`Store.write_bundle`, one transaction), so a bad file leaves the database exactly as it was.
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from indicators import geo, places
from indicators.reader import Field, check_rows, read_bundled_csv
from indicators.validation import DataFileError

if TYPE_CHECKING:
    from indicators.store import Store


@dataclass
class BundleReport:
    reloaded: list[str] = field(default_factory=list)


def load_bundled(store: "Store", data_dir: Path, force: bool = False) -> BundleReport:
    """Reload every bundled dataset whose files changed (all of them with `force`).

    Each changed dataset is read and checked in full before anything is written.
    """
    hashes = bundle_hashes(data_dir)
    loaded = store.bundle_digests()
    changed = [name for name, digest in hashes.items() if force or loaded.get(name) != digest]
    if not changed:
        return BundleReport()
    country_rows = read_countries(data_dir / "countries.csv")
    staged = {"countries": country_rows}
    if "places" in changed:
        staged["places"] = checked_catalogue(store, data_dir, set(country_rows["iso3"]))
    if "boundaries" in changed:
        staged["boundaries"] = read_bundled_boundaries(data_dir / "boundaries", set(country_rows["iso3"]))
    store.write_bundle({name: staged[name] for name in changed}, {name: hashes[name] for name in changed})
    return BundleReport(reloaded=changed)


def checked_catalogue(store: "Store", data_dir: Path, known_countries: set[str]) -> pd.DataFrame:
    """places.csv checked, and against the database it would replace (`places.replacement_problems`).

    A catalogue with no place is refused; when places it would drop hold data, those are named
    instead, since that is what the organisers have to put back."""
    path, boxes = data_dir / "places.csv", bundled_country_boxes(data_dir, known_countries)
    empty = None
    try:
        catalogue = places.read_places(path, known_countries, boxes)
    except DataFileError as refusal:
        if [problem.reason for problem in refusal.problems] != ["header_only"]:
            raise
        catalogue, empty = places.typed_places(pd.DataFrame(columns=list(places.COLUMNS))), refusal
    problems = places.replacement_problems(catalogue, store.places_in_use(), store.registered_places())
    if problems:
        raise DataFileError(path.name, problems)
    if empty is not None:
        raise empty
    return catalogue


def bundle_hashes(data_dir: Path) -> dict[str, str]:
    """One digest per bundled dataset; countries feed the check of places, so places include them."""

    def digest(*paths: Path) -> str:
        h = hashlib.sha256()
        for path in paths:
            h.update(path.name.encode())
            h.update(path.read_bytes())
        return h.hexdigest()

    boundary_dir = data_dir / "boundaries"
    return {
        "countries": digest(data_dir / "countries.csv"),
        "places": digest(data_dir / "countries.csv", data_dir / "places.csv"),
        "boundaries": digest(*sorted(p for p in boundary_dir.iterdir() if p.is_file())),
    }


ISO3 = re.compile(r"^[A-Z]{3}$")
ISO_NUMERIC = re.compile(r"^[0-9]{3}$")
COUNTRY_FIELDS = (
    Field("iso3", True, pattern=ISO3, unique=True),
    Field("iso_numeric", True, pattern=ISO_NUMERIC),
    Field("name_es", True),
    Field("name_en", True),
)
COUNTRY_COLUMNS = tuple(field.name for field in COUNTRY_FIELDS)


def read_countries(path: Path) -> pd.DataFrame:
    """data/countries.csv checked (ISO 3166-1 codes, both names); DataFileError listing every problem."""
    rows, problems = check_rows(read_bundled_csv(path), COUNTRY_FIELDS)
    if problems:
        raise DataFileError(path.name, problems)
    return pd.DataFrame([row.values for row in rows], columns=list(COUNTRY_COLUMNS))


# adm0 (the countries' outlines) spans every country, so only its country may be empty.
SOURCE_LEVELS = ("adm0", "adm1", "adm2")


def read_boundary_sources(path: Path, known_countries: set[str]) -> pd.DataFrame:
    """boundaries/sources.csv checked against geo.SOURCE_COLUMNS: every layer names an existing file
    beside it, a known country, its level, title and licence; DataFileError listing every problem."""
    folder = path.parent

    def file_beside(name: str) -> tuple[str, dict] | None:
        return None if (folder / name).is_file() else ("not_found", {"path": str(folder / name)})

    # In the order their values are checked: what each layer must say, then what it points at.
    fields = (
        Field("layer", True, unique=True),
        *(Field(name, True) for name in ("code_field", "name_field", "title", "licence")),
        Field("file", True, check=file_beside),
        Field("admin_level", True, choices=SOURCE_LEVELS),
        Field("country", choices=known_countries, fault=("unknown_country", {})),
        Field("url", kind="url"),
        Field("attribution"),
    )

    def country_unless_outlines(number: int, values: dict[str, str], faulty: set[str]):
        outlines = values["admin_level"] == "adm0"
        return [] if values["country"] or outlines else [("country", "required", {})]

    rows, problems = check_rows(read_bundled_csv(path), fields, country_unless_outlines)
    if problems:
        raise DataFileError(path.name, problems)
    return pd.DataFrame([row.values for row in rows], columns=list(geo.SOURCE_COLUMNS))


def bundled_country_boxes(data_dir: Path, known_countries: set[str] | None = None) -> dict[str, tuple]:
    """The boxes of the bundled country outlines (the adm0 layer of boundaries/sources.csv)."""
    if known_countries is None:
        known_countries = set(read_countries(data_dir / "countries.csv")["iso3"])
    sources = read_boundary_sources(data_dir / "boundaries" / "sources.csv", known_countries)
    outline = sources[sources["admin_level"] == "adm0"].iloc[0]
    rows = geo.read_boundary_layer(
        data_dir / "boundaries" / outline.file, outline.code_field, outline.name_field
    )
    return geo.country_boxes(rows)


def read_bundled_boundaries(
    boundary_dir: Path, known_countries: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sources, rows): the layers listed in sources.csv and every polygon of them, tagged by layer,
    each with its shape for the map (geo.map_shapes)."""
    sources = read_boundary_sources(boundary_dir / "sources.csv", known_countries)
    layers = []
    for source in sources.itertuples(index=False):
        rows = geo.read_boundary_layer(boundary_dir / source.file, source.code_field, source.name_field)
        rows.insert(0, "layer", source.layer)
        rows["shape"] = geo.map_shapes(rows)  # simplified here, once, for the map
        layers.append(rows)
    return sources, pd.concat(layers, ignore_index=True)
