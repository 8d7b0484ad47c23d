"""Pairing a boundary layer's features with the catalogue's places: by official code first, then by
name; a code or a name that points at several candidates pairs nothing, and is reported, not guessed."""

from collections import Counter, defaultdict
from typing import NamedTuple

import pandas as pd

from indicators.places import slugify
from indicators.reader import cell_text


class Match(NamedTuple):
    """Features paired with places; unpacks as (matched, unmatched_places, unmatched_features)."""

    matched: pd.DataFrame  # place_id, code, how ("code" or "name")
    unmatched_places: pd.DataFrame  # place_id, name
    unmatched_features: pd.DataFrame  # code, name


def match_places(features: pd.DataFrame, places: pd.DataFrame) -> Match:
    """Pair a layer's features (code, name) with the catalogue's places (place_id, name, official_code).

    By code first: equal after trimming, or equal as numbers when both are digits ("8" and "08"). Then,
    for the places left, by name ignoring accents, case and punctuation ("Danli" ~ "Danlí"). A feature
    serves one place; a code or name that points at several candidates matches nothing, and the place
    is reported unmatched rather than guessed.
    """
    codes = [cell_text(c) for c in features["code"]]
    feature_names = [cell_text(n) for n in features["name"]]
    place_ids = [cell_text(p) for p in places["place_id"]]
    place_names = [cell_text(n) for n in places["name"]]
    official = [cell_text(c) for c in places["official_code"]]

    by_code, by_number = defaultdict(list), defaultdict(list)
    for index, code in enumerate(codes):
        by_code[code].append(index)
        if _digits(code):
            by_number[int(code)].append(index)
    candidates = {}
    for place_id, code in zip(place_ids, official, strict=True):
        if code:
            found = by_code.get(code) or (by_number.get(int(code), []) if _digits(code) else [])
            candidates[place_id] = found
    taken = _unambiguous(candidates)
    how = dict.fromkeys(taken, "code")

    by_name = defaultdict(list)
    for index, name in enumerate(feature_names):
        by_name[slugify(name)].append(index)
    used = set(taken.values())
    candidates = {}
    for place_id, name in zip(place_ids, place_names, strict=True):
        found = by_name.get(slugify(name), []) if slugify(name) else []
        # A name borne by several features is ambiguous even if a code already took one of them.
        if place_id not in taken and len(found) == 1 and found[0] not in used:
            candidates[place_id] = found
    for place_id, index in _unambiguous(candidates).items():
        taken[place_id] = index
        how[place_id] = "name"

    used = set(taken.values())
    matched = [(p, codes[taken[p]], how[p]) for p in place_ids if p in taken]
    left = [(p, n) for p, n in zip(place_ids, place_names, strict=True) if p not in taken]
    strays = [(c, n) for i, (c, n) in enumerate(zip(codes, feature_names, strict=True)) if i not in used]
    return Match(
        pd.DataFrame(matched, columns=["place_id", "code", "how"], dtype=str),
        pd.DataFrame(left, columns=["place_id", "name"], dtype=str),
        pd.DataFrame(strays, columns=["code", "name"], dtype=str),
    )


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _unambiguous(candidates: dict[str, list[int]]) -> dict[str, int]:
    """Place → feature where the place has exactly one candidate and no other place claims it."""
    claims = Counter(i for found in candidates.values() if len(found) == 1 for i in found)
    return {p: found[0] for p, found in candidates.items() if len(found) == 1 and claims[found[0]] == 1}
