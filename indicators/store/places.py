"""Countries and places in the database: reading them, and places registered by organisers.

The bundled catalogue itself is written by bundle_loading.py; its contract lives in indicators/places.py.
New place or country queries go in `PlacesMixin`.
"""

import pandas as pd

from indicators import places as catalogue

# The columns of places.csv and what loading derives from them (the as-of period, the admin level).
PLACE_COLUMNS = (*catalogue.COLUMNS, "admin_level", "status_start", "status_end")


class PlacesMixin:
    def countries(self) -> pd.DataFrame:
        return self.query("SELECT * FROM countries ORDER BY iso3")

    def places(self, igm_only: bool = True) -> pd.DataFrame:
        """The IGM places (default), or every place including municipalities registered by organisers."""
        where = "WHERE status <> 'none'" if igm_only else ""
        frame = self.query(f"SELECT {', '.join(PLACE_COLUMNS)} FROM places {where} ORDER BY country, name")
        for column in ("status_start", "status_end"):
            frame[column] = [d.date() if pd.notna(d) else None for d in frame[column]]
        return frame

    def register_place(
        self, place_id: str, name: str, level: str, country: str, admin1: str, official_code: str
    ) -> None:
        """A local government that may answer the self-assessment; it has no IGM status (status 'none')."""
        with self.transaction(changes=("catalogue",)) as cur:
            cur.execute(
                "INSERT INTO places (place_id, name, level, admin_level, country, admin1, official_code,"
                " code_verified, status, source_url, verified, origin)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, false, 'none', '', false, 'organiser')",
                [place_id, name, level, catalogue.PLACE_LEVELS[level], country, admin1, official_code],
            )

    def places_in_use(self) -> pd.DataFrame:
        """Places that data hangs on (place_id, name, origin, assessments, codes, results): removing one
        from the catalogue would orphan its self-assessments, access codes or IGM results."""
        return self.query(
            """
            SELECT p.place_id, p.name, p.origin,
                   (SELECT count(*) FROM assessments a WHERE a.place_id = p.place_id) AS assessments,
                   (SELECT count(*) FROM access_codes c WHERE c.place_id = p.place_id) AS codes,
                   (SELECT count(*) FROM igm_imports i WHERE i.place_id = p.place_id AND i.is_current)
                       AS results
            FROM places p
            WHERE assessments + codes + results > 0
            ORDER BY p.place_id
            """
        )

    def registered_places(self) -> pd.DataFrame:
        """Places organisers registered in the app (place_id, name, country): ids the catalogue must leave."""
        return self.query(
            "SELECT place_id, name, country FROM places WHERE origin = 'organiser' ORDER BY place_id"
        )
