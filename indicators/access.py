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
MAX_FAILURES = 5
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


def locked_until(failures: list[dt.datetime], now: dt.datetime) -> dt.datetime | None:
    """When a client may try again after too many wrong codes, or None if it may try now."""
    recent = sorted(f for f in failures if now - f < FAILURE_WINDOW)
    if len(recent) < MAX_FAILURES:
        return None
    return recent[-MAX_FAILURES] + FAILURE_WINDOW


def try_code(code: str, client: str, now: dt.datetime, lookup, failures, record_failure):
    """Check a typed code under the rate limit. Returns (outcome, value):

    ("locked", until) after too many wrong codes; ("invalid", None) for a wrong or malformed code
    (which counts as a failure); ("ok", whatever `lookup` found).
    """
    until = locked_until(failures(client, now - FAILURE_WINDOW), now)
    if until:
        return "locked", until
    normalised = normalise(code)
    found = lookup(normalised) if normalised else None
    if found is None:
        record_failure(client, now)
        return "invalid", None
    return "ok", found
