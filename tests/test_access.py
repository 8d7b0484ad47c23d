"""Access and resume codes: their form, hashing, and the limits on guessing them."""

import datetime as dt
import json

import pytest

from indicators import access
from indicators.questionnaire import load_questionnaire
from tests.conftest import BACKENDS, store_on_backend

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)

Q = load_questionnaire()
NOW = dt.datetime(2022, 9, 13, 13, 15)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("abcd-efgh", "ABCD-EFGH"),
        (" ABCD EFGH ", "ABCD-EFGH"),
        ("ABCDEFGH", "ABCD-EFGH"),
        ("ABCD-EFG", None),
        ("ABCD-EFG0", None),
        ("", None),
    ],
)
def test_codes_are_normalised(typed, expected):
    assert access.normalise(typed) == expected


def test_new_codes_are_well_formed_and_hashes_are_stable():
    code = access.new_code()
    assert access.normalise(code) == code
    assert access.hash_code(code) == access.hash_code(code) != access.hash_code(access.new_code())


def test_rate_limit_locks_after_five_failures_in_fifteen_minutes():
    failures = [NOW - dt.timedelta(minutes=m) for m in (1, 2, 3, 4)]
    assert access.locked_until(failures, NOW) is None
    five = [*failures, NOW - dt.timedelta(minutes=14)]
    assert access.locked_until(five, NOW) == NOW + dt.timedelta(minutes=1)
    old = [*failures, NOW - dt.timedelta(minutes=16)]
    assert access.locked_until(old, NOW) is None


def test_codes_in_the_store_only_as_hashes(store):
    codes = store.create_access_codes("hnd-danli", 3, created_by="test")
    assert len(set(codes)) == 3
    assert all(store.place_for_code(c) == "hnd-danli" for c in codes)
    stored = store.query("SELECT * FROM access_codes")
    assert not any(c in json.dumps(stored.astype(str).values.tolist()) for c in codes)
    assert store.place_for_code("ABCD-EFGH") is None


def test_try_code_counts_failures_and_locks(store):
    clients = {"session:x": access.CODE_LIMITS["session"]}
    code = store.create_access_codes("slv-la-palma", 1, "test")[0]

    def attempt(typed, at=NOW):
        return access.try_code(
            typed, clients, at, store.place_for_code, store.failed_attempts, store.record_failed_attempt
        )

    assert attempt(code.lower()) == ("ok", "slv-la-palma")
    for _ in range(access.MAX_FAILURES):
        assert attempt("WRONG-CODE") == ("invalid", None)
    outcome, until = attempt(code)  # even the right code waits until the lock ends
    assert outcome == "locked" and until == NOW + access.FAILURE_WINDOW
    assert attempt(code, NOW + access.FAILURE_WINDOW + dt.timedelta(seconds=1)) == ("ok", "slv-la-palma")


def test_failures_older_than_the_window_are_not_kept(store):
    """A seminar's worth of typos must not pile up in the database for ever: only the window counts."""
    store.record_failed_attempt("session:a", NOW)
    store.record_failed_attempt("session:b", NOW + dt.timedelta(minutes=1))
    later = NOW + access.FAILURE_WINDOW + dt.timedelta(minutes=2)
    store.record_failed_attempt("session:c", later)
    assert store.query("SELECT client FROM code_attempts")["client"].tolist() == ["session:c"]
    assert store.failed_attempts("session:c", later - access.FAILURE_WINDOW) == [later]


def test_an_address_is_slowed_by_a_short_growing_wait_never_locked():
    """A seminar room shares one address: after its free failures each one doubles a wait of seconds,
    capped, so one person guessing never shuts the room out for the whole window."""
    limit = access.CODE_LIMITS["address"]
    failures = [NOW - dt.timedelta(seconds=60 + i) for i in range(limit.free - 1)]
    assert limit.blocked_until(failures, NOW) is None
    failures.append(NOW)  # the free failures are used up: a wait of 1 s
    assert limit.blocked_until(failures, NOW) == NOW + dt.timedelta(seconds=1)
    failures += [NOW] * 3  # three more: 8 s
    assert limit.blocked_until(failures, NOW) == NOW + dt.timedelta(seconds=8)
    failures += [NOW] * 100  # a script hammering: never more than the cap, never 15 minutes
    assert limit.blocked_until(failures, NOW) == NOW + limit.max_delay <= NOW + dt.timedelta(seconds=30)
    assert limit.blocked_until(failures, NOW + limit.max_delay) is None


