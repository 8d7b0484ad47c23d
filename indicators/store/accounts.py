"""Organiser accounts in the database: who they are, their role and country, the password's hash (never
the password), whether they are disabled, when they were made and last logged in. New account queries go
in `AccountsMixin`; what the fields mean and who may do what is indicators/accounts.py.

Account writes bump no data revision: no cached page shows accounts, each session reads its own row.
"""

import datetime as dt

import pandas as pd

from indicators.accounts import Account

# What lists show: everything but the hash.
LISTED = (
    "user_name, display_name, role, country, disabled, created_at, created_by, password_set_at, last_login"
)


class AccountTaken(ValueError):
    """A user name that another account already has."""


class AccountsMixin:
    def add_account(self, account: Account, password_hash: str, created_by: str) -> None:
        now = dt.datetime.now()
        with self.transaction(changes=()) as cur:
            if cur.execute("SELECT 1 FROM accounts WHERE user_name = ?", [account.user]).fetchone():
                raise AccountTaken(account.user)
            cur.execute(
                "INSERT INTO accounts (user_name, display_name, role, country, password_hash, disabled,"
                " created_at, created_by, password_set_at) VALUES (?, ?, ?, ?, ?, false, ?, ?, ?)",
                [
                    account.user,
                    account.name,
                    account.role,
                    account.country,
                    password_hash,
                    now,
                    created_by,
                    now,
                ],
            )

    def account(self, user: str) -> Account | None:
        rows = self.query(f"SELECT {LISTED} FROM accounts WHERE user_name = ?", [user])
        return Account.from_row(rows.iloc[0].to_dict()) if len(rows) else None

    def password_hash(self, user: str) -> str | None:
        rows = self.query("SELECT password_hash FROM accounts WHERE user_name = ?", [user])
        return rows.iloc[0, 0] if len(rows) else None

    def accounts(self) -> pd.DataFrame:
        """Every account, by user name: never a password or its hash."""
        return self.query(f"SELECT {LISTED} FROM accounts ORDER BY user_name")

    def account_count(self) -> int:
        return int(self.query("SELECT count(*) FROM accounts").iloc[0, 0])

    def set_account_disabled(self, user: str, disabled: bool) -> None:
        with self.transaction(changes=()) as cur:
            cur.execute("UPDATE accounts SET disabled = ? WHERE user_name = ?", [disabled, user])

    def set_password(self, user: str, password_hash: str) -> None:
        """A new password; sessions opened before it end at their next click (accounts.session_problem)."""
        with self.transaction(changes=()) as cur:
            cur.execute(
                "UPDATE accounts SET password_hash = ?, password_set_at = ? WHERE user_name = ?",
                [password_hash, dt.datetime.now(), user],
            )

    def record_login(self, user: str, at: dt.datetime, rehashed: str | None = None) -> None:
        """The last log-in; with `rehashed`, the same password hashed at today's cost (its time unchanged,
        so the session just opened goes on)."""
        with self.transaction(changes=()) as cur:
            cur.execute("UPDATE accounts SET last_login = ? WHERE user_name = ?", [at, user])
            if rehashed:
                cur.execute("UPDATE accounts SET password_hash = ? WHERE user_name = ?", [rehashed, user])
