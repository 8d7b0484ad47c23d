"""Priority summaries: the top areas per theme for each local government, each country, or the region.

One table serves the pages, the presenter and every export: a row per (group, theme, rank) with the
area, its index, mean capacity and priority, how many chose it in their top 3, the proposed actions,
and the GCM objectives and SDG targets it serves. Example assessments are counted per group so that
every view of them can say so.
"""

import pandas as pd

from indicators import aggregates
from indicators.questionnaire import Questionnaire
from indicators.scoring import rank_areas

# What a summary is about: each local government (states, municipalities, cantons… alike), each
# country, or the whole region. Not to be confused with places.PLACE_LEVELS, the kinds of place.
SCOPES = ("local_government", "country", "region")
# The name this scope had before, still accepted (the command line's --scope municipality).
SCOPE_ALIASES = {"municipality": "local_government"}
GROUP_COLUMN = {"local_government": "place_id", "country": "country", "region": None}
SUMMARY_COLUMNS = [
    "level",
    "group",
    "theme",
    "rank",
    "area_key",
    "area",
    "index",
    "capacity",
    "priority",
    "top3",
    "respondents",
    "examples",
    "actions",
    "gcm",
    "sdg",
]


def objectives_text(area_key: str, q: Questionnaire, language: str) -> str:
    area = q.area_by_key[area_key]
    return "; ".join(f"{n}. {q.objectives.loc[n, f'short_{language}']}" for n in area.gcm)


def sdg_text(area_key: str, q: Questionnaire, language: str) -> str:
    area = q.area_by_key[area_key]
    return "; ".join(f"{t} {q.sdg_targets.loc[t, f'short_{language}']}" for t in area.sdg)


def _actions(rows: pd.DataFrame, q: Questionnaire, language: str) -> str:
    """Proposed actions as "action (office, timeframe)", distinct, joined by " | "."""
    found = []
    for row in rows.itertuples():
        if not (row.action or "").strip():
            continue
        details = [d for d in ((row.office or "").strip(),) if d]
        if row.timeframe:
            details.append(q.label("timeframe", row.timeframe, language))
        text = row.action.strip() + (f" ({', '.join(details)})" if details else "")
        if text not in found:
            found.append(text)
    return " | ".join(found)


def stored_priority_summary(
    store,
    q: Questionnaire,
    language: str,
    level: str,
    place_id: str | None = None,
    country: str | None = None,
    top_n: int = 3,
    sums: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """`priority_summary` of the submitted answers in `store` (narrowed to a place or a country),
    aggregated in DuckDB: what the pages, the presenter and every export show. `sums` (from
    aggregates.place_area_sums for the same scope) spares the scan when several levels are wanted."""
    level = SCOPE_ALIASES.get(level, level)
    if level not in SCOPES:
        raise ValueError(f"level must be one of {SCOPES}")
    if sums is None:
        sums = aggregates.place_area_sums(store, q, place_id, country)
    ranked = aggregates.rank(sums, q, level, top_n)
    if ranked.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    examples = aggregates.participation(store, q, level, place_id, country)
    examples = dict(zip(examples["group"], examples["examples"], strict=True))
    given = aggregates.actions(store, q, sorted(set(ranked["area_key"])), place_id, country)
    given = given.astype(object).where(given.notna(), None)  # a missing office or timeframe is None
    column = aggregates.GROUP_COLUMN[level]
    given["group"] = given[column] if column else "region"
    texts = {
        key: _actions(rows, q, language) for key, rows in given.groupby(["group", "area_key"], sort=False)
    }
    ranked.insert(0, "level", level)
    # The texts of each area once (a summary of every local government repeats each area many times).
    by_key = q.area_by_key
    about = {
        k: (by_key[k].name[language], objectives_text(k, q, language), sdg_text(k, q, language))
        for k in set(ranked["area_key"])
    }
    ranked["area"] = [about[k][0] for k in ranked["area_key"]]
    ranked["examples"] = [examples.get(g, 0) for g in ranked["group"]]
    keys = zip(ranked["group"], ranked["area_key"], strict=True)
    ranked["actions"] = [texts.get(key, "") for key in keys]
    ranked["gcm"] = [about[k][1] for k in ranked["area_key"]]
    ranked["sdg"] = [about[k][2] for k in ranked["area_key"]]
    return ranked[SUMMARY_COLUMNS]


def stored_top_areas(store, q: Questionnaire, language: str, place_id: str, top_n: int = 3) -> tuple:
    """What a phone shows right after its submission: (examples, responses, top areas) of its local
    government, the areas with theme, rank, area_key, area, index, top3 and gcm, as the region level of
    `stored_priority_summary` narrowed to the place, without the actions and SDG targets it does not
    show. Two reads of the kept sums, a few rows each, however many assessments there are."""
    counts, sums = aggregates.counts_and_sums(store, q, place_id)
    ranked = aggregates.rank(sums, q, "region", top_n)
    rows = [
        (theme, rank, key, q.area_by_key[key].name[language], index, top3, objectives_text(key, q, language))
        for theme, rank, key, index, top3 in zip(
            *(ranked[c].tolist() for c in ("theme", "rank", "area_key", "index", "top3")), strict=True
        )
    ]
    columns = ["theme", "rank", "area_key", "area", "index", "top3", "gcm"]
    return counts["examples"], counts["responses"], pd.DataFrame(rows, columns=columns)


def stored_example_share(store, q: Questionnaire, place_id=None, country=None) -> tuple[int, int]:
    """`example_share` of the submitted assessments in `store` (narrowed to a place or a country)."""
    counts = aggregates.scope_counts(store, q, place_id, country)
    return counts["examples"], counts["responses"]


def priority_summary(
    answers: pd.DataFrame, q: Questionnaire, language: str, level: str, top_n: int = 3
) -> pd.DataFrame:
    """The top `top_n` areas of each theme for every group of the scope `level` in `answers`.

    `answers` are rows of Store.submitted_answers(). The group is a place_id, an ISO3 country code,
    or "region". The pages and exports use `stored_priority_summary`, the same table from SQL; this
    pandas version is the readable reference the tests compare it with.
    """
    level = SCOPE_ALIASES.get(level, level)
    if level not in SCOPES:
        raise ValueError(f"level must be one of {SCOPES}")
    if answers.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    column = GROUP_COLUMN[level]
    groups = answers.groupby(column) if column else [("region", answers)]
    parts = []
    for group, rows in groups:
        ranked = rank_areas(rows, q)
        ranked = ranked[ranked["rank"] <= top_n].copy()
        ranked.insert(0, "group", group)
        ranked.insert(0, "level", level)
        ranked["area"] = [q.area_by_key[k].name[language] for k in ranked["area_key"]]
        ranked["examples"] = int(rows.drop_duplicates("assessment_id")["is_example"].sum())
        # Only rows with an action matter; filtering first keeps exports of thousands of answers fast.
        with_action = rows[rows["action"].fillna("").str.strip() != ""]
        ranked["actions"] = [
            _actions(with_action[with_action["area_key"] == k], q, language) for k in ranked["area_key"]
        ]
        ranked["gcm"] = [objectives_text(k, q, language) for k in ranked["area_key"]]
        ranked["sdg"] = [sdg_text(k, q, language) for k in ranked["area_key"]]
        parts.append(ranked)
    return pd.concat(parts, ignore_index=True)[SUMMARY_COLUMNS]
