"""The priority index aggregated in the database: only small tables leave it, never the answer rows.

The formula and the tie-breaking rules are those of indicators/scoring.py, which computes them in
pandas from answer rows and stays the readable reference the tests compare with. The store keeps the
formula's parts summed per local government and area, and the responses per local government, in
the same transaction as every write of answers (indicators/store/answer_totals.py): a few rows per
local government however many assessments there are. Every level (a local government, a country,
the region) and every figure (ranks, means, the heatmap) is rolled up from those sums
(`place_area_sums`); a mean is the sum divided by the count, as pandas computes it, so ranks and
ties come out the same. Only the proposed actions (`actions`, for the exports) read answer rows.
Every value is a bound parameter; the questionnaire's area keys travel as a list.
"""

import pandas as pd

from indicators.questionnaire import Questionnaire
from indicators.store.answer_totals import PARTS, SEPARATOR

RANK_COLUMNS = ["theme", "area_key", "index", "capacity", "priority", "points", "top3", "respondents", "rank"]
# Keyed on summary.SCOPES (callers normalise the old "municipality" through summary.SCOPE_ALIASES).
GROUP_COLUMN = {"local_government": "place_id", "country": "country", "region": None}

# Submitted assessments in scope (one row each), for the actions. Parameters: place_id twice, country twice.
PICKED = """
picked AS (
    SELECT s.assessment_id, s.place_id, p.country, s.is_example, s.submitted_at
    FROM assessments s JOIN places p USING (place_id)
    WHERE s.state = 'submitted' AND (? IS NULL OR s.place_id = ?) AND (? IS NULL OR p.country = ?)
)"""
# Per local government and area in scope: the parts summed over every writer's rows. An area whose
# answers were all replaced (a new version without it) sums to n = 0 and is left out, as it has no
# rows. Parameters: place_id twice, country twice, the area keys.
AREA_TOTALS = f"""
    SELECT t.place_id, any_value(p.country) AS country, t.area_key,
           {", ".join(f"CAST(sum(t.{part}) AS BIGINT) AS {part}" for part in PARTS)}
    FROM answer_totals t JOIN places p USING (place_id)
    WHERE (? IS NULL OR t.place_id = ?) AND (? IS NULL OR p.country = ?) AND list_contains(?, t.area_key)
    GROUP BY t.place_id, t.area_key
    HAVING sum(t.n) > 0
"""
# Per local government in scope, examples apart: the submitted assessments with an answer in the
# areas. Parameters: place_id twice, country twice, the separator, the area keys.
RESPONSES = """
    SELECT r.place_id, any_value(p.country) AS country, r.is_example,
           CAST(sum(r.responses) AS BIGINT) AS responses
    FROM response_totals r JOIN places p USING (place_id)
    WHERE (? IS NULL OR r.place_id = ?) AND (? IS NULL OR p.country = ?)
      AND list_has_any(string_split(r.areas, ?), ?)
    GROUP BY r.place_id, r.is_example
    HAVING sum(r.responses) > 0
"""


def _keys(q: Questionnaire, area_keys: list[str] | None) -> list[str]:
    return area_keys if area_keys is not None else [a.key for a in q.areas]


def place_area_sums(
    store,
    q: Questionnaire,
    place_id: str | None = None,
    country: str | None = None,
    area_keys: list[str] | None = None,
) -> pd.DataFrame:
    """Per local government and area: the sums of the index, capacity, priority and top-3 points,
    how many chose the area in their top 3 (`top3`) and how many answered it (`n`)."""
    return store.query(AREA_TOTALS, [place_id, place_id, country, country, _keys(q, area_keys)])


def counts_and_sums(
    store,
    q: Questionnaire,
    place_id: str | None = None,
    country: str | None = None,
    area_keys: list[str] | None = None,
) -> tuple[dict[str, int], pd.DataFrame]:
    """`scope_counts` and `place_area_sums` together: what the presenter and the summaries need."""
    counts = scope_counts(store, q, place_id, country, area_keys)
    return counts, place_area_sums(store, q, place_id, country, area_keys)


