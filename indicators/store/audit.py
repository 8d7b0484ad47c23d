"""The audit trail in the database: rows are appended and read, never changed or removed (this mixin has
no statement that could). What a row means is indicators/audit.py.

Audit rows bump no data revision (changes=()): no cached page shows them, so a log-in never makes
every other screen recompute.
"""

import datetime as dt

import pandas as pd


class AuditMixin:
    def record_audit(self, account: str, action: str, target: str = "", address: str = "") -> None:
        with self.transaction(changes=()) as cur:
            cur.execute(
                "INSERT INTO audit_log (logged_at, account, action, target, address) VALUES (?, ?, ?, ?, ?)",
                [dt.datetime.now(), account, action, target or "", address or ""],
            )

    def audit_rows(
        self,
        since: dt.date | None = None,
        accounts: list[str] | None = None,
        actions: list[str] | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """The trail, oldest first (the newest `limit` rows with a limit), narrowed to a day onwards,
        to accounts and to actions when given."""
        clauses, params = [], []
        if since is not None:
            clauses.append("logged_at >= ?")
            params.append(dt.datetime.combine(since, dt.time()))
        for column, values in (("account", accounts), ("action", actions)):
            if values is not None:
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})" if values else "false")
                params += list(values)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        columns = "logged_at, account, action, target, address"
        if limit is None:
            return self.query(f"SELECT {columns} FROM audit_log{where} ORDER BY logged_at", params)
        newest = f"SELECT {columns} FROM audit_log{where} ORDER BY logged_at DESC LIMIT {int(limit)}"
        return self.query(f"SELECT * FROM ({newest}) ORDER BY logged_at", params)

    def audit_accounts(self) -> list[str]:
        """Every account name the trail holds (for a filter)."""
        return self.query("SELECT DISTINCT account FROM audit_log ORDER BY account")["account"].tolist()
