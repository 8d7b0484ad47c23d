"""Access codes in the database (stored hashed; the plain code is returned once), their life (an expiry
day, revocation, the last use) and the failed attempts that rate-limit guessing. New code queries go
in `AccessCodesMixin`.

A code is known to organisers by its short id (access.code_id, derived from the stored hash): lists
show it instead of the code, which is never kept.
"""

import datetime as dt

import pandas as pd

from indicators import access

CODE_COLUMNS = (
    "place_id",
    "created_at",
    "created_by",
    "expires_on",
    "last_used_at",
    "revoked_at",
    "revoked_by",
)


class AccessCodesMixin:
    def create_access_codes(
        self, place_id: str, count: int, created_by: str, expires_on: dt.date | None = None
    ) -> list[str]:
        """New codes for a place, usable through `expires_on` (None: no end); returned once, never stored."""
        codes = [access.new_code() for _ in range(count)]
        now = dt.datetime.now()
        with self.transaction(changes=("activity",)) as cur:
            cur.executemany(
                "INSERT INTO access_codes (code_hash, place_id, created_at, created_by, expires_on)"
                " VALUES (?, ?, ?, ?, ?)",
                [[access.hash_code(c), place_id, now, created_by, expires_on] for c in codes],
            )
        return codes

    def access_code_state(self, code: str, today: dt.date | None = None) -> tuple[str, str] | None:
        """(place_id, "live" | "revoked" | "expired") of a typed code, or None when no such code exists."""
        rows = self.query(
            "SELECT place_id, expires_on, revoked_at FROM access_codes WHERE code_hash = ?",
            [access.hash_code(code)],
        )
        if not len(rows):
            return None
        row = rows.iloc[0]
        return row["place_id"], access.code_state(row["revoked_at"], row["expires_on"], today)

    def place_for_code(self, code: str, today: dt.date | None = None) -> str | None:
        """The place a code opens today; None for an unknown, revoked or expired code."""
        found = self.access_code_state(code, today)
        return found[0] if found and found[1] == "live" else None

    def record_code_use(self, code: str, at: dt.datetime) -> None:
        with self.transaction(changes=("activity",)) as cur:
            cur.execute(
                "UPDATE access_codes SET last_used_at = ? WHERE code_hash = ?", [at, access.hash_code(code)]
            )

    def access_codes(self, place_ids: list[str] | None = None, today: dt.date | None = None) -> pd.DataFrame:
        """Every code (of `place_ids`, when given) by short id, with its life and state: never the code."""
        where, params = "", []
        if place_ids is not None:
            where = f" WHERE place_id IN ({', '.join('?' * len(place_ids))})" if place_ids else " WHERE false"
            params = list(place_ids)
        rows = self.query(
            f"SELECT code_hash, {', '.join(CODE_COLUMNS)} FROM access_codes{where}"
            " ORDER BY created_at DESC, place_id, code_hash",
            params,
        )
        rows.insert(0, "code_id", rows.pop("code_hash").map(access.code_id))
        rows["state"] = [
            access.code_state(revoked, expires, today)
            for revoked, expires in zip(rows["revoked_at"], rows["expires_on"], strict=True)
        ]
        return rows

    def revoke_access_codes(
        self,
        by: str,
        code: str | None = None,
        code_ids: list[str] | None = None,
        place_id: str | None = None,
    ) -> pd.DataFrame:
        """Revoke one code (the code itself), codes by short id, or every code of a place; returns the
        codes revoked now (code_id, place_id). A code already revoked stays as it was."""
        rows = self.query("SELECT code_hash, place_id FROM access_codes WHERE revoked_at IS NULL")
        rows["code_id"] = rows["code_hash"].map(access.code_id)
        if code is not None:
            rows = rows[rows["code_hash"] == access.hash_code(code)]
        if code_ids is not None:
            rows = rows[rows["code_id"].isin(code_ids)]
        if place_id is not None:
            rows = rows[rows["place_id"] == place_id]
        if rows.empty:
            return rows[["code_id", "place_id"]]
        now = dt.datetime.now()
        with self.transaction(changes=("activity",)) as cur:
            cur.executemany(
                "UPDATE access_codes SET revoked_at = ?, revoked_by = ? WHERE code_hash = ?",
                [[now, by, code_hash] for code_hash in rows["code_hash"]],
            )
        return rows[["code_id", "place_id"]].reset_index(drop=True)

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
