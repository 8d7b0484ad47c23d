"""Writing the bundled data into the database: the digest of each loaded dataset, and the replacement
of the bundled countries, places and boundary layers in one transaction.

Reading and checking the files, and deciding what changed, is indicators/bundle.py. Only rows whose
`origin` is 'bundled' are ever replaced: places registered and layers imported by organisers stay.
"""

import datetime as dt
from pathlib import Path

import pandas as pd

from indicators import bundle
from indicators.rounds import seminar_round
from indicators.seminar import load_seminar
from indicators.store.places import PLACE_COLUMNS


class BundleLoadingMixin:
    def load_bundled(self, data_dir: Path, force: bool = False) -> bundle.BundleReport:
        """Reload every bundled dataset whose files changed (all of them with `force`); see bundle.py.
        The seminar's round of the self-assessment is written first (data/seminar.toml; rounds.py)."""
        seminar = seminar_round(load_seminar(data_dir))
        self.ensure_seminar_round(seminar["key"], seminar["es"], seminar["en"])
        return bundle.load_bundled(self, data_dir, force)

    def bundle_digests(self) -> dict[str, str]:
        """The digest of each bundled dataset as last loaded."""
        return dict(self.query("SELECT dataset, sha256 FROM bundle_files").values.tolist())

    def write_bundle(self, staged: dict, digests: dict[str, str]) -> None:
        """Replace the bundled datasets in `staged` ("countries": rows, "places": rows, "boundaries":
        (sources, rows)) and record their digests, all in one transaction."""
        with self.transaction(changes=("catalogue",)) as cur:
            if "countries" in staged:
                _replace_countries(cur, staged["countries"])
            if "places" in staged:
                _replace_bundled_places(cur, staged["places"])
            if "boundaries" in staged:
                _replace_bundled_boundaries(cur, *staged["boundaries"])
            now = dt.datetime.now()
            for name, digest in digests.items():
                cur.execute("INSERT OR REPLACE INTO bundle_files VALUES (?, ?, ?)", [name, digest, now])


def _replace_countries(cur, rows: pd.DataFrame) -> None:
    cur.execute("DELETE FROM countries")
    cur.register("new_countries", rows)
    cur.execute("INSERT INTO countries SELECT iso3, iso_numeric, name_es, name_en FROM new_countries")
    cur.unregister("new_countries")


def _replace_bundled_places(cur, rows: pd.DataFrame) -> None:
    rows = rows.copy()
    for column in ("status_start", "status_end"):
        rows[column] = pd.to_datetime(rows[column])
    cur.execute("DELETE FROM places WHERE origin = 'bundled'")
    cur.register("new_places", rows)
    columns = ", ".join(PLACE_COLUMNS)
    cur.execute(f"INSERT INTO places ({columns}) SELECT {columns} FROM new_places")
    cur.unregister("new_places")


def _replace_bundled_boundaries(cur, sources: pd.DataFrame, rows: pd.DataFrame) -> None:
    old_layers = "SELECT layer FROM boundary_sources WHERE origin = 'bundled'"
    cur.execute(f"DELETE FROM boundaries WHERE layer IN ({old_layers})")
    cur.execute(f"DELETE FROM boundary_shapes WHERE layer IN ({old_layers})")
    cur.execute("DELETE FROM boundary_sources WHERE origin = 'bundled'")
    # A layer an organiser imported (official boundaries) takes precedence over the bundled one.
    imported = {r[0] for r in cur.execute("SELECT layer FROM boundary_sources").fetchall()}
    sources = sources[~sources["layer"].isin(imported)]
    rows = rows[~rows["layer"].isin(imported)]
    for s in sources.itertuples(index=False):
        cur.execute(
            "INSERT INTO boundary_sources (layer, country, admin_level, title, licence, url, attribution)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [s.layer, s.country or None, s.admin_level, s.title, s.licence, s.url, s.attribution],
        )
    cur.executemany(
        "INSERT INTO boundaries VALUES (?, ?, ?, ?)",
        [[r.layer, r.code, r.name, r.geom] for r in rows.itertuples(index=False)],
    )
    cur.executemany(
        "INSERT INTO boundary_shapes VALUES (?, ?, ?)",
        [[r.layer, r.code, r.shape] for r in rows.itertuples(index=False)],
    )
