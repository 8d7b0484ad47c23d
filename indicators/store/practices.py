"""Good practices in the database: added (from a file or the profile's form) as pending, reviewed by
the organisers, read by state, place or area. New practice queries go in `PracticesMixin`.

The rules of a practice are indicators/practices.py's; this module only stores what it checked.
"""

import datetime as dt
import uuid

import pandas as pd

from indicators.practices import DECISIONS, STATES, Practice

# A practice's id is typed by organisers (`practices approve ID`): eight hex digits are short enough
# to type and, for the few hundred practices a region has, never repeat (checked anyway).
ID_LENGTH = 8


class PracticesMixin:
    def add_practices(
        self,
        practices: list[Practice],
        submitted_by: str,
        file_name: str | None = None,
        is_example: bool = False,
        state: str = "pending",
    ) -> tuple[list[str], int]:
        """Store new practices in `state` (pending unless said), in one transaction.

        A practice already stored (same place, area and title, whatever its case or state) is left as
        it is, so importing a file twice adds nothing. Returns (the new practices' ids, how many were
        already there)."""
        if state not in STATES:
            raise ValueError(f"state must be one of {STATES}")
        now = dt.datetime.now()
        added: list[str] = []
        with self.transaction(changes=("practices",)) as cur:
            stored = cur.execute(
                "SELECT practice_id, place_id, area_key, lower(title) FROM practices"
            ).fetchall()
            ids = {row[0] for row in stored}
            known = {row[1:] for row in stored}
            for practice in practices:
                identity = (practice.place_id, practice.area_key, practice.title.lower())
                if identity in known:
                    continue
                known.add(identity)
                practice_id = uuid.uuid4().hex[:ID_LENGTH]
                while practice_id in ids:
                    practice_id = uuid.uuid4().hex[:ID_LENGTH]
                ids.add(practice_id)
                added.append(practice_id)
                cur.execute(
                    "INSERT INTO practices (practice_id, place_id, area_key, title, description, url, year,"
                    " source, state, is_example, submitted_by, submitted_at, file_name)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        practice_id,
                        practice.place_id,
                        practice.area_key,
                        practice.title,
                        practice.description,
                        practice.url,
                        practice.year,
                        practice.source,
                        state,
                        is_example,
                        submitted_by,
                        now,
                        file_name,
                    ],
                )
        return added, len(practices) - len(added)

    def practices(
        self, state: str | None = None, place_id: str | None = None, area_key: str | None = None
    ) -> pd.DataFrame:
        """Practices with their place's name and country, newest first; narrowed by state, place, area."""
        return self.query(
            """
            SELECT r.practice_id, r.place_id, p.name AS place_name, p.country, r.area_key, r.title,
                   r.description, r.url, r.year, r.source, r.state, r.is_example, r.submitted_by,
                   r.submitted_at, r.file_name, r.reviewed_by, r.reviewed_at
            FROM practices r JOIN places p USING (place_id)
            WHERE (? IS NULL OR r.state = ?) AND (? IS NULL OR r.place_id = ?)
              AND (? IS NULL OR r.area_key = ?)
            ORDER BY r.submitted_at DESC, r.practice_id
            """,
            [state, state, place_id, place_id, area_key, area_key],
        ).astype({"year": "Int64"})

    def practice(self, practice_id: str) -> dict | None:
        rows = self.practices_by_id([practice_id])
        return rows.iloc[0].to_dict() if len(rows) else None

    def practices_by_id(self, practice_ids: list[str]) -> pd.DataFrame:
        every = self.query(
            "SELECT r.*, p.country FROM practices r JOIN places p USING (place_id)"
            " WHERE list_contains(?, r.practice_id)",
            [practice_ids],
        )
        return every.astype({"year": "Int64"})

    def review_practice(self, practice_id: str, decision: str, reviewed_by: str) -> str | None:
        """Approve or reject a practice; returns the state it had, or None when there is no such id."""
        if decision not in DECISIONS:
            raise ValueError(f"decision must be one of {DECISIONS}")
        with self.transaction(changes=("practices",)) as cur:
            found = cur.execute("SELECT state FROM practices WHERE practice_id = ?", [practice_id]).fetchone()
            if found is None:
                return None
            cur.execute(
                "UPDATE practices SET state = ?, reviewed_by = ?, reviewed_at = ? WHERE practice_id = ?",
                [decision, reviewed_by, dt.datetime.now(), practice_id],
            )
        return found[0]
