"""Certificate verification codes: making them, reading what people type, hashing, and the public address.

A certificate's code is printed on it and typed (or scanned) by anyone who wants to check it, for
years: 12 characters from the access codes' alphabet (no 0/O or 1/I/L), in three groups, random.
Only its PBKDF2 hash is stored, with a salt of its own (a certificate code never opens anything
else); the public page limits wrong tries as for the access codes (indicators/access.py).
"""

import hashlib
import re
import secrets

from indicators.access import ALPHABET, HASH_ITERATIONS

CODE_LENGTH = 12
GROUP = 4
HASH_SALT = b"tablero-igm-local/certificates"
# The public page's address and its parameter: a contract printed on every certificate's QR. The
# route list (ui/routes.py) gives the page the same address; a test holds them together.
VERIFY_PATH = "verificar"
CODE_PARAMETER = "codigo"


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return _grouped(raw)


def normalise(code: str) -> str | None:
    """ "abcd efgh jkmn", "ABCD-EFGH-JKMN" → "ABCD-EFGH-JKMN"; None when it cannot be a code."""
    raw = re.sub(r"[\s-]", "", code or "").upper()
    if len(raw) != CODE_LENGTH or any(c not in ALPHABET for c in raw):
        return None
    return _grouped(raw)


def hash_code(code: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", code.encode(), HASH_SALT, HASH_ITERATIONS).hex()


def verify_url(base: str, code: str) -> str:
    """The public page that confirms this code: `base` is the app's public address (IGM_PUBLIC_URL)."""
    return f"{base.rstrip('/')}/{VERIFY_PATH}?{CODE_PARAMETER}={code}"


def _grouped(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))
