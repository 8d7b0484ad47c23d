"""indicators/store/access_codes.py: access codes per place (kept hashed) and the failed attempts that
slow down guessing."""

import datetime as dt

import pytest

from indicators import access
from indicators.store.connection import REVISIONS
from tests.conftest import BACKENDS, store_on_backend

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)

NOW = dt.datetime(2022, 9, 12, 9, 30)


def revisions(store) -> dict[str, int]:
    return {kind: store.revision(kind) for kind in REVISIONS}


def test_the_organisers_see_how_many_codes_each_place_has_and_when_the_last_were_made(store):
    assert store.access_code_counts().empty
    started = dt.datetime.now()
    store.create_access_codes("hnd-omoa", 2, created_by="organiser")
    store.create_access_codes("hnd-danli", 3, created_by="organiser")
    store.create_access_codes("hnd-danli", 1, created_by="organiser")
    counts = store.access_code_counts()
    assert counts[["place_id", "codes"]].values.tolist() == [["hnd-danli", 4], ["hnd-omoa", 2]]
    assert (counts["last_created"] >= started).all()


def test_a_code_opens_only_its_own_place(store):
    danli = store.create_access_codes("hnd-danli", 2, created_by="organiser")
    omoa = store.create_access_codes("hnd-omoa", 1, created_by="organiser")
    assert len(set(danli + omoa)) == 3 and all(access.normalise(c) == c for c in danli + omoa)
    assert [store.place_for_code(c) for c in [*danli, *omoa]] == ["hnd-danli", "hnd-danli", "hnd-omoa"]
    assert store.place_for_code("ABCD-EFGH") is None
    # The store looks a code up as typed; the page normalises it first (access.normalise).
    assert store.place_for_code(danli[0].lower()) is None
    assert store.place_for_code(access.normalise(danli[0].lower())) == "hnd-danli"


def test_failed_attempts_are_counted_per_client_from_the_time_asked(store):
    for minutes in (0, 1, 2):
        store.record_failed_attempt("session:a", NOW + dt.timedelta(minutes=minutes))
    store.record_failed_attempt("address:10.0.0.1", NOW + dt.timedelta(minutes=1))
    since = NOW + dt.timedelta(minutes=1)
    assert store.failed_attempts("session:a", since) == [since, NOW + dt.timedelta(minutes=2)]
    assert store.failed_attempts("address:10.0.0.1", NOW) == [since]
    assert store.failed_attempts("session:b", NOW) == []


def test_codes_and_failures_change_no_cached_view_but_the_activity_one(store):
    before = revisions(store)
    store.create_access_codes("hnd-danli", 1, created_by="organiser")
    store.record_failed_attempt("session:a", NOW)
    after = revisions(store)
    assert after["activity"] == before["activity"] + 2
    assert {k: after[k] for k in ("catalogue", "answers", "results")} == {
        k: before[k] for k in ("catalogue", "answers", "results")
    }


# --- a code's life: expiry, revocation, last use ------------------------------------------------


def test_a_revoked_or_expired_code_opens_nothing_and_the_others_of_the_place_still_do(store):
    today = dt.date(2026, 3, 10)
    revoked, kept = store.create_access_codes("hnd-danli", 2, created_by="ana")
    [expired] = store.create_access_codes(
        "hnd-danli", 1, created_by="ana", expires_on=today - dt.timedelta(1)
    )
    [last_day] = store.create_access_codes("hnd-danli", 1, created_by="ana", expires_on=today)
    gone = store.revoke_access_codes("ana", code=revoked)
    assert gone["place_id"].tolist() == ["hnd-danli"]
    assert store.access_code_state(revoked, today) == ("hnd-danli", "revoked")
    assert store.access_code_state(expired, today) == ("hnd-danli", "expired")
    assert store.access_code_state(last_day, today) == ("hnd-danli", "live"), "valid through its day"
    assert store.access_code_state("ABCD-EFGH", today) is None
    assert [store.place_for_code(c, today) for c in (revoked, expired, kept, last_day)] == [
        None,
        None,
        "hnd-danli",
        "hnd-danli",
    ]
    assert store.revoke_access_codes("ana", code=revoked).empty, "revoked once"


def test_the_list_shows_short_ids_authors_expiry_last_use_and_state_never_the_code(store):
    [danli] = store.create_access_codes("hnd-danli", 1, created_by="ana", expires_on=dt.date(2099, 1, 1))
    omoa = store.create_access_codes("hnd-omoa", 2, created_by="hugo")
    store.record_code_use(danli, NOW)
    listed = store.access_codes()
    assert set(listed.columns) == {"code_id", "place_id", "created_at", "created_by", "expires_on"} | {
        "last_used_at",
        "revoked_at",
        "revoked_by",
        "state",
    }
    assert not listed.isin([danli, *omoa, access.hash_code(danli)]).any().any()
    assert listed["code_id"].str.fullmatch(r"[0-9a-f]{8}").all() and listed["code_id"].is_unique
    row = listed.set_index("place_id").loc["hnd-danli"]
    assert (row["created_by"], row["last_used_at"], row["state"]) == ("ana", NOW, "live")
    assert row["expires_on"].date() == dt.date(2099, 1, 1)
    assert store.access_codes(["hnd-omoa"])["created_by"].tolist() == ["hugo", "hugo"]
    assert store.access_codes([]).empty


def test_codes_are_revoked_by_short_id_or_all_of_a_place(store):
    store.create_access_codes("hnd-danli", 3, created_by="ana")
    [omoa] = store.create_access_codes("hnd-omoa", 1, created_by="ana")
    first = store.access_codes(["hnd-danli"])["code_id"].iloc[0]
    assert store.revoke_access_codes("hugo", code_ids=[first])["code_id"].tolist() == [first]
    assert len(store.revoke_access_codes("hugo", place_id="hnd-danli")) == 2, "the others of the place"
    states = store.access_codes().set_index("code_id")
    assert (states.loc[states["place_id"] == "hnd-danli", "state"] == "revoked").all()
    assert states.loc[states["place_id"] == "hnd-danli", "revoked_by"].eq("hugo").all()
    assert store.place_for_code(omoa) == "hnd-omoa", "another place's codes keep working"


def test_a_database_from_before_codes_could_expire_keeps_its_codes_working(store):
    """Codes stored without the new columns' values (as an older version left them) never expire."""
    store.query(
        "INSERT INTO access_codes (code_hash, place_id, created_at, created_by) VALUES (?, ?, ?, ?)",
        [access.hash_code("ABCD-EFGH"), "hnd-danli", NOW, "organiser"],
    )
    assert store.place_for_code("ABCD-EFGH", dt.date(2099, 1, 1)) == "hnd-danli"
    assert store.access_codes()["state"].tolist() == ["live"]
