"""Access codes and resume codes: generation, normalisation, hashing, and the rate-limit rule.

Codes are short enough to read aloud in a seminar room (8 characters, no 0/O or 1/I/L) and are
stored only as a PBKDF2 hash: a copy of the database does not reveal them. The hash uses a fixed
salt so that a code can be looked up directly; guessing is slowed by the rate limit.
"""

import datetime as dt
import hashlib
import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
HASH_SALT = b"tablero-igm-local/codes"
HASH_ITERATIONS = 50_000
# Wrong codes allowed per 15 minutes: per browser session, and per network address. A seminar room
# shares one address, so the address limit is high; it only stops scripted guessing.
MAX_FAILURES = 5
MAX_FAILURES_PER_ADDRESS = 50
FAILURE_WINDOW = dt.timedelta(minutes=15)


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


def locked_until(
    failures: list[dt.datetime], now: dt.datetime, limit: int = MAX_FAILURES
) -> dt.datetime | None:
    """When a client may try again after `limit` wrong codes in the window, or None if it may try now."""
    recent = sorted(f for f in failures if now - f < FAILURE_WINDOW)
    if len(recent) < limit:
        return None
    return recent[-limit] + FAILURE_WINDOW


def try_code(code: str, clients: dict[str, int], now: dt.datetime, lookup, failures, record_failure):
    """Check a typed code under the rate limits of `clients` ({client key: allowed failures}).

    Returns ("locked", until) after too many wrong codes; ("invalid", None) for a wrong or
    malformed code, which counts as a failure for every client key; ("ok", what `lookup` found).
    """
    locks = [
        locked_until(failures(client, now - FAILURE_WINDOW), now, limit) for client, limit in clients.items()
    ]
    if any(locks):
        return "locked", max(lock for lock in locks if lock)
    normalised = normalise(code)
    found = lookup(normalised) if normalised else None
    if found is None:
        for client in clients:
            record_failure(client, now)
        return "invalid", None
    return "ok", found
