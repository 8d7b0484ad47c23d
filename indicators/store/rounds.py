"""Rounds of the self-assessment in the database: the seminar's own, opening and closing follow-up
rounds, the round new answers go to, a place's last answers from an earlier round, and the answers
of rounds averaged per place (what the change between rounds is computed from: indicators/rounds.py).

At most one round is open at a time; opening another is refused until it is closed (an explicit
step, so nobody's answers land in a round by surprise). The seminar's round is written the first
time the bundled data is loaded (`init-db`, or the app's first start), open unless another round
is, and every assessment without a round (made before rounds existed) is put in it.
"""

import datetime as dt

import pandas as pd

from indicators.assessment import Assessment
from indicators.rounds import RoundRefused

ROUND_COLUMNS = "round_key, name_es, name_en, opened_at, opened_by, closed_at, closed_by"


class RoundsMixin:
    def rounds(self) -> pd.DataFrame:
        """Every round, in the order they were opened; `closed_at` is empty for the open one."""
        return self.query(f"SELECT {ROUND_COLUMNS} FROM rounds ORDER BY opened_at, round_key")

    def open_round(self) -> str | None:
        """The key of the round new answers go to, or None when every round is closed."""
        rows = self.query("SELECT round_key FROM rounds WHERE closed_at IS NULL ORDER BY opened_at")
        return str(rows["round_key"].iloc[0]) if len(rows) else None

    def ensure_seminar_round(self, key: str, name_es: str, name_en: str) -> None:
        """The seminar's round exists (written once, never renamed or reopened here), and every
        assessment that has no round yet belongs to it."""
        exists = self.query("SELECT count(*) AS n FROM rounds WHERE round_key = ?", [key])["n"].iloc[0]
        orphans = self.query("SELECT count(*) AS n FROM assessments WHERE round_key IS NULL")["n"].iloc[0]
        if exists and not orphans:
            return
        with self.transaction(changes=("followup", "answers")) as cur:
            if not exists:
                is_open = cur.execute("SELECT count(*) FROM rounds WHERE closed_at IS NULL").fetchone()[0]
                # The seminar came first: it is listed first even when written after a follow-up round.
                first = cur.execute("SELECT min(opened_at) FROM rounds").fetchone()[0]
                now = dt.datetime.now()
                opened = min(now, first - dt.timedelta(seconds=1)) if first else now
                cur.execute(
                    f"INSERT INTO rounds ({ROUND_COLUMNS}) VALUES (?, ?, ?, ?, 'init-db', ?, ?)",
                    [key, name_es, name_en, opened, now if is_open else None, "init-db" if is_open else None],
                )
            cur.execute("UPDATE assessments SET round_key = ? WHERE round_key IS NULL", [key])

    def start_round(self, key: str, name_es: str | None, name_en: str | None, author: str) -> None:
        """Open round `key`: a new one (both names needed) or a closed one again (names kept unless
        given). Raises RoundRefused when another round is open or this one already is."""
        with self.transaction(changes=("followup",)) as cur:
            open_now = [
                r[0] for r in cur.execute("SELECT round_key FROM rounds WHERE closed_at IS NULL").fetchall()
            ]
            if key in open_now:
                raise RoundRefused("already_open", round=key)
            if open_now:
                raise RoundRefused("another_open", round=key, other=open_now[0])
            found = cur.execute("SELECT name_es, name_en FROM rounds WHERE round_key = ?", [key]).fetchone()
            now = dt.datetime.now()
            if found is None:
                if not (name_es and name_en):
                    raise RoundRefused("names_required", round=key)
                cur.execute(
                    f"INSERT INTO rounds ({ROUND_COLUMNS}) VALUES (?, ?, ?, ?, ?, NULL, NULL)",
                    [key, name_es, name_en, now, author],
                )
                return
            cur.execute(
                "UPDATE rounds SET name_es = ?, name_en = ?, closed_at = NULL, closed_by = NULL"
                " WHERE round_key = ?",
                [name_es or found[0], name_en or found[1], key],
            )

    def close_round(self, key: str, author: str) -> None:
        """Close round `key`: it takes no new answer. Raises RoundRefused when it is not open."""
        with self.transaction(changes=("followup",)) as cur:
            found = cur.execute("SELECT closed_at FROM rounds WHERE round_key = ?", [key]).fetchone()
            if found is None:
                raise RoundRefused("unknown", round=key)
            if found[0] is not None:
                raise RoundRefused("already_closed", round=key)
            cur.execute(
                "UPDATE rounds SET closed_at = ?, closed_by = ? WHERE round_key = ?",
                [dt.datetime.now(), author, key],
            )

    def earlier_answers(self, place_id: str, is_example: bool = False) -> dict | None:
        """The place's last submitted assessment from a round other than the open one (examples only
        for an example): assessment_id, round_key, draft; or None. Where a new answer starts from."""
        rows = self.query(
            "SELECT assessment_id, round_key, draft FROM assessments WHERE place_id = ?"
            " AND state = 'submitted' AND is_example = ? AND round_key IS NOT NULL"
            " AND round_key IS DISTINCT FROM (SELECT min(round_key) FROM rounds WHERE closed_at IS NULL)"
            " ORDER BY submitted_at DESC LIMIT 1",
            [place_id, is_example],
        )
        return rows.iloc[0].to_dict() if len(rows) else None

    def starting_draft(self, place_id: str, is_example: bool = False) -> tuple[Assessment, str | None]:
        """A new answer's first draft, and the assessment it was taken from: the place's last answers
        of an earlier round (ratings, actions, top 3; never who answered), else an empty one."""
        earlier = self.earlier_answers(place_id, is_example)
        if earlier is None:
            return Assessment(place_id), None
        last = Assessment.from_json(earlier["draft"])
        return Assessment(place_id, answers=last.answers, top3=last.top3), earlier["assessment_id"]

    def round_taking_answers(self, cur) -> str | None:
        """Inside a write of a new answer: the open round. Raises RoundRefused("none_open") when every
        round is closed (a database without rounds yet, never loaded, gets None)."""
        row = cur.execute("SELECT round_key FROM rounds WHERE closed_at IS NULL").fetchone()
        if row:
            return row[0]
        if cur.execute("SELECT count(*) FROM rounds").fetchone()[0]:
            raise RoundRefused("none_open")
        return None

    def refuse_if_round_closed(self, cur, assessment_id: str) -> None:
        """Inside a submission: a closed round keeps its answers as they were (RoundRefused("closed"))."""
        row = cur.execute(
            "SELECT r.round_key, r.closed_at FROM assessments a JOIN rounds r USING (round_key)"
            " WHERE a.assessment_id = ?",
            [assessment_id],
        ).fetchone()
        if row and row[1] is not None:
            raise RoundRefused("closed", round=row[0])

    def round_for_imports(self, cur) -> str | None:
        """The round of answers imported from KoboToolbox / ODK Central: the open one, else the last
        opened (answers collected offline during a round often arrive after it closed)."""
        row = cur.execute(
            "SELECT round_key FROM rounds ORDER BY closed_at IS NULL DESC, opened_at DESC LIMIT 1"
        ).fetchone()
        return row[0] if row else None

    def round_place_means(
        self, round_keys: list[str], place_id: str | None = None, country: str | None = None
    ) -> pd.DataFrame:
        """Per place, round (of `round_keys`) and area: the mean capacity and priority of its submitted
        answers, how many assessments gave them and how many of those are examples."""
        return self.query(
            """
            SELECT s.place_id, s.round_key, a.area_key, avg(a.capacity) AS capacity,
                   avg(a.priority) AS priority, count(*) AS assessments,
                   count(*) FILTER (WHERE s.is_example) AS examples
            FROM answers a JOIN assessments s USING (assessment_id) JOIN places p USING (place_id)
            WHERE s.state = 'submitted' AND list_contains(?, s.round_key)
              AND (? IS NULL OR s.place_id = ?) AND (? IS NULL OR p.country = ?)
            GROUP BY s.place_id, s.round_key, a.area_key
            """,
            [list(round_keys), place_id, place_id, country, country],
        )
