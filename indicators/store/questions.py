"""The room's questions and their votes, and the proposed actions the presenter shows as words.

Every write here changes the "questions" revision only: a vote, made every few seconds in a full room,
never makes another page's cached reads compute again. A vote is stored under a hash of the browser's
id (questions.voter_key); a question keeps no trace of who asked it but the name they chose to give.
New queries about the room go in `QuestionsMixin`.
"""

import datetime as dt

import duckdb
import pandas as pd

from indicators import questions

QUESTION_COLUMNS = (
    "question_id",
    "session_key",
    "text",
    "author",
    "state",
    "pinned",
    "asked_at",
    "changed_at",
    "changed_by",
)
NEW_ID_ATTEMPTS = 5  # a new id that is already taken (one in 887 million) is drawn again


class QuestionsMixin:
    def add_question(self, session_key: str, text: str, author: str, at: dt.datetime | None = None) -> str:
        """A new open question (text and name as given: the caller has checked them); returns its id."""
        at = at or dt.datetime.now()
        for attempt in range(NEW_ID_ATTEMPTS):
            question_id = questions.new_id()
            try:
                with self.transaction(changes=("questions",)) as cur:
                    cur.execute(
                        "INSERT INTO questions (question_id, session_key, text, author, state, pinned,"
                        " asked_at) VALUES (?, ?, ?, ?, 'open', false, ?)",
                        [question_id, session_key, text, author or None, at],
                    )
                return question_id
            except duckdb.ConstraintException:
                if attempt == NEW_ID_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def questions(self, session_key: str | None = None) -> pd.DataFrame:
        """Every question (of one session, when given), hidden ones too, with its number of votes."""
        rows = self.query(
            f"SELECT {', '.join('q.' + c for c in QUESTION_COLUMNS)}, count(v.voter) AS votes"
            " FROM questions q LEFT JOIN question_votes v USING (question_id)"
            " WHERE ? IS NULL OR q.session_key = ?"
            f" GROUP BY {', '.join('q.' + c for c in QUESTION_COLUMNS)}"
            " ORDER BY q.asked_at, q.question_id",
            [session_key, session_key],
        )
        return rows.astype({"votes": int, "pinned": bool})

    def question(self, question_id: str) -> dict | None:
        rows = self.query("SELECT * FROM questions WHERE question_id = ?", [question_id])
        return rows.iloc[0].to_dict() if len(rows) else None

    def votes_of(self, voter: str, session_key: str) -> set[str]:
        """The questions of a session this voter has voted for."""
        rows = self.query(
            "SELECT v.question_id FROM question_votes v JOIN questions q USING (question_id)"
            " WHERE v.voter = ? AND q.session_key = ?",
            [voter, session_key],
        )
        return set(rows["question_id"])

    def toggle_vote(self, question_id: str, voter: str, at: dt.datetime | None = None) -> bool | None:
        """The voter's vote given, or taken back if it was given: True when it now counts, False when
        taken back, None when there is no such question to vote for (or it is hidden)."""
        with self.transaction(changes=("questions",)) as cur:
            found = cur.execute("SELECT state FROM questions WHERE question_id = ?", [question_id]).fetchone()
            if found is None or found[0] == "hidden":
                return None
            given = cur.execute(
                "SELECT count(*) FROM question_votes WHERE question_id = ? AND voter = ?",
                [question_id, voter],
            ).fetchone()[0]
            if given:
                cur.execute(
                    "DELETE FROM question_votes WHERE question_id = ? AND voter = ?", [question_id, voter]
                )
                return False
            cur.execute(
                "INSERT INTO question_votes VALUES (?, ?, ?)", [question_id, voter, at or dt.datetime.now()]
            )
        return True

    def set_question_state(self, question_id: str, state: str, by: str) -> bool:
        """Open, answered or hidden (hiding also unpins); False when there is no such question."""
        if state not in questions.STATES:
            raise ValueError(f"state must be one of {questions.STATES}")
        unpin = " , pinned = false" if state == "hidden" else ""
        return self._change_question(question_id, f"state = ?{unpin}", [state], by)

    def set_question_pinned(self, question_id: str, pinned: bool, by: str) -> bool:
        """Pinned questions come first; a hidden one cannot be pinned (False, as for no such question)."""
        return self._change_question(question_id, "pinned = ?", [pinned], by, visible_only=True)

    def _change_question(self, question_id: str, assignments: str, values: list, by: str, visible_only=False):
        condition = " AND state <> 'hidden'" if visible_only else ""
        with self.transaction(changes=("questions",)) as cur:
            found = cur.execute(
                f"SELECT count(*) FROM questions WHERE question_id = ?{condition}", [question_id]
            ).fetchone()[0]
            if found:
                cur.execute(
                    f"UPDATE questions SET {assignments}, changed_at = ?, changed_by = ?"
                    " WHERE question_id = ?",
                    [*values, dt.datetime.now(), by, question_id],
                )
        return bool(found)

    # --- the proposed actions of the self-assessment (read only) -----------------------------------

    def proposed_actions(self, area_keys: list[str] | None = None) -> pd.DataFrame:
        """ "¿Qué haría primero?" of every submitted answer whose area is in its top 3 (of `area_keys`,
        when given): action, area_key, is_example. Only the rows that hold an action are read."""
        where, params = "", []
        if area_keys is not None:
            where = f" AND a.area_key IN ({', '.join('?' * len(area_keys))})" if area_keys else " AND false"
            params = list(area_keys)
        return self.query(
            "SELECT a.action, a.area_key, s.is_example"
            " FROM answers a JOIN assessments s USING (assessment_id)"
            " WHERE s.state = 'submitted' AND a.top_rank IS NOT NULL AND trim(coalesce(a.action, '')) <> ''"
            f"{where} ORDER BY a.assessment_id, a.area_key",
            params,
        )
