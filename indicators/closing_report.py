"""The closing report's facts: who took part (by country, kind and mode), attendance and certificates,
each round table's priorities and quadrants, the commitments, and the consultation's evaluation.

Only counts and aggregates leave here, plus the local governments' proposed actions (a local
government's action is not personal data): never a participant's name or e-mail address. The PDF is
drawn by indicators/exports/closing.py.
"""

from dataclasses import dataclass

import pandas as pd

from indicators import aggregates
from indicators.consultation import Consultation
from indicators.evaluation import Evaluation, evaluation
from indicators.participants import activities, missing_activities
from indicators.presenter import quadrant
from indicators.questionnaire import Questionnaire
from indicators.store.participants import REMOVED_ATTENDED, REMOVED_PEOPLE

TOP_AREAS = 3
# Where the listed commitments come from: the commitments recorded from the submissions (issue 24;
# indicators/store/commitments.py), the text under the heading says so. PROPOSED_ACTIONS, the proposed
# actions of each submitted top-3 area read from the answers, was the stop-gap before them.
RECORDED = "recorded"
PROPOSED_ACTIONS = "proposed_actions"


@dataclass(frozen=True)
class ClosingFacts:
    people: pd.DataFrame  # one row per participant: country, kind, mode (no name, no e-mail)
    removed: int  # people removed at their request (not in `people`)
    attendance: pd.DataFrame  # activity, attended (removed people's attendances included), removed
    certified: tuple[int, int]  # (completed every activity, officials and observers on the roster)
    ranked: pd.DataFrame  # every area: theme, area_key, index, capacity, priority, top3, rank, quadrant
    counts: dict[str, int]  # submitted assessments: responses, examples, local_governments, countries
    commitments: pd.DataFrame  # theme, area_key, rank, place_id, action, office, timeframe, is_example
    commitments_source: str
    evaluation: Evaluation


def participation(people: pd.DataFrame, kinds: tuple[str, ...], modes: tuple[str, ...]) -> pd.DataFrame:
    """Participants per country (None: no country), one column per kind and mode, and the total."""
    columns = ["country", *kinds, *modes, "total"]
    if people.empty:
        return pd.DataFrame(columns=columns)
    frame = people.assign(country=people["country"].fillna(""))  # "" for no country
    table = pd.DataFrame(index=sorted(frame["country"].unique(), key=lambda c: (c == "", c)))
    for column, values in (("kind", kinds), ("mode", modes)):
        counts = frame.groupby(["country", column]).size().unstack(fill_value=0)
        for value in values:
            table[value] = counts.get(value, 0)
    table = table.fillna(0).astype(int)
    table["total"] = frame.groupby("country").size()
    return table.rename_axis("country").reset_index()[columns]


def commitments(store, q: Questionnaire, ranked: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The commitments the report lists, and where they come from: every commitment recorded from a
    submission (a top-3 area with a proposed action) that is not withdrawn, with its status, the
    areas in their round table's order."""
    chosen = store.commitments(withdrawn=False)
    columns = [
        "theme",
        "area_key",
        "rank",
        "place_id",
        "action",
        "office",
        "timeframe",
        "is_example",
        "status",
    ]
    if chosen.empty:
        return pd.DataFrame(columns=columns), RECORDED
    chosen = chosen.assign(
        action=chosen["action"].str.strip(),
        theme=[q.area_by_key[k].theme for k in chosen["area_key"]],
        rank=chosen["area_key"].map(dict(zip(ranked["area_key"], ranked["rank"], strict=True))),
    )
    chosen = chosen.drop_duplicates(["place_id", "area_key", "action"])
    chosen = chosen.sort_values(["theme", "rank", "place_id"], kind="stable")
    return chosen[columns].reset_index(drop=True), RECORDED


def closing_facts(store, q: Questionnaire, c: Consultation, seminar: dict) -> ClosingFacts:
    roster = store.participants()
    marks = store.attendance()
    removed = store.removed_counts()
    found = activities(seminar)
    attended = marks[marks["attended"].astype(bool)].groupby("activity").size()
    attendance = pd.DataFrame(
        {
            "activity": [a.key for a in found],
            "removed": [removed.get(REMOVED_ATTENDED + a.key, 0) for a in found],
        }
    )
    attendance["attended"] = [int(attended.get(a.key, 0)) for a in found] + attendance["removed"]
    gaps = missing_activities(roster, marks, [a.key for a in found])
    counts, sums = aggregates.counts_and_sums(store, q)
    ranked = aggregates.rank(sums, q, "region").drop(columns="group")
    ranked["quadrant"] = [
        quadrant(cap, pri) for cap, pri in zip(ranked["capacity"], ranked["priority"], strict=True)
    ]
    listed, source = commitments(store, q, ranked)
    return ClosingFacts(
        people=roster[["country", "kind", "mode"]].copy(),
        removed=removed.get(REMOVED_PEOPLE, 0),
        attendance=attendance,
        certified=(sum(1 for g in gaps.values() if not g), len(gaps)),
        ranked=ranked,
        counts=counts,
        commitments=listed,
        commitments_source=source,
        evaluation=evaluation(store.consultation_responses(), c),
    )
