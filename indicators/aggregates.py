"""The priority index aggregated in DuckDB: only small tables leave the database, never the answer rows.

The formula and the tie-breaking rules are those of indicators/scoring.py, which computes them in
pandas from answer rows and stays the readable reference the tests compare with. Here one SQL scan of
the stored answers sums the formula's parts per local government and area (`place_area_sums`, a few
hundred rows however many assessments there are); every level (a local government, a country, the
region) and every figure (ranks, means, the heatmap) is then rolled up from those sums. A mean is
the sum divided by the count, as pandas computes it, so ranks and ties come out the same.
Every value is a bound parameter; the questionnaire's area keys travel as a list.
"""

import pandas as pd

from indicators.questionnaire import TOP_CHOICES, Questionnaire
from indicators.scoring import MAX_CAPACITY

RANK_COLUMNS = ["theme", "area_key", "index", "capacity", "priority", "points", "top3", "respondents", "rank"]
# Keyed on summary.SCOPES (callers normalise the old "municipality" through summary.SCOPE_ALIASES).
GROUP_COLUMN = {"local_government": "place_id", "country": "country", "region": None}

# Submitted assessments in scope (one row each). Parameters: place_id twice, country twice.
PICKED = """
picked AS (
    SELECT s.assessment_id, s.place_id, p.country, s.is_example, s.submitted_at
    FROM assessments s JOIN places p USING (place_id)
    WHERE s.state = 'submitted' AND (? IS NULL OR s.place_id = ?) AND (? IS NULL OR p.country = ?)
)"""
POINTS = f"coalesce({TOP_CHOICES} + 1 - a.top_rank, 0)"
# The formula's parts summed over answer rows `a` (see place_area_sums).
SUMS = f"""sum(a.priority * ({MAX_CAPACITY} - a.capacity) + {POINTS}) AS index_sum,
               sum(a.capacity) AS capacity_sum, sum(a.priority) AS priority_sum,
               sum({POINTS}) AS points_sum, count(a.top_rank) AS top3, count(*) AS n"""


def _scope(q: Questionnaire, place_id, country, area_keys) -> list:
    keys = area_keys if area_keys is not None else [a.key for a in q.areas]
    return [place_id, place_id, country, country, keys]


def place_area_sums(
    store,
    q: Questionnaire,
    place_id: str | None = None,
    country: str | None = None,
    area_keys: list[str] | None = None,
) -> pd.DataFrame:
    """Per local government and area: the sums of the index, capacity, priority and top-3 points,
    how many chose the area in their top 3 (`top3`) and how many answered it (`n`)."""
    sql = f"""
        WITH {PICKED}
        SELECT k.place_id, any_value(k.country) AS country, a.area_key, {SUMS}
        FROM answers a JOIN picked k USING (assessment_id)
        WHERE list_contains(?, a.area_key)
        GROUP BY k.place_id, a.area_key
    """
    return store.query(sql, _scope(q, place_id, country, area_keys))


def counts_and_sums(
    store,
    q: Questionnaire,
    place_id: str | None = None,
    country: str | None = None,
    area_keys: list[str] | None = None,
) -> tuple[dict[str, int], pd.DataFrame]:
    """`scope_counts` and `place_area_sums` from ONE scan of the answers.

    Through PostgreSQL every scan copies the answer rows into DuckDB (about 60 ms at 5,000
    assessments), and the presenter (after every new submission) and the exports need both: the
    rows are read once (a materialised CTE) and both figures computed from them.
    """
    sql = f"""
        WITH {PICKED},
        scanned AS MATERIALIZED (
            SELECT k.assessment_id, k.place_id, k.country, k.is_example,
                   a.area_key, a.capacity, a.priority, a.top_rank
            FROM answers a JOIN picked k USING (assessment_id)
            WHERE list_contains(?, a.area_key)
        ),
        per_place AS (
            SELECT place_id, count(DISTINCT assessment_id) AS responses,
                   count(DISTINCT assessment_id) FILTER (WHERE is_example) AS examples
            FROM scanned GROUP BY place_id
        )
        SELECT a.place_id, any_value(a.country) AS country, a.area_key, {SUMS},
               any_value(p.responses) AS responses, any_value(p.examples) AS examples
        FROM scanned a JOIN per_place p USING (place_id)
        GROUP BY a.place_id, a.area_key
    """
    rows = store.query(sql, _scope(q, place_id, country, area_keys))
    places = rows.drop_duplicates("place_id")
    counts = {
        "responses": int(places["responses"].sum()),
        "local_governments": len(places),
        "countries": int(places["country"].nunique()),
        "examples": int(places["examples"].sum()),
    }
    return counts, rows.drop(columns=["responses", "examples"])


