"""The seminar's people in the database: the roster, personal check-in codes (stored hashed), attendance
per activity, and removal on request. New roster or attendance queries go in `ParticipantsMixin`.

Removing a person (`delete_participant`) deletes every row that names them: the roster row, their
personal code, their attendance and their certificates. What is left is anonymous: how many people
were removed and how many attendances they had per activity (`removed_counts`), so that the closing
report's totals can say what is missing from them.
"""

import datetime as dt
import uuid

import pandas as pd

from indicators import access

ROSTER_FIELDS = ("name", "email", "role", "organisation", "place_id", "country", "kind", "mode")
REMOVED_PEOPLE = "participants"  # the row of removed_counts that counts people
REMOVED_ATTENDED = "attended:"  # + activity key: attendances of removed people


def _row(values: dict) -> list:
    return [
        (values.get(f) or None) if f in ("place_id", "country") else (values.get(f) or "")
        for f in ROSTER_FIELDS
    ]


class ParticipantsMixin:
    # --- the roster ------------------------------------------------------------------------------

    def participants(self) -> pd.DataFrame:
        """Everyone on the roster (personal data: organisers only), with whether they hold a personal
        code; no place or country reads as ""."""
        frame = self.query(
            f"""
            SELECT p.participant_id, {", ".join(f"p.{f}" for f in ROSTER_FIELDS)},
                   c.participant_id IS NOT NULL AS has_code, p.updated_at, p.updated_by
            FROM participants p LEFT JOIN participant_codes c USING (participant_id)
            ORDER BY p.country NULLS LAST, p.name, p.email
            """
        )
        return frame.fillna({"place_id": "", "country": ""})

    def save_roster(self, rows: list[dict], by: str) -> tuple[int, int]:
        """A checked roster in: a known e-mail updates that person, a new one adds them; (new, updated)."""
        now = dt.datetime.now()
        with self.transaction(changes=("activity",)) as cur:
            known = dict(cur.execute("SELECT email, participant_id FROM participants").fetchall())
            new = [r for r in rows if r["email"] not in known]
            updates = [r for r in rows if r["email"] in known]
            if new:
                cur.executemany(
                    "INSERT INTO participants VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [[str(uuid.uuid4()), *_row(r), now, now, by] for r in new],
                )
            for r in updates:
                self._update(cur, known[r["email"]], r, by, now)
        return len(new), len(updates)

    def add_participant(self, values: dict, by: str) -> str:
        participant_id, now = str(uuid.uuid4()), dt.datetime.now()
        with self.transaction(changes=("activity",)) as cur:
            cur.execute(
                "INSERT INTO participants VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [participant_id, *_row(values), now, now, by],
            )
        return participant_id

    def update_participant(self, participant_id: str, values: dict, by: str) -> None:
        with self.transaction(changes=("activity",)) as cur:
            self._update(cur, participant_id, values, by, dt.datetime.now())

    def _update(self, cur, participant_id: str, values: dict, by: str, now: dt.datetime) -> None:
        assignments = ", ".join(f"{f} = ?" for f in ROSTER_FIELDS)
        cur.execute(
            f"UPDATE participants SET {assignments}, updated_at = ?, updated_by = ? WHERE participant_id = ?",
            [*_row(values), now, by, participant_id],
        )

    def delete_participant(self, email: str) -> bool:
        """Remove a person's personal data everywhere it is kept; False if no one has this e-mail."""
        with self.transaction(changes=("activity",)) as cur:
            found = cur.execute("SELECT participant_id FROM participants WHERE email = ?", [email]).fetchone()
            if found is None:
                return False
            participant_id = found[0]
            attended = cur.execute(
                "SELECT activity FROM attendance WHERE participant_id = ? AND attended", [participant_id]
            ).fetchall()
            for what in [REMOVED_PEOPLE, *(REMOVED_ATTENDED + a for (a,) in attended)]:
                row = cur.execute("SELECT count FROM removed_counts WHERE what = ?", [what]).fetchone()
                cur.execute(
                    "INSERT OR REPLACE INTO removed_counts VALUES (?, ?)", [what, (row[0] if row else 0) + 1]
                )
            for table in ("attendance", "participant_codes", "certificates", "participants"):
                cur.execute(f"DELETE FROM {table} WHERE participant_id = ?", [participant_id])
        return True

    def removed_counts(self) -> dict[str, int]:
        """{"participants": people removed on request, "attended:<activity>": their attendances}."""
        rows = self.query("SELECT what, count FROM removed_counts")
        return dict(zip(rows["what"], rows["count"].astype(int), strict=True))

    # --- personal check-in codes -----------------------------------------------------------------

    def create_participant_codes(self, participant_ids: list[str]) -> dict[str, str]:
        """A new personal code for each person (an older one stops working); the plain codes are
        returned once and only their hash is kept."""
        codes = {pid: access.new_code() for pid in participant_ids}
        now = dt.datetime.now()
        with self.transaction(changes=("activity",)) as cur:
            for pid, code in codes.items():
                cur.execute("DELETE FROM participant_codes WHERE participant_id = ?", [pid])
                cur.execute(
                    "INSERT INTO participant_codes VALUES (?, ?, ?)", [pid, access.hash_code(code), now]
                )
        return codes

    def participant_for_checkin(self, typed: str) -> str | None:
        """The person a typed e-mail address or personal code names, or None."""
        text = (typed or "").strip()
        if "@" in text:
            rows = self.query("SELECT participant_id FROM participants WHERE email = ?", [text.lower()])
        else:
            code = access.normalise(text)
            if code is None:
                return None
            rows = self.query(
                "SELECT participant_id FROM participant_codes WHERE code_hash = ?", [access.hash_code(code)]
            )
        return rows.iloc[0, 0] if len(rows) else None

    # --- attendance ------------------------------------------------------------------------------

    def record_attendance(self, marks: list[tuple[str, str, bool]], how: str, by: str) -> None:
        """(participant_id, activity, attended) marks; a later mark of the same pair replaces the earlier."""
        now = dt.datetime.now()
        with self.transaction(changes=("activity",)) as cur:
            cur.executemany(
                "INSERT OR REPLACE INTO attendance VALUES (?, ?, ?, ?, ?, ?)",
                [[pid, activity, bool(attended), how, now, by] for pid, activity, attended in marks],
            )

    def attendance(self) -> pd.DataFrame:
        """Every mark: participant_id, activity, attended, how (import, checkin, hand), when and by whom."""
        return self.query("SELECT * FROM attendance ORDER BY recorded_at")

    def attendance_count(self, activity: str) -> int:
        """How many attended an activity (an anonymous count, for the check-in screen)."""
        rows = self.query("SELECT count(*) AS n FROM attendance WHERE activity = ? AND attended", [activity])
        return int(rows.iloc[0, 0])
