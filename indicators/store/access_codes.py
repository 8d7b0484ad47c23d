"""Access codes in the database (stored hashed; the plain code is returned once) and the failed
attempts that rate-limit guessing. New code queries go in `AccessCodesMixin`.
"""

import datetime as dt

import pandas as pd

from indicators import access


class AccessCodesMixin:
    def create_access_codes(self, place_id: str, count: int, created_by: str) -> list[str]:
        """New codes for a place; the plain codes are returned once and never stored."""
        codes = [access.new_code() for _ in range(count)]
        now = dt.datetime.now()
        with self.transaction(changes=("activity",)) as cur:
            cur.executemany(
                "INSERT INTO access_codes VALUES (?, ?, ?, ?)",
                [[access.hash_code(c), place_id, now, created_by] for c in codes],
            )
        return codes

    def place_for_code(self, code: str) -> str | None:
        rows = self.query("SELECT place_id FROM access_codes WHERE code_hash = ?", [access.hash_code(code)])
        return rows.iloc[0, 0] if len(rows) else None

    def access_code_counts(self) -> pd.DataFrame:
        return self.query(
            "SELECT place_id, count(*) AS codes, max(created_at) AS last_created FROM access_codes"
            " GROUP BY place_id ORDER BY place_id"
        )

    def record_failed_attempt(self, client: str, at: dt.datetime) -> None:
        """Keep a failure and drop those the window no longer counts (the table stays small)."""
        with self.transaction(changes=("activity",)) as cur:
            cur.execute("DELETE FROM code_attempts WHERE failed_at < ?", [at - access.FAILURE_WINDOW])
            cur.execute("INSERT INTO code_attempts VALUES (?, ?)", [client, at])

    def failed_attempts(self, client: str, since: dt.datetime) -> list[dt.datetime]:
        rows = self.query(
            "SELECT failed_at FROM code_attempts WHERE client = ? AND failed_at >= ?", [client, since]
        )
        return [t.to_pydatetime() for t in rows["failed_at"]]
