"""Organiser accounts and what each role may do: the one permission rule of the app.

An account is one person: a user name, a display name, a role (ROLES) and, for a focal point, the
country it serves. `PERMISSIONS` says, per action, which roles may do it and whether a focal point
may do it only for places of its own country. Three ways to ask, all from the same table:

    can(account, action, place_country=None)   True/False (without a country: anywhere at all)
    require(account, action, place_country)    raises NotAllowed; every write calls it first
    Reach.of(account, action)                  the same rule as a filter over places and countries,
                                               for lists and for the choices a select offers

A feature that comes later adds its actions to `PERMISSIONS` and asks the same way; views never
decide by role themselves.

Passwords have at least MIN_PASSWORD characters and are kept only as a salted scrypt hash (the
standard library's, memory-hard) with its parameters beside it, so the cost can be raised later
(`needs_rehash`). Checking compares with hmac.compare_digest.
"""

import dataclasses
import datetime as dt
import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass

import pandas as pd

from indicators.validation import Problem

ROLES = ("admin", "focal", "viewer")
MIN_PASSWORD = 12
MAX_USER = 64
MAX_NAME = 120
SESSION_LENGTH = dt.timedelta(hours=8)

# scrypt's cost: N = 2**14, r = 8, p = 1 (16 MiB, about 0.1 s here), the scrypt paper's parameters for
# interactive log-ins. Stored with every hash: a higher cost later rehashes each password at its next log-in.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
SCRYPT_MAXMEM = 64 * 1024 * 1024
# Generated passwords: 4 groups of 5 from 54 characters easy to read aloud and type (about 115 bits).
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Permission:
    roles: frozenset[str]
    by_country: bool = False  # a focal point may do it only where the place's country is its own


def _allow(*roles: str, by_country: bool = False) -> Permission:
    return Permission(frozenset(roles), by_country)


PERMISSIONS = {
    "accounts.manage": _allow("admin"),
    "audit.read": _allow("admin"),
    "settings.change": _allow("admin"),  # the organisers' switches shared by every session
    "codes.manage": _allow("admin", "focal", by_country=True),  # list, create, revoke
    "places.register": _allow("admin", "focal", by_country=True),
    "results.import": _allow("admin", "focal", by_country=True),
    "answers.import": _allow("admin", "focal", by_country=True),
    "layers.import": _allow("admin", "focal", by_country=True),
    "questionnaire.download": _allow("admin", "focal", by_country=True),
    # A local government's or a country's summary (and its self-assessment beside the profile).
    "summaries.place": _allow("admin", "focal", by_country=True),
    # The whole region's summary: aggregates only for anyone but an admin (see `aggregates_only`).
    "summaries.region": _allow("admin", "focal", "viewer"),
    "consultation.read": _allow("admin", "focal", "viewer"),
    "names.read": _allow("admin", "focal", by_country=True),  # respondents' names
    # The seminar's roster (names, e-mail addresses), attendance, certificates, the closing report. Admins
    # only until the roster's lists, imports and certificates are narrowed per country for focal points.
    "participants.manage": _allow("admin"),
    # Good practices in (a file) and their review: a focal point for its country's local governments.
    "practices.review": _allow("admin", "focal", by_country=True),
    # The room (presenter controls): hide, pin or answer questions; choose the session questions go to,
    # close and reopen answering. Every role: presenters are viewers.
    "room.moderate": _allow("admin", "focal", "viewer"),
    "room.control": _allow("admin", "focal", "viewer"),
    # The local governments' commitments: the overdue list and its files (no person's name in them), and
    # an organiser's update of one; a focal point for its country's local governments.
    "commitments.read": _allow("admin", "focal", "viewer", by_country=True),
    "commitments.update": _allow("admin", "focal", by_country=True),
}


@dataclass(frozen=True)
class Account:
    user: str
    name: str
    role: str
    country: str | None = None
    disabled: bool = False
    created_at: dt.datetime | None = None
    last_login: dt.datetime | None = None
    password_set_at: dt.datetime | None = None

    @classmethod
    def from_row(cls, row: dict) -> "Account":
        def when(value):
            return None if value is None or pd.isna(value) else pd.Timestamp(value).to_pydatetime()

        return cls(
            user=row["user_name"],
            name=row["display_name"],
            role=row["role"],
            country=row["country"] if isinstance(row.get("country"), str) else None,
            disabled=bool(row["disabled"]),
            created_at=when(row.get("created_at")),
            last_login=when(row.get("last_login")),
            password_set_at=when(row.get("password_set_at")),
        )


class NotAllowed(Exception):
    """An account tried what its role does not allow (or no one is logged in)."""

    def __init__(self, action: str, place_country: str | None = None):
        super().__init__(f"not allowed: {action} ({place_country or 'anywhere'})")
        self.action = action
        self.place_country = place_country


def can(account: Account | None, action: str, place_country: str | None = None) -> bool:
    """Whether `account` may do `action`: for a place of `place_country`, or (without one) anywhere at all.

    An unknown action raises KeyError: a misspelt action must fail, never open or shut silently.
    """
    permission = PERMISSIONS[action]
    if account is None or account.disabled or account.role not in permission.roles:
        return False
    if account.role == "focal" and permission.by_country and place_country is not None:
        return place_country == account.country
    return True


def require(account: Account | None, action: str, place_country: str | None = None) -> None:
    """Raise NotAllowed unless `account` may do `action` there. An action limited by country needs
    the country of the place it touches: asking without one is a mistake in the caller."""
    if PERMISSIONS[action].by_country and place_country is None:
        raise ValueError(f"{action} is decided per country: give the place's country")
    if not can(account, action, place_country):
        raise NotAllowed(action, place_country)


