"""The priority index aggregated in DuckDB: only the small tables that pages and exports draw leave it.

The formula and the tie-breaking rules are those of indicators/scoring.py (which computes them in
pandas from answer rows, and stays the readable reference the tests compare with). Here the same
figures come out of one SQL statement per table over the stored submitted answers, so no chart or
export loads every answer row. Every value is a bound parameter; the questionnaire's areas (theme and
position) travel as lists, because which areas exist is the questionnaire's business, not the store's.
"""

import pandas as pd

from indicators.questionnaire import TOP_CHOICES, Questionnaire
from indicators.scoring import MAX_CAPACITY

# The group each level aggregates over (a column of `scored`, or one group for the whole region).
GROUP_SQL = {"municipality": "place_id", "country": "country", "region": "'region'"}
RANK_COLUMNS = ["theme", "area_key", "index", "capacity", "priority", "points", "top3", "respondents", "rank"]

# Submitted answers of the chosen scope, with the formula's parts (see indicators/scoring.py).
# Parameters: area keys, themes, positions, then place_id twice, country twice, area filter twice.
SCORED = f"""
WITH areas AS (
    SELECT unnest(?::VARCHAR[]) AS area_key, unnest(?::VARCHAR[]) AS theme, unnest(?::INTEGER[]) AS position
),
scored AS (
    SELECT a.assessment_id, a.area_key, ar.theme, ar.position, a.capacity, a.priority, a.top_rank,
           a.action, a.office, a.timeframe, s.place_id, p.country, s.is_example, s.submitted_at,
           coalesce({TOP_CHOICES} + 1 - a.top_rank, 0) AS points,
           a.priority * ({MAX_CAPACITY} - a.capacity) + coalesce({TOP_CHOICES} + 1 - a.top_rank, 0) AS idx
    FROM answers a
    JOIN assessments s USING (assessment_id)
    JOIN places p USING (place_id)
    JOIN areas ar USING (area_key)
    WHERE s.state = 'submitted'
      AND (? IS NULL OR s.place_id = ?) AND (? IS NULL OR p.country = ?)
      AND (? IS NULL OR list_contains(?, a.area_key))
)
"""

# Areas ranked within each theme of each group; ties as in scoring.rank_areas.
RANKED = """
, grouped AS (SELECT {group} AS grp, * FROM scored),
per_area AS (
    SELECT grp, theme, area_key, any_value(position) AS position,
           avg(idx) AS "index", avg(capacity) AS capacity, avg(priority) AS priority,
           avg(points) AS points, count(top_rank) AS top3, count(DISTINCT assessment_id) AS respondents
    FROM grouped GROUP BY grp, theme, area_key
),
ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY grp, theme
        ORDER BY "index" DESC, points DESC, priority DESC, capacity ASC, position ASC) AS rank
    FROM per_area
)
"""


def _params(q: Questionnaire, place_id: str | None, country: str | None, area_keys: list[str] | None) -> list:
    return [
        [a.key for a in q.areas],
        [a.theme for a in q.areas],
        list(range(len(q.areas))),
        place_id,
        place_id,
        country,
        country,
        area_keys,
        area_keys,
    ]


def ranked_areas(
    store,
    q: Questionnaire,
    level: str = "region",
    place_id: str | None = None,
    country: str | None = None,
    area_keys: list[str] | None = None,
    top_n: int | None = None,
) -> pd.DataFrame:
    """scoring.rank_areas for every group of `level` at once: a `group` column, then its columns,
    ordered by group, theme and rank; only ranks up to `top_n` when given."""
    sql = (
        SCORED
        + RANKED.format(group=GROUP_SQL[level])
        + ' SELECT grp AS "group", theme, area_key, "index", capacity, priority, points, top3, respondents,'
        " rank FROM ranked WHERE ? IS NULL OR rank <= ? ORDER BY grp, theme, rank"
    )
    frame = store.query(sql, [*_params(q, place_id, country, area_keys), top_n, top_n])
    return frame.astype({"top3": int, "respondents": int, "rank": int})


def scope_counts(
    store,
    q: Questionnaire,
    place_id: str | None = None,
    country: str | None = None,
    area_keys: list[str] | None = None,
) -> dict[str, int]:
    """How many assessments, local governments, countries and example assessments are behind a scope."""
    sql = SCORED + (
        "SELECT count(DISTINCT assessment_id) AS responses, count(DISTINCT place_id) AS local_governments,"
        " count(DISTINCT country) AS countries,"
        " count(DISTINCT assessment_id) FILTER (WHERE is_example) AS examples FROM scored"
    )
    row = store.query(sql, _params(q, place_id, country, area_keys)).iloc[0]
    return {key: int(value) for key, value in row.items()}


def group_examples(store, q: Questionnaire, level: str, place_id=None, country=None) -> dict[str, int]:
    """Example assessments in each group of `level` (0 where a group has none)."""
    sql = SCORED + (
        f"SELECT {GROUP_SQL[level]} AS grp, count(DISTINCT assessment_id) FILTER (WHERE is_example) AS n"
        " FROM scored GROUP BY grp"
    )
    frame = store.query(sql, _params(q, place_id, country, None))
    return {g: int(n) for g, n in zip(frame["grp"], frame["n"], strict=True)}


def participation(store, q: Questionnaire, by: str, place_id=None, country=None) -> pd.DataFrame:
    """Assessments and example assessments per `by` ("place_id" or "country")."""
    sql = SCORED + (
        f"SELECT {by}, count(DISTINCT assessment_id) AS assessments,"
        " count(DISTINCT assessment_id) FILTER (WHERE is_example) AS examples"
        f" FROM scored GROUP BY {by} ORDER BY {by}"
    )
    return store.query(sql, _params(q, place_id, country, None))


def country_area_index(store, q: Questionnaire, area_keys: list[str] | None = None) -> pd.DataFrame:
    """Mean priority index, countries (rows, sorted) × areas (columns, in questionnaire order)."""
    sql = SCORED + 'SELECT country, area_key, avg(idx) AS "index" FROM scored GROUP BY country, area_key'
    long = store.query(sql, _params(q, None, None, area_keys))
    if long.empty:
        return pd.DataFrame()
    matrix = long.pivot(index="country", columns="area_key", values="index").sort_index()
    return matrix[[a.key for a in q.areas if a.key in matrix.columns]]


def actions_of_top_areas(
    store, q: Questionnaire, level: str, top_n: int, place_id=None, country=None
) -> pd.DataFrame:
    """The proposed actions of each group's top areas: group, area_key, action, office, timeframe,
    distinct, in the order they were first submitted (the text itself is composed in summary.py)."""
    sql = (
        SCORED
        + RANKED.format(group=GROUP_SQL[level])
        + """
        SELECT r.grp AS "group", r.area_key, s.action, s.office, s.timeframe,
               min((s.submitted_at, s.assessment_id)) AS first
        FROM ranked r JOIN grouped s ON s.grp = r.grp AND s.area_key = r.area_key
        WHERE r.rank <= ? AND s.action IS NOT NULL AND s.action <> ''
        GROUP BY ALL ORDER BY "group", r.area_key, first
        """
    )
    return store.query(sql, [*_params(q, place_id, country, None), top_n])