def rank(sums: pd.DataFrame, q: Questionnaire, level: str, top_n: int | None = None) -> pd.DataFrame:
    """scoring.rank_areas for every group of `level` (a `group` column first), from `place_area_sums`;
    ordered by group, theme and rank, only ranks up to `top_n` when given.

    In plain Python: a few hundred rows at most, where each pandas step costs more than the work
    (every phone's summary after its submission ranks its place's 21 rows)."""
    if sums.empty:
        return pd.DataFrame(columns=["group", *RANK_COLUMNS])
    column = GROUP_COLUMN[level]
    groups = sums[column].tolist() if column else ["region"] * len(sums)
    parts = [sums[part].tolist() for part in PARTS]
    totals: dict[tuple, list[int]] = {}
    for group, area_key, *values in zip(groups, sums["area_key"].tolist(), *parts, strict=True):
        total = totals.setdefault((group, area_key), [0] * len(PARTS))
        for i, value in enumerate(values):
            total[i] += int(value)
    position = {a.key: i for i, a in enumerate(q.areas)}
    theme = {a.key: a.theme for a in q.areas}
    rows = []
    for (group, area_key), (index, capacity, priority, points, top3, n) in totals.items():
        means = [float(value) / float(n) for value in (index, capacity, priority, points)]
        rows.append((group, theme[area_key], area_key, *means, top3, n))
    # Highest index first; ties: more top-3 points, higher priority, lower capacity, questionnaire order.
    rows.sort(key=lambda r: (r[0], r[1], -r[3], -r[6], -r[5], r[4], position[r[2]]))
    ranked, last, number = [], None, 0
    for row in rows:
        number = number + 1 if row[:2] == last else 1
        last = row[:2]
        if top_n is None or number <= top_n:
            ranked.append((*row, number))
    return pd.DataFrame(ranked, columns=["group", *RANK_COLUMNS])  # counts and ranks are int64 already


def country_area_index(sums: pd.DataFrame, q: Questionnaire) -> pd.DataFrame:
    """Mean priority index, countries (rows, sorted) × areas (columns, in questionnaire order).
    In plain Python, as `rank`: a few hundred rows, where pandas' pivot costs more than the work."""
    if sums.empty:
        return pd.DataFrame()
    totals: dict[tuple, list[int]] = {}
    fields = (sums[c].tolist() for c in ("country", "area_key", "index_sum", "n"))
    for country, area_key, index, n in zip(*fields, strict=True):
        total = totals.setdefault((country, area_key), [0, 0])
        total[0] += int(index)
        total[1] += int(n)
    countries = sorted({country for country, _ in totals})
    keys = [a.key for a in q.areas if any((c, a.key) in totals for c in countries)]
    values = [
        [float(totals[c, k][0]) / float(totals[c, k][1]) if (c, k) in totals else float("nan") for k in keys]
        for c in countries
    ]
    index, columns = pd.Index(countries, name="country"), pd.Index(keys, name="area_key")
    return pd.DataFrame(values, index=index, columns=columns)


def scope_counts(
    store,
    q: Questionnaire,
    place_id: str | None = None,
    country: str | None = None,
    area_keys: list[str] | None = None,
) -> dict[str, int]:
    """Assessments (with an answer in the areas), their local governments, countries and examples."""
    sql = f"""
        WITH per_place AS ({RESPONSES})
        SELECT coalesce(sum(responses), 0) AS responses, count(DISTINCT place_id) AS local_governments,
               count(DISTINCT country) AS countries,
               coalesce(sum(responses) FILTER (WHERE is_example), 0) AS examples
        FROM per_place
    """
    row = store.query(sql, [place_id, place_id, country, country, SEPARATOR, _keys(q, area_keys)]).iloc[0]
    return {key: int(value) for key, value in row.items()}


def participation(store, q: Questionnaire, level: str, place_id=None, country=None) -> pd.DataFrame:
    """Assessments and example assessments per group of `level` ("local_government": place_id, "country")."""
    column = GROUP_COLUMN[level] or "'region'"
    sql = f"""
        WITH per_place AS ({RESPONSES})
        SELECT {column} AS "group", sum(responses) AS assessments,
               coalesce(sum(responses) FILTER (WHERE is_example), 0) AS examples
        FROM per_place GROUP BY "group" ORDER BY "group"
    """
    params = [place_id, place_id, country, country, SEPARATOR, _keys(q, None)]
    return store.query(sql, params).astype({"assessments": int, "examples": int})


def actions(store, q: Questionnaire, area_keys: list[str], place_id=None, country=None) -> pd.DataFrame:
    """The proposed actions given for these areas: place_id, country, area_key, action, office,
    timeframe, in the order they were submitted (only rows with an action leave the database).
    The one read of answer rows: the exports list the actions, the pages do not."""
    sql = f"""
        WITH {PICKED}
        SELECT k.place_id, k.country, a.area_key, a.action, a.office, a.timeframe
        FROM answers a JOIN picked k USING (assessment_id)
        WHERE list_contains(?, a.area_key) AND a.action IS NOT NULL AND a.action <> ''
        ORDER BY k.submitted_at, a.assessment_id
    """
    return store.query(sql, [place_id, place_id, country, country, _keys(q, area_keys)])