def aggregates_only(account: Account | None) -> bool:
    """True when the region's exports may hold no row per local government (a focal point, a viewer)."""
    return account is None or account.role != "admin"


def permitted_export(account: Account | None, request, place_country: str | None):
    """`request` (exports.ExportRequest) as `account` may have it, or NotAllowed.

    The region: every role, aggregates only for all but an admin. A local government or a country: where
    the role reaches; asked for every one, narrowed to a focal point's own country. `place_country` is
    the country of `request.place_id`, if any."""
    if request.scope == "region":
        require(account, "summaries.region")
        return dataclasses.replace(request, aggregates_only=aggregates_only(account))
    country = request.country or place_country
    if country:
        require(account, "summaries.place", country)
        return request
    reach = Reach.of(account, "summaries.place")
    if reach.everywhere:
        return request
    if not reach.countries:
        raise NotAllowed("summaries.place")
    return dataclasses.replace(request, country=min(reach.countries))


@dataclass(frozen=True)
class Reach:
    """Where an account may do an action: every country (`countries` None), some, or none."""

    countries: frozenset[str] | None

    @classmethod
    def of(cls, account: Account | None, action: str) -> "Reach":
        if not can(account, action):
            return cls(frozenset())
        if account.role == "focal" and PERMISSIONS[action].by_country:
            return cls(frozenset({account.country}))
        return cls(None)

    @property
    def everywhere(self) -> bool:
        return self.countries is None

    def allows(self, country: str | None) -> bool:
        return self.countries is None or country in self.countries

    def places(self, places: pd.DataFrame) -> pd.DataFrame:
        """The rows of `places` (a frame with a `country` column) within reach."""
        if self.countries is None:
            return places
        return places[places["country"].isin(self.countries)]

    def country_names(self, names: dict[str, str]) -> dict[str, str]:
        """{ISO3: name} of the countries within reach, in the order given."""
        return {code: name for code, name in names.items() if self.allows(code)}

    def refused_places(self, place_ids, places: pd.DataFrame, column: str = "place_id") -> list[Problem]:
        """One problem per place of `place_ids` out of reach (a file naming other countries' places)."""
        country_of = dict(zip(places["place_id"], places["country"], strict=True))
        return [
            Problem(None, column, place_id, "place_out_of_reach", {"place": place_id})
            for place_id in sorted(set(place_ids))
            if place_id in country_of and not self.allows(country_of[place_id])
        ]


# --- user names and passwords ---------------------------------------------------------------------


def user_problem(user: str) -> str | None:
    """Why `user` cannot be a user name (a catalogue key under "accounts."), or None.

    Any printable characters may be used (names are shown as text everywhere); spaces and control
    characters may not, since a user name is typed on a phone and a hidden one would never match.
    """
    if not user:
        return "user_empty"
    if len(user) > MAX_USER:
        return "user_too_long"
    if any(c.isspace() or unicodedata.category(c).startswith("C") for c in user):
        return "user_spaces"
    return None


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return "password_short"
    return None


def new_password() -> str:
    groups = ["".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(5)) for _ in range(4)]
    return "-".join(groups)


def hash_password(password: str) -> str:
    """ "scrypt$n$r$p$salt$digest" (hex): a random salt per password and the parameters it was made with."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, **SCRYPT)
    return "$".join(
        ["scrypt", str(SCRYPT["n"]), str(SCRYPT["r"]), str(SCRYPT["p"]), salt.hex(), digest.hex()]
    )


def password_matches(password: str, stored: str | None) -> bool:
    """Whether `password` is the one hashed in `stored`. Without a stored hash (no such user) a hash is
    still computed, so a wrong user name takes as long to refuse as a wrong password."""
    if not stored:
        _scrypt(password, b"no such account..", **SCRYPT)
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        computed = _scrypt(password, bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
        return scheme == "scrypt" and hmac.compare_digest(computed, bytes.fromhex(digest))
    except ValueError:  # a damaged hash matches nothing
        return False


def needs_rehash(stored: str) -> bool:
    return stored.split("$")[1:4] != [str(SCRYPT[k]) for k in ("n", "r", "p")]


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        unicodedata.normalize("NFC", password).encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        maxmem=SCRYPT_MAXMEM,
        dklen=32,
    )


# --- sessions -------------------------------------------------------------------------------------


def session_problem(account: Account | None, since: dt.datetime, now: dt.datetime) -> str | None:
    """Why a session opened at `since` must end now: "disabled" (or removed), "expired" after
    SESSION_LENGTH, "reset" when the password changed since; None while it may go on."""
    if account is None or account.disabled:
        return "disabled"
    if now - since > SESSION_LENGTH:
        return "expired"
    if account.password_set_at is not None and account.password_set_at > since:
        return "reset"
    return None


def new_account_problems(
    user: str, role: str, country: str | None, name: str, countries: set[str], taken: set[str]
) -> list[str]:
    """What is wrong with a new account, as catalogue keys under "accounts." (empty: it may be added)."""
    problems = []
    if problem := user_problem(user):
        problems.append(problem)
    elif user in taken:
        problems.append("user_taken")
    if role not in ROLES:
        problems.append("role_unknown")
    if role == "focal" and not country:
        problems.append("country_required")
    elif country and country not in countries:
        problems.append("country_unknown")
    elif country and role != "focal":
        problems.append("country_only_focal")
    if len(name) > MAX_NAME:
        problems.append("name_too_long")
    return problems
