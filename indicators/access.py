"""Access codes and resume codes (generation, normalisation, hashing, an access code's life), and the
limits on wrong tries of any secret: codes and organisers' passwords alike, per browser session and per
network address (and per account for passwords).

Codes are short enough to read aloud in a seminar room (8 characters, no 0/O or 1/I/L) and are
stored only as a PBKDF2 hash: a copy of the database does not reveal them. The hash uses a fixed
salt so that a code can be looked up directly; guessing is slowed by the rate limit.
"""

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
HASH_SALT = b"tablero-igm-local/codes"
HASH_ITERATIONS = 50_000
FAILURE_WINDOW = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Limit:
    """How many failures a client may make in FAILURE_WINDOW before it has to wait.

    Without `max_delay`, the client is locked until the window lets the oldest failure go (a browser
    session). With it, each failure past `free` doubles a short wait, up to `max_delay`: a network
    address, which a whole seminar room shares behind one router, so one person guessing slows the
    room by seconds instead of shutting it out for a quarter of an hour, while a script is held to
    one guess per `max_delay`.
    """

    free: int
    max_delay: dt.timedelta | None = None

    def blocked_until(self, failures: list[dt.datetime], now: dt.datetime) -> dt.datetime | None:
        if self.max_delay is None:
            return locked_until(failures, now, self.free)
        recent = sorted(f for f in failures if now - f < FAILURE_WINDOW)
        if len(recent) < self.free:
            return None
        doublings = min(len(recent) - self.free, 30)  # 2**30 s is far past any cap
        wait = min(dt.timedelta(seconds=2**doublings), self.max_delay)
        return recent[-1] + wait if recent[-1] + wait > now else None


# Access and resume codes (8 characters from 31: guessing one is hopeless at these rates).
MAX_FAILURES = 5
CODE_LIMITS = {"session": Limit(MAX_FAILURES), "address": Limit(30, dt.timedelta(seconds=30))}
# An organiser's password is a passphrase people choose, so its address limit is tighter. Per account,
# guesses from many addresses are slowed to one per 5 minutes, while its owner is never shut out for longer.
PASSWORD_LIMITS = {
    "session": Limit(MAX_FAILURES),
    "address": Limit(10, dt.timedelta(minutes=1)),
    "account": Limit(MAX_FAILURES, dt.timedelta(minutes=5)),
}
# A code's life: usable through its expiry day unless revoked. Codes made before codes could expire
# have no expiry day.
CODE_STATES = ("live", "expired", "revoked")


def client_address(peer: str | None, forwarded_for: str | None) -> str | None:
    """The network address to count failures against.

    Streamlit gives no address for a peer on this machine, which is what a reverse proxy in front
    (deploy/nginx.conf) is: then the last address of X-Forwarded-For, the one that proxy appended
    for the browser it serves (earlier entries come from the browser and may be forged). A peer from
    elsewhere is the browser itself, and a header it sent is not trusted.
    """
    if peer:
        return peer
    last = (forwarded_for or "").split(",")[-1].strip()
    return last or None


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise(code: str) -> str | None:
    """ "abcd efgh", "ABCD-EFGH" → "ABCD-EFGH"; None when it cannot be a code."""
    raw = re.sub(r"[\s-]", "", code or "").upper()
    if len(raw) != CODE_LENGTH or any(c not in ALPHABET for c in raw):
        return None
    return f"{raw[:4]}-{raw[4:]}"


def hash_code(code: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", code.encode(), HASH_SALT, HASH_ITERATIONS).hex()


def code_id(code_hash: str) -> str:
    """A code's short id for lists and the audit trail: 8 hex digits derived from its stored hash.

    Finding the code from it is as hard as from the hash itself (one slow PBKDF2 per guess)."""
    return hashlib.sha256(f"id:{code_hash}".encode()).hexdigest()[:8]


def code_state(revoked_at, expires_on, today: dt.date | None = None) -> str:
    """ "revoked", "expired" (its last day is past) or "live"; missing values (NULL, NaT) mean neither."""
    if revoked_at is not None and not _missing(revoked_at):
        return "revoked"
    if expires_on is not None and not _missing(expires_on):
        last_day = expires_on.date() if isinstance(expires_on, dt.datetime) else expires_on
        if hasattr(last_day, "to_pydatetime"):
            last_day = last_day.to_pydatetime().date()
        if last_day < (today or dt.date.today()):
            return "expired"
    return "live"


def _missing(value) -> bool:
    return value != value  # NaN and NaT are not equal to themselves


DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def typed_day(text: str) -> dt.date | None:
    """A day typed on a page (a code's expiry, the audit's first day): "2027-03-31" or "31/03/2027";
    None when it is no such day. Pages take a text box, not Streamlit's calendar, whose month names
    and "Choose date" are English only (docs/language.md)."""
    text = (text or "").strip()
    try:
        if match := DAY_MONTH_YEAR.match(text):
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def expiry_problem(expires_on: dt.date, today: dt.date) -> str | None:
    """Why a code cannot get this expiry day (a catalogue key under "codes."), or None."""
    return "expires_past" if expires_on < today else None


def default_expiry(today: dt.date, days: int) -> dt.date | None:
    """The expiry day of a code made today when none is given: `days` later (0: no expiry)."""
    return today + dt.timedelta(days=days) if days > 0 else None


def locked_until(
    failures: list[dt.datetime], now: dt.datetime, limit: int = MAX_FAILURES
) -> dt.datetime | None:
    """When a client may try again after `limit` wrong codes in the window, or None if it may try now."""
    recent = sorted(f for f in failures if now - f < FAILURE_WINDOW)
    if len(recent) < limit:
        return None
    return recent[-limit] + FAILURE_WINDOW


def attempt(clients: dict[str, Limit], now: dt.datetime, check: Callable, failures, record_failure):
    """One try of a secret under the limits of `clients` ({client key: Limit}).

    Returns ("locked", until) while any client must wait (the secret is not even checked);
    ("invalid", None) when `check()` finds nothing, which counts as a failure for every client key;
    ("ok", what `check()` found). `failures(client, since)` and `record_failure(client, at)` keep
    the failures (the store's code_attempts table), so every server thread sees the same counts.
    """
    waits = [
        limit.blocked_until(failures(client, now - FAILURE_WINDOW), now) for client, limit in clients.items()
    ]
    if any(waits):
        return "locked", max(w for w in waits if w)
    found = check()
    if found is None:
        for client in clients:
            record_failure(client, now)
        return "invalid", None
    return "ok", found


def try_code(code: str, clients: dict[str, Limit], now: dt.datetime, lookup, failures, record_failure):
    """Check a typed access or resume code; a malformed one is a failure like a wrong one."""
    normalised = normalise(code)
    return attempt(clients, now, lambda: lookup(normalised) if normalised else None, failures, record_failure)
