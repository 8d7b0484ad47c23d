"""Peers: which local governments share a place's priorities, and which could share their experience.

Both come from submitted self-assessments, with published rules (docs/peers.md):

- A place's **priority areas** are its top 3 areas of each round table, ranked by the priority index
  exactly as its summary ranks them (indicators/scoring.py, aggregated in indicators/aggregates.py).
- Two places are **similar** in the measure their priority areas overlap: the Jaccard index, the areas
  both hold divided by the areas either holds (0 = none in common, 1 = the same areas). The places
  sharing at least one area are listed, most areas in common first, ties by their id; what is shown
  is the areas in common, never the index as a score.
- For each of its priority areas, the places whose mean capacity there is **3 or more** (a plan or
  programme with resources, or better) *could share their experience*; listed by id, not by capacity.

Nothing here adds areas up into a total or orders places by how well they do: a peer is a place with
the same concerns, not a better or worse one. Places whose answers include generated example
assessments are flagged so every view can say so.
"""

import re
from dataclasses import dataclass, field

import pandas as pd

from indicators import aggregates
from indicators.questionnaire import TOP_CHOICES, Questionnaire

EXPERIENCED_CAPACITY = 3  # "Established: a plan or programme with resources" on the capacity scale
SHOWN_PEERS = 5
EMAIL_LIMIT = 254  # the longest address mail servers accept (RFC 5321's path limit)
# One @, a name before it (the characters RFC 5322 allows unquoted, but no backtick, braces, slash or
# bar: the address is shown as a mail link, and so can never break out of it), a domain with a dot: enough
# to catch a typo, and no promise that the address exists.
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+=?^_~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


@dataclass(frozen=True)
class Peer:
    place_id: str
    shared: tuple[str, ...]  # the priority areas both hold, in questionnaire order
    similarity: float  # the Jaccard index of the two sets of priority areas
    examples: bool  # its answers include example assessments


@dataclass(frozen=True)
class Experienced:
    place_id: str
    capacity: float  # its mean capacity in the area (3 or more)
    examples: bool


@dataclass(frozen=True)
class Peers:
    place_id: str
    top_areas: tuple[str, ...]  # its own priority areas, in questionnaire order (empty: no submission)
    similar: tuple[Peer, ...] = ()
    experienced: dict[str, tuple[Experienced, ...]] = field(default_factory=dict)  # area → places
    examples: bool = False  # its own answers include example assessments

    @property
    def places(self) -> list[str]:
        """Every other place named, each once: whose contacts the page looks up."""
        named = [p.place_id for p in self.similar]
        named += [e.place_id for places in self.experienced.values() for e in places]
        return list(dict.fromkeys(named))

    @property
    def any_examples(self) -> bool:
        """Whether anything shown comes (in part) from example assessments."""
        return (
            self.examples
            or any(p.examples for p in self.similar)
            or any(e.examples for places in self.experienced.values() for e in places)
        )


def jaccard(a: frozenset | set, b: frozenset | set) -> float:
    """|a ∩ b| / |a ∪ b|; 0 for two empty sets."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def similar_places(
    place_id: str,
    priorities: dict[str, frozenset[str]],
    order: dict[str, int],
    examples: dict[str, bool] | None = None,
    limit: int = SHOWN_PEERS,
) -> tuple[Peer, ...]:
    """The other places sharing at least one priority area with `place_id`, most in common first (ties
    by id), at most `limit`. `priorities`: each place's priority areas; `order`: an area's position."""
    own = priorities.get(place_id, frozenset())
    if not own:
        return ()
    examples = examples or {}
    found = [
        Peer(
            other, tuple(sorted(own & areas, key=order.get)), jaccard(own, areas), examples.get(other, False)
        )
        for other, areas in priorities.items()
        if other != place_id and own & areas
    ]
    found.sort(key=lambda peer: (-peer.similarity, peer.place_id))
    return tuple(found[:limit])


def experienced_places(
    place_id: str,
    areas: tuple[str, ...],
    capacity: dict[tuple[str, str], float],
    examples: dict[str, bool] | None = None,
) -> dict[str, tuple[Experienced, ...]]:
    """For each area, the other places whose mean capacity there is EXPERIENCED_CAPACITY or more, by id.
    `capacity`: (place, area) → mean capacity."""
    examples = examples or {}
    found: dict[str, list[Experienced]] = {area: [] for area in areas}
    for (other, area), value in sorted(capacity.items()):
        if other != place_id and area in found and value >= EXPERIENCED_CAPACITY:
            found[area].append(Experienced(other, value, examples.get(other, False)))
    return {area: tuple(places) for area, places in found.items()}


def peers_from_sums(
    place_id: str, sums: pd.DataFrame, examples: dict[str, bool], q: Questionnaire, limit: int = SHOWN_PEERS
) -> Peers:
    """`find_peers` from the per place and area sums of aggregates.place_area_sums (every place)."""
    order = {a.key: i for i, a in enumerate(q.areas)}
    ranked = aggregates.rank(sums, q, "local_government", TOP_CHOICES)
    priorities = {group: frozenset(rows["area_key"]) for group, rows in ranked.groupby("group", sort=True)}
    own = tuple(sorted(priorities.get(place_id, frozenset()), key=order.get))
    if not own:
        return Peers(place_id, ())
    capacity = {}
    if not sums.empty:
        means = sums["capacity_sum"].astype(float) / sums["n"].astype(float)
        capacity = dict(zip(zip(sums["place_id"], sums["area_key"], strict=True), means, strict=True))
    return Peers(
        place_id,
        own,
        similar_places(place_id, priorities, order, examples, limit),
        experienced_places(place_id, own, capacity, examples),
        examples.get(place_id, False),
    )


def find_peers(store, q: Questionnaire, place_id: str, limit: int = SHOWN_PEERS) -> Peers:
    """A place's peers from every submitted assessment in `store` (two small aggregate queries)."""
    sums = aggregates.place_area_sums(store, q)
    counts = aggregates.participation(store, q, "local_government")
    examples = dict(zip(counts["group"], counts["examples"] > 0, strict=True))
    return peers_from_sums(place_id, sums, examples, q, limit)


def email_problem(text: str) -> tuple[str, dict] | None:
    """Why a typed office e-mail cannot be kept, as (catalogue key under problems., params), or None."""
    text = text.strip()
    if not text:
        return "peers_email_required", {}
    if len(text) > EMAIL_LIMIT:
        return "too_long", {"limit": EMAIL_LIMIT}
    if not EMAIL.match(text):
        return "peers_bad_email", {}
    return None
