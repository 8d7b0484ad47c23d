"""Rounds of the self-assessment and the change between two of them: the rules, without a database.

A round is a period in which local governments answer the self-assessment: the seminar's own (its key
and names in data/seminar.toml) and every follow-up round the organisers open later. One round is
open at a time; new answers go to it; a closed round keeps its answers as they were.

The change between two rounds compares only the local governments that answered in both, so that a
place joining or leaving cannot pass for progress. Each place counts once: its answers in a round are
first averaged per area (several officials of one place may answer), then the places are averaged.
"""

import re
from typing import TYPE_CHECKING

import pandas as pd

from indicators.i18n import LANGUAGES
from indicators.validation import Problem

if TYPE_CHECKING:  # the questionnaire reads the seminar file, whose check is here
    from indicators.questionnaire import Questionnaire

# Typed on the command line and kept in exports: short, lower case, no spaces.
KEY_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
NAME_LIMIT = 120
MEASURES = ("capacity", "priority")
CHANGE_COLUMNS = [
    "theme",
    "area_key",
    "capacity_before",
    "capacity_after",
    "capacity_change",
    "priority_before",
    "priority_after",
    "priority_change",
    "places",
]


class RoundRefused(Exception):
    """A round cannot be opened or closed, or a closed round cannot take an answer: `reason` is a
    catalogue key under "rounds." and `params` its values."""

    def __init__(self, reason: str, **params):
        super().__init__(f"{reason}: {params}")
        self.reason = reason
        self.params = params


def key_problem(key: str) -> str | None:
    """Why `key` cannot name a round (a catalogue key under "rounds."), or None."""
    return None if KEY_PATTERN.fullmatch(key or "") else "bad_key"


def name_problem(name: str | None) -> str | None:
    """Why a round's name cannot be used, or None."""
    text = (name or "").strip()
    if not text:
        return "name_required"
    if len(text) > NAME_LIMIT:
        return "name_too_long"
    return None


def seminar_round(seminar: dict) -> dict[str, str]:
    """The seminar's own round as seminar.toml names it: {"key", "es", "en"}."""
    raw = seminar["round"]
    return {"key": raw["key"], **{lang: raw[lang].strip() for lang in LANGUAGES}}


def round_problems(raw: dict, lines: dict[str, int]) -> list[Problem]:
    """What is wrong with seminar.toml's `round` (its key and a name in every language)."""
    table = raw.get("round") if isinstance(raw.get("round"), dict) else {}
    problems = []
    key = str(table.get("key", ""))
    if key_problem(key):
        problems.append(Problem(lines.get("round.key"), "round.key", key, "bad_round_key"))
    for lang in LANGUAGES:
        if name_problem(str(table.get(lang, ""))):
            problems.append(Problem(lines.get(f"round.{lang}"), f"round.{lang}", "", "required"))
    return problems


def round_name(rounds: pd.DataFrame, key: str, language: str) -> str:
    """A round's name in `language` (its key when the round is unknown)."""
    found = rounds[rounds["round_key"] == key]
    return str(found[f"name_{language}"].iloc[0]) if len(found) else key


def area_change(place_means: pd.DataFrame, q: "Questionnaire", before: str, after: str) -> pd.DataFrame:
    """Per area of the questionnaire, in its order: mean capacity and priority in round `before` and in
    round `after`, the change (after − before), and how many places answered the area in both.

    `place_means` has one row per place, round and area: place_id, round_key, area_key, capacity,
    priority (that place's mean in that round). Only places with answers in both rounds count; an
    area no such place answered has empty means and 0 places.
    """
    both = place_means[place_means["round_key"].isin([before, after])]
    rounds_of = both.groupby("place_id")["round_key"].nunique()
    both = both[both["place_id"].isin(rounds_of[rounds_of == 2].index)]
    wide = both.pivot_table(index=["place_id", "area_key"], columns="round_key", values=list(MEASURES))
    rows = []
    for area in q.areas:
        row = {"theme": area.theme, "area_key": area.key, "places": 0}
        for measure in MEASURES:
            row |= {f"{measure}_before": float("nan"), f"{measure}_after": float("nan")}
        if not wide.empty and area.key in wide.index.get_level_values("area_key"):
            pairs = wide.xs(area.key, level="area_key")
            pairs = pairs.dropna()  # a place that answered this area in one round only
            row["places"] = len(pairs)
            if len(pairs):
                for measure in MEASURES:
                    row[f"{measure}_before"] = float(pairs[(measure, before)].mean())
                    row[f"{measure}_after"] = float(pairs[(measure, after)].mean())
        for measure in MEASURES:
            row[f"{measure}_change"] = row[f"{measure}_after"] - row[f"{measure}_before"]
        rows.append(row)
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS).astype({"places": int})


def places_in_both(place_means: pd.DataFrame, before: str, after: str) -> int:
    """How many local governments answered in both rounds."""
    both = place_means[place_means["round_key"].isin([before, after])]
    rounds_of = both.groupby("place_id")["round_key"].nunique()
    return int((rounds_of == 2).sum())


def examples_in_both(place_means: pd.DataFrame, before: str, after: str) -> tuple[int, int]:
    """(example assessments, all assessments) of the places that answered both rounds: what a
    comparison rests on, so that example data behind it is said."""
    both = place_means[place_means["round_key"].isin([before, after])]
    both = both[both.groupby("place_id")["round_key"].transform("nunique") == 2]
    if both.empty:
        return 0, 0
    heads = both.groupby(["place_id", "round_key"])[["assessments", "examples"]].max()
    return int(heads["examples"].sum()), int(heads["assessments"].sum())
