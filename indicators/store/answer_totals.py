"""The submitted answers summed per local government: derived data, kept by every write of answers.

The presenter after each new submission, and every phone's summary right after its own, read these
sums instead of scanning the answer rows (1.05 million at 50,000 assessments): a few rows per local
government however many assessments there are. They are written in the same transaction as the
answers they sum, so they can never be seen without them, nor them without the sums.

- `answer_totals`: per local government and area, the parts of the priority index summed over the
  answers (`PARTS`: index, capacity, priority, top-3 points, how many chose it in their top 3, how
  many answered it), from which indicators/aggregates.py rolls up every level and figure.
- `response_totals`: how many submitted assessments of a local government (examples apart) answered
  exactly a given set of areas, so that the responses of any round table are counted exactly, even
  for an imported assessment that left some areas blank.

Each writer (a process's store) adds what it changes to rows of its own, as with the data revisions
(connection.py): two instances sharing PostgreSQL never update the same row, which PostgreSQL would
refuse to one of them. Readers sum over the writers. `rebuild` computes every row again from the
answers: on opening a database written before these tables existed, after `migrate` copied one, and
when the writers' rows pile up.
"""

from collections.abc import Iterable

import pandas as pd

from indicators.scoring import need, top_points

# The parts summed per local government and area (aggregates.py divides them by `n` for the means).
PARTS = ("index_sum", "capacity_sum", "priority_sum", "points_sum", "top3", "n")
# Between the area keys of a set in `response_totals.areas` (a control character, never in a key).
SEPARATOR = "\x1f"
# The schema version that added these tables: an older database gets them computed on opening.
FIRST_VERSION = 10
# Rows of more writers than this (one per process that ever wrote) are folded into one on opening.
MAX_WRITERS = 32

# An answer row with its assessment's place and example flag; the rows `changes` takes.
ROWS = """SELECT a.assessment_id, s.place_id, s.is_example, a.area_key, a.capacity, a.priority, a.top_rank
          FROM answers a JOIN assessments s USING (assessment_id) WHERE s.state = 'submitted'"""


def changes(removed: Iterable[tuple], added: Iterable[tuple]) -> tuple[dict, dict]:
    """What replacing the `removed` answer rows by the `added` ones changes in the two tables.

    Rows are (assessment_id, place_id, is_example, area_key, capacity, priority, top_rank), top_rank
    None (or NA) when the area is not in the top 3; returns {(place_id, area_key): [change of each
    of PARTS]} and {(place_id, is_example, areas): change in responses}, without the keys that do not
    change. The index is scoring.py's formula. A plain loop: 50,000 example assessments are a million rows.
    """
    areas: dict[tuple, list[int]] = {}
    answered: dict[tuple, list[str]] = {}
    for sign, rows in ((-1, removed), (1, added)):
        for assessment_id, place_id, is_example, area_key, capacity, priority, top_rank in rows:
            chosen = not (top_rank is None or top_rank is pd.NA or top_rank != top_rank)
            points = top_points(int(top_rank)) if chosen else 0
            total = areas.get((place_id, area_key))
            if total is None:
                total = areas[place_id, area_key] = [0] * len(PARTS)
            total[0] += sign * (need(int(capacity), int(priority)) + points)
            total[1] += sign * int(capacity)
            total[2] += sign * int(priority)
            total[3] += sign * points
            total[4] += sign * chosen
            total[5] += sign
            key = (sign, assessment_id, place_id, bool(is_example))
            keys = answered.get(key)
            if keys is None:
                answered[key] = [area_key]
            else:
                keys.append(area_key)
    shapes: dict[tuple, int] = {}
    for (sign, _, place_id, is_example), keys in answered.items():
        key = (place_id, is_example, SEPARATOR.join(sorted(keys)))
        shapes[key] = shapes.get(key, 0) + sign
    return (
        {key: parts for key, parts in areas.items() if any(parts)},
        {key: count for key, count in shapes.items() if count},
    )


def add(cur, writer: str, removed: Iterable[tuple], added: Iterable[tuple]) -> None:
    """Count the change from `removed` to `added` answer rows (see `changes`) in `writer`'s rows,
    inside the caller's transaction (the one that writes those answers)."""
    areas, shapes = changes(removed, added)
    if areas:
        rows = [(*key, *parts) for key, parts in areas.items()]
        _add_rows(cur, writer, "answer_totals", ("place_id", "area_key"), PARTS, rows)
    if shapes:
        rows = [(*key, count) for key, count in shapes.items()]
        _add_rows(cur, writer, "response_totals", ("place_id", "is_example", "areas"), ("responses",), rows)


def _add_rows(cur, writer: str, table: str, keys: tuple, values: tuple, rows: list[tuple]) -> None:
    """Add the rows' values to the writer's rows with the same keys; keys it does not have yet are new.

    The rows travel as one VALUES list of bound parameters (a submission changes 21 keys): through
    PostgreSQL each statement is a round trip."""
    columns = (*keys, *values)
    change = (
        f"(VALUES {', '.join(['(' + ', '.join('?' * len(columns)) + ')'] * len(rows))})"
        f" AS c({', '.join(columns)})"
    )
    params = [value for row in rows for value in row]
    same = " AND ".join(f"{table}.{k} = c.{k}" for k in keys)
    cur.execute(
        f"UPDATE {table} SET {', '.join(f'{v} = {table}.{v} + c.{v}' for v in values)}"
        f" FROM {change} WHERE {table}.writer = ? AND {same}",
        [*params, writer],
    )
    cur.execute(
        f"INSERT INTO {table} (writer, {', '.join(columns)}) SELECT ?, {', '.join(f'c.{c}' for c in columns)}"
        f" FROM {change} WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {table}.writer = ? AND {same})",
        [writer, *params, writer],
    )


def answers_of(cur, assessment_id: str) -> list[tuple]:
    """One assessment's stored answer rows, as `changes` takes them (none before its first submission)."""
    return cur.execute(ROWS + " AND a.assessment_id = ?", [assessment_id]).fetchall()


def stale(con, version: int | None) -> bool:
    """Whether `rebuild` is due on opening a database whose schema was at `version` (None: new):
    its answers were written before these tables existed, or too many writers' rows piled up."""
    older = version is not None and version < FIRST_VERSION
    if older and len(con.query("SELECT 1 FROM answers LIMIT 1")):
        return True
    writers = con.query("SELECT count(DISTINCT writer) AS n FROM answer_totals")["n"][0]
    return writers > MAX_WRITERS


def rebuild(cur, writer: str) -> None:
    """Every row computed again from the stored answers, as `writer`'s, inside the caller's transaction.

    Safe while other instances write: a write committed before this transaction began is in the
    answers read here; one committed after it adds its change to rows this one did not delete, or
    PostgreSQL refuses one of the two (the same row changed by both) and it runs again. Two rebuilds
    at the same moment both change the schema version's row first, so one of them waits its turn.
    """
    cur.execute("UPDATE meta SET value = value WHERE key = 'schema_version'")
    rows = cur.execute(ROWS).fetchall()
    cur.execute("DELETE FROM answer_totals")
    cur.execute("DELETE FROM response_totals")
    add(cur, writer, (), rows)
