"""indicators/peers.py: similar places by priority areas in common (Jaccard), places that could share
their experience (capacity 3 or more), on hand-made cases and on stores of both backends; the office
e-mail check."""

import pytest

from indicators.assessment import AreaAnswer
from indicators.peers import (
    EMAIL_LIMIT,
    Peers,
    email_problem,
    experienced_places,
    find_peers,
    jaccard,
    similar_places,
)
from indicators.questionnaire import load_questionnaire
from tests.conftest import BACKENDS, complete, store_on_backend

store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)
Q = load_questionnaire()
ORDER = {key: i for i, key in enumerate("abcdefgh")}


def areas(text: str) -> frozenset[str]:
    return frozenset(text)


def test_jaccard_is_the_share_of_areas_in_common():
    assert jaccard(areas("abc"), areas("abc")) == 1.0
    assert jaccard(areas("abc"), areas("cde")) == pytest.approx(1 / 5)
    assert jaccard(areas("ab"), areas("cd")) == 0.0
    assert jaccard(frozenset(), frozenset()) == 0.0


def test_no_other_place_means_no_peer():
    assert similar_places("a", {"a": areas("abc")}, ORDER) == ()
    assert experienced_places("a", ("a", "b"), {("a", "a"): 4.0}) == {"a": (), "b": ()}


def test_one_other_place_is_a_peer_only_when_it_shares_an_area():
    (peer,) = similar_places("x", {"x": areas("abc"), "y": areas("cbd")}, ORDER)
    assert peer.place_id == "y" and peer.shared == ("b", "c") and peer.similarity == pytest.approx(2 / 4)
    assert similar_places("x", {"x": areas("abc"), "y": areas("def")}, ORDER) == ()


def test_a_place_without_priorities_has_no_peers():
    assert similar_places("x", {"y": areas("abc")}, ORDER) == ()


def test_most_areas_in_common_first_ties_by_id_and_at_most_the_limit():
    priorities = {
        "own": areas("abcd"),
        "zeta": areas("abef"),  # 2 in common of 6
        "beta": areas("abcg"),  # 3 of 5
        "alfa": areas("abef"),  # 2 of 6, ties with zeta: by id
        "none": areas("gh"),
    }
    found = similar_places("own", priorities, ORDER, {"beta": True}, limit=2)
    assert [p.place_id for p in found] == ["beta", "alfa"]
    assert found[0].examples and not found[1].examples
    assert [p.place_id for p in similar_places("own", priorities, ORDER)] == ["beta", "alfa", "zeta"]


def test_experienced_means_a_mean_capacity_of_three_or_more_in_its_own_areas():
    capacity = {
        ("own", "a"): 4.0,  # its own capacity never counts
        ("p1", "a"): 3.0,
        ("p2", "a"): 2.99,
        ("p3", "b"): 3.5,
        ("p4", "z"): 4.0,  # not one of its areas
    }
    found = experienced_places("own", ("a", "b"), capacity, {"p3": True})
    assert [e.place_id for e in found["a"]] == ["p1"]
    assert [(e.place_id, e.examples) for e in found["b"]] == [("p3", True)]
    assert "z" not in found


def submit(store, place_id: str, capacity: int = 1, top: dict | None = None) -> None:
    """A submitted assessment whose top 3 per table are `top`'s (default: the first three areas)."""
    assessment = complete(place_id, capacity=capacity)
    if top:
        assessment.top3.update(top)
    assessment_id, _ = store.create_assessment(place_id)
    store.submit_assessment(assessment_id, assessment, Q, "test")


def test_peers_from_submitted_assessments(store):
    theme = next(iter(Q.themes))
    other_three = [a.key for a in Q.areas_of(theme)[1:4]]
    submit(store, "hnd-danli")
    submit(store, "hnd-omoa")  # the same priorities as Danlí
    submit(store, "mex-oaxaca", top={theme: other_three})  # one table differs
    found = find_peers(store, Q, "hnd-danli")
    assert len(found.top_areas) == 3 * len(Q.themes)
    assert [p.place_id for p in found.similar] == ["hnd-omoa", "mex-oaxaca"]
    assert len(found.similar[0].shared) == len(found.top_areas)
    assert len(found.similar[1].shared) == len(found.top_areas) - 1
    assert not found.any_examples
    assert all(places == () for places in found.experienced.values())  # everyone rated capacity 1


def test_a_capacity_of_three_makes_a_place_one_that_could_share(store):
    submit(store, "hnd-danli")
    strong = complete("mex-oaxaca", capacity=1)
    first = Q.areas[0].key
    strong.answers[first] = AreaAnswer(capacity=4, priority=3)
    assessment_id, _ = store.create_assessment("mex-oaxaca")
    store.submit_assessment(assessment_id, strong, Q, "test")
    found = find_peers(store, Q, "hnd-danli")
    assert [e.place_id for e in found.experienced[first]] == ["mex-oaxaca"]
    assert found.places == ["mex-oaxaca"]


def test_a_place_that_never_submitted_has_no_priorities_and_no_peers(store):
    submit(store, "hnd-omoa")
    assert find_peers(store, Q, "hnd-danli") == Peers("hnd-danli", ())


def test_example_assessments_are_flagged(store):
    from indicators.demo import generate_assessments

    generate_assessments(store, Q, 30, seed=3)
    submit(store, "hnd-danli")
    found = find_peers(store, Q, "hnd-danli")
    assert found.similar and all(p.examples for p in found.similar)
    assert found.any_examples


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "peers_email_required"),
        ("   ", "peers_email_required"),
        ("oficina", "peers_bad_email"),
        ("oficina@municipio", "peers_bad_email"),
        ("ofi cina@municipio.gob.hn", "peers_bad_email"),
        ("a@b@c.hn", "peers_bad_email"),
        ("`x`@municipio.gob.hn", "peers_bad_email"),  # shown as a link: no backtick, bracket or <
        ("x](javascript:alert(1))@a.hn", "peers_bad_email"),
        ("a" * EMAIL_LIMIT + "@municipio.gob.hn", "too_long"),
    ],
)
def test_a_bad_office_email_is_refused_with_its_reason(typed, reason):
    assert email_problem(typed)[0] == reason


def test_an_office_email_is_accepted():
    assert email_problem(" migracion.omoa@municipio.gob.hn ") is None
    assert email_problem("o'neil+peers@city-hall.example.org") is None
