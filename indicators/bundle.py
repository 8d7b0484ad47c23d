"""The bundled data (data/countries.csv, data/places.csv, data/boundaries/): its digests, reading it, and
reloading the datasets whose files changed.

This module decides what to reload and reads and checks the files; the store only writes the rows it is
given (`Store.write_bundle`, one transaction), so a bad file leaves the database exactly as it was.
"""

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from indicators import geo, places
from indicators.validation import DataFileError, Problem, decode_text

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
        catalogue = places.read_places(path, set(country_rows["iso3"]), geo.bundled_country_boxes(data_dir))
        problems = places.replacement_problems(catalogue, store.places_in_use(), store.registered_places())
        if problems:
            raise DataFileError(path.name, problems)
        staged["places"] = catalogue
    if "boundaries" in changed:
        staged["boundaries"] = read_bundled_boundaries(data_dir / "boundaries")
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


def read_countries(path: Path) -> pd.DataFrame:
    text, problems, notes = decode_text(path.read_bytes())
    if problems or notes:  # a stray byte is named by row; a whole file in another encoding is refused
        raise DataFileError(path.name, problems or [Problem(None, None, "", "not_utf8")])
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    expected = ["iso3", "iso_numeric", "name_es", "name_en"]
    problems = [Problem(None, c, "", "missing_column") for c in expected if c not in frame.columns]
    if problems:
        raise DataFileError(path.name, problems)
    return frame[expected]


def read_bundled_boundaries(boundary_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sources, rows): the layers listed in sources.csv and every polygon of them, tagged by layer."""
    sources = geo.read_sources(boundary_dir / "sources.csv")
    layers = []
    for source in sources.itertuples(index=False):
        rows = geo.read_boundary_layer(boundary_dir / source.file, source.code_field, source.name_field)
        rows.insert(0, "layer", source.layer)
        layers.append(rows)
    return sources, pd.concat(layers, ignore_index=True)
