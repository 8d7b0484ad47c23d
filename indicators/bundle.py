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
from urllib.parse import urlparse

import pandas as pd

from indicators import geo, places
from indicators.validation import DataFileError, Problem, missing_columns, read_csv_file

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
        path = data_dir / "places.csv"
        known = set(country_rows["iso3"])
        catalogue = places.read_places(path, known, bundled_country_boxes(data_dir, known))
        problems = places.replacement_problems(catalogue, store.places_in_use(), store.registered_places())
        if problems:
            raise DataFileError(path.name, problems)
        staged["places"] = catalogue
    if "boundaries" in changed:
        staged["boundaries"] = read_bundled_boundaries(data_dir / "boundaries", set(country_rows["iso3"]))
    store.write_bundle({name: staged[name] for name in changed}, {name: hashes[name] for name in changed})
    return BundleReport(reloaded=changed)


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


COUNTRY_COLUMNS = ("iso3", "iso_numeric", "name_es", "name_en")
ISO3 = re.compile(r"^[A-Z]{3}$")
ISO_NUMERIC = re.compile(r"^[0-9]{3}$")


def read_countries(path: Path) -> pd.DataFrame:
    """data/countries.csv checked (ISO 3166-1 codes, both names); DataFileError listing every problem."""
    raw = read_csv_file(path)
    problems = check_countries(raw)
    if problems:
        raise DataFileError(path.name, problems)
    return raw[list(COUNTRY_COLUMNS)]


def check_countries(raw: pd.DataFrame) -> list[Problem]:
    missing = missing_columns(raw, COUNTRY_COLUMNS)
    if missing:
        return missing
    problems = []
    first_line_of: dict[str, int] = {}
    for index, row in raw.iterrows():
        line = index + 2
        for column, pattern in (("iso3", ISO3), ("iso_numeric", ISO_NUMERIC)):
            if not pattern.match(row[column]):
                problems.append(Problem(line, column, row[column], "bad_code", {"pattern": pattern.pattern}))
        for column in ("name_es", "name_en"):
            if not row[column].strip():
                problems.append(Problem(line, column, "", "required"))
        if row["iso3"] in first_line_of:
            problems.append(
                Problem(line, "iso3", row["iso3"], "duplicate_id", {"first": first_line_of[row["iso3"]]})
            )
        first_line_of.setdefault(row["iso3"], line)
    return problems


# adm0 (the countries' outlines) spans every country, so only its country may be empty.
SOURCE_LEVELS = ("adm0", "adm1", "adm2")
SOURCE_REQUIRED = ("file", "layer", "admin_level", "code_field", "name_field", "title", "licence")


def read_boundary_sources(path: Path, known_countries: set[str]) -> pd.DataFrame:
    """boundaries/sources.csv checked against geo.SOURCE_COLUMNS: every layer names an existing file
    beside it, a known country, its level, title and licence; DataFileError listing every problem."""
    raw = read_csv_file(path)
    problems = check_boundary_sources(raw, known_countries, path.parent)
    if problems:
        raise DataFileError(path.name, problems)
    return raw[list(geo.SOURCE_COLUMNS)]


def check_boundary_sources(raw: pd.DataFrame, known_countries: set[str], folder: Path) -> list[Problem]:
    missing = missing_columns(raw, geo.SOURCE_COLUMNS)
    if missing:
        return missing
    problems = []
    first_line_of: dict[str, int] = {}
    for index, row in raw.iterrows():
        line = index + 2
        for column in SOURCE_REQUIRED:
            if not row[column].strip():
                problems.append(Problem(line, column, "", "required"))
        if row["file"].strip() and not (folder / row["file"]).is_file():
            problems.append(
                Problem(line, "file", row["file"], "not_found", {"path": str(folder / row["file"])})
            )
        if row["admin_level"] and row["admin_level"] not in SOURCE_LEVELS:
            problems.append(
                Problem(
                    line,
                    "admin_level",
                    row["admin_level"],
                    "not_in_list",
                    {"allowed": ", ".join(SOURCE_LEVELS)},
                )
            )
        if row["country"] and row["country"] not in known_countries:
            problems.append(Problem(line, "country", row["country"], "unknown_country"))
        elif not row["country"] and row["admin_level"] != "adm0":
            problems.append(Problem(line, "country", "", "required"))
        url = urlparse(row["url"])
        if row["url"] and not (url.scheme in ("http", "https") and url.netloc):
            problems.append(Problem(line, "url", row["url"], "bad_url"))
        if row["layer"] in first_line_of:
            problems.append(
                Problem(line, "layer", row["layer"], "duplicate_id", {"first": first_line_of[row["layer"]]})
            )
        first_line_of.setdefault(row["layer"], line)
    return problems


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