def test_one_guesser_behind_a_shared_address_does_not_lock_the_room(store):
    """A script makes 40 wrong tries from the room's address, a new browser session each time, as fast as
    it is let; a colleague in the same room waits at most the address's cap, then gets in."""
    code = store.create_access_codes("hnd-danli", 1, "test")[0]
    limits = access.CODE_LIMITS

    def attempt(session, typed, at):
        clients = {f"session:{session}": limits["session"], "ip:10.0.0.1": limits["address"]}
        return access.try_code(
            typed, clients, at, store.place_for_code, store.failed_attempts, store.record_failed_attempt
        )

    at = NOW
    for n in range(40):
        outcome, until = attempt(f"script-{n}", "WXYZ-WXYZ", at)
        at = max(at, until or at) + dt.timedelta(milliseconds=1)
    assert attempt("script-40", "WXYZ-WXYZ", at)[0] == "locked"  # the script is slowed down
    outcome, until = attempt("colleague", code, at)
    assert outcome == "locked" and until - at <= limits["address"].max_delay
    assert attempt("colleague", code, until) == ("ok", "hnd-danli")


def test_the_password_is_slowed_per_address_across_new_sessions(store):
    """A script opening a new browser session for every guess at the organisers' password: past the
    address's free failures it waits, even for the right password, up to a minute per guess."""
    limits = access.PASSWORD_LIMITS

    def attempt(session, typed, at):
        clients = {
            f"password:session:{session}": limits["session"],
            "password:ip:10.0.0.9": limits["address"],
        }
        return access.attempt(
            clients,
            at,
            lambda: True if typed == "clave" else None,
            store.failed_attempts,
            store.record_failed_attempt,
        )

    for n in range(limits["address"].free):
        assert attempt(f"script-{n}", "mala", NOW)[0] == "invalid"
    outcome, until = attempt("script-new", "clave", NOW)
    assert outcome == "locked" and NOW < until <= NOW + limits["address"].max_delay
    assert attempt("script-new", "clave", until)[0] == "ok"


def test_an_accounts_password_is_slowed_across_addresses_and_its_owner_waits_minutes_at_most(store):
    """Guesses at one account from many addresses and sessions (a botnet): past the account's free
    failures each waits longer, capped at five minutes, so the owner is slowed, never shut out."""
    limit = access.PASSWORD_LIMITS["account"]

    def attempt(n, typed, at):
        clients = {
            f"organiser:session:s{n}": access.PASSWORD_LIMITS["session"],
            f"organiser:ip:10.0.{n}.1": access.PASSWORD_LIMITS["address"],
            "organiser:account:ana": limit,
        }
        right = lambda: True if typed == "la clave de ana" else None  # noqa: E731
        return access.attempt(clients, at, right, store.failed_attempts, store.record_failed_attempt)

    at = NOW
    for n in range(40):
        outcome, until = attempt(n, "adivino", at)
        at = max(at, until or at) + dt.timedelta(milliseconds=1)
    outcome, until = attempt(99, "la clave de ana", at)
    assert outcome == "locked" and until - at <= limit.max_delay == dt.timedelta(minutes=5)
    assert attempt(99, "la clave de ana", until)[0] == "ok"


@pytest.mark.parametrize(
    "peer, forwarded, counted",
    [
        ("203.0.113.5", None, "203.0.113.5"),  # a browser reaching the app directly
        ("203.0.113.5", "10.9.9.9", "203.0.113.5"),  # ... whose own header is not trusted
        (None, "198.51.100.7", "198.51.100.7"),  # behind the local proxy: the address it appended
        (None, "1.2.3.4, 198.51.100.7", "198.51.100.7"),  # a forged first entry is ignored
        (None, None, None),  # on this machine, no proxy: the session limit alone
    ],
)
def test_the_address_counted_behind_a_proxy(peer, forwarded, counted):
    assert access.client_address(peer, forwarded) == counted


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2027-03-31", dt.date(2027, 3, 31)),
        (" 31/03/2027 ", dt.date(2027, 3, 31)),
        ("1/4/2027", dt.date(2027, 4, 1)),
        ("31/02/2027", None),
        ("mañana", None),
        ("", None),
    ],
)
def test_a_typed_day_is_read_in_either_way_or_not_at_all(typed, day):
    assert access.typed_day(typed) == day
