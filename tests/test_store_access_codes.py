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