def rank(sums: pd.DataFrame, q: Questionnaire, level: str, top_n: int | None = None) -> pd.DataFrame:
    """scoring.rank_areas for every group of `level` (a `group` column first), from `place_area_sums`;
    ordered by group, theme and rank, only ranks up to `top_n` when given."""
    if sums.empty:
        return pd.DataFrame(columns=["group", *RANK_COLUMNS])
    column = GROUP_COLUMN[level]
    frame = sums.assign(group=sums[column] if column else "region")
    totals = frame.groupby(["group", "area_key"], as_index=False)[
        ["index_sum", "capacity_sum", "priority_sum", "points_sum", "top3", "n"]
    ].sum()
    n = totals["n"].astype(float)
    for name in ("index", "capacity", "priority", "points"):
        totals[name] = totals[f"{name}_sum"].astype(float) / n
    order = {a.key: i for i, a in enumerate(q.areas)}
    theme = {a.key: a.theme for a in q.areas}
    totals["theme"] = [theme[k] for k in totals["area_key"]]
    totals["position"] = [order[k] for k in totals["area_key"]]
    totals = totals.sort_values(
        ["group", "theme", "index", "points", "priority", "capacity", "position"],
        ascending=[True, True, False, False, False, True, True],
    )
    totals["rank"] = totals.groupby(["group", "theme"]).cumcount() + 1
    totals = totals.rename(columns={"n": "respondents"}).astype({"top3": int, "respondents": int})
    if top_n is not None:
        totals = totals[totals["rank"] <= top_n]
    return totals[["group", *RANK_COLUMNS]].reset_index(drop=True)


def country_area_index(sums: pd.DataFrame, q: Questionnaire) -> pd.DataFrame:
    """Mean priority index, countries (rows, sorted) × areas (columns, in questionnaire order)."""
    if sums.empty:
        return pd.DataFrame()
    totals = sums.groupby(["country", "area_key"])[["index_sum", "n"]].sum()
    mean = (totals["index_sum"].astype(float) / totals["n"].astype(float)).rename("index").reset_index()
    matrix = mean.pivot(index="country", columns="area_key", values="index").sort_index()
    return matrix[[a.key for a in q.areas if a.key in matrix.columns]]


def scope_counts(
    store,
    q: Questionnaire,
    place_id: str | None = None,
    country: str | None = None,
    area_keys: list[str] | None = None,
) -> dict[str, int]:
    """Assessments (with an answer in the areas), their local governments, countries and examples."""
    sql = f"""
        WITH {PICKED}
        SELECT count(*) AS responses, count(DISTINCT place_id) AS local_governments,
               count(DISTINCT country) AS countries, count(*) FILTER (WHERE is_example) AS examples
        FROM picked
        WHERE assessment_id IN (SELECT assessment_id FROM answers WHERE list_contains(?, area_key))
    """
    row = store.query(sql, _scope(q, place_id, country, area_keys)).iloc[0]
    return {key: int(value) for key, value in row.items()}


def participation(store, q: Questionnaire, level: str, place_id=None, country=None) -> pd.DataFrame:
    """Assessments and example assessments per group of `level` ("local_government": place_id, "country")."""
    column = GROUP_COLUMN[level] or "'region'"
    sql = f"""
        WITH {PICKED}
        SELECT {column} AS "group", count(*) AS assessments, count(*) FILTER (WHERE is_example) AS examples
        FROM picked
        WHERE assessment_id IN (SELECT assessment_id FROM answers WHERE list_contains(?, area_key))
        GROUP BY "group" ORDER BY "group"
    """
    return store.query(sql, _scope(q, place_id, country, None)).astype({"assessments": int, "examples": int})


def actions(store, q: Questionnaire, area_keys: list[str], place_id=None, country=None) -> pd.DataFrame:
    """The proposed actions given for these areas: place_id, country, area_key, action, office,
    timeframe, in the order they were submitted (only rows with an action leave the database)."""
    sql = f"""
        WITH {PICKED}
        SELECT k.place_id, k.country, a.area_key, a.action, a.office, a.timeframe
        FROM answers a JOIN picked k USING (assessment_id)
        WHERE list_contains(?, a.area_key) AND a.action IS NOT NULL AND a.action <> ''
        ORDER BY k.submitted_at, a.assessment_id
    """
    return store.query(sql, _scope(q, place_id, country, area_keys))
