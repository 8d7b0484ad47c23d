"""The audit trail: every organiser action, appended with its time, account, action, target and address.

Rows are only ever added (the store's AuditMixin has no way to change or remove one). Who: an
organiser's user name, or for the command line the system user who typed it ("cli:<user>"). The
row of a quick change (codes, accounts, a registration) is written in the same transaction as the
change, so neither is kept without the other (`audited`); an import writes its row after its own
commit, because reading a large file must not hold the database's one write lock meanwhile.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd

from indicators.exports.csv import write_csv

# Every kind of row, in the order the organisers' page offers them as a filter.
ACTIONS = (
    "login",
    "login_failed",
    "logout",
    "session_ended",
    "codes_create",
    "codes_revoke",
    "export",
    "import_results",
    "import_answers",
    "import_layer",
    "place_register",
    "setting_change",
    "account_add",
    "account_disable",
    "account_enable",
    "account_reset",
    "audit_export",
    "roster_import",
    "participant_save",
    "participant_delete",
    "participant_codes",
    "attendance_import",
    "attendance_mark",
    "checkin_open",
    "certificates_issue",
    "practices_import",
    "practice_review",
    "question_moderate",
    "room_control",
    "commitment_update",
    "round_open",
    "round_close",
)
COLUMNS = ("time", "account", "action", "target", "address")
T = TypeVar("T")


@dataclass(frozen=True)
class Actor:
    """Who does something: an account's user name (or "cli:<user>") and the network address."""

    account: str
    address: str = ""


def audited(store, actor: Actor, action: str, target: str | Callable[[T], str], write: Callable[[], T]) -> T:
    """Run `write()` (store writes) and append its audit row in one transaction; returns what it returned.
    `target` may be a function of that result (what was revoked is known only once it is); when it
    returns None nothing was done, and no row is written."""
    with store.transaction(changes=()):
        result = write()
        named = target(result) if callable(target) else target
        if named is not None:
            store.record_audit(actor.account, action, named, actor.address)
    return result


def export_target(request) -> str:
    """What an export (exports.ExportRequest) held: scope, format, and the place or country."""
    return " ".join(p for p in (request.scope, request.format, request.place_id, request.country) if p)


def revoked_codes(revoked: pd.DataFrame) -> str | None:
    """The target of a revocation: "place/short id" of every code revoked (None: none was)."""
    if revoked.empty:
        return None
    return ", ".join(f"{row.place_id}/{row.code_id}" for row in revoked.itertuples(index=False))


def shown_time(value) -> str:
    """A stored time as the command line prints it (the server's clock, as stored, like the exports);
    "—" for none. Pages show times in the seminar's zone instead (ui/widgets.headed, ui/lang)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def shown_day(value) -> str:
    """A stored day (an expiry) as pages and files show it; "—" for none."""
    shown = shown_time(value)
    return shown[:10] if shown != "—" else shown


def audit_csv(rows: pd.DataFrame, title: str, today: dt.date) -> bytes:
    """The trail as CSV (the app's one CSV writer: a name that looks like a formula stays text). Each
    time carries the server's UTC offset ("2026-12-05 15:53:36+00:00"): read in San Salvador or Ottawa,
    a time with no zone would be taken for local."""
    table = rows.rename(columns={"logged_at": "time"})[list(COLUMNS)].copy()
    table["time"] = table["time"].map(
        lambda v: pd.Timestamp(v).to_pydatetime().astimezone().isoformat(sep=" ", timespec="seconds")
    )
    return write_csv(table, [title, today.isoformat()])
