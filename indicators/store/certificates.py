"""Certificates in the database: one row per issued certificate, found by the hash of its code (the
plain code is printed on the PDF and never stored). New certificate queries go in `CertificatesMixin`.

A certificate keeps the name and the seminar exactly as printed, so that the public page confirms
what the paper says even after the roster is corrected; removing a person on request deletes their
certificates too (store/participants.py), and their codes then read as not valid.
"""

import datetime as dt
import json

import pandas as pd

from indicators import verification


class CertificatesMixin:
    def store_certificates(self, issued: list[tuple[str, str, str]], seminar: dict, by: str) -> None:
        """(code, participant_id, name as printed) for each certificate written; only the hashes stay."""
        now = dt.datetime.now()
        about = json.dumps(seminar, ensure_ascii=False, sort_keys=True)
        with self.transaction(changes=("activity",)) as cur:
            cur.executemany(
                "INSERT INTO certificates VALUES (?, ?, ?, ?, ?, ?)",
                [[verification.hash_code(code), pid, name, about, now, by] for code, pid, name in issued],
            )

    def certificate_for_code(self, code: str) -> dict | None:
        """The certificate a (normalised) code belongs to: name, seminar (dict), issued_at; or None."""
        rows = self.query(
            "SELECT name, seminar, issued_at FROM certificates WHERE code_hash = ?",
            [verification.hash_code(code)],
        )
        if not len(rows):
            return None
        row = rows.iloc[0]
        return {"name": row["name"], "seminar": json.loads(row["seminar"]), "issued_at": row["issued_at"]}

    def certificate_counts(self) -> pd.DataFrame:
        """Per participant: how many certificates were issued and when the last one was."""
        return self.query(
            "SELECT participant_id, count(*) AS issued, max(issued_at) AS last_issued FROM certificates"
            " GROUP BY participant_id"
        )
